"""Reductions, sorting, selection and comparisons (numpy), for lua/torch/math_reduce.lua.

Results along a dimension are written into caller-provided keepdim arrays;
whole-tensor results come back as plain Python numbers.  Index outputs are
1-based, as torch7's LongTensor indices are.
"""
import numpy as np


def _num(x, like=None):
    if isinstance(x, np.generic):
        x = x.item()
    return x


def _acc(a):
    # torch7 accumulates integer types in long and float in double (accreal)
    if a.dtype.kind in "iub":
        return np.int64
    return np.float64


def empty_value(name):
    return {"sum": 0, "prod": 1, "mean": float("nan"), "logsumexp": float("-inf")}.get(name, 0)


def reduce_all(name, a, *extra):
    if name == "sum":
        return _num(a.sum(dtype=_acc(a)))
    if name == "prod":
        return _num(a.prod(dtype=_acc(a)))
    if name == "mean":
        return float(a.mean(dtype=np.float64))
    if name == "max":
        return _num(a.max())
    if name == "min":
        return _num(a.min())
    if name == "var":
        return float(a.var(dtype=np.float64, ddof=0 if extra and extra[0] else 1))
    if name == "std":
        return float(a.std(dtype=np.float64, ddof=0 if extra and extra[0] else 1))
    if name == "norm":
        return _norm_all(a, extra[0] if extra else 2)
    if name == "all":
        return bool(np.all(a))
    if name == "any":
        return bool(np.any(a))
    if name == "logsumexp":
        m = float(a.max())
        return m + float(np.log(np.exp(a.astype(np.float64) - m).sum()))
    raise ValueError("unknown reduction " + name)


def _norm_all(a, p):
    a = a.astype(np.float64, copy=False)
    if p == 0:
        return float(np.count_nonzero(a))
    if p == 2:
        return float(np.sqrt(np.dot(a.ravel(), a.ravel())))
    if p == float("inf"):
        return float(np.abs(a).max())
    return float((np.abs(a) ** p).sum() ** (1.0 / p))


def reduce_dim(name, out, a, d, *extra):
    if name == "sum":
        np.sum(a, axis=d, keepdims=True, out=out)
    elif name == "prod":
        np.prod(a, axis=d, keepdims=True, out=out)
    elif name == "mean":
        np.mean(a, axis=d, keepdims=True, out=out)
    elif name in ("var", "std"):
        ddof = 0 if extra and extra[0] else 1
        f = np.var if name == "var" else np.std
        np.copyto(out, f(a, axis=d, keepdims=True, ddof=ddof))
    elif name == "norm":
        p = extra[0]
        if p == 0:
            np.copyto(out, np.count_nonzero(a, axis=d).reshape(out.shape))
        elif p == 2:
            np.sqrt(np.sum(a * a, axis=d, keepdims=True), out=out)
        else:
            np.copyto(out, (np.abs(a) ** p).sum(axis=d, keepdims=True) ** (1.0 / p))
    elif name == "logsumexp":
        m = a.max(axis=d, keepdims=True)
        np.copyto(out, m + np.log(np.exp(a - m).sum(axis=d, keepdims=True)))
    else:
        raise ValueError("unknown reduction " + name)


def argreduce(name, vals, idx, a, d):
    if name == "max":
        i = np.argmax(a, axis=d)
    else:
        i = np.argmin(a, axis=d)
    i = np.expand_dims(i, d)
    np.copyto(vals, np.take_along_axis(a, i, axis=d))
    np.copyto(idx, i + 1)


def select_k(name, vals, idx, a, d, k):
    n = a.shape[d]
    if name == "median":
        k = (n + 1) // 2  # torch7: the lower median
    if name in ("median", "kthvalue"):
        if not 1 <= k <= n:
            raise ValueError("k not in range of dimension")
        order = np.argsort(a, axis=d, kind="stable")
        i = np.take(order, [k - 1], axis=d)
    else:  # mode: most frequent value, largest index of it (torch7 sorts then scans)
        moved = np.moveaxis(a, d, -1)
        flat = moved.reshape(-1, n)
        vi = np.empty(flat.shape[0], dtype=np.int64)
        for r in range(flat.shape[0]):
            row = flat[r]
            values, counts = np.unique(row, return_counts=True)
            best = values[np.argmax(counts)]
            vi[r] = np.nonzero(row == best)[0][-1]
        i = np.expand_dims(np.moveaxis(vi.reshape(moved.shape[:-1] + (1,)), -1, d), 0)[0]
    np.copyto(vals, np.take_along_axis(a, i, axis=d))
    np.copyto(idx, i + 1)


def cumulative(name, out, a, d):
    if name == "cumsum":
        np.cumsum(a, axis=d, out=out)
    else:
        np.cumprod(a, axis=d, out=out)


def sort(vals, idx, a, d, descending):
    if descending:
        if a.dtype.kind == "u":
            order = np.flip(np.argsort(np.flip(a, axis=d), axis=d, kind="stable"), axis=d)
            order = a.shape[d] - 1 - order
        else:
            order = np.argsort(-a, axis=d, kind="stable")
    else:
        order = np.argsort(a, axis=d, kind="stable")
    np.copyto(vals, np.take_along_axis(a, order, axis=d))
    np.copyto(idx, order + 1)


def topk(vals, idx, a, k, d, largest):
    key = -a if largest and a.dtype.kind != "u" else a
    if largest and a.dtype.kind == "u":
        key = -(a.astype(np.int64))
    order = np.argsort(key, axis=d, kind="stable")
    order = np.take(order, np.arange(k), axis=d)
    np.copyto(vals, np.take_along_axis(a, order, axis=d))
    np.copyto(idx, order + 1)


_CMP = {"lt": np.less, "gt": np.greater, "le": np.less_equal, "ge": np.greater_equal,
        "eq": np.equal, "ne": np.not_equal}


def compare(name, out, a, b):
    if isinstance(b, np.ndarray) and b.shape != a.shape:
        b = b.reshape(a.shape)
    np.copyto(out, _CMP[name](a, b), casting="unsafe")


def equal(a, b):
    return bool(np.array_equal(a, b))


def nonzero(a):
    return np.argwhere(a).astype(np.int64) + 1


def hist_range(a, lo, hi):
    """torch7's histc/bhistc range: min == max means the tensor's own min and max (of all
    its elements), and an empty range is widened by 1 on each side."""
    if lo == hi and a.size:
        lo, hi = a.min().item(), a.max().item()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    return lo, hi


def hist_counts(a, nbins, lo, hi):
    """Counts of the elements of a in [lo, hi], bin = (int)((x - lo) / (hi - lo) * nbins)
    capped at nbins - 1, computed in a's own float type as THTensor_(histc) does."""
    dt = a.dtype if a.dtype in (np.float32, np.float64) else np.float64
    x = a.ravel().astype(dt, copy=False)
    lo_, hi_ = dt.type(lo), dt.type(hi)
    x = x[(x >= lo_) & (x <= hi_)]
    b = ((x - lo_) / (hi_ - lo_) * dt.type(nbins)).astype(np.int64)
    return np.bincount(np.minimum(b, nbins - 1), minlength=nbins)[:nbins].astype(np.float64)


def histc(a, nbins, lo, hi):
    nbins = int(nbins)
    lo, hi = hist_range(a, lo, hi)
    return hist_counts(a, nbins, lo, hi)


def dist(a, b, p):
    return _norm_all(a.astype(np.float64) - b.reshape(a.shape), p)


def trace(a):
    return _num(np.trace(a, dtype=_acc(a)))


def renorm(out, a, p, d, maxnorm):
    moved = np.moveaxis(a, d, 0).reshape(a.shape[d], -1)
    norms = (np.abs(moved) ** p).sum(axis=1) ** (1.0 / p)
    scale = np.where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)
    shape = [1] * a.ndim
    shape[d] = -1
    np.copyto(out, a * scale.reshape(shape))


def cross(out, a, b, d):
    np.copyto(out, np.cross(a, b.reshape(a.shape), axis=d))
