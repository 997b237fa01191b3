"""Stateless numpy kernels for torch7's padding, upsampling and normalisation layers.

Layout ``N x C x *S`` (callers add the batch dim).  Results keep the input
dtype; nothing here knows about Lua.

Functions (torch7 module served):
  pad_forward(x, pads, mode='constant', value=0.0)
  pad_backward(grad_output, input_shape, pads, mode='constant')
      ``pads``: one (before, after) pair per spatial dim in ARRAY-AXIS order,
      e.g. ((top, bottom), (left, right)) for SpatialZeroPadding(l, r, t, b)
      and ((front, back), (top, bottom), (left, right)) for
      VolumetricReplicationPadding(l, r, t, b, f, bk).  mode: 'constant'
      (SpatialZeroPadding; negative pads crop), 'reflect'
      (SpatialReflectionPadding), 'replicate' (Spatial/VolumetricReplicationPadding).
  upsample_nearest_forward(x, scale) / upsample_nearest_backward(g, scale)
      Spatial/VolumetricUpSamplingNearest, integer scale (int or per dim).
  upsample_bilinear_forward(x, (oH, oW)) / upsample_bilinear_backward(g, input_shape)
      SpatialUpSamplingBilinear (align_corners=True: corners map to corners);
      torch7's output size for scale s is (H-1)*s+1.
  lrn_forward(x, size, alpha=1e-4, beta=0.75, k=1.0) -> (out, scale)
  lrn_backward(x, grad_output, output, scale, size, alpha, beta, k) -> grad_input
      SpatialCrossMapLRN: scale = k + alpha/size * sum of x^2 over channels
      [c - size//2, c + (size-1)//2]; out = x * scale^-beta.
  batchnorm_forward(x, weight, bias, running_mean, running_var, train,
                    momentum=0.1, eps=1e-5) -> (out, mean, invstd)
  batchnorm_backward(x, grad_output, weight, mean, invstd, train,
                     grad_weight=None, grad_bias=None, scale=1.0,
                     need_input=True) -> grad_input or None
      (Spatial/Volumetric)BatchNormalization as THNN: N x C or N x C x *S,
      train mode uses batch stats and updates running_mean/var in place
      (running_var gets the unbiased variance); eval uses the running stats.
      Forward returns the (mean, invstd) that backward needs (save_mean /
      save_std in train mode, running_mean and 1/sqrt(running_var+eps) in eval).
"""
import numpy as np

__all__ = [
    "pad_forward", "pad_backward",
    "upsample_nearest_forward", "upsample_nearest_backward",
    "upsample_bilinear_forward", "upsample_bilinear_backward",
    "lrn_forward", "lrn_backward", "batchnorm_forward", "batchnorm_backward",
]

_ALL = slice(None)
_NP_MODES = {"reflect": "reflect", "replicate": "edge"}


# ------------------------------------------------------------------ padding
def _norm_pads(pads, d):
    pads = tuple((int(a), int(b)) for a, b in pads)
    if len(pads) != d:
        raise ValueError(f"need {d} (before, after) pairs, got {pads}")
    return pads


def _const_slices(sp, pads):
    """Source/destination slices of constant padding with possibly negative pads."""
    src, dst = [], []
    for n, (a, b) in zip(sp, pads):
        s0, s1 = max(-a, 0), n - max(-b, 0)
        d0 = max(a, 0)
        src.append(slice(s0, max(s1, s0)))
        dst.append(slice(d0, d0 + max(s1 - s0, 0)))
    return (_ALL, _ALL) + tuple(src), (_ALL, _ALL) + tuple(dst)


def pad_forward(x, pads, mode="constant", value=0.0):
    """Pad the spatial dims of x; 'constant' accepts negative pads (cropping)."""
    pads = _norm_pads(pads, x.ndim - 2)
    if mode == "constant":
        shape = x.shape[:2] + tuple(n + a + b for n, (a, b) in zip(x.shape[2:], pads))
        out = np.full(shape, value, x.dtype)
        src, dst = _const_slices(x.shape[2:], pads)
        out[dst] = x[src]
        return out
    if any(a < 0 or b < 0 for a, b in pads):
        raise ValueError(f"{mode} padding needs non-negative pads")
    return np.pad(x, ((0, 0), (0, 0)) + pads, mode=_NP_MODES[mode])


def pad_backward(grad_output, input_shape, pads, mode="constant"):
    """Adjoint of pad_forward."""
    pads = _norm_pads(pads, grad_output.ndim - 2)
    if mode == "constant":
        gi = np.zeros(tuple(input_shape), grad_output.dtype)
        src, dst = _const_slices(tuple(input_shape[2:]), pads)
        gi[src] = grad_output[dst]
        return gi
    g = grad_output
    for ax, (a, b) in enumerate(pads, start=2):
        g = _fold_axis(g, ax, a, b, mode)
    return np.ascontiguousarray(g)


def _fold_axis(g, ax, a, b, mode):
    """Fold the a/b padded borders of g along ``ax`` back onto the centre."""
    n = g.shape[ax] - a - b

    def sl(lo, hi, step=None):
        return (_ALL,) * ax + (slice(lo, hi, step),)

    c = g[sl(a, a + n)].copy()
    if mode == "replicate":
        c[sl(0, 1)] += g[sl(0, a)].sum(axis=ax, keepdims=True)
        c[sl(n - 1, n)] += g[sl(a + n, a + n + b)].sum(axis=ax, keepdims=True)
    else:  # reflect: padded position a-j mirrors j, a+n-1+j mirrors n-1-j
        c[sl(1, a + 1)] += g[sl(0, a)][sl(None, None, -1)]
        c[sl(n - 1 - b, n - 1)] += g[sl(a + n, a + n + b)][sl(None, None, -1)]
    return c


# --------------------------------------------------------------- upsampling
def upsample_nearest_forward(x, scale):
    """Repeat every pixel ``scale`` times along each spatial dim (one copy)."""
    d = x.ndim - 2
    sc = (scale,) * d if np.isscalar(scale) else tuple(scale)
    sp = x.shape[2:]
    v = x.reshape(x.shape[:2] + sum(((n, 1) for n in sp), ()))
    full = x.shape[:2] + sum(((n, f) for n, f in zip(sp, sc)), ())
    return np.broadcast_to(v, full).reshape(x.shape[:2] + tuple(n * f for n, f in zip(sp, sc)))


def upsample_nearest_backward(grad_output, scale):
    d = grad_output.ndim - 2
    sc = (scale,) * d if np.isscalar(scale) else tuple(scale)
    sp = tuple(n // f for n, f in zip(grad_output.shape[2:], sc))
    g = grad_output.reshape(grad_output.shape[:2] + sum(((n, f) for n, f in zip(sp, sc)), ()))
    return g.sum(axis=tuple(range(3, 3 + 2 * d, 2)))


def _interp_matrix(n_in, n_out, dtype):
    """n_out x n_in linear interpolation matrix, align_corners=True."""
    m = np.zeros((n_out, n_in), dtype)
    r = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    src = r * np.arange(n_out)
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    lam = src - i0
    i1 = np.minimum(i0 + 1, n_in - 1)
    rows = np.arange(n_out)
    np.add.at(m, (rows, i0), 1.0 - lam)
    np.add.at(m, (rows, i1), lam)
    return m


def upsample_bilinear_forward(x, output_size):
    """SpatialUpSamplingBilinear: out = A_h @ x @ A_w^T (separable, BLAS)."""
    ah = _interp_matrix(x.shape[2], output_size[0], x.dtype)
    aw = _interp_matrix(x.shape[3], output_size[1], x.dtype)
    return np.matmul(ah, np.matmul(x, aw.T))


def upsample_bilinear_backward(grad_output, input_shape):
    ah = _interp_matrix(input_shape[2], grad_output.shape[2], grad_output.dtype)
    aw = _interp_matrix(input_shape[3], grad_output.shape[3], grad_output.dtype)
    return np.matmul(ah.T, np.matmul(grad_output, aw))


# ---------------------------------------------------------------------- LRN
def _channel_window_sum(a, before, after):
    """acc[:, c] = sum of a[:, c-before .. c+after] (clipped at the borders)."""
    acc = np.zeros_like(a)
    c = a.shape[1]
    for off in range(-before, after + 1):
        lo, hi = max(0, -off), min(c, c - off)
        if lo < hi:
            acc[:, lo:hi] += a[:, lo + off:hi + off]
    return acc


def lrn_forward(x, size, alpha=1e-4, beta=0.75, k=1.0):
    """SpatialCrossMapLRN forward; returns (out, scale) (scale is needed by backward)."""
    scale = _channel_window_sum(x * x, size // 2, (size - 1) // 2)
    scale *= alpha / size
    scale += k
    out = np.power(scale, -beta, dtype=x.dtype)
    out *= x
    return out, scale


def lrn_backward(x, grad_output, output, scale, size, alpha=1e-4, beta=0.75, k=1.0):
    """SpatialCrossMapLRN updateGradInput (k enters only through ``scale``)."""
    ratio = grad_output * output / scale
    acc = _channel_window_sum(ratio, (size - 1) // 2, size // 2)
    gi = np.power(scale, -beta, dtype=x.dtype) * grad_output
    gi -= (2.0 * alpha * beta / size) * x * acc
    return gi


# --------------------------------------------------------------- batch norm
def _bn_shapes(x):
    return (0,) + tuple(range(2, x.ndim)), (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _chan_dot(a, b):
    """Per-channel sum of a*b over batch and spatial dims."""
    n, c = a.shape[:2]
    return np.einsum("ncs,ncs->c", a.reshape(n, c, -1), b.reshape(n, c, -1))


def batchnorm_forward(x, weight, bias, running_mean, running_var, train,
                      momentum=0.1, eps=1e-5):
    """THNN BatchNormalization_updateOutput; returns (out, mean, invstd)."""
    axes, bshape = _bn_shapes(x)
    dt = x.dtype
    if train:
        n = x.size // x.shape[1]
        mean = x.mean(axis=axes)
        xc = x - mean.reshape(bshape)
        ssum = _chan_dot(xc, xc)
        var = ssum / n
        invstd = np.where((ssum == 0) & (eps == 0), 0, 1 / np.sqrt(var + eps)).astype(dt)
        if running_mean is not None:
            running_mean *= 1 - momentum
            running_mean += momentum * mean
        if running_var is not None and n > 1:
            running_var *= 1 - momentum
            running_var += momentum * (ssum / (n - 1))
    else:
        mean = np.asarray(running_mean, dt)
        invstd = (1 / np.sqrt(np.asarray(running_var, dt) + eps)).astype(dt)
    a = invstd if weight is None else invstd * weight
    c = -mean * a if bias is None else bias - mean * a
    out = x * a.astype(dt).reshape(bshape)
    out += c.astype(dt).reshape(bshape)
    return out, mean.astype(dt), invstd


def batchnorm_backward(x, grad_output, weight, mean, invstd, train, grad_weight=None,
                       grad_bias=None, scale=1.0, need_input=True):
    """THNN BatchNormalization_backward: returns grad_input (None if not needed);
    grad_weight/grad_bias accumulate ``+= scale * d`` in place when given."""
    axes, bshape = _bn_shapes(x)
    dt = x.dtype
    g = grad_output
    gsum = g.sum(axis=axes)
    xc = x - mean.reshape(bshape)
    dotp = _chan_dot(xc, g)
    gi = None
    if need_input:
        w = invstd if weight is None else invstd * weight
        if train:
            n = x.size // x.shape[1]
            kk = (dotp * invstd * invstd / n).astype(dt)
            gi = g - (gsum / n).astype(dt).reshape(bshape)
            gi -= xc * kk.reshape(bshape)
            gi *= w.astype(dt).reshape(bshape)
        else:
            gi = g * w.astype(dt).reshape(bshape)
    if grad_weight is not None:
        grad_weight += scale * dotp * invstd
    if grad_bias is not None:
        grad_bias += scale * gsum
    return gi
