"""Bit-exact re-implementation of torch7's TH random number generator.

torch7 (``lib/TH/THRandom.c`` and ``lib/TH/generic/THTensorRandom.c``) draws
everything from one MT19937 stream seeded with ``init_genrand(seed &
0xffffffff)``.  numpy's ``MT19937`` bit generator, after
``_legacy_seeding(seed)``, produces the same raw 32-bit stream through
``random_raw()``, so every sampler below is a vectorised transcription of the
TH C code on top of that stream:

* ``u = raw / 2**32``  (one 32-bit draw per uniform; not numpy's 53-bit double)
* ``uniform(a, b)      = u * (b - a) + a``
* ``normal(m, s)``     Box-Muller with a cached pair.  A fresh pair draws
  ``x = u``, ``y = u``, ``rho = sqrt(-2 log(1 - y))``; the first call returns
  ``rho*cos(2*pi*x)*s + m`` and keeps the pair, the next returns
  ``rho*sin(2*pi*x)*s + m`` and drops it.  The cache lives in the generator,
  survives between calls (and between tensors) and is cleared by
  ``manual_seed``.
* ``exponential(l)     = -1/l * log(1 - u)``
* ``cauchy(m, s)       = m + s * tan(pi * (u - 0.5))``
* ``log_normal(m, s)   = exp(normal(m, s))``
* ``geometric(p)       = (int)(log(1 - u) / log(p)) + 1``
* ``bernoulli(p)       = u <= p``
* ``random()`` = raw, ``random(b)`` = raw % b + 1, ``random(a, b)`` =
  raw % (b + 1 - a) + a
* ``randperm``, ``multinomial``: TH's algorithms, see the methods.

FloatTensor fills are computed in double and then rounded to float32, which
is what the reference output of real torch7 shows (``float_rand`` /
``float_randn`` in ``reference/random.out``).

Transcendental functions must round exactly like the C library that torch7
calls.  numpy's float64 ``log``/``exp``/``tan`` (and on some builds
``sin``/``cos``) use their own SIMD kernels that can differ from libm in the
last bit, so every numpy ufunc is checked once against Python's ``math``
module (which calls libm); when they disagree the slower ``math`` path is
used for that function.
"""

import math
import os
import struct

import numpy as np

__all__ = ["Generator", "default_generator"]

_TWO32_INV = 1.0 / 4294967296.0
_TWO_PI = 2.0 * math.pi

# ---------------------------------------------------------------------------
# libm-exact vectorised transcendental functions
# ---------------------------------------------------------------------------

_FUNCS = {}


def _probe_inputs(name):
    # deterministic inputs spread over the domain each function is used on
    bg = np.random.MT19937()
    bg._legacy_seeding(20240601)
    u = bg.random_raw(8192).astype(np.float64) * _TWO32_INV
    if name in ("sin", "cos"):
        x = _TWO_PI * u
    elif name == "tan":
        x = math.pi * (u - 0.5)
    elif name == "log":
        x = np.concatenate([1.0 - u, u * 1e3 + 1e-300, np.array([0.5, 2.0, 0.25])])
    elif name == "exp":
        x = (u - 0.5) * 60.0
    else:  # pragma: no cover
        raise KeyError(name)
    return x


def _libm(name):
    """Vectorised version of ``math.<name>`` that rounds exactly like libm."""
    f = _FUNCS.get(name)
    if f is not None:
        return f
    npf = getattr(np, name)
    mf = getattr(math, name)
    x = _probe_inputs(name)
    with np.errstate(all="ignore"):
        a = npf(x)
    b = np.fromiter(map(mf, x.tolist()), dtype=np.float64, count=x.size)
    if np.array_equal(a, b):
        f = npf
    else:
        def f(v, _mf=mf):
            v = np.asarray(v, dtype=np.float64)
            out = np.fromiter(map(_mf, v.ravel().tolist()), dtype=np.float64,
                              count=v.size)
            out.shape = v.shape
            return out
    _FUNCS[name] = f
    return f


def _log1m(u):
    """log(1 - u) like C, for u in [0, 1) (so the argument is never 0)."""
    return _libm("log")(1.0 - u)


def _bad(argn, fname, msg):
    return ValueError("bad argument #%d to '%s' (%s)" % (argn, fname, msg))


def _count(n):
    n = int(n)
    if n < 0:
        raise ValueError("number of elements must be non-negative, got %d" % n)
    return n


def _out(arr, dtype):
    """Round the double results to the tensor type like ``(real)x`` in C."""
    dt = np.dtype(dtype)
    out = np.ascontiguousarray(arr, dtype=dt)
    if out.base is not None:
        out = out.copy()
    return out


# moduli of ``tensor:random()`` (no arguments) per tensor type, from
# THTensor_(random): double uses % (2^53 + 1), float % (2^24 + 1), ...
_RANDOM_MODULUS = {
    "float64": (1 << 53) + 1,
    "float32": (1 << 24) + 1,
    "uint8": 256,
    "int8": 128,
    "int16": 1 << 15,
    "int32": 1 << 31,
    "int64": 1 << 63,
}

_STATE_MAGIC = b"LUANNMT1"
_STATE_FMT = "<8sQQIi3d"   # magic, initial seed, pos, flags, unused, x, y, rho


class Generator(object):
    """A torch7 ``THGenerator``: MT19937 plus the cached Box-Muller pair."""

    def __init__(self, seed=None):
        self._bg = np.random.MT19937(0)
        self._initial_seed = 0
        self._normal_valid = False
        self._normal_x = 0.0
        self._normal_y = 0.0
        self._normal_rho = 0.0
        if seed is None:
            self.seed()
        else:
            self.manual_seed(seed)

    # -- seeding and state --------------------------------------------------
    def manual_seed(self, seed):
        """``torch.manualSeed``: init_genrand(seed & 0xffffffff), reset cache."""
        seed = int(seed) & 0xFFFFFFFFFFFFFFFF   # C: (unsigned long)seed
        self._bg._legacy_seeding(seed & 0xFFFFFFFF)
        self._initial_seed = seed
        self._normal_valid = False
        self._normal_x = self._normal_y = self._normal_rho = 0.0

    def initial_seed(self):
        return int(self._initial_seed)

    def seed(self):
        """Reseed from ``os.urandom`` (like torch7's /dev/urandom seeding)."""
        s = int.from_bytes(os.urandom(4), "little")
        self.manual_seed(s)
        return s

    def get_state(self):
        """Opaque bytes that ``set_state`` restores exactly (cache included)."""
        st = self._bg.state["state"]
        head = struct.pack(_STATE_FMT, _STATE_MAGIC, self._initial_seed,
                           int(st["pos"]), 1 if self._normal_valid else 0, 0,
                           self._normal_x, self._normal_y, self._normal_rho)
        return head + np.asarray(st["key"], dtype="<u4").tobytes()

    def set_state(self, b):
        b = bytes(b)
        hsize = struct.calcsize(_STATE_FMT)
        if len(b) != hsize + 624 * 4 or b[:8] != _STATE_MAGIC:
            raise ValueError("invalid random generator state (expected %d bytes "
                             "produced by get_state)" % (hsize + 624 * 4))
        _, seed, pos, flags, _, x, y, rho = struct.unpack(_STATE_FMT, b[:hsize])
        if pos > 624:
            raise ValueError("invalid random generator state (bad position)")
        key = np.frombuffer(b[hsize:], dtype="<u4").astype(np.uint32)
        self._bg.state = {"bit_generator": "MT19937",
                          "state": {"key": key, "pos": int(pos)}}
        self._initial_seed = int(seed)
        self._normal_valid = bool(flags & 1)
        self._normal_x, self._normal_y, self._normal_rho = float(x), float(y), float(rho)

    # -- raw stream ----------------------------------------------------------
    def raw(self, n):
        """``n`` raw 32-bit MT19937 outputs (``THRandom_random``), uint64."""
        n = _count(n)
        if n == 0:
            return np.empty(0, dtype=np.uint64)
        return self._bg.random_raw(n)

    def _u(self, n):
        """``n`` doubles raw/2^32 (TH ``__uniform__``)."""
        return self.raw(n).astype(np.float64) * _TWO32_INV

    # -- samplers -------------------------------------------------------------
    def uniform(self, n, a=0.0, b=1.0, dtype="float64"):
        a = float(a)
        b = float(b)
        return _out(self._u(n) * (b - a) + a, dtype)

    def _normal01_parts(self, n):
        """Sequential Box-Muller: returns (rho, trig) so value = rho*trig."""
        n = _count(n)
        rho = np.empty(n, dtype=np.float64)
        trig = np.empty(n, dtype=np.float64)
        if n == 0:
            return rho, trig
        i = 0
        if self._normal_valid:
            rho[0] = self._normal_rho
            trig[0] = math.sin(_TWO_PI * self._normal_x)
            self._normal_valid = False
            i = 1
        m = n - i
        if m > 0:
            npairs = (m + 1) // 2
            u = self._u(2 * npairs)
            x = u[0::2]
            y = u[1::2]
            r = np.sqrt(-2.0 * _log1m(y))
            ang = _TWO_PI * x
            c = _libm("cos")(ang)
            rho[i::2] = r[: len(rho[i::2])]
            trig[i::2] = c[: len(trig[i::2])]
            ns = m // 2                       # number of sin values used
            if ns:
                s = _libm("sin")(ang[:ns])
                rho[i + 1::2] = r[:ns]
                trig[i + 1::2] = s
            if m % 2:
                self._normal_valid = True
                self._normal_x = float(x[-1])
                self._normal_y = float(y[-1])
                self._normal_rho = float(r[-1])
        return rho, trig

    def _scaled_normal(self, n, mean, std, fname):
        """n draws of N(mean, std^2) (normal, and logNormal before its exp); fname names the error."""
        mean = float(mean)
        std = float(std)
        n = _count(n)
        if n and not std > 0:
            raise _bad(2, fname, "standard deviation must be strictly positive")
        rho, trig = self._normal01_parts(n)
        return rho * trig * std + mean

    def normal(self, n, mean=0.0, std=1.0, dtype="float64"):
        return _out(self._scaled_normal(n, mean, std, "normal"), dtype)

    def exponential(self, n, lambd=1.0, dtype="float64"):
        lambd = float(lambd)
        with np.errstate(divide="ignore", invalid="ignore"):
            k = float(np.divide(-1.0, lambd))          # C: -1. / lambda * log(1-u)
            v = k * _log1m(self._u(n))
        return _out(v, dtype)

    def cauchy(self, n, median=0.0, sigma=1.0, dtype="float64"):
        median = float(median)
        sigma = float(sigma)
        t = _libm("tan")(math.pi * (self._u(n) - 0.5))
        return _out(median + sigma * t, dtype)

    def log_normal(self, n, mean=1.0, std=2.0, dtype="float64"):
        x = self._scaled_normal(n, mean, std, "logNormal")
        with np.errstate(over="ignore"):
            v = _libm("exp")(x)
        return _out(v, dtype)

    def geometric(self, n, p):
        p = float(p)
        n = _count(n)
        if n and not (0.0 < p < 1.0):
            raise _bad(1, "geometric", "must be > 0 and < 1")
        v = _log1m(self._u(n)) / math.log(p) if n else np.empty(0)
        # C: (int)(v) + 1 -- truncation toward zero, v >= 0 here
        return np.ascontiguousarray(np.trunc(v) + 1.0, dtype=np.float64)

    def bernoulli(self, n, p=0.5):
        p = float(p)
        n = _count(n)
        if n and not (0.0 <= p <= 1.0):
            raise _bad(1, "bernoulli", "must be >= 0 and <= 1")
        return (self._u(n) <= p).astype(np.float64)

    def bernoulli_tensor(self, p):
        """Per-element bernoulli (``bernoulli_DoubleTensor``), element order."""
        p = np.asarray(p, dtype=np.float64)
        flat = np.ascontiguousarray(p).ravel()
        bad = ~((flat >= 0.0) & (flat <= 1.0))
        if bad.any():
            k = int(np.argmax(bad))
            self.raw(k)     # TH draws for the elements before the bad one
            raise _bad(1, "bernoulli", "must be >= 0 and <= 1")
        out = (self._u(flat.size) <= flat).astype(np.float64)
        out.shape = p.shape
        return out

    def random(self, n, a=None, b=None, dtype=None):
        """``tensor:random()``, ``random(b)`` (1..b), ``random(a, b)`` (a..b).

        Without bounds the raw 32-bit value is returned; pass ``dtype`` (the
        tensor's numpy type name) to also apply TH's per-type modulus, e.g.
        ``% (2^24 + 1)`` for FloatTensor.
        """
        n = _count(n)
        if a is not None and b is None:
            a, b = None, a
        if b is None:
            r = self.raw(n).astype(np.int64)
            if dtype is not None:
                mod = _RANDOM_MODULUS[np.dtype(dtype).name]
                if mod <= 0xFFFFFFFF:
                    r %= mod
            return r
        b = int(b)
        if a is None:
            if n and b <= 0:
                raise _bad(1, "random", "upper bound must be strictly positive")
            raw = self.raw(n)
            if b > 0xFFFFFFFF:
                return raw.astype(np.int64) + 1
            return (raw % np.uint64(b)).astype(np.int64) + 1
        a = int(a)
        if n and b < a:
            raise _bad(2, "random", "upper bound must be larger than lower bound")
        m = b + 1 - a
        raw = self.raw(n)
        if m > 0xFFFFFFFF:
            return raw.astype(np.int64) + a
        return (raw % np.uint64(m)).astype(np.int64) + a

    def randperm(self, n):
        """``torch.randperm(n)``: TH's swap loop, then +1."""
        n = int(n)
        if n <= 0:
            raise _bad(1, "randperm", "must be strictly positive")
        if n == 1:
            return np.ones(1, dtype=np.int64)
        i = np.arange(n - 1, dtype=np.uint64)
        z = (self.raw(n - 1) % (np.uint64(n) - i)) + i
        r = list(range(n))
        for i, j in enumerate(z.tolist()):
            r[i], r[j] = r[j], r[i]
        out = np.array(r, dtype=np.int64)
        out += 1
        return out

    def multinomial(self, probs, n_sample, replacement=False):
        """``torch.multinomial`` (TH algorithm), 1-based category indices.

        For each row: cumulative sums in double, divided by their total, last
        bucket forced to 1; each sample draws ``u`` and takes the first bucket
        with ``cum >= u`` (binary search).  Without replacement the drawn
        bucket's mass is removed from the cumulative distribution and the rest
        renormalised before the next draw.
        """
        probs = np.asarray(probs)
        if probs.ndim not in (1, 2):
            raise _bad(1, "multinomial", "vector or matrix expected")
        one_d = probs.ndim == 1
        p2 = np.atleast_2d(probs).astype(np.float64)
        n_dist, n_cat = p2.shape
        n_sample = int(n_sample)
        if n_sample <= 0:
            raise _bad(2, "multinomial", "cannot sample n_sample <= 0 samples")
        if not replacement and n_sample > n_cat:
            raise _bad(2, "multinomial", "cannot sample n_sample > prob_dist:size(1) "
                       "samples without replacement")
        out = np.empty((n_dist, n_sample), dtype=np.int64)
        for row in range(n_dist):
            vals = p2[row]
            neg = ~(vals >= 0)                # NaN fails this test first, as in C
            bad = neg | ~np.isfinite(vals)
            if bad.any():
                k = int(np.argmax(bad))
                if neg[k]:
                    raise _bad(2, "multinomial", "invalid multinomial distribution "
                               "(encountering probability entry < 0)")
                raise _bad(2, "multinomial", "invalid multinomial distribution "
                           "(encountering probability entry = infinity or NaN)")
            cum = np.cumsum(vals)          # sequential accumulation, like C
            total = float(cum[-1]) if n_cat else 0.0
            if not total > 0:
                raise _bad(2, "multinomial", "invalid multinomial distribution "
                           "(sum of probabilities <= 0)")
            if not replacement and n_cat - int((vals == 0).sum()) < n_sample:
                raise _bad(2, "multinomial", "invalid multinomial distribution "
                           "(with replacement=False, not enough non-negative "
                           "category to sample)")
            cum /= total
            cum[-1] = 1.0
            if replacement:
                u = self._u(n_sample)
                out[row] = np.searchsorted(cum, u, side="left")
                continue
            for j in range(n_sample):
                cum[-1] = 1.0
                u = float(self._bg.random_raw()) * _TWO32_INV
                left, right = 0, n_cat
                c = cum.tolist()
                while right - left > 0:
                    mid = left + (right - left) // 2
                    if c[mid] < u:
                        left = mid + 1
                    else:
                        right = mid
                idx = left
                out[row, j] = idx
                if j < n_sample - 1:
                    prev = c[idx - 1] if idx != 0 else 0.0
                    diff = c[idx] - prev
                    s = 1.0 - diff
                    cum[idx:] -= diff
                    cum /= s
        out += 1
        return out[0].copy() if one_d else out

    # -- scalar conveniences (torch.uniform(), torch.normal(), torch.random())
    def uniform_scalar(self, a=0.0, b=1.0):
        a = float(a)
        b = float(b)
        return float(self._bg.random_raw()) * _TWO32_INV * (b - a) + a

    def normal_scalar(self, mean=0.0, std=1.0):
        mean = float(mean)
        std = float(std)
        if not std > 0:
            raise _bad(2, "normal", "standard deviation must be strictly positive")
        if self._normal_valid:
            self._normal_valid = False
            return self._normal_rho * math.sin(_TWO_PI * self._normal_x) * std + mean
        x = float(self._bg.random_raw()) * _TWO32_INV
        y = float(self._bg.random_raw()) * _TWO32_INV
        rho = math.sqrt(-2.0 * math.log(1.0 - y))
        self._normal_x, self._normal_y, self._normal_rho = x, y, rho
        self._normal_valid = True
        return rho * math.cos(_TWO_PI * x) * std + mean

    def random_scalar(self, a=None, b=None):
        r = self.random(1, a, b)
        return int(r[0])


default_generator = Generator()
