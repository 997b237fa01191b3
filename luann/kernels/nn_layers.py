"""numpy kernels for torch7 nn layers whose math is awkward as tensor calls.

Stateless: numpy views come in, results are written into `out` arrays that Lua
resized beforehand; parameter gradients are accumulated in place (`gw += ...`),
as torch7's accGradParameters does. 1-D inputs are single samples, 2-D inputs
batches (rows).
"""
import numpy as np


def _rows(x):
    return x.reshape(1, -1) if x.ndim == 1 else x


# --- Euclidean: y_j = || w[:, j] - x || ; weight is inputSize x outputSize -----------
def euclidean_out(x, w, out):
    x2 = _rows(x)
    d = w[None, :, :] - x2[:, :, None]          # n x in x out
    out[...] = np.sqrt((d * d).sum(1)).reshape(out.shape)


def euclidean_grad_input(x, w, y, go, out):
    x2, y2, g2 = _rows(x), _rows(y), _rows(go)
    d = x2[:, :, None] - w[None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(y2 == 0, 0, g2 / y2)
    out[...] = (d * s[:, None, :]).sum(2).reshape(out.shape)


def euclidean_acc(x, w, y, go, scale, gw):
    x2, y2, g2 = _rows(x), _rows(y), _rows(go)
    d = w[None, :, :] - x2[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(y2 == 0, 0, g2 / y2)
    gw += (scale * (d * s[:, None, :]).sum(0)).astype(gw.dtype)


# --- WeightedEuclidean: y_j = || c[:, j] * (x - w[:, j]) || ---------------------------
def weuclid_out(x, w, c, out):
    x2 = _rows(x)
    d = (x2[:, :, None] - w[None, :, :]) * c[None, :, :]
    out[...] = np.sqrt((d * d).sum(1)).reshape(out.shape)


def _weuclid_s(y, go):
    y2, g2 = _rows(y), _rows(go)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y2 == 0, 0, g2 / y2)


def weuclid_grad_input(x, w, c, y, go, out):
    x2 = _rows(x)
    d = (x2[:, :, None] - w[None, :, :]) * c[None, :, :] * c[None, :, :]
    s = _weuclid_s(y, go)
    out[...] = (d * s[:, None, :]).sum(2).reshape(out.shape)


def weuclid_acc(x, w, c, y, go, scale, gw, gc):
    x2 = _rows(x)
    diff = x2[:, :, None] - w[None, :, :]
    s = _weuclid_s(y, go)[:, None, :]
    gw -= (scale * (diff * c[None] * c[None] * s).sum(0)).astype(gw.dtype)
    gc += (scale * (diff * diff * c[None] * s).sum(0)).astype(gc.dtype)


# --- Cosine: y_j = w_j . x / (|w_j| |x|) ; weight is outputSize x inputSize ----------
_EPS = 1e-12


def _cos(x, w):
    x2 = _rows(x).astype(np.float64)
    w = w.astype(np.float64)
    wn = np.sqrt((w * w).sum(1)) + _EPS          # out
    xn = np.sqrt((x2 * x2).sum(1)) + _EPS        # n
    y = (x2 @ w.T) / wn[None, :] / xn[:, None]
    return x2, w, wn, xn, y


def cosine_out(x, w, out):
    out[...] = _cos(x, w)[4].reshape(out.shape)


def cosine_grad_input(x, w, go, out):
    x2, w, wn, xn, y = _cos(x, w)
    g = _rows(go).astype(np.float64)
    gi = (g / wn[None, :]) @ w / xn[:, None] - (g * y).sum(1)[:, None] * x2 / (xn * xn)[:, None]
    out[...] = gi.reshape(out.shape)


def cosine_acc(x, w, go, scale, gw):
    x2, w, wn, xn, y = _cos(x, w)
    g = _rows(go).astype(np.float64)
    gwt = (g / wn[None, :]).T @ (x2 / xn[:, None]) - (g * y).sum(0)[:, None] * w / (wn * wn)[:, None]
    gw += (scale * gwt).astype(gw.dtype)


# --- Normalize: y = x / (sum |x|^p + eps)^(1/p) per row --------------------------------
def _norm_p(x2, p, eps):
    if np.isinf(p):
        return np.abs(x2).max(1) + eps
    return ((np.abs(x2) ** p).sum(1) + eps) ** (1.0 / p)


def normalize_out(x, p, eps, out):
    x2 = _rows(x).astype(np.float64)
    out[...] = (x2 / _norm_p(x2, p, eps)[:, None]).reshape(out.shape)


def normalize_grad(x, p, eps, go, out):
    x2 = _rows(x).astype(np.float64)
    g = _rows(go).astype(np.float64)
    n = _norm_p(x2, p, eps)
    if np.isinf(p):
        dn = np.zeros_like(x2)
        idx = np.abs(x2).argmax(1)
        r = np.arange(len(x2))
        dn[r, idx] = np.sign(x2[r, idx])
    else:
        normp = n ** p
        dn = np.abs(x2) ** (p - 1) * np.sign(x2) * (normp ** (1.0 / p - 1))[:, None]
    gi = g / n[:, None] - (g * x2).sum(1)[:, None] * dn / (n * n)[:, None]
    out[...] = gi.reshape(out.shape)


# --- CosineDistance: y = x1 . x2 / sqrt((|x1|^2 + eps) (|x2|^2 + eps)) per row -------------
def _cosd(x1, x2):
    a = _rows(x1).astype(np.float64)
    b = _rows(x2).astype(np.float64)
    w1 = (a * b).sum(1)
    w22 = (a * a).sum(1) + _EPS
    w32 = (b * b).sum(1) + _EPS
    w = np.sqrt(w22 * w32)
    return a, b, w1, w22, w32, w


def cosdist_out(x1, x2, out):
    _, _, w1, _, _, w = _cosd(x1, x2)
    out[...] = (w1 / w).reshape(out.shape)


def cosdist_grad(x1, x2, go, g1, g2):
    a, b, w1, w22, w32, w = _cosd(x1, x2)
    g = np.asarray(go, np.float64).reshape(-1)[:, None]
    d1 = b / w[:, None] - (w1 / (w * w22))[:, None] * a
    d2 = a / w[:, None] - (w1 / (w * w32))[:, None] * b
    g1[...] = (d1 * g).reshape(g1.shape)
    g2[...] = (d2 * g).reshape(g2.shape)
