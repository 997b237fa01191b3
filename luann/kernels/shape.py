"""Creation, shape and indexing kernels (numpy) for lua/torch/math_create.lua.

Index arrays arrive 1-based (torch7 LongTensors) and are converted here.
"""
import numpy as np


def eye(out):
    out.fill(0)
    n = min(out.shape)
    out[np.arange(n), np.arange(n)] = 1


def arange(out, start, step):
    np.copyto(out, start + step * np.arange(out.shape[0], dtype=np.float64), casting="unsafe")


def linspace(out, a, b, n):
    np.copyto(out, np.linspace(a, b, int(n)), casting="unsafe")


def logspace(out, a, b, n):
    np.copyto(out, np.logspace(a, b, int(n)), casting="unsafe")


def diag(a, k):
    if a.ndim == 1:
        return np.diag(a, int(k))
    return np.ascontiguousarray(np.diagonal(a, int(k)))


def tril(out, a, k):
    np.copyto(out, np.tril(a, int(k)))


def triu(out, a, k):
    np.copyto(out, np.triu(a, int(k)))


def repeat_tensor(a, *reps):
    reps = tuple(int(r) for r in reps)
    a = a.reshape((1,) * (len(reps) - a.ndim) + a.shape)
    return np.tile(a, reps)


def _idx(idx, n, what="index"):
    i = idx.reshape(-1).astype(np.int64) - 1
    if i.size and (i.min() < 0 or i.max() >= n):
        bad = int(i[(i < 0) | (i >= n)][0]) + 1
        raise IndexError("%s %d out of range [1, %d]" % (what, bad, n))
    return i


def index_select(out, a, d, idx):
    np.take(a, _idx(idx, a.shape[d]), axis=d, out=out)


def indexCopy(a, d, idx, src):
    i = _idx(idx, a.shape[d])
    sl = [slice(None)] * a.ndim
    sl[d] = i
    target_shape = a[tuple(sl)].shape
    a[tuple(sl)] = src.reshape(target_shape)


def indexAdd(a, d, idx, src):
    i = _idx(idx, a.shape[d])
    moved = np.moveaxis(a, d, 0)
    s = np.moveaxis(src.reshape(np.moveaxis(np.take(a, i, axis=d), 0, 0).shape), d, 0)
    np.add.at(moved, i, s)


def indexFill(a, d, idx, v):
    i = _idx(idx, a.shape[d])
    sl = [slice(None)] * a.ndim
    sl[d] = i
    a[tuple(sl)] = v


def masked_select(a, mask):
    return a[mask.reshape(a.shape).astype(bool)].copy()


def masked_fill(a, mask, v):
    a[mask.reshape(a.shape).astype(bool)] = v


def masked_copy(a, mask, src):
    m = mask.reshape(a.shape).astype(bool)
    n = int(m.sum())
    flat = src.reshape(-1)
    if flat.size < n:
        raise ValueError("the source has %d elements, the mask selects %d" % (flat.size, n))
    a[m] = flat[:n]


def gather(out, a, d, idx):
    i = idx.astype(np.int64) - 1
    if i.size and (i.min() < 0 or i.max() >= a.shape[d]):
        raise IndexError("index out of range [1, %d]" % a.shape[d])
    # torch7 gathers over the index's own extent in the other dimensions
    sl = tuple(slice(0, s) if k != d else slice(None) for k, s in enumerate(idx.shape))
    np.copyto(out, np.take_along_axis(a[sl], i, axis=d))


def scatter(a, d, idx, src):
    i = idx.astype(np.int64) - 1
    if i.size and (i.min() < 0 or i.max() >= a.shape[d]):
        raise IndexError("index out of range [1, %d]" % a.shape[d])
    sl = tuple(slice(0, s) if k != d else slice(None) for k, s in enumerate(idx.shape))
    target = a[sl]
    if isinstance(src, np.ndarray):
        ssl = tuple(slice(0, s) for s in idx.shape)
        np.put_along_axis(target, i, src[ssl], axis=d)
    else:
        np.put_along_axis(target, i, src, axis=d)
