"""numpy kernels for torch7's nn criterions (the THNN ones).

Stateless: numpy views of the tensors come in (`torch._C.np(t)`), losses go
back as Python floats, gradients are written into the `out` arrays that Lua
resized beforehand. Inputs and targets are matched by element count in
row-major order (torch7 never broadcasts). float32 stays float32; sums are
accumulated in double like THNN's accreal.
"""
import numpy as np


def _acc(a):
    return float(np.sum(a, dtype=np.float64))


def _flat(t, like):
    """`t` reshaped to `like`'s shape (same element count, row-major)."""
    t = np.asarray(t)
    if t.shape != like.shape:
        t = t.reshape(like.shape)
    if t.dtype != like.dtype:
        t = t.astype(like.dtype)
    return t


def _put(out, val):
    out[...] = val.reshape(out.shape) if np.ndim(val) else val


def _norm(n, size_average):
    return 1.0 / n if (size_average and n > 0) else 1.0


# --- elementwise regression losses ---------------------------------------------------
def abs_out(x, t, sa):
    return _acc(np.abs(x - _flat(t, x))) * _norm(x.size, sa)


def abs_grad(x, t, sa, out):
    n = x.dtype.type(_norm(x.size, sa))
    _put(out, np.where(x - _flat(t, x) >= 0, n, -n))


def mse_out(x, t, sa):
    d = x - _flat(t, x)
    return _acc(d * d) * _norm(x.size, sa)


def mse_grad(x, t, sa, out):
    n = x.dtype.type(2.0 * _norm(x.size, sa))
    _put(out, n * (x - _flat(t, x)))


def smoothl1_out(x, t, sa):
    z = np.abs(x - _flat(t, x))
    return _acc(np.where(z < 1, 0.5 * z * z, z - 0.5)) * _norm(x.size, sa)


def smoothl1_grad(x, t, sa, out):
    n = x.dtype.type(_norm(x.size, sa))
    z = x - _flat(t, x)
    _put(out, np.clip(z, -1, 1) * n)


def softmargin_out(x, t, sa):
    z = -_flat(t, x) * x
    return _acc(np.logaddexp(0, z)) * _norm(x.size, sa)


def softmargin_grad(x, t, sa, out):
    n = x.dtype.type(_norm(x.size, sa))
    y = _flat(t, x)
    z = np.exp(-y * x)
    _put(out, -y * z / (1 + z) * n)


def distkl_out(x, t, sa):
    t = _flat(t, x)
    pos = t > 0
    safe = np.where(pos, t, 1)
    return _acc(np.where(pos, t * (np.log(safe) - x), 0)) * _norm(x.size, sa)


def distkl_grad(x, t, sa, out):
    n = x.dtype.type(_norm(x.size, sa))
    t = _flat(t, x)
    _put(out, np.where(t > 0, -t * n, 0))


def l1cost_out(x):
    return _acc(np.abs(x))


def l1cost_grad(x, out):
    _put(out, np.sign(x))


def margin_out(x, t, margin, sa):
    z = margin - x * _flat(t, x)
    return _acc(np.maximum(z, 0)) * _norm(x.size, sa)


def margin_grad(x, t, margin, sa, out):
    n = _norm(x.size, sa)
    y = _flat(t, x)
    _put(out, np.where(margin - x * y > 0, -y * n, 0).astype(x.dtype))


_BCE_EPS = 1e-12


def bce_out(x, t, w, sa):
    t = _flat(t, x)
    v = t * np.log(x + _BCE_EPS) + (1 - t) * np.log(1 - x + _BCE_EPS)
    if w is not None:
        v = v * _flat(w, x)
    return (0.0 - _acc(v)) * _norm(x.size, sa)


def bce_grad(x, t, w, sa, out):
    t = _flat(t, x)
    g = -(t - x) / ((1 - x + _BCE_EPS) * (x + _BCE_EPS))
    if w is not None:
        g = g * _flat(w, x)
    _put(out, g * _norm(x.size, sa))


# --- classification -----------------------------------------------------------------
def classnll_check(t, ncls, ignore):
    """First target (1-based value) outside 1..ncls that is not ignoreIndex, or None."""
    t = np.asarray(t).reshape(-1)
    bad = ((t < 1) | (t > ncls)) & (t != ignore)
    if bad.any():
        return int(t[np.argmax(bad)])
    return None


def classnll_out(x, t, w, sa, ignore):
    """x: (n, C) log-probabilities, t: (n,) 1-based targets. Returns (loss, total_weight)."""
    x2 = x.reshape(-1, x.shape[-1])
    t = np.asarray(t).reshape(-1).astype(np.int64, copy=False)
    keep = t != ignore
    rows = np.nonzero(keep)[0]
    cls = t[keep] - 1
    vals = x2[rows, cls].astype(np.float64)
    if w is None:  # weights of 1: the same sums without the multiplications by 1.0
        total = float(len(cls))
        out = 0.0 - float(vals.sum())  # 0.0, not -0.0, when everything is ignored
    else:
        ww = np.asarray(w, np.float64).reshape(-1)[cls]
        total = float(ww.sum())
        out = 0.0 - float((vals * ww).sum())
    if sa and total != 0:
        out /= total
    return out, total


def classnll_grad(x, t, w, sa, ignore, total, out):
    out[...] = 0
    if total <= 0:
        return
    o2 = out.reshape(-1, out.shape[-1]) if out.ndim > 1 else out.reshape(1, -1)
    t = np.asarray(t).reshape(-1).astype(np.int64, copy=False)
    keep = t != ignore
    rows = np.nonzero(keep)[0]
    cls = t[keep] - 1
    if w is None:  # weights of 1: every element gets the same value
        g = -1.0 / total if sa else -1.0
    else:
        ww = np.asarray(w, np.float64).reshape(-1)[cls]
        g = -ww / total if sa else -ww
    o2[rows, cls] = g
    if out.ndim == 1:
        out[...] = o2.reshape(-1)


def multimargin_out(x, t, p, w, margin, sa):
    x2 = x.reshape(-1, x.shape[-1]).astype(np.float64)
    n, dim = x2.shape
    cls = np.asarray(t).reshape(-1).astype(np.int64) - 1
    xy = x2[np.arange(n), cls][:, None]
    z = np.maximum(margin - xy + x2, 0)
    z[np.arange(n), cls] = 0
    if p == 2:
        z = z * z
    if w is not None:
        z = z * np.asarray(w, np.float64).reshape(-1)[cls][:, None]
    s = float(z.sum()) / dim
    return s / n if sa else s


def multimargin_grad(x, t, p, w, margin, sa, out):
    x2 = x.reshape(-1, x.shape[-1]).astype(np.float64)
    n, dim = x2.shape
    cls = np.asarray(t).reshape(-1).astype(np.int64) - 1
    xy = x2[np.arange(n), cls][:, None]
    z = margin - xy + x2
    g = np.where(z > 0, (2 * z if p == 2 else 1.0), 0.0) / dim
    if sa:
        g /= n
    g[np.arange(n), cls] = 0
    if w is not None:
        g = g * np.asarray(w, np.float64).reshape(-1)[cls][:, None]
    g[np.arange(n), cls] = -g.sum(1)
    out[...] = g.reshape(out.shape)


def _mlm_targets(t2, dim):
    """Per row: the list of 0-based target classes (until the first 0), and an isTarget mask."""
    n = t2.shape[0]
    is_t = np.zeros((n, dim), bool)
    lists = []
    for i in range(n):
        row = []
        for v in t2[i]:
            v = int(v)
            if v <= 0:  # THNN: the first index below 1 ends the list
                break
            row.append(v - 1)
        lists.append(row)
        is_t[i, row] = True
    return lists, is_t


def multilabelmargin_check(t, dim):
    t = np.asarray(t).reshape(-1)
    bad = t > dim
    if bad.any():
        return int(t[np.argmax(bad)])
    return None


def multilabelmargin_out(x, t, sa, istarget):
    x2 = x.reshape(-1, x.shape[-1]).astype(np.float64)
    n, dim = x2.shape
    lists, is_t = _mlm_targets(np.asarray(t).reshape(n, dim), dim)
    istarget[...] = is_t.reshape(istarget.shape)
    s = 0.0
    for i in range(n):
        for c in lists[i]:
            z = 1 - x2[i, c] + x2[i]
            s += float(np.maximum(z, 0)[~is_t[i]].sum())
    s /= dim
    return s / n if sa else s


def multilabelmargin_grad(x, t, sa, out):
    x2 = x.reshape(-1, x.shape[-1]).astype(np.float64)
    n, dim = x2.shape
    lists, is_t = _mlm_targets(np.asarray(t).reshape(n, dim), dim)
    g = np.zeros((n, dim))
    scale = 1.0 / dim / (n if sa else 1)
    for i in range(n):
        for c in lists[i]:
            z = 1 - x2[i, c] + x2[i]
            m = (z > 0) & ~is_t[i]
            g[i, m] += scale
            g[i, c] -= scale * m.sum()
    out[...] = g.reshape(out.shape)


# --- embedding / ranking -------------------------------------------------------------
_COS_EPS = 1e-12


def _cos_parts(x1, x2):
    a = x1.reshape(-1, x1.shape[-1]).astype(np.float64)
    b = x2.reshape(-1, x2.shape[-1]).astype(np.float64)
    w1 = (a * b).sum(1)
    w22 = (a * a).sum(1) + _COS_EPS
    w32 = (b * b).sum(1) + _COS_EPS
    return a, b, w1, w22, w32, w1 / np.sqrt(w22 * w32)


def _cos_loss(cos, y, margin):
    return np.where(y == -1, np.maximum(cos - margin, 0), np.where(y == 1, 1 - cos, cos))


def cosemb_out(x1, x2, y, margin, sa):
    _, _, _, _, _, cos = _cos_parts(x1, x2)
    y = np.asarray(y, np.float64).reshape(-1)
    loss = _cos_loss(cos, y, margin)
    s = float(loss.sum())
    return s / len(cos) if sa else s


def cosemb_grad(x1, x2, y, margin, sa, g1, g2):
    a, b, w1, w22, w32, cos = _cos_parts(x1, x2)
    y = np.asarray(y, np.float64).reshape(-1)
    w = np.sqrt(w22 * w32)
    d1 = b / w[:, None] - (cos / w22)[:, None] * a
    d2 = a / w[:, None] - (cos / w32)[:, None] * b
    loss = _cos_loss(cos, y, margin)
    sign = np.where(y == 1, -1.0, 1.0)
    sign = np.where(loss > 0, sign, 0.0)
    if sa:
        sign = sign / len(cos)
    g1[...] = (d1 * sign[:, None]).reshape(g1.shape)
    g2[...] = (d2 * sign[:, None]).reshape(g2.shape)


def hinge_out(x, y, margin, sa):
    y = _flat(y, x)
    s = _acc(np.where(y != -1, x, 0)) + _acc(np.where(y != 1, np.maximum(margin - x, 0), 0))
    return s * _norm(x.size, sa)


def hinge_grad(x, y, margin, sa, out):
    y = _flat(y, x)
    g = np.where((y == -1) & (x > margin), 0, y)
    _put(out, g * _norm(x.size, sa))
