"""Stateless numpy kernels behind torch's tensor methods.

Every function takes numpy arrays (views onto tensor storages, built by `view`)
and Python numbers, writes into the arrays it is given or returns new arrays,
and returns plain Python numbers, never numpy scalars.  Nothing here knows Lua;
argument parsing and torch7's dispatch rules live in lua/torch/*.lua.
"""
import numpy as np

_empty_cache = {}


def view(arr, off, *geom):
    """The array seen by a tensor: storage `arr`, 0-based offset, sizes then strides."""
    nd = len(geom) // 2
    shape = geom[:nd]
    isz = arr.itemsize
    if 0 in shape or nd == 0:
        return np.empty(shape if nd else (0,), arr.dtype)
    strides = tuple(s * isz for s in geom[nd:])
    return np.ndarray(shape, arr.dtype, arr, off * isz, strides)


def flat_like(src, dst):
    """`src` reshaped to `dst`'s shape (torch7 matches elements by count, row-major)."""
    if src.shape == dst.shape:
        return src
    return src.reshape(dst.shape)


def copy(dst, src):
    np.copyto(dst, flat_like(src, dst), casting="unsafe")


def fill(dst, v):
    dst.fill(v)


def to_number(x):
    x = x.item() if hasattr(x, "item") else x
    return x


def scalar(a, i):
    return a.reshape(-1)[i].item()


# -- arithmetic ------------------------------------------------------------------

def _is_int(a):
    return a.dtype.kind in "iu"


def axpy(res, src, v, other):
    """res = src + v * other (torch.add with a scale)."""
    if src is res and _blas_axpy(res, v, other):
        return
    other = flat_like(other, res)
    src = flat_like(src, res)
    if v == 1:
        np.add(src, other, out=res, casting="unsafe")
    else:
        tmp = np.multiply(other, v, casting="unsafe", dtype=res.dtype) if _is_int(res) else other * res.dtype.type(v)
        np.add(src, tmp, out=res, casting="unsafe")


def add_scalar(res, src, v):
    np.add(flat_like(src, res), v, out=res, casting="unsafe")


def mul_scalar(res, src, v):
    np.multiply(flat_like(src, res), v, out=res, casting="unsafe")


def div_scalar(res, src, v):
    src = flat_like(src, res)
    if _is_int(res):
        if v == 0:
            raise ZeroDivisionError("division by zero")
        np.copyto(res, np.trunc(src / v), casting="unsafe")
    else:
        np.divide(src, v, out=res)


def binary(name, res, a, b):
    """Elementwise ops between two tensors, matched by element count."""
    a = flat_like(a, res)
    b = flat_like(b, res)
    f = _BINARY[name]
    f(a, b, res)


def _cdiv(a, b, out):
    if _is_int(out):
        with np.errstate(divide="ignore", invalid="ignore"):
            np.copyto(out, np.trunc(np.true_divide(a, b)), casting="unsafe")
    else:
        np.divide(a, b, out=out)


def _cfmod(a, b, out):
    if _is_int(out):
        np.copyto(out, np.fmod(a, b), casting="unsafe")
    else:
        np.fmod(a, b, out=out)


def _cremainder(a, b, out):
    if _is_int(out):
        np.copyto(out, np.remainder(a, b), casting="unsafe")
    else:
        # torch7: a - b*floor(a/b)
        np.subtract(a, b * np.floor(a / b), out=out)


def _cpow(a, b, out):
    np.power(a, b, out=out, casting="unsafe")


def _int_only(name, f, a, b, out):
    if not _is_int(out):
        raise ValueError("%s is only supported for integer type tensors" % name)
    f(a, b, out=out, casting="unsafe")


def _shift(f_int, f_float, a, b, out):
    """torch7: integer tensors shift bits; Float/Double tensors multiply (<<) or divide (>>)
    by 2^b, computed in the tensor's own type."""
    if _is_int(out):
        f_int(a, b, out=out, casting="unsafe")
    else:
        f_float(a, np.power(out.dtype.type(2), np.asarray(b, dtype=out.dtype)), out=out)


_BINARY = {
    "add": lambda a, b, o: np.add(a, b, out=o, casting="unsafe"),
    "sub": lambda a, b, o: np.subtract(a, b, out=o, casting="unsafe"),
    "cmul": lambda a, b, o: np.multiply(a, b, out=o, casting="unsafe"),
    "cdiv": _cdiv,
    "cpow": _cpow,
    "cfmod": _cfmod,
    "cremainder": _cremainder,
    "cmax": lambda a, b, o: np.maximum(a, b, out=o),
    "cmin": lambda a, b, o: np.minimum(a, b, out=o),
    "cbitand": lambda a, b, o: _int_only("cbitand", np.bitwise_and, a, b, o),
    "cbitor": lambda a, b, o: _int_only("cbitor", np.bitwise_or, a, b, o),
    "cbitxor": lambda a, b, o: _int_only("cbitxor", np.bitwise_xor, a, b, o),
    "clshift": lambda a, b, o: _shift(np.left_shift, np.multiply, a, b, o),
    "crshift": lambda a, b, o: _shift(np.right_shift, np.divide, a, b, o),
    "atan2": lambda a, b, o: np.arctan2(a, b, out=o),
}


def scalar_op(name, res, a, v):
    a = flat_like(a, res)
    _SCALAR[name](a, v, res)


_SCALAR = {
    # the tensor-tensor bodies serve a scalar second operand as well (numpy broadcasts it)
    "fmod": _cfmod,
    "remainder": _cremainder,
    "pow": lambda a, v, o: np.power(a, v, out=o, casting="unsafe"),
    "tpow": lambda a, v, o: np.power(v, a, out=o, casting="unsafe"),
    "cmax": lambda a, v, o: np.maximum(a, v, out=o, casting="unsafe"),
    "cmin": lambda a, v, o: np.minimum(a, v, out=o, casting="unsafe"),
    "bitand": lambda a, v, o: np.bitwise_and(a, v, out=o, casting="unsafe"),
    "bitor": lambda a, v, o: np.bitwise_or(a, v, out=o, casting="unsafe"),
    "bitxor": lambda a, v, o: np.bitwise_xor(a, v, out=o, casting="unsafe"),
    "lshift": lambda a, v, o: _shift(np.left_shift, np.multiply, a, v, o),
    "rshift": lambda a, v, o: _shift(np.right_shift, np.divide, a, v, o),
}


def clamp(res, a, lo, hi):
    np.clip(flat_like(a, res), lo, hi, out=res, casting="unsafe")


def addcmul(res, t, v, a, b):
    t = flat_like(t, res)
    prod = flat_like(a, res) * flat_like(b, res)
    if v != 1:
        prod *= v
    np.add(t, prod, out=res, casting="unsafe")


def addcdiv(res, t, v, a, b):
    t = flat_like(t, res)
    q = flat_like(a, res) / flat_like(b, res)
    if v != 1:
        q *= v
    np.add(t, q, out=res, casting="unsafe")


def lerp(res, a, b, w):
    a = flat_like(a, res)
    np.add(a, w * (flat_like(b, res) - a), out=res)


# -- pointwise math ----------------------------------------------------------------

def _round(a, o):
    # C round(): halves away from zero (numpy rounds halves to even)
    np.copysign(np.floor(np.abs(a) + 0.5), a, out=o)


def _rsqrt(a, o):
    np.sqrt(a, out=o)
    np.divide(1, o, out=o)


def _frac(a, o):
    np.subtract(a, np.trunc(a), out=o)


def _sigmoid(a, o):
    np.negative(a, out=o)
    np.exp(o, out=o)
    o += 1
    np.divide(1, o, out=o)


def _cinv(a, o):
    np.divide(1, a, out=o)


def _abs(a, o):
    np.abs(a, out=o)


def _sign(a, o):
    np.sign(a, out=o)


UNARY = {
    "log": np.log, "log1p": np.log1p, "exp": np.exp, "expm1": np.expm1, "cos": np.cos, "acos": np.arccos,
    "cosh": np.cosh, "sin": np.sin, "asin": np.arcsin, "sinh": np.sinh, "tan": np.tan,
    "atan": np.arctan, "tanh": np.tanh, "sqrt": np.sqrt, "ceil": np.ceil, "floor": np.floor,
    "trunc": np.trunc, "neg": np.negative, "round": _round, "rsqrt": _rsqrt, "frac": _frac,
    "sigmoid": _sigmoid, "cinv": _cinv, "abs": _abs, "sign": _sign, "square": np.square,
}


def unary(name, res, src):
    with np.errstate(all="ignore"):
        UNARY[name](flat_like(src, res), res)


# -- BLAS -------------------------------------------------------------------------------

# torch7 accumulates in BLAS (THTensor_(addmm): gemm with beta; THTensor_(cadd) in place on contiguous
# tensors: axpy).  numpy exposes neither beta nor axpy, so these call the cblas functions of numpy's own
# OpenBLAS through ctypes (the library np.matmul uses: same kernels, same thread pool -- a second BLAS
# such as scipy's would bring a second pool of spinning threads): one pass, no temporaries.  Where that
# library is not found, the numpy fallback makes a temporary, then adds.
_BLAS = None


def _mkl_rt_path():
    """libmkl_rt of the optional `mkl` package (pip install luann[mkl]), or None when it is not installed
    or LUANN_BLAS=openblas asks for numpy's own OpenBLAS (to compare the two, or to sidestep MKL)."""
    import os
    if os.environ.get("LUANN_BLAS", "").lower() == "openblas":
        return None
    try:
        import importlib.metadata as md
        dist = md.distribution("mkl")
        for f in dist.files or ():
            if f.name.startswith("libmkl_rt.so"):
                return str(dist.locate_file(f).resolve())
    except Exception:  # noqa: BLE001  (not installed / unreadable metadata)
        pass
    return None


def _cblas_fns(lib, pre, suf, it):
    """{dtype: (gemm, axpy)} ctypes functions of lib's cblas names pre+cblas_x+suf (raises AttributeError)."""
    import ctypes
    f = {n: getattr(lib, pre + "cblas_" + n + suf) for n in ("sgemm", "dgemm", "saxpy", "daxpy")}
    P, I = ctypes.c_void_p, ctypes.c_int
    fns = {}
    for t, fl in ((np.float32, ctypes.c_float), (np.float64, ctypes.c_double)):
        g = f["sgemm" if t is np.float32 else "dgemm"]
        g.argtypes = [I, I, I, it, it, it, fl, P, it, P, it, fl, P, it]
        g.restype = None
        x = f["saxpy" if t is np.float32 else "daxpy"]
        x.argtypes = [it, fl, P, it, P, it]
        x.restype = None
        fns[np.dtype(t)] = (g, x)
    return fns


def _load_blas():
    """cblas of Intel MKL when the optional `mkl` package is installed (faster GEMMs than OpenBLAS on the
    bench/mlp.py shapes, see bench/README.md), else numpy's own OpenBLAS; {} when neither is usable."""
    import ctypes
    import os
    mkl = _mkl_rt_path()
    if mkl is not None:
        try:
            # the _64 names are MKL's ILP64 cblas, whatever MKL_INTERFACE_LAYER says; loading it here also
            # lets threadpoolctl (torch.setnumthreads) see and limit MKL's thread pool
            fns = _cblas_fns(ctypes.CDLL(mkl), "", "_64", ctypes.c_int64)
            fns["desc"] = "|".join((mkl, "int64_t", "", "_64"))
            return fns
        except Exception:  # noqa: BLE001  (broken install: fall back to OpenBLAS)
            pass
    fns = {}
    try:
        from threadpoolctl import threadpool_info
        root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(np.__file__))), "numpy")
        for info in threadpool_info():
            fp = os.path.abspath(info.get("filepath") or "")
            if info.get("internal_api") != "openblas" or not fp.startswith(root):
                continue
            lib = ctypes.CDLL(fp)
            # only names that tell the integer width: scipy-openblas64 (ILP64, "64_") and scipy-openblas32
            for pre, suf, it in (("scipy_", "64_", ctypes.c_int64), ("", "64_", ctypes.c_int64),
                                 ("scipy_", "", ctypes.c_int)):
                try:
                    fns = _cblas_fns(lib, pre, suf, it)
                except AttributeError:
                    continue
                fns["desc"] = "|".join((fp, "int64_t" if it is ctypes.c_int64 else "int", pre, suf))
                return fns
    except Exception:  # pragma: no cover  (no threadpoolctl / unreadable library: numpy fallback)
        pass
    return fns


def _blas(dtype):
    global _BLAS
    if _BLAS is None:
        _BLAS = _load_blas()
    return _BLAS.get(dtype)


def blas_symbols():
    """'path|int type|prefix|suffix' of the cblas functions _load_blas chose (MKL if installed, else numpy's
    OpenBLAS) for lua/torch/_blas.lua, or None."""
    _blas(None)
    return _BLAS.get("desc")


def _blas_axpy(res, v, other):
    """res += v * other in one BLAS axpy (torch7's in-place add on contiguous tensors); False if not applicable."""
    f = _blas(res.dtype)
    if f is None or other.dtype != res.dtype or other.size != res.size or not res.flags.c_contiguous \
            or not res.flags.writeable or not other.flags.c_contiguous:
        return False
    rp, op = res.ctypes.data, other.ctypes.data
    if rp != op and np.may_share_memory(res, other):
        return False   # shifted overlap: BLAS would read what it already wrote
    f[1](res.size, v, op, 1, rp, 1)
    return True


def _row_major_op(x):
    """(trans, ld) describing x to a row-major cblas call without a copy, or None."""
    if x.flags.c_contiguous:
        return 111, max(1, x.shape[1])   # CblasNoTrans
    if x.flags.f_contiguous:
        return 112, max(1, x.shape[0])   # CblasTrans: x.T is row-major
    return None


def gemm_acc(res, beta, alpha, a, b):
    """res = beta*res + alpha*(a @ b) in one gemm call into res itself; False if not applicable."""
    f = _blas(res.dtype)
    if f is None or a.dtype != res.dtype or b.dtype != res.dtype or not res.flags.c_contiguous \
            or not res.flags.writeable:
        return False
    oa, ob = _row_major_op(a), _row_major_op(b)
    if oa is None or ob is None or np.may_share_memory(res, a) or np.may_share_memory(res, b):
        return False
    m, n = res.shape
    f[0](101, oa[0], ob[0], m, n, a.shape[1], alpha, a.ctypes.data, oa[1], b.ctypes.data, ob[1],
         beta, res.ctypes.data, max(1, n))   # CblasRowMajor
    return True


def _beta_add(res, beta, m, prod, same):
    """res = beta*m + prod, the tail of the add*mm/mv/r family; `same` when res is m (in place)."""
    if not same:
        np.copyto(res, m.reshape(res.shape))
    if beta != 1:
        res *= beta
    res += prod


def addmm(res, beta, m, alpha, a, b, same):
    """res = beta*m + alpha*(a @ b); `same` when res is m (in place)."""
    if beta == 0 or m is None:
        np.matmul(a, b, out=res)
        if alpha != 1:
            res *= alpha
        return
    if same and gemm_acc(res, beta, alpha, a, b):
        return
    prod = a @ b
    if alpha != 1:
        prod *= alpha
    _beta_add(res, beta, m, prod, same)


def addmv(res, beta, v, alpha, m, x, same):
    if beta == 0:
        np.dot(m, x, out=res) if res.flags.c_contiguous else np.copyto(res, m @ x)
        if alpha != 1:
            res *= alpha
        return
    prod = m @ x
    if alpha != 1:
        prod *= alpha
    _beta_add(res, beta, v, prod, same)


def addr(res, beta, m, alpha, x, y, same):
    prod = np.multiply.outer(x, y)
    if alpha != 1:
        prod *= alpha
    if beta == 0:
        np.copyto(res, prod, casting="unsafe")
        return
    _beta_add(res, beta, m, prod.astype(res.dtype, copy=False), same)


def _scaled_add(res, beta, m, alpha, prod, same):
    """res = beta*m + alpha*prod (prod is scaled in place)."""
    if alpha != 1:
        prod *= alpha
    if beta == 0:
        np.copyto(res, prod)
        return
    _beta_add(res, beta, m, prod, same)


def baddbmm(res, beta, m, alpha, a, b, same):
    _scaled_add(res, beta, m, alpha, np.matmul(a, b), same)


def addbmm(res, beta, m, alpha, a, b, same):
    _scaled_add(res, beta, m, alpha, np.matmul(a, b).sum(axis=0), same)


def dot(a, b):
    a = a.reshape(-1)
    b = b.reshape(-1)
    r = np.dot(a.astype(np.float64) if a.dtype.kind in "iu" else a, b)
    return r.item()


def length(a):
    return int(a.size)


def map_file(path, dtype, shared, size):
    """A storage backed by a file (torch.XStorage(filename, shared, size))."""
    mode = "r+" if shared else "c"
    if size:
        return np.memmap(path, dtype=dtype, mode=mode, shape=(int(size),))
    return np.memmap(path, dtype=dtype, mode=mode)


def empty(dtype, *shape):
    return np.empty(shape, dtype)


def bytes_to_array(b):
    return np.frombuffer(bytes(b), dtype=np.uint8).copy()


def array_to_bytes(a):
    return np.ascontiguousarray(a, dtype=np.uint8).tobytes()


def scalar_math(name, x):
    import math
    return float(getattr(math, name)(x))


def rng_state_array(gen):
    """The generator's state bytes as a uint8 array (never through a Lua string)."""
    return np.frombuffer(gen.get_state(), dtype=np.uint8).copy()


def rng_set_state_array(gen, a):
    gen.set_state(np.ascontiguousarray(a, dtype=np.uint8).tobytes())
