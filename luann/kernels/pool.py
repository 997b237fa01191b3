"""Stateless numpy pooling kernels in torch7 layout (no Lua knowledge).

Layout: ``N x C x *S`` (1, 2 or 3 spatial dims; callers add the batch dim),
temporal modules ``N x T x F``.  ``ksize``/``stride``/``padding``/``dilation``
are ints or tuples in ARRAY-AXIS order ((kH, kW), (dT, dH, dW) ...), the
reverse of torch7's (kW, kH) argument order.  Everything is vectorised over
strided views: the only Python loops run over kernel offsets or output rows.
Results keep the input dtype.

Index conventions (as torch7 THNN stores them, int64 arrays):
  * max_pool_forward / adaptive_max_pool2d_forward: 1-based flat index inside
    each plane's prod(S) (h*W + w + 1; t*H*W + h*W + w + 1 in 3-D), as
    Spatial(Dilated)MaxPooling, VolumetricMaxPooling, SpatialAdaptiveMaxPooling
    store ``indices``; max_unpool_* consume the same.  (PyTorch's are these
    minus one.)
  * temporal_max_pool_forward: 0-based offset inside the window (0..kW-1), as
    THNN TemporalMaxPooling stores them.

Functions (torch7 module served):
  pool_output_size(size, k, stride, pad, dilation=1, ceil_mode=False) -> int
  max_pool_forward(x, ksize, stride=None, padding=0, dilation=1, ceil_mode=False,
                   out=None, out_indices=None)
      -> (out, indices)      Spatial(Dilated)MaxPooling, Volumetric(Dilated)MaxPooling
  max_pool_backward(grad_output, indices, input_shape, out=None,
                    overlapping=True) -> grad_input
                             (also SpatialAdaptiveMaxPooling backward)
  avg_pool_forward(x, ksize, stride=None, padding=0, ceil_mode=False,
                   count_include_pad=True)      Spatial/VolumetricAveragePooling
  avg_pool_backward(grad_output, input_shape, ksize, stride, padding, ceil_mode,
                    count_include_pad)
  adaptive_max_pool2d_forward(x, (oH, oW)) -> (out, indices)  SpatialAdaptiveMaxPooling
  adaptive_avg_pool2d_forward(x, (oH, oW)) / adaptive_avg_pool2d_backward(g, input_shape)
                                                              SpatialAdaptiveAveragePooling
  max_unpool_forward(x, indices, output_size) / max_unpool_backward(g, indices)
                                             Spatial/VolumetricMaxUnpooling
  temporal_max_pool_forward(x, kW, dW=None) -> (out, indices)   TemporalMaxPooling
  temporal_max_pool_backward(grad_output, indices, input_shape, kW, dW=None)
  subsampling_forward(x, weight, bias, ksize, stride=None)      SpatialSubSampling
  subsampling_backward_input(grad_output, weight, input_shape, ksize, stride=None)
  subsampling_backward_params(x, grad_output, grad_weight, grad_bias, ksize,
                              stride=None, scale=1.0)
  temporal_subsampling_forward / _backward_input / _backward_params
      TemporalSubSampling: the same on N x T x F (weight, bias of size F).
  LP pooling (SpatialLPPooling) is composed by callers from these pieces.

Note: in ceil mode the last window must start inside the input or left
padding (PyTorch's rule; THNN only applied it with non-zero padding).
"""
import math

import numpy as np

from .conv import _tup  # int or sequence -> tuple of n ints

__all__ = [
    "pool_output_size", "max_pool_forward", "max_pool_backward",
    "avg_pool_forward", "avg_pool_backward",
    "adaptive_max_pool2d_forward", "adaptive_avg_pool2d_forward",
    "adaptive_avg_pool2d_backward", "max_unpool_forward", "max_unpool_backward",
    "temporal_max_pool_forward", "temporal_max_pool_backward",
    "subsampling_forward", "subsampling_backward_input", "subsampling_backward_params",
    "temporal_subsampling_forward", "temporal_subsampling_backward_input",
    "temporal_subsampling_backward_params",
]

_ALL = slice(None)


def pool_output_size(size, k, stride, pad=0, dilation=1, ceil_mode=False):
    """Pooled length; in ceil mode the last window must start inside input+left pad."""
    span = size + 2 * pad - dilation * (k - 1) - 1
    o = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (o - 1) * stride >= size + pad:
        o -= 1
    if o < 1:
        raise ValueError(f"output size too small: input {size}, kernel {k}")
    return o


def _geometry(shape, ksize, stride, padding, dilation, ceil_mode):
    d = len(shape) - 2
    k = _tup(ksize, d)
    s = k if stride is None else _tup(stride, d)
    p, dl = _tup(padding, d), _tup(dilation, d)
    o = tuple(pool_output_size(shape[2 + i], k[i], s[i], p[i], dl[i], ceil_mode)
              for i in range(d))
    return k, s, p, dl, o


def _padded(x, p, o, s, k, dl, fill):
    """x inside a ``fill`` buffer big enough for every (ceil-mode) window; x if none needed."""
    sp = x.shape[2:]
    size = tuple(max(sp[i] + 2 * p[i], (o[i] - 1) * s[i] + dl[i] * (k[i] - 1) + 1)
                 for i in range(len(sp)))
    if size == sp:
        return x
    buf = np.full(x.shape[:2] + size, fill, x.dtype)
    buf[(_ALL, _ALL) + tuple(slice(q, q + n) for n, q in zip(sp, p))] = x
    return buf


def _offsets(k, s, dl, o):
    """(flat offset j, kernel index, slices selecting that offset in every window)."""
    for j, kidx in enumerate(np.ndindex(*k)):
        yield j, kidx, tuple(slice(kidx[i] * dl[i], kidx[i] * dl[i] + s[i] * (o[i] - 1) + 1,
                                   s[i]) for i in range(len(k)))


def _window_sum(xp, k, s, dl, o):
    acc = None
    for _, _, sl in _offsets(k, s, dl, o):
        v = xp[(_ALL, _ALL) + sl]
        if acc is None:
            acc = v.copy()
        else:
            acc += v
    return acc


def _window_scatter(g, padded_shape, k, s, dl):
    """Adjoint of _window_sum: add g into every window position of a zero buffer."""
    o = g.shape[2:]
    gp = np.zeros(padded_shape, g.dtype)
    for _, _, sl in _offsets(k, s, dl, o):
        gp[(_ALL, _ALL) + sl] += g
    return gp


def _crop(gp, sp, p):
    return gp[(_ALL, _ALL) + tuple(slice(q, q + n) for n, q in zip(sp, p))]


# ------------------------------------------------------------- max pooling
def max_pool_forward(x, ksize, stride=None, padding=0, dilation=1, ceil_mode=False,
                     out=None, out_indices=None):
    """Max pooling; returns (out, indices) with 1-based flat per-plane indices.

    Running max over the prod(k) kernel offsets (first maximum wins, NaN
    counts as maximal as in THNN); the argmax offset is kept in a small int
    array and turned into flat indices by one table lookup.  ``out`` /
    ``out_indices`` (arrays of the result's shape, x's dtype / int64) are
    written in place when given (the returned arrays may still be new ones).
    """
    k, s, p, dl, o = _geometry(x.shape, ksize, stride, padding, dilation, ceil_mode)
    if s == k and not any(p) and all(d == 1 for d in dl) \
            and all(o[i] * k[i] <= x.shape[2 + i] for i in range(len(k))):
        r = _max_pool_tiled(x, k, o, out, out_indices)
        if r is not None:
            return r
    return _max_pool_general(x, k, s, p, dl, o)


def _max_pool_general(x, k, s, p, dl, o):
    """Any geometry: the running max over the kernel offsets (the reference the fast paths match)."""
    xp = _padded(x, p, o, s, k, dl, -np.inf)
    best, arg = _running_max(xp, k, s, dl, o, False)
    # np.maximum propagates NaN, so a window holding one has a NaN maximum: only
    # then redo the pass with THNN's "NaN wins" argmax (checks the output, not x)
    if x.dtype.kind == "f" and bool(np.isnan(best).any()):
        best, arg = _running_max(xp, k, s, dl, o, True)
    return best, _flat_index(arg, k, s, p, dl, x.shape[2:])


def _out(a, shape, dtype):
    ok = a is not None and a.shape == shape and a.dtype == dtype and a.flags.c_contiguous \
        and a.flags.writeable
    return a if ok else np.empty(shape, dtype)


def _max_pool_tiled(x, k, o, out, out_indices):
    """Non-overlapping windows (stride = kernel, no padding or dilation, every
    window inside x): the same numbers as _running_max's first pass, fewer passes.

    The maximum is the same np.maximum chain in the same order into a
    contiguous array (so even the sign of a zero maximum is the same); the
    first offset whose value equals it is the first maximum that
    _running_max's "v > best" keeps (any non-NaN values that compare equal to
    the maximum are equal to it), found branch-free: arg = sum over j of
    "no offset <= j holds the maximum".  A window with a NaN has a NaN
    maximum; then None is returned and the caller redoes the general pass
    with THNN's NaN rule.
    """
    d = len(k)
    n, c = x.shape[:2]
    shape = (n, c) + tuple(o)
    tiles = x[(_ALL, _ALL) + tuple(slice(0, o[i] * k[i]) for i in range(d))].reshape(
        (n, c) + tuple(v for i in range(d) for v in (o[i], k[i])))
    views = [tiles[(_ALL, _ALL) + tuple(v for i in range(d) for v in (_ALL, kidx[i]))]
             for kidx in np.ndindex(*k)]
    if out is not None and np.may_share_memory(out, x):
        out = None
    best = _out(out, shape, x.dtype)
    np.copyto(best, views[0])
    for v in views[1:]:
        np.maximum(best, v, out=best)
    if x.dtype.kind == "f" and bool(np.isnan(best).any()):
        return None
    arg = np.zeros(shape, np.uint8 if len(views) < 256 else np.int32)
    if len(views) > 1:
        none_yet = np.not_equal(views[0], best)          # no offset <= j is the max
        arg += none_yet
        ne = np.empty(shape, np.bool_)
        for v in views[1:-1]:
            np.not_equal(v, best, out=ne)
            none_yet &= ne
            arg += none_yet
    return best, _flat_index(arg, k, k, (0,) * d, (1,) * d, x.shape[2:],
                             _out(out_indices, shape, np.int64))


def _running_max(xp, k, s, dl, o, nan):
    best = arg = None
    for j, _, sl in _offsets(k, s, dl, o):
        v = xp[(_ALL, _ALL) + sl]
        if best is None:
            best = v.copy()
            arg = np.zeros(v.shape, np.uint8 if math.prod(k) < 256 else np.int32)
            continue
        m = v > best
        if nan:
            m |= np.isnan(v)
        # offsets only grow, so "arg = j where m" is max(arg, m*j): no masked copy
        np.maximum(arg, m.astype(arg.dtype, copy=False) * arg.dtype.type(j), out=arg)
        np.maximum(best, v, out=best)
    return best, arg


def _flat_index(arg, k, s, p, dl, sp, out=None):
    """Kernel-offset number per output -> 1-based flat index in the unpadded plane
    (written into ``out``, an int64 array of arg's shape, when given)."""
    d = len(k)
    rows = [int(math.prod(sp[i + 1:])) for i in range(d)]          # plane strides
    table = np.array([sum(kidx[i] * dl[i] * rows[i] for i in range(d))
                      for kidx in np.ndindex(*k)], np.int64)
    base = np.ones((), np.int64)                                    # the +1 of 1-based
    for i in range(d):
        start = (np.arange(arg.shape[2 + i]) * s[i] - p[i]) * rows[i]
        base = np.add.outer(base, start)
    # arg < len(table) always: 'clip' skips take's (much slower) bounds checks
    idx = np.take(table, arg, mode="clip", out=out)
    idx += base
    return idx


def max_pool_backward(grad_output, indices, input_shape, out=None, overlapping=True):
    """Scatter-add grad_output to the (1-based flat) argmax positions.

    ``overlapping=False`` (every stride >= dilation*(k-1)+1, so no input is
    the argmax of two windows) allows a plain, faster scatter assignment.
    """
    n, c = input_shape[:2]
    plane = math.prod(input_shape[2:])
    gi = out if out is not None else np.empty(tuple(input_shape), grad_output.dtype)
    gi.fill(0)
    g2 = gi.reshape(n * c, plane)
    idx = indices.reshape(n * c, -1) - 1 + (np.arange(n * c) * plane)[:, None]
    if overlapping:
        np.add.at(g2.reshape(-1), idx.reshape(-1), grad_output.reshape(-1))
    else:
        g2.reshape(-1)[idx.reshape(-1)] = grad_output.reshape(-1)
    if not np.shares_memory(g2, gi):
        gi[...] = g2.reshape(gi.shape)
    return gi


# --------------------------------------------------------- average pooling
def _avg_divisor(sp, k, s, p, o, count_include_pad, dtype):
    div = np.ones((), dtype)
    for i in range(len(k)):
        start = np.arange(o[i]) * s[i] - p[i]
        end = np.minimum(start + k[i], sp[i] + p[i])
        cnt = end - start if count_include_pad else \
            np.minimum(end, sp[i]) - np.maximum(start, 0)
        div = np.multiply.outer(div, cnt.astype(dtype))
    return div


def avg_pool_forward(x, ksize, stride=None, padding=0, ceil_mode=False,
                     count_include_pad=True):
    """Average pooling (torch7 SpatialAveragePooling divisor rules)."""
    k, s, p, dl, o = _geometry(x.shape, ksize, stride, padding, 1, ceil_mode)
    acc = _window_sum(_padded(x, p, o, s, k, dl, 0.0), k, s, dl, o)
    acc /= _avg_divisor(x.shape[2:], k, s, p, o, count_include_pad, x.dtype)
    return acc


def avg_pool_backward(grad_output, input_shape, ksize, stride=None, padding=0,
                      ceil_mode=False, count_include_pad=True):
    k, s, p, dl, o = _geometry(tuple(input_shape), ksize, stride, padding, 1, ceil_mode)
    sp = tuple(input_shape[2:])
    g = grad_output / _avg_divisor(sp, k, s, p, o, count_include_pad, grad_output.dtype)
    size = tuple(max(sp[i] + 2 * p[i], (o[i] - 1) * s[i] + k[i]) for i in range(len(k)))
    gp = _window_scatter(g, tuple(input_shape[:2]) + size, k, s, dl)
    return np.ascontiguousarray(_crop(gp, sp, p))


# -------------------------------------------------------- adaptive pooling
def _bounds(i, o, n):
    """START_IND / END_IND of THNN adaptive pooling."""
    return (i * n) // o, -(-((i + 1) * n) // o)


def adaptive_max_pool2d_forward(x, output_size):
    """SpatialAdaptiveMaxPooling; separable (W then H) max with 1-based flat indices."""
    n, c, h, w = x.shape
    oh, ow = output_size
    m1 = np.empty((n, c, h, ow), x.dtype)
    a1 = np.empty((n, c, h, ow), np.int64)
    for j in range(ow):
        a, b = _bounds(j, ow, w)
        r = x[..., a:b].argmax(axis=-1)
        a1[..., j] = r + a
        m1[..., j] = np.take_along_axis(x[..., a:b], r[..., None], axis=-1)[..., 0]
    out = np.empty((n, c, oh, ow), x.dtype)
    idx = np.empty((n, c, oh, ow), np.int64)
    for i in range(oh):
        a, b = _bounds(i, oh, h)
        r = m1[:, :, a:b].argmax(axis=2)[:, :, None]
        out[:, :, i] = np.take_along_axis(m1[:, :, a:b], r, axis=2)[:, :, 0]
        col = np.take_along_axis(a1[:, :, a:b], r, axis=2)[:, :, 0]
        idx[:, :, i] = (r[:, :, 0] + a) * w + col + 1
    return out, idx


def _adaptive_matrix(n, o, dtype):
    """o x n averaging matrix of THNN adaptive average pooling."""
    m = np.zeros((o, n), dtype)
    for i in range(o):
        a, b = _bounds(i, o, n)
        m[i, a:b] = 1.0 / (b - a)
    return m


def adaptive_avg_pool2d_forward(x, output_size):
    """SpatialAdaptiveAveragePooling as two small matmuls: A_h @ x @ A_w^T."""
    ah = _adaptive_matrix(x.shape[2], output_size[0], x.dtype)
    aw = _adaptive_matrix(x.shape[3], output_size[1], x.dtype)
    return np.matmul(ah, np.matmul(x, aw.T))


def adaptive_avg_pool2d_backward(grad_output, input_shape):
    oh, ow = grad_output.shape[2:]
    ah = _adaptive_matrix(input_shape[2], oh, grad_output.dtype)
    aw = _adaptive_matrix(input_shape[3], ow, grad_output.dtype)
    return np.matmul(ah.T, np.matmul(grad_output, aw))


# ------------------------------------------------------------ max unpooling
def max_unpool_forward(x, indices, output_size):
    """Spatial/VolumetricMaxUnpooling: zeros of N x C x *output_size, x put at indices-1."""
    n, c = x.shape[:2]
    out = np.zeros((n, c) + tuple(output_size), x.dtype)
    np.put_along_axis(out.reshape(n * c, -1), indices.reshape(n * c, -1) - 1,
                      x.reshape(n * c, -1), axis=1)
    return out


def max_unpool_backward(grad_output, indices):
    n, c = grad_output.shape[:2]
    g = np.take_along_axis(grad_output.reshape(n * c, -1), indices.reshape(n * c, -1) - 1,
                           axis=1)
    return g.reshape(indices.shape)


# -------------------------------------------------------- temporal pooling
def temporal_max_pool_forward(x, kw, dw=None):
    """TemporalMaxPooling on N x T x F; indices are 0-based offsets in the window."""
    dw = kw if dw is None else dw
    out, idx = max_pool_forward(x.transpose(0, 2, 1), (kw,), (dw,))
    off = idx - 1 - np.arange(out.shape[2]) * dw
    return (np.ascontiguousarray(out.transpose(0, 2, 1)),
            np.ascontiguousarray(off.transpose(0, 2, 1)))


def temporal_max_pool_backward(grad_output, indices, input_shape, kw, dw=None):
    dw = kw if dw is None else dw
    n, t, f = input_shape
    flat = indices.transpose(0, 2, 1) + np.arange(grad_output.shape[1]) * dw + 1
    gi = max_pool_backward(grad_output.transpose(0, 2, 1), flat, (n, f, t))
    return np.ascontiguousarray(gi.transpose(0, 2, 1))


# -------------------------------------------------------------- subsampling
def _cshape(x):
    return (1, -1) + (1,) * (x.ndim - 2)


def subsampling_forward(x, weight, bias, ksize, stride=None):
    """SpatialSubSampling: out = bias[c] + weight[c] * sum over each kernel window."""
    k, s, p, dl, o = _geometry(x.shape, ksize, stride, 0, 1, False)
    acc = _window_sum(x, k, s, dl, o)
    acc *= np.asarray(weight, x.dtype).reshape(_cshape(x))
    if bias is not None:
        acc += np.asarray(bias, x.dtype).reshape(_cshape(x))
    return acc


def subsampling_backward_input(grad_output, weight, input_shape, ksize, stride=None):
    k, s, p, dl, o = _geometry(tuple(input_shape), ksize, stride, 0, 1, False)
    g = grad_output * np.asarray(weight, grad_output.dtype).reshape(_cshape(grad_output))
    return _window_scatter(g, tuple(input_shape), k, s, dl)


def subsampling_backward_params(x, grad_output, grad_weight, grad_bias, ksize,
                                stride=None, scale=1.0):
    """grad_weight += scale * sum(g * window_sum(x)), grad_bias += scale * sum(g)."""
    k, s, p, dl, o = _geometry(x.shape, ksize, stride, 0, 1, False)
    axes = (0,) + tuple(range(2, x.ndim))
    acc = _window_sum(x, k, s, dl, o)
    grad_weight += scale * (acc * grad_output).sum(axis=axes)
    if grad_bias is not None:
        grad_bias += scale * grad_output.sum(axis=axes)
    return grad_weight, grad_bias


def temporal_subsampling_forward(x, weight, bias, kw, dw=1):
    """TemporalSubSampling on N x T x F -> N x oT x F."""
    y = subsampling_forward(x.transpose(0, 2, 1), weight, bias, (kw,), (dw,))
    return np.ascontiguousarray(y.transpose(0, 2, 1))


def temporal_subsampling_backward_input(grad_output, weight, input_shape, kw, dw=1):
    n, t, f = input_shape
    gi = subsampling_backward_input(grad_output.transpose(0, 2, 1), weight, (n, f, t),
                                    (kw,), (dw,))
    return np.ascontiguousarray(gi.transpose(0, 2, 1))


def temporal_subsampling_backward_params(x, grad_output, grad_weight, grad_bias, kw, dw=1,
                                         scale=1.0):
    return subsampling_backward_params(x.transpose(0, 2, 1), grad_output.transpose(0, 2, 1),
                                       grad_weight, grad_bias, (kw,), (dw,), scale)
