"""Stateless numpy convolution kernels in torch7 layout (no Lua knowledge).

Layout: input ``N x C x *S`` (S = (W,) (H, W) or (T, H, W)); callers add the
batch dim for single samples.  Convolution weights are ``nOut x nIn/groups x
*k`` (SpatialConvolutionMM's ``nOut x (nIn*kH*kW)`` holds the same numbers: pass
``w.reshape(nOut, nIn, kH, kW)``; grad_weight may be passed in either layout).
``stride``/``padding``/``dilation`` are ints or tuples in ARRAY-AXIS order
((dH, dW), (padH, padW), ...), i.e. the reverse of torch7's (dW, dH) argument
order.  Results keep the input dtype (weights are cast to it).  Every
convolution is one BLAS matmul over an im2col buffer built from an
``as_strided`` window view with a single copy (a batched matmul over groups).

Functions (torch7 module served):
  conv_output_size(size, k, stride=1, pad=0, dilation=1) -> int
  im2col(x, ksize, stride, padding, dilation, out=None) -> (C*prod(k), N*prod(o))
  im2col_shape(x_shape, ksize, stride, padding, dilation) -> that shape
  col2im(cols, input_shape, ksize, stride, padding, dilation, out=None) -> N x C x *S
  conv_forward(x, weight, bias, stride, padding, dilation, groups, columns, out)
  conv_backward_input(grad_output, weight, input_shape, stride, padding,
                      dilation, groups, grad_columns, out)
  conv_backward_params(x, grad_output, grad_weight, grad_bias, scale, stride,
                       padding, dilation, groups, columns)
      Spatial/Volumetric(Dilated)Convolution(MM), SpatialConvolutionMap-free
      grouped conv; grad_* accumulate ``+= scale * d`` (accGradParameters).
      ``columns`` (torch7's finput) is the im2col buffer: forward fills it when
      its shape/dtype fit, backward_params reuses it as forward's im2col of x.
  depthwise_forward / depthwise_backward_input / depthwise_backward_params
      SpatialDepthWiseConvolution: weight ``mult x nIn x kH x kW``, bias
      ``mult x nIn``; output plane ``i*mult + o`` = input plane i with weight[o, i].
  conv_transpose_output_size(size, k, stride, pad, dilation, adj) -> int
  conv_transpose_forward / conv_transpose_backward_input /
  conv_transpose_backward_params
      Spatial/VolumetricFullConvolution: weight ``nIn x nOut x *k``,
      ``output_padding`` = (adjH, adjW) (< stride); forward's ``columns`` is a
      ``nOut*prod(k) x N*prod(S)`` workspace, backward_params' ``columns`` the
      im2col of grad_output.
  temporal_conv_forward / temporal_conv_backward_input /
  temporal_conv_backward_params
      TemporalConvolution: input ``N x T x F``, weight ``nOut x (kW*F)``
      (``weight[o][k][f]``), output ``N x oT x nOut``.
  xcorr2, conv2, xcorr3, conv3 (x, k, mode='V'|'F')
      torch.xcorr2/conv2/xcorr3/conv3: 2D*2D -> 2D; 3D*3D -> 3D (plane-wise);
      3D*4D (q x p x kr x kc) -> 3D (sum over p).  conv flips the kernel.
"""
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = [
    "conv_output_size", "im2col", "im2col_shape", "col2im",
    "conv_forward", "conv_backward_input", "conv_backward_params",
    "depthwise_forward", "depthwise_backward_input", "depthwise_backward_params",
    "conv_transpose_output_size", "conv_transpose_forward",
    "conv_transpose_backward_input", "conv_transpose_backward_params",
    "temporal_conv_forward", "temporal_conv_backward_input",
    "temporal_conv_backward_params",
    "xcorr2", "conv2", "xcorr3", "conv3",
]

_ALL = slice(None)


# ----------------------------------------------------------------- helpers
def _tup(v, n):
    """Int or sequence -> tuple of n ints."""
    if isinstance(v, (int, np.integer)):
        return (int(v),) * n
    t = tuple(int(i) for i in v)
    if len(t) != n:
        raise ValueError(f"expected {n} values, got {t}")
    return t


def _buffer(buf, shape, dtype):
    """Return ``buf`` if it is a C-contiguous array of this shape/dtype, else a new one."""
    shape = tuple(shape)
    if (buf is not None and buf.shape == shape and buf.dtype == dtype
            and buf.flags.c_contiguous and buf.flags.writeable):
        return buf
    return np.empty(shape, dtype)


def _as(a, dtype):
    return None if a is None else np.asarray(a, dtype=dtype)


def _to_rows(a):
    """N x C x *S -> contiguous C x (N*prod(S)) (one transposing copy)."""
    n, c = a.shape[:2]
    return np.ascontiguousarray(a.reshape(n, c, -1).transpose(1, 0, 2)).reshape(c, -1)


def conv_output_size(size, k, stride=1, pad=0, dilation=1):
    """floor((size + 2*pad - dilation*(k-1) - 1) / stride) + 1; raises if < 1."""
    o = (size + 2 * pad - dilation * (k - 1) - 1) // stride + 1
    if o < 1:
        raise ValueError(f"output size too small: input {size}, kernel {k}, "
                         f"stride {stride}, pad {pad}, dilation {dilation}")
    return o


def _geometry(x_shape, ksize, stride, padding, dilation):
    d = len(x_shape) - 2
    k, s, p, dl = (_tup(v, d) for v in (ksize, stride, padding, dilation))
    o = tuple(conv_output_size(x_shape[2 + i], k[i], s[i], p[i], dl[i]) for i in range(d))
    return k, s, p, dl, o


def _padded(x, pad, fill=0.0):
    """Copy of x with ``pad`` (per spatial dim, both sides) of ``fill``; x itself if no pad."""
    if not any(pad):
        return x
    shape = x.shape[:2] + tuple(n + 2 * q for n, q in zip(x.shape[2:], pad))
    buf = np.full(shape, fill, x.dtype)
    buf[(_ALL, _ALL) + tuple(slice(q, q + n) for n, q in zip(x.shape[2:], pad))] = x
    return buf


def _windows(xp, k, s, dl, o):
    """Read-only view N x C x *o x *k of the sliding windows of (padded) xp."""
    st = xp.strides
    d = len(k)
    strides = st[:2] + tuple(st[2 + i] * s[i] for i in range(d)) \
        + tuple(st[2 + i] * dl[i] for i in range(d))
    return as_strided(xp, xp.shape[:2] + o + k, strides, writeable=False)


# ----------------------------------------------------------- im2col/col2im
def im2col_shape(x_shape, ksize, stride=1, padding=0, dilation=1):
    """Shape of im2col's columns (to preallocate a ``columns`` buffer)."""
    k, s, p, dl, o = _geometry(tuple(x_shape), ksize, stride, padding, dilation)
    return x_shape[1] * math.prod(k), x_shape[0] * math.prod(o)


def im2col(x, ksize, stride=1, padding=0, dilation=1, out=None):
    """Columns ``(C*prod(k)) x (N*prod(o))``, rows ordered (c, k...), cols (n, o...)."""
    k, s, p, dl, o = _geometry(x.shape, ksize, stride, padding, dilation)
    d = len(k)
    n, c = x.shape[:2]
    win = _windows(_padded(x, p), k, s, dl, o)
    axes = (1,) + tuple(range(2 + d, 2 + 2 * d)) + (0,) + tuple(range(2, 2 + d))
    cols = _buffer(out, (c * math.prod(k), n * math.prod(o)), x.dtype)
    np.copyto(cols.reshape((c,) + k + (n,) + o), win.transpose(axes))
    return cols


def col2im(cols, input_shape, ksize, stride=1, padding=0, dilation=1, out=None):
    """Adjoint of im2col: scatter-add columns back into an ``input_shape`` array.

    Loops over the prod(k) kernel offsets only; each step is one strided add
    into a C x N x *padded buffer (same order as the columns), then one
    transposing copy crops the padding.
    """
    k, s, p, dl, o = _geometry(tuple(input_shape), ksize, stride, padding, dilation)
    n, c = input_shape[:2]
    sp = tuple(input_shape[2:])
    gp = np.zeros((c, n) + tuple(m + 2 * q for m, q in zip(sp, p)), cols.dtype)
    c6 = cols.reshape((c,) + k + (n,) + o)
    for kidx in np.ndindex(*k):
        sl = tuple(slice(kidx[i] * dl[i], kidx[i] * dl[i] + s[i] * (o[i] - 1) + 1, s[i])
                   for i in range(len(k)))
        gp[(_ALL, _ALL) + sl] += c6[(_ALL,) + kidx]
    inner = gp[(_ALL, _ALL) + tuple(slice(q, q + m) for m, q in zip(sp, p))].swapaxes(0, 1)
    if out is None or out.shape != tuple(input_shape):
        out = np.empty(tuple(input_shape), cols.dtype)
    np.copyto(out, inner)
    return out


def _grouped_fwd(w2, cols, groups, out=None):
    """w2 (O x Cg*K), cols (C*K x M) -> (O x M), block-diagonal over groups."""
    if groups == 1:
        return np.matmul(w2, cols, out=out)
    o = w2.shape[0]
    res = np.matmul(w2.reshape(groups, o // groups, -1),
                    cols.reshape(groups, -1, cols.shape[1]))
    return res.reshape(o, -1)


def _grouped_bwd_data(w2, g2, groups, out=None):
    """w2 (O x Cg*K), g2 (O x M) -> (C*K x M) = blockdiag(w2)^T @ g2."""
    if groups == 1:
        return np.matmul(w2.T, g2, out=out)
    o = w2.shape[0]
    wg = w2.reshape(groups, o // groups, -1).transpose(0, 2, 1)
    gg = g2.reshape(groups, o // groups, -1)
    if out is not None:
        res = np.matmul(wg, gg, out=out.reshape(groups, wg.shape[1], -1))
    else:
        res = np.matmul(wg, gg)
    return res.reshape(-1, g2.shape[1])


def _grouped_bwd_weight(g2, cols, groups):
    """g2 (O x M), cols (C*K x M) -> (O x Cg*K) = g2 @ cols^T per group."""
    if groups == 1:
        return np.matmul(g2, cols.T)
    o = g2.shape[0]
    res = np.matmul(g2.reshape(groups, o // groups, -1),
                    cols.reshape(groups, -1, cols.shape[1]).transpose(0, 2, 1))
    return res.reshape(o, -1)


# ------------------------------------------------------------- convolution
def conv_forward(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1,
                 columns=None, out=None):
    """N-d convolution (cross-correlation, torch7/PyTorch sense).

    x: N x C x *S, weight: O x C/groups x *k, bias: O or None.
    Returns N x O x *o (written into ``out`` when its shape/dtype fit).
    """
    w = _as(weight, x.dtype)
    o_ch = w.shape[0]
    if x.shape[1] != w.shape[1] * groups or o_ch % groups:
        raise ValueError(f"channel mismatch: input {x.shape}, weight {w.shape}, groups {groups}")
    k, s, p, dl, o = _geometry(x.shape, w.shape[2:], stride, padding, dilation)
    cols = im2col(x, k, s, p, dl, out=columns)
    res = _grouped_fwd(w.reshape(o_ch, -1), cols, groups)        # O x (N*P)
    n = x.shape[0]
    y = _buffer(out, (n, o_ch) + o, x.dtype)
    res3 = res.reshape(o_ch, n, -1).transpose(1, 0, 2)
    if bias is not None:
        np.add(res3, _as(bias, x.dtype).reshape(1, o_ch, 1), out=y.reshape(n, o_ch, -1))
    else:
        np.copyto(y.reshape(n, o_ch, -1), res3)
    return y


def conv_backward_input(grad_output, weight, input_shape, stride=1, padding=0,
                        dilation=1, groups=1, grad_columns=None, out=None):
    """d loss / d input (N x C x *S) of conv_forward; ``grad_columns`` is a workspace."""
    g = grad_output
    w = _as(weight, g.dtype)
    o_ch = w.shape[0]
    ck = w[0].size * groups
    gcols = _buffer(grad_columns, (ck, g[:, 0].size), g.dtype)
    gcols = _grouped_bwd_data(w.reshape(o_ch, -1), _to_rows(g), groups, out=gcols)
    return col2im(gcols, input_shape, w.shape[2:], stride, padding, dilation, out=out)


def conv_backward_params(x, grad_output, grad_weight, grad_bias=None, scale=1.0,
                         stride=1, padding=0, dilation=1, groups=1, columns=None,
                         ksize=None):
    """accGradParameters: grad_weight += scale*dW, grad_bias += scale*db (in place).

    ``columns``: im2col(x) as left by conv_forward (recomputed when None).
    grad_weight may be O x C/g x *k or MM's O x (C/g*prod(k)) (then give ksize
    or columns).
    """
    if columns is None:
        kshape = ksize if ksize is not None else grad_weight.shape[2:]
        if len(kshape) != x.ndim - 2:
            raise ValueError("MM-layout grad_weight needs ksize (or columns)")
        columns = im2col(x, kshape, stride, padding, dilation)
    g2 = _to_rows(grad_output)
    gw = _grouped_bwd_weight(g2, columns, groups)
    if scale != 1:
        gw *= scale
    grad_weight += gw.reshape(grad_weight.shape)
    if grad_bias is not None:
        grad_bias += scale * g2.sum(axis=1)
    return grad_weight, grad_bias


# ----------------------------------------------------------- depthwise conv
def _dw_weight(weight):
    """mult x nIn x *k -> (nIn*mult) x 1 x *k with plane i*mult+o = weight[o, i]."""
    m, c = weight.shape[:2]
    return np.ascontiguousarray(weight.swapaxes(0, 1)).reshape((c * m, 1) + weight.shape[2:])


def _dw_bias(bias, m, c):
    return None if bias is None else np.ascontiguousarray(
        np.asarray(bias).reshape(m, c).T).reshape(-1)


def depthwise_forward(x, weight, bias=None, stride=1, padding=0, dilation=1,
                      columns=None, out=None):
    """SpatialDepthWiseConvolution forward: N x nIn x H x W -> N x (nIn*mult) x oH x oW."""
    m, c = weight.shape[:2]
    return conv_forward(x, _dw_weight(_as(weight, x.dtype)), _dw_bias(bias, m, c),
                        stride, padding, dilation, groups=c, columns=columns, out=out)


def depthwise_backward_input(grad_output, weight, input_shape, stride=1, padding=0,
                             dilation=1, grad_columns=None, out=None):
    return conv_backward_input(grad_output, _dw_weight(_as(weight, grad_output.dtype)),
                               input_shape, stride, padding, dilation,
                               groups=weight.shape[1], grad_columns=grad_columns, out=out)


def depthwise_backward_params(x, grad_output, grad_weight, grad_bias=None, scale=1.0,
                              stride=1, padding=0, dilation=1, columns=None):
    """grad_weight (mult x nIn x *k) += scale*dW; grad_bias (mult x nIn or flat) += scale*db."""
    m, c = grad_weight.shape[:2]
    gw = np.zeros((c * m, 1) + grad_weight.shape[2:], x.dtype)
    gb = None if grad_bias is None else np.zeros(c * m, x.dtype)
    conv_backward_params(x, grad_output, gw, gb, scale, stride, padding, dilation,
                         groups=c, columns=columns)
    grad_weight += gw.reshape((c, m) + grad_weight.shape[2:]).swapaxes(0, 1)
    if grad_bias is not None:
        grad_bias += gb.reshape(c, m).T.reshape(grad_bias.shape)
    return grad_weight, grad_bias


# ------------------------------------------------------ transposed (full) conv
def conv_transpose_output_size(size, k, stride=1, pad=0, dilation=1, adj=0):
    """(size-1)*stride - 2*pad + dilation*(k-1) + 1 + adj."""
    return (size - 1) * stride - 2 * pad + dilation * (k - 1) + 1 + adj


def conv_transpose_forward(x, weight, bias=None, stride=1, padding=0, dilation=1,
                           output_padding=0, columns=None, out=None):
    """Spatial/VolumetricFullConvolution: x N x nIn x *S, weight nIn x nOut x *k."""
    w = _as(weight, x.dtype)
    d = x.ndim - 2
    k = w.shape[2:]
    s, p, dl, adj = (_tup(v, d) for v in (stride, padding, dilation, output_padding))
    if any(a >= st for a, st in zip(adj, s)):
        raise ValueError(f"adj {adj} must be smaller than stride {s}")
    osize = tuple(conv_transpose_output_size(x.shape[2 + i], k[i], s[i], p[i], dl[i], adj[i])
                  for i in range(d))
    n_in, n_out = w.shape[:2]
    cols = _buffer(columns, (n_out * math.prod(k), x[:, 0].size), x.dtype)
    np.matmul(w.reshape(n_in, -1).T, _to_rows(x), out=cols)
    y = _buffer(out, (x.shape[0], n_out) + osize, x.dtype)
    col2im(cols, y.shape, k, s, p, dl, out=y)
    if bias is not None:
        y += _as(bias, x.dtype).reshape((1, n_out) + (1,) * d)
    return y


def conv_transpose_backward_input(grad_output, weight, stride=1, padding=0, dilation=1,
                                  columns=None, out=None):
    """d loss / d x of conv_transpose_forward (a plain convolution of grad_output)."""
    return conv_forward(grad_output, weight, None, stride, padding, dilation,
                        columns=columns, out=out)


def conv_transpose_backward_params(x, grad_output, grad_weight, grad_bias=None, scale=1.0,
                                   stride=1, padding=0, dilation=1, columns=None):
    """grad_weight (nIn x nOut x *k) += scale*dW, grad_bias (nOut) += scale*db.

    ``columns``: im2col(grad_output) if already computed (e.g. by backward_input).
    """
    conv_backward_params(grad_output, x, grad_weight, None, scale, stride, padding,
                         dilation, columns=columns)
    if grad_bias is not None:
        axes = (0,) + tuple(range(2, grad_output.ndim))
        grad_bias += scale * grad_output.sum(axis=axes)
    return grad_weight, grad_bias


# ------------------------------------------------------------ temporal conv
def _temporal_windows(x, kw, dw):
    n, t, f = x.shape
    ot = conv_output_size(t, kw, dw)
    st = x.strides
    return as_strided(x, (n, ot, kw, f), (st[0], st[1] * dw, st[1], st[2]), writeable=False)


def temporal_conv_forward(x, weight, bias, kw, dw=1, columns=None, out=None):
    """TemporalConvolution: x N x T x F, weight nOut x (kW*F) -> N x oT x nOut."""
    win = _temporal_windows(x, kw, dw)
    n, ot, _, f = win.shape
    cols = _buffer(columns, (n * ot, kw * f), x.dtype)
    np.copyto(cols.reshape(win.shape), win)
    w = _as(weight, x.dtype).reshape(-1, kw * f)
    y = _buffer(out, (n, ot, w.shape[0]), x.dtype)
    np.matmul(cols, w.T, out=y.reshape(n * ot, -1))
    if bias is not None:
        y += _as(bias, x.dtype)
    return y


def temporal_conv_backward_input(grad_output, weight, input_shape, kw, dw=1, out=None):
    n, ot, o = grad_output.shape
    w = _as(weight, grad_output.dtype).reshape(o, -1)
    gcols = np.matmul(grad_output.reshape(n * ot, o), w).reshape(n, ot, kw, -1)
    gi = _buffer(out, input_shape, grad_output.dtype)
    gi.fill(0)
    for j in range(kw):
        gi[:, j:j + dw * (ot - 1) + 1:dw] += gcols[:, :, j]
    return gi


def temporal_conv_backward_params(x, grad_output, grad_weight, grad_bias, kw, dw=1,
                                  scale=1.0, columns=None):
    """grad_weight (nOut x kW*F) += scale*dW, grad_bias += scale*db; columns from forward."""
    n, ot, o = grad_output.shape
    if columns is None:
        win = _temporal_windows(x, kw, dw)
        columns = np.ascontiguousarray(win).reshape(n * ot, -1)
    g2 = grad_output.reshape(n * ot, o)
    gw = np.matmul(g2.T, columns)
    if scale != 1:
        gw *= scale
    grad_weight += gw.reshape(grad_weight.shape)
    if grad_bias is not None:
        grad_bias += scale * g2.sum(axis=0)
    return grad_weight, grad_bias


# ------------------------------------------------- torch.conv2/xcorr2/conv3/xcorr3
def _xcorr(x, k, mode, d):
    mode = mode.upper()
    if mode not in ("V", "F"):
        raise ValueError("mode must be 'V' (valid) or 'F' (full)")
    pad = tuple(m - 1 for m in k.shape[-d:]) if mode == "F" else 0
    k = np.asarray(k, x.dtype)
    if x.ndim == d and k.ndim == d:
        return conv_forward(x[None, None], k[None, None], padding=pad)[0, 0]
    if x.ndim == d + 1 and k.ndim == d + 1:
        return conv_forward(x[None], k[:, None], padding=pad, groups=x.shape[0])[0]
    if x.ndim == d + 1 and k.ndim == d + 2:
        return conv_forward(x[None], k, padding=pad)[0]
    raise ValueError(f"unsupported dims: input {x.ndim}D, kernel {k.ndim}D")


def _flip(k, d):
    return np.asarray(k)[(Ellipsis,) + (slice(None, None, -1),) * d]


def xcorr2(x, k, mode="V"):
    """torch.xcorr2: 2-D cross-correlation, 'V' valid or 'F' full."""
    return _xcorr(x, k, mode, 2)


def conv2(x, k, mode="V"):
    """torch.conv2: 2-D convolution (kernel flipped), 'V' valid or 'F' full."""
    return _xcorr(x, _flip(k, 2), mode, 2)


def xcorr3(x, k, mode="V"):
    """torch.xcorr3: 3-D cross-correlation; 3D*3D, 4D*4D plane-wise, 4D*5D summed."""
    return _xcorr(x, k, mode, 3)


def conv3(x, k, mode="V"):
    """torch.conv3: 3-D convolution (kernel flipped)."""
    return _xcorr(x, _flip(k, 3), mode, 3)
