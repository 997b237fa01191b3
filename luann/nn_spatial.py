"""Glue between the Lua nn convolution/pooling modules and the numpy kernels.

One function per module method, so each Lua ``updateOutput`` /
``updateGradInput`` / ``accGradParameters`` crosses into Python once.  Lua has
already checked the arguments, computed the output size and resized the
module's tensors; every array argument here is the numpy view of a torch
tensor (``torch._C.np``), and results are written into those views in place
(output, gradInput, finput, indices, gradWeight ...).  Single samples (no batch
dim) are handled by adding a leading axis of length 1 to every view.

Geometry arguments arrive in torch7's (W, H[, T]) order and are reversed here
into the kernels' array-axis order.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided

from .kernels import conv as KC
from .kernels import pool as KP
from .kernels import spatial as KS


def _b(a, batch):
    """View with a leading batch axis of 1 when the module got a single sample."""
    return a if batch else a[None]


def _put(dst, src):
    if dst is not src:
        np.copyto(dst, src.reshape(dst.shape), casting="unsafe")


# ----------------------------------------------------------------- convolution
# The convolutions run as im2col + one *batched* matmul per sample (N small
# GEMMs written straight into the N x O x P output), not one big GEMM over N*P
# columns: that skips the transposing copies of output and gradOutput, and the
# small GEMMs stay single-threaded inside OpenBLAS, which keeps them fast on a
# busy 2-core machine where one big threaded GEMM can stall (measured 10-100x).
# The stride-1 gradInput runs in blocks of samples whose workspace fits in
# this many bytes (the core's L2 is 2 MB): whole-batch GEMM columns are
# 10-20 MB, and streaming them through memory cost more than the GEMMs
# (LeNet, 1 thread: blocks of one sample took the step from ~28 to ~22 CPU ms
# in float64 and 13 to 11.5 in float32; whole-batch folding gained nothing).
# 1 MB rather than 256 KB: LeNet's blocks were one sample at 256 KB, and the
# ~6 numpy calls per block cost more than the cache misses of 3-7 samples
# (gradInput of both convolutions 2.5 -> 2.0 ms float32, 3.7 -> 3.5 float64).
_CHUNK_BYTES = 1 << 20


def _geom(x_shape, ksize, stride, padding, dilation):
    return KC._geometry(tuple(x_shape), ksize, stride, padding, dilation)


def _col2im_nfirst(gc, input_shape, k, s, p, dl, o, out):
    """Scatter-add N x (C*prod(k)) x prod(o) columns back into ``out`` (N x C x *S)."""
    n, c = input_shape[:2]
    sp = tuple(input_shape[2:])
    g = gc.reshape((n, c) + tuple(k) + tuple(o))
    if any(p):
        buf = np.zeros((n, c) + tuple(m + 2 * q for m, q in zip(sp, p)), gc.dtype)
    else:
        buf = out
        buf.fill(0)
    al = slice(None)
    for kidx in np.ndindex(*k):
        sl = tuple(slice(kidx[i] * dl[i], kidx[i] * dl[i] + s[i] * (o[i] - 1) + 1, s[i])
                   for i in range(len(k)))
        buf[(al, al) + sl] += g[(al, al) + kidx]
    if buf is not out:
        out[...] = buf[(al, al) + tuple(slice(q, q + m) for m, q in zip(sp, p))]
    return out


def _chunk(n, per_sample, itemsize):
    """Samples per block so that a block's working set stays in the core's cache
    (lua/nn/_spatial.lua sizes ``fgradInput`` by the same rule)."""
    return max(1, min(n, _CHUNK_BYTES // max(1, per_sample * itemsize)))


def convnd_forward(x, w, bias, y, finput, stride, padding, dilation):
    """x N x C x *S, w O x C x *k (any layout with that many numbers), y N x O x *o.

    (Whole-batch im2col then GEMMs: blocking this by samples, as gradInput
    is, measured no faster — the columns must be kept whole for
    accGradParameters anyway.)
    """
    n, o_ch = x.shape[0], w.shape[0]
    k, s, p, dl, o = _geom(x.shape, w.shape[2:], stride, padding, dilation)
    cols = KC.im2col(x, k, s, p, dl, out=finput if finput is not None and finput.size else None)
    ck, npix = cols.shape[0], int(np.prod(o))
    y3 = y.reshape(n, o_ch, npix)
    w2 = w.reshape(o_ch, ck).astype(x.dtype, copy=False)
    np.matmul(w2, cols.reshape(ck, n, npix).transpose(1, 0, 2), out=y3)
    if bias is not None:
        y3 += bias.astype(x.dtype, copy=False).reshape(1, o_ch, 1)
    return cols


def _workspace(fgrad, size, dtype):
    """Zero-filled flat workspace of ``size`` elements (in ``fgrad`` when it fits).

    Zeroed on every call: it is one sample block (<= _CHUNK_BYTES, ~20-50 us to
    fill) reused for the whole batch, and filling it each time keeps the
    result right even when scripts share ``fgradInput``/``finput`` storages
    between modules.
    """
    if fgrad is None or fgrad.dtype != dtype or fgrad.size < size \
            or not fgrad.flags.c_contiguous or not fgrad.flags.writeable:
        return np.zeros(size, dtype)
    ws = fgrad.reshape(-1)[:size]
    ws.fill(0)
    return ws


def _backward_input_fold(w2, g, gi, k, p, dl, o, fgrad):
    """Stride-1 2-D gradInput without a col2im scatter.

    gradOutput rows are zero-padded to the padded input width Wp, so the GEMM
    column block of kernel offset (i, j) lines up with the flattened padded
    input plane shifted by off = i*dh*Wp + j*dw (the wrapped-around row tails
    are zeros).  Each GEMM row (c, i, j) sits in a row of Lt = F + Hp*Wp
    elements behind F = max(off) zeros, with zeros after it (only the GEMM's
    block and gradOutput's rows are written, so one fill per call keeps the
    margins zero for every block of the batch), so padded input
    position P gets sum_(i,j) row_(c,i,j)[F + P - off]: one strided view
    V[n, c, P, i, j] and one sum over (i, j), written straight into gradInput
    (no scatter-add passes, no zero-filled accumulator).  The sum runs over the
    offsets in order, as the scatter-adds did, so the result is the same.
    """
    n, o_ch = g.shape[:2]
    c = gi.shape[1]
    (kh, kw), (ph, pw), (dh, dw), (oh, ow) = k, p, dl, o
    hp, wp = gi.shape[2] + 2 * ph, gi.shape[3] + 2 * pw
    plane, L, K = hp * wp, oh * wp, kh * kw
    F = (kh - 1) * dh * wp + (kw - 1) * dw
    lt = F + plane
    b = _chunk(n, c * K * lt + o_ch * L, g.itemsize)
    ngc = b * c * K * lt
    size = ngc + b * o_ch * L
    ws = _workspace(fgrad, size, g.dtype)
    gcb = ws[:ngc].reshape(b, c * K, lt)
    gpb = ws[ngc:size].reshape(b, o_ch, oh, wp)
    w2t = w2.T
    it = gcb.itemsize
    vb = as_strided(gcb[:, :, F:], (b, c, plane, kh, kw),
                    (gcb.strides[0], K * lt * it, it, (kw * lt - dh * wp) * it, (lt - dw) * it),
                    writeable=False)
    direct = ph == 0 and pw == 0 and gi.flags.c_contiguous
    for i0 in range(0, n, b):
        m = min(b, n - i0)
        gc, v = gcb[:m], vb[:m]
        if ow == wp:
            gv = g[i0:i0 + m].reshape(m, o_ch, L)
        else:
            gp = gpb[:m]
            gp[..., :ow] = g[i0:i0 + m]           # columns ow.. stay zero
            gv = gp.reshape(m, o_ch, L)
        np.matmul(w2t, gv, out=gc[:, :, F:F + L])
        if direct:
            np.sum(v, axis=(3, 4), out=gi[i0:i0 + m].reshape(m, c, plane))
        else:
            full = v.sum(axis=(3, 4)).reshape(m, c, hp, wp)
            gi[i0:i0 + m] = full[:, :, ph:ph + gi.shape[2], pw:pw + gi.shape[3]]


def convnd_backward_input(w, g, gi, stride, padding, dilation, fgrad=None):
    n, o_ch = g.shape[:2]
    k, s, p, dl, o = _geom(gi.shape, w.shape[2:], stride, padding, dilation)
    w2 = w.reshape(o_ch, -1).astype(g.dtype, copy=False)
    if len(k) == 2 and s == (1, 1):
        return _backward_input_fold(w2, g, gi, k, p, dl, o, fgrad)
    shape = (n, w2.shape[1], int(np.prod(o)))
    ws = fgrad.reshape(shape) if fgrad is not None and fgrad.size == np.prod(shape) \
        and fgrad.dtype == g.dtype and fgrad.flags.c_contiguous else None
    gc = np.matmul(w2.T, g.reshape(n, o_ch, -1), out=ws)         # N x CK x P
    _col2im_nfirst(gc, gi.shape, k, s, p, dl, o, gi)


def convnd_backward_params(x, g, grad_weight, grad_bias, cols, scale, stride, padding,
                           dilation, ksize):
    n, o_ch = g.shape[:2]
    if cols is None:
        cols = KC.im2col(x, ksize, stride, padding, dilation)
    ck = cols.shape[0]
    g3 = g.reshape(n, o_ch, -1)
    gw = np.matmul(g3, cols.reshape(ck, n, -1).transpose(1, 2, 0)).sum(axis=0)   # O x CK
    if scale != 1:
        gw *= scale
    grad_weight += gw.reshape(grad_weight.shape)
    if grad_bias is not None:
        grad_bias += scale * g3.sum(axis=(0, 2))


def conv_forward(x, weight, bias, output, finput, batch, kW, kH, dW, dH, padW, padH,
                 dilW=1, dilH=1):
    x = _b(x, batch)
    n_out = weight.shape[0]
    b = bias if bias is not None and bias.size else None
    convnd_forward(x, weight.reshape(n_out, -1, kH, kW), b, _b(output, batch), finput,
                   (dH, dW), (padH, padW), (dilH, dilW))


def conv_backward_input(weight, grad_output, grad_input, fgrad, batch, kW, kH, dW, dH,
                        padW, padH, dilW=1, dilH=1):
    n_out = weight.shape[0]
    convnd_backward_input(weight.reshape(n_out, -1, kH, kW), _b(grad_output, batch),
                          _b(grad_input, batch), (dH, dW), (padH, padW), (dilH, dilW), fgrad)


def conv_backward_params(x, grad_output, grad_weight, grad_bias, finput, scale, batch,
                         kW, kH, dW, dH, padW, padH, dilW=1, dilH=1):
    cols = finput if finput.ndim == 2 and finput.size else None
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    convnd_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, gb, cols, scale,
                           (dH, dW), (padH, padW), (dilH, dilW), (kH, kW))


# -------------------------------------------------------------------- pooling
def max_pool_forward(x, output, indices, batch, kW, kH, dW, dH, padW, padH, dilW, dilH,
                     ceil_mode):
    o, i = _b(output, batch), _b(indices, batch)
    out, idx = KP.max_pool_forward(_b(x, batch), (kH, kW), (dH, dW), (padH, padW),
                                   (dilH, dilW), bool(ceil_mode), out=o, out_indices=i)
    _put(o, out)              # no copy when the kernel wrote into the views
    _put(i, idx)


def max_pool_backward(grad_output, indices, grad_input, batch, overlapping):
    gi = _b(grad_input, batch)
    r = KP.max_pool_backward(_b(grad_output, batch), _b(indices, batch), gi.shape, out=gi,
                             overlapping=bool(overlapping))
    _put(gi, r)


def avg_pool_forward(x, output, batch, kW, kH, dW, dH, padW, padH, ceil_mode,
                     count_include_pad, divide=True):
    out = KP.avg_pool_forward(_b(x, batch), (kH, kW), (dH, dW), (padH, padW),
                              bool(ceil_mode), bool(count_include_pad))
    if not divide:        # sum pooling: undo the divisor of count_include_pad
        out *= kW * kH
    _put(output, out)


def avg_pool_backward(grad_output, grad_input, batch, kW, kH, dW, dH, padW, padH,
                      ceil_mode, count_include_pad, divide=True):
    gi = _b(grad_input, batch)
    r = KP.avg_pool_backward(_b(grad_output, batch), gi.shape, (kH, kW), (dH, dW),
                             (padH, padW), bool(ceil_mode), bool(count_include_pad))
    if not divide:
        r *= kW * kH
    _put(gi, r)


# ---------------------------------------------------------------- batch norm
def batchnorm_forward(x, output, weight, bias, running_mean, running_var, save_mean,
                      save_std, train, momentum, eps, batch=True):
    x = _b(x, batch)
    w = weight if weight is not None and weight.size else None
    b = bias if bias is not None and bias.size else None
    out, mean, invstd = KS.batchnorm_forward(x, w, b, running_mean, running_var,
                                             bool(train), momentum, eps)
    _put(output, out)
    if train:
        _put(save_mean, mean)
        _put(save_std, invstd)


def batchnorm_backward(x, grad_output, grad_input, grad_weight, grad_bias, weight,
                       running_mean, running_var, save_mean, save_std, train, scale, eps,
                       batch=True):
    x = _b(x, batch)
    grad_output = grad_output.reshape(x.shape)
    w = weight if weight is not None and weight.size else None
    if train:
        mean, invstd = save_mean, save_std
    else:
        mean = np.asarray(running_mean, x.dtype)
        invstd = (1 / np.sqrt(np.asarray(running_var, x.dtype) + eps)).astype(x.dtype)
    gw = grad_weight if grad_weight is not None and grad_weight.size else None
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    gi = KS.batchnorm_backward(x, grad_output, w, mean, invstd, bool(train), gw, gb,
                               scale, need_input=grad_input is not None)
    if grad_input is not None:
        _put(grad_input, gi)


# ------------------------------------------------------------------- padding
def pad_forward(x, output, batch, l, r, t, b, mode, value=0.0):
    out = KS.pad_forward(_b(x, batch), ((t, b), (l, r)), mode, value)
    _put(output, out)


def pad_backward(grad_output, grad_input, batch, l, r, t, b, mode):
    gi = _b(grad_input, batch)
    _put(gi, KS.pad_backward(_b(grad_output, batch), gi.shape, ((t, b), (l, r)), mode))


# ---------------------------------------------------- softmax over the planes
def softmax_forward(x, output, axis, log):
    m = x.max(axis=axis, keepdims=True)
    e = x - m
    if log:
        e -= np.log(np.exp(e).sum(axis=axis, keepdims=True))
        _put(output, e)
    else:
        np.exp(e, out=e)
        e /= e.sum(axis=axis, keepdims=True)
        _put(output, e)


def softmax_backward(output, grad_output, grad_input, axis, log):
    if log:
        r = grad_output - np.exp(output) * grad_output.sum(axis=axis, keepdims=True)
    else:
        r = output * (grad_output - (grad_output * output).sum(axis=axis, keepdims=True))
    _put(grad_input, r)


# --------------------------------------------------------------- lookup table
def lookup_forward(weight, idx, output):
    np.take(weight, idx.reshape(-1).astype(np.int64) - 1, axis=0,
            out=output.reshape(-1, weight.shape[1]))


def lookup_acc(grad_weight, idx, grad_output, scale, padding_value, scale_grad):
    ix = idx.reshape(-1).astype(np.int64)
    g = grad_output.reshape(len(ix), -1)
    if scale_grad:
        counts = np.bincount(ix, minlength=grad_weight.shape[0] + 1)[ix]
        g = g / counts[:, None]
    if padding_value:
        keep = ix != padding_value
        ix, g = ix[keep], g[keep]
    np.add.at(grad_weight, ix - 1, (scale * g).astype(grad_weight.dtype, copy=False))


def lookup_renorm(weight, idx, max_norm, norm_type):
    rows = np.unique(idx.reshape(-1).astype(np.int64)) - 1
    w = weight[rows]
    if norm_type == 1:
        norms = np.abs(w).sum(axis=1)
    elif norm_type == 2:
        norms = np.sqrt((w * w).sum(axis=1))
    else:
        norms = (np.abs(w) ** norm_type).sum(axis=1) ** (1.0 / norm_type)
    big = norms > max_norm
    if big.any():
        f = max_norm / (norms[big] + 1e-7)
        weight[rows[big]] = w[big] * f[:, None].astype(weight.dtype)


# ------------------------------------------------------- transposed conv
def full_conv_forward(x, weight, bias, output, columns, batch, kW, kH, dW, dH, padW, padH,
                      adjW, adjH):
    x = _b(x, batch)
    y = _b(output, batch)
    b = bias if bias is not None and bias.size else None
    r = KC.conv_transpose_forward(x, weight, b, (dH, dW), (padH, padW), 1, (adjH, adjW),
                                  columns=columns, out=y)
    _put(y, r)


def full_conv_backward_input(weight, grad_output, grad_input, batch, dW, dH, padW, padH):
    gi = _b(grad_input, batch)
    r = KC.conv_transpose_backward_input(_b(grad_output, batch), weight, (dH, dW),
                                         (padH, padW), out=gi)
    _put(gi, r)


def full_conv_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, dW, dH,
                              padW, padH):
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    KC.conv_transpose_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, gb,
                                      scale, (dH, dW), (padH, padW))


# -------------------------------------------------------- depthwise conv
def dw_conv_forward(x, weight, bias, output, batch, dW, dH, padW, padH):
    y = _b(output, batch)
    b = bias if bias is not None and bias.size else None
    _put(y, KC.depthwise_forward(_b(x, batch), weight, b, (dH, dW), (padH, padW), out=y))


def dw_conv_backward_input(weight, grad_output, grad_input, batch, dW, dH, padW, padH):
    gi = _b(grad_input, batch)
    _put(gi, KC.depthwise_backward_input(_b(grad_output, batch), weight, gi.shape, (dH, dW),
                                         (padH, padW), out=gi))


def dw_conv_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, dW, dH,
                            padW, padH):
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    KC.depthwise_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, gb, scale,
                                 (dH, dW), (padH, padW))


# ------------------------------------------------------------ subsampling
def subsampling_forward(x, weight, bias, output, batch, kW, kH, dW, dH):
    _put(output, KP.subsampling_forward(_b(x, batch), weight, bias, (kH, kW), (dH, dW)))


def subsampling_backward_input(weight, grad_output, grad_input, batch, kW, kH, dW, dH):
    gi = _b(grad_input, batch)
    _put(gi, KP.subsampling_backward_input(_b(grad_output, batch), weight, gi.shape, (kH, kW),
                                           (dH, dW)))


def subsampling_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, kW, kH,
                                dW, dH):
    KP.subsampling_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, grad_bias,
                                   (kH, kW), (dH, dW), scale)


# ------------------------------------------------------ adaptive pooling
def adaptive_max_forward(x, output, indices, batch, oW, oH):
    out, idx = KP.adaptive_max_pool2d_forward(_b(x, batch), (oH, oW))
    _put(output, out)
    _put(indices, idx)


def adaptive_avg_forward(x, output, batch, oW, oH):
    _put(output, KP.adaptive_avg_pool2d_forward(_b(x, batch), (oH, oW)))


def adaptive_avg_backward(grad_output, grad_input, batch):
    gi = _b(grad_input, batch)
    _put(gi, KP.adaptive_avg_pool2d_backward(_b(grad_output, batch), gi.shape))


# --------------------------------------------------------------- unpooling
def unpool_forward(x, indices, output, batch):
    y = _b(output, batch)
    _put(y, KP.max_unpool_forward(_b(x, batch), _b(indices, batch), y.shape[2:]))


def unpool_backward(grad_output, indices, grad_input, batch):
    _put(grad_input, KP.max_unpool_backward(_b(grad_output, batch), _b(indices, batch)))


# -------------------------------------------------------------- upsampling
def upsample_nearest_forward(x, output, batch, scale):
    _put(output, KS.upsample_nearest_forward(_b(x, batch), scale))


def upsample_nearest_backward(grad_output, grad_input, batch, scale):
    _put(grad_input, KS.upsample_nearest_backward(_b(grad_output, batch), scale))


def upsample_bilinear_forward(x, output, batch, oH, oW):
    _put(output, KS.upsample_bilinear_forward(_b(x, batch), (oH, oW)))


def upsample_bilinear_backward(grad_output, grad_input, batch):
    gi = _b(grad_input, batch)
    _put(gi, KS.upsample_bilinear_backward(_b(grad_output, batch), gi.shape))


# --------------------------------------------------------------------- LRN
def lrn_forward(x, output, scale_buf, batch, size, alpha, beta, k):
    out, sc = KS.lrn_forward(_b(x, batch), size, alpha, beta, k)
    _put(output, out)
    _put(scale_buf, sc)


def lrn_backward(x, grad_output, output, scale_buf, grad_input, batch, size, alpha, beta, k):
    r = KS.lrn_backward(_b(x, batch), _b(grad_output, batch), _b(output, batch),
                        _b(scale_buf, batch), size, alpha, beta, k)
    _put(grad_input, r)


# ------------------------------------- subtractive / divisive normalisation
def _local_mean(y, kern):
    """Zero-padded 'same' correlation of the channel sum of y (N x C x H x W) with kern."""
    kh, kw = kern.shape
    s = y.sum(axis=1, keepdims=True)
    return KC.conv_forward(s, kern[None, None].astype(y.dtype, copy=False),
                           padding=(kh // 2, kw // 2))


def _local_mean_adjoint(g, kern, shape):
    kh, kw = kern.shape
    return KC.conv_backward_input(g, kern[None, None].astype(g.dtype, copy=False),
                                  (shape[0], 1) + tuple(shape[2:]), padding=(kh // 2, kw // 2))


def _coef(x, kern):
    """The local mean of an all-ones input (1 inside, less near the borders)."""
    return _local_mean(np.ones((1, 1) + x.shape[2:], x.dtype), kern) * x.shape[1]


def subnorm_forward(x, kern, output, batch):
    """SpatialSubtractiveNormalization: x - local mean / border coefficient."""
    x = _b(x, batch)
    _put(output, x - _local_mean(x, kern) / _coef(x, kern))


def subnorm_backward(x, kern, grad_output, grad_input, batch):
    x = _b(x, batch)
    g = _b(grad_output, batch)
    adj = _local_mean_adjoint(g.sum(axis=1, keepdims=True) / _coef(x, kern), kern, x.shape)
    _put(grad_input, g - adj)


def _divnorm_stats(x, kern, threshold, thresval):
    coef = _coef(x, kern)
    std = np.sqrt(_local_mean(x * x, kern))
    adj = std / coef
    keep = adj > threshold
    t = np.where(keep, adj, x.dtype.type(thresval))
    return coef, std, keep, t


def divnorm_forward(x, kern, output, batch, threshold, thresval):
    """SpatialDivisiveNormalization: x / max-thresholded (local std / border coefficient)."""
    x = _b(x, batch)
    _, _, _, t = _divnorm_stats(x, kern, threshold, thresval)
    _put(output, x / t)


def divnorm_backward(x, kern, grad_output, grad_input, batch, threshold, thresval):
    x = _b(x, batch)
    g = _b(grad_output, batch)
    coef, std, keep, t = _divnorm_stats(x, kern, threshold, thresval)
    d_t = -(g * x).sum(axis=1, keepdims=True) / (t * t)
    d_std = np.where(keep, d_t, 0) / coef
    with np.errstate(divide="ignore", invalid="ignore"):
        d_v = np.where(std > 0, 0.5 * d_std / std, 0).astype(x.dtype)
    gi = g / t + 2 * x * _local_mean_adjoint(d_v, kern, x.shape)
    _put(grad_input, gi)


# ------------------------------------------------------ SpatialConvolutionMap
def _map_dense(weight, table, n_in, n_out, transposed=False):
    """Connection-table kernels (nk x kH x kW) -> dense nOut x nIn x kH x kW (nIn x nOut x kH x kW
    when transposed, the layout of a transposed convolution's weight)."""
    t = table.astype(np.int64) - 1
    if transposed:
        dense = np.zeros((n_in, n_out) + weight.shape[1:], weight.dtype)
        np.add.at(dense, (t[:, 0], t[:, 1]), weight)
    else:
        dense = np.zeros((n_out, n_in) + weight.shape[1:], weight.dtype)
        np.add.at(dense, (t[:, 1], t[:, 0]), weight)
    return dense


def convmap_forward(x, weight, bias, table, output, batch, n_in, n_out, dW, dH):
    y = _b(output, batch)
    r = KC.conv_forward(_b(x, batch), _map_dense(weight, table, n_in, n_out), bias, (dH, dW),
                        out=y)
    _put(y, r)


def convmap_backward_input(weight, table, grad_output, grad_input, batch, n_in, n_out, dW, dH):
    gi = _b(grad_input, batch)
    r = KC.conv_backward_input(_b(grad_output, batch), _map_dense(weight, table, n_in, n_out),
                               gi.shape, (dH, dW), out=gi)
    _put(gi, r)


def convmap_backward_params(x, grad_output, grad_weight, grad_bias, table, scale, batch,
                            n_in, n_out, dW, dH):
    x = _b(x, batch)
    dense = np.zeros((n_out, n_in) + grad_weight.shape[1:], x.dtype)
    KC.conv_backward_params(x, _b(grad_output, batch), dense, grad_bias, scale, (dH, dW))
    t = table.astype(np.int64) - 1
    grad_weight += dense[t[:, 1], t[:, 0]]


# ------------------------------------------------------------------ temporal
def _t(a, batch):
    return a if batch else a[None]


def temporal_conv_forward(x, weight, bias, output, batch, kW, dW):
    y = _t(output, batch)
    _put(y, KC.temporal_conv_forward(_t(x, batch), weight, bias, kW, dW, out=y))


def temporal_conv_backward_input(weight, grad_output, grad_input, batch, kW, dW):
    gi = _t(grad_input, batch)
    _put(gi, KC.temporal_conv_backward_input(_t(grad_output, batch), weight, gi.shape, kW, dW,
                                             out=gi))


def temporal_conv_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, kW, dW):
    KC.temporal_conv_backward_params(_t(x, batch), _t(grad_output, batch), grad_weight,
                                     grad_bias, kW, dW, scale)


def temporal_subsampling_forward(x, weight, bias, output, batch, kW, dW):
    _put(output, KP.temporal_subsampling_forward(_t(x, batch), weight, bias, kW, dW))


def temporal_subsampling_backward_input(weight, grad_output, grad_input, batch, kW, dW):
    gi = _t(grad_input, batch)
    _put(gi, KP.temporal_subsampling_backward_input(_t(grad_output, batch), weight, gi.shape,
                                                    kW, dW))


def temporal_subsampling_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch,
                                         kW, dW):
    KP.temporal_subsampling_backward_params(_t(x, batch), _t(grad_output, batch), grad_weight,
                                            grad_bias, kW, dW, scale)


def temporal_max_forward(x, output, indices, batch, kW, dW):
    out, idx = KP.temporal_max_pool_forward(_t(x, batch), kW, dW)
    _put(output, out)
    _put(indices, idx)


def temporal_max_backward(grad_output, indices, grad_input, batch, kW, dW):
    gi = _t(grad_input, batch)
    _put(gi, KP.temporal_max_pool_backward(_t(grad_output, batch), _t(indices, batch), gi.shape,
                                           kW, dW))


# ---------------------------------------------------------------- volumetric
def vconv_forward(x, weight, bias, output, finput, batch, kT, kW, kH, dT, dW, dH, padT, padW,
                  padH, dilT=1, dilW=1, dilH=1):
    b = bias if bias is not None and bias.size else None
    convnd_forward(_b(x, batch), weight.reshape(weight.shape[0], -1, kT, kH, kW), b,
                   _b(output, batch), finput, (dT, dH, dW), (padT, padH, padW), (dilT, dilH, dilW))


def vconv_backward_input(weight, grad_output, grad_input, batch, kT, kW, kH, dT, dW, dH, padT,
                         padW, padH, dilT=1, dilW=1, dilH=1):
    convnd_backward_input(weight.reshape(weight.shape[0], -1, kT, kH, kW),
                          _b(grad_output, batch), _b(grad_input, batch), (dT, dH, dW),
                          (padT, padH, padW), (dilT, dilH, dilW))


def vconv_backward_params(x, grad_output, grad_weight, grad_bias, finput, scale, batch, kT, kW,
                          kH, dT, dW, dH, padT, padW, padH, dilT=1, dilW=1, dilH=1):
    cols = finput if finput.ndim == 2 and finput.size else None
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    convnd_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, gb, cols, scale,
                           (dT, dH, dW), (padT, padH, padW), (dilT, dilH, dilW), (kT, kH, kW))


def vfull_forward(x, weight, bias, output, batch, dT, dW, dH, padT, padW, padH, aT, aW, aH):
    y = _b(output, batch)
    b = bias if bias is not None and bias.size else None
    _put(y, KC.conv_transpose_forward(_b(x, batch), weight, b, (dT, dH, dW), (padT, padH, padW),
                                      1, (aT, aH, aW), out=y))


def vfull_backward_input(weight, grad_output, grad_input, batch, dT, dW, dH, padT, padW, padH):
    gi = _b(grad_input, batch)
    _put(gi, KC.conv_transpose_backward_input(_b(grad_output, batch), weight, (dT, dH, dW),
                                              (padT, padH, padW), out=gi))


def vfull_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, dT, dW, dH,
                          padT, padW, padH):
    gb = grad_bias if grad_bias is not None and grad_bias.size else None
    KC.conv_transpose_backward_params(_b(x, batch), _b(grad_output, batch), grad_weight, gb,
                                      scale, (dT, dH, dW), (padT, padH, padW))


def vmax_forward(x, output, indices, batch, kT, kW, kH, dT, dW, dH, padT, padW, padH, dilT,
                 dilW, dilH, ceil_mode):
    o, i = _b(output, batch), _b(indices, batch)
    out, idx = KP.max_pool_forward(_b(x, batch), (kT, kH, kW), (dT, dH, dW), (padT, padH, padW),
                                   (dilT, dilH, dilW), bool(ceil_mode), out=o, out_indices=i)
    _put(o, out)
    _put(i, idx)


def vavg_forward(x, output, batch, kT, kW, kH, dT, dW, dH, padT, padW, padH, ceil_mode,
                 count_include_pad):
    _put(output, KP.avg_pool_forward(_b(x, batch), (kT, kH, kW), (dT, dH, dW), (padT, padH, padW),
                                     bool(ceil_mode), bool(count_include_pad)))


def vavg_backward(grad_output, grad_input, batch, kT, kW, kH, dT, dW, dH, padT, padW, padH,
                  ceil_mode, count_include_pad):
    gi = _b(grad_input, batch)
    _put(gi, KP.avg_pool_backward(_b(grad_output, batch), gi.shape, (kT, kH, kW), (dT, dH, dW),
                                  (padT, padH, padW), bool(ceil_mode), bool(count_include_pad)))


def vpad_forward(x, output, batch, l, r, t, b, f, bk):
    _put(output, KS.pad_forward(_b(x, batch), ((f, bk), (t, b), (l, r)), "replicate"))


def vpad_backward(grad_output, grad_input, batch, l, r, t, b, f, bk):
    gi = _b(grad_input, batch)
    _put(gi, KS.pad_backward(_b(grad_output, batch), gi.shape, ((f, bk), (t, b), (l, r)),
                             "replicate"))


# ------------------------------------------------------------------ criteria
def spatial_nll_forward(x, target, weights, batch, size_average, ignore_index):
    """SpatialClassNLLCriterion: returns (loss, total_weight); raises on a bad target."""
    x = x if batch else x[None]
    t = (target if batch else target[None]).astype(np.int64)
    c = x.shape[1]
    valid = t != ignore_index
    tv = np.where(valid, t, 1)
    if ((tv < 1) | (tv > c)).any():
        bad = int(tv[(tv < 1) | (tv > c)][0])
        return None, bad
    picked = np.take_along_axis(x, (tv - 1)[:, None], axis=1)[:, 0]
    w = np.ones(c, x.dtype) if weights is None or not weights.size else weights
    wt = np.where(valid, w[tv - 1], 0)
    total = float(wt.sum())
    loss = -float((picked * wt).sum())
    if size_average and total:
        loss /= total
    return loss, total


def spatial_nll_backward(x, target, weights, grad_input, batch, size_average, ignore_index,
                         total):
    gi = _b(grad_input, batch)
    t = (target if batch else target[None]).astype(np.int64)
    c = gi.shape[1]
    gi.fill(0)
    valid = t != ignore_index
    tv = np.where(valid, t, 1)
    w = np.ones(c, gi.dtype) if weights is None or not weights.size else weights
    wt = -np.where(valid, w[tv - 1], 0)
    if size_average and total:
        wt = wt / total
    np.put_along_axis(gi, (tv - 1)[:, None], wt[:, None].astype(gi.dtype), axis=1)


# -------------------------------------------------------- more temporal ops
def kmax_forward(x, output, indices, batch, k):
    """TemporalDynamicKMaxPooling: the k largest frames per feature, in time order."""
    x = _t(x, batch)
    part = np.argpartition(-x, k - 1, axis=1)[:, :k]
    idx = np.sort(part, axis=1)
    _put(output, np.take_along_axis(x, idx, axis=1))
    _put(indices, idx + 1)


def kmax_backward(grad_output, indices, grad_input, batch):
    gi = _t(grad_input, batch)
    gi.fill(0)
    np.put_along_axis(gi, _t(indices, batch) - 1, _t(grad_output, batch), axis=1)


def rowconv_forward(x, weight, bias, output, batch, kW, dW, feat_first):
    """TemporalRowConvolution: each feature convolved with its own kW kernel."""
    x = _t(x, batch)
    if not feat_first:
        x = x.transpose(0, 2, 1)                          # N x F x T
    f = x.shape[1]
    y = KC.conv_forward(x, weight.reshape(f, 1, kW), bias, dW, groups=f)
    if not feat_first:
        y = y.transpose(0, 2, 1)
    _put(_t(output, batch), y)


def rowconv_backward_input(weight, grad_output, grad_input, batch, kW, dW, feat_first):
    g = _t(grad_output, batch)
    gi = _t(grad_input, batch)
    if not feat_first:
        g, gshape = g.transpose(0, 2, 1), gi.transpose(0, 2, 1).shape
    else:
        gshape = gi.shape
    f = g.shape[1]
    r = KC.conv_backward_input(np.ascontiguousarray(g), weight.reshape(f, 1, kW), gshape, dW,
                               groups=f)
    _put(gi, r.transpose(0, 2, 1) if not feat_first else r)


def rowconv_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, kW, dW,
                            feat_first):
    x = _t(x, batch)
    g = _t(grad_output, batch)
    if not feat_first:
        x, g = x.transpose(0, 2, 1), g.transpose(0, 2, 1)
    f = x.shape[1]
    gw = grad_weight.reshape(f, 1, kW)
    KC.conv_backward_params(np.ascontiguousarray(x), np.ascontiguousarray(g), gw, grad_bias,
                            scale, dW, groups=f)
    if not np.shares_memory(gw, grad_weight):
        grad_weight[...] = gw.reshape(grad_weight.shape)


# ------------------------------------------------- locally connected conv
def local_forward(x, weight, bias, output, batch, kW, kH, dW, dH, padW, padH):
    """SpatialConvolutionLocal: weight oH x oW x nOut x (nIn*kH*kW), bias nOut x oH x oW."""
    x = _b(x, batch)
    oh, ow, o = weight.shape[:3]
    cols = KC.im2col(x, (kH, kW), (dH, dW), (padH, padW))            # CK x (N*P)
    n = x.shape[0]
    c3 = cols.reshape(cols.shape[0], n, oh * ow)
    w3 = weight.reshape(oh * ow, o, -1)
    y = np.einsum("pok,knp->nop", w3, c3, optimize=True) + bias.reshape(1, o, oh * ow)
    _put(output, y)


def local_backward_input(weight, grad_output, grad_input, batch, kW, kH, dW, dH, padW, padH):
    gi = _b(grad_input, batch)
    oh, ow, o = weight.shape[:3]
    g = _b(grad_output, batch).reshape(gi.shape[0], o, oh * ow)
    w3 = weight.reshape(oh * ow, o, -1)
    gc = np.einsum("pok,nop->knp", w3, g, optimize=True).reshape(w3.shape[2], -1)
    _put(gi, KC.col2im(np.ascontiguousarray(gc), gi.shape, (kH, kW), (dH, dW), (padH, padW)))


def local_backward_params(x, grad_output, grad_weight, grad_bias, scale, batch, kW, kH, dW, dH,
                          padW, padH):
    x = _b(x, batch)
    oh, ow, o = grad_weight.shape[:3]
    n = x.shape[0]
    cols = KC.im2col(x, (kH, kW), (dH, dW), (padH, padW)).reshape(-1, n, oh * ow)
    g = _b(grad_output, batch).reshape(n, o, oh * ow)
    gw = np.einsum("nop,knp->pok", g, cols, optimize=True)
    grad_weight += (scale * gw).reshape(grad_weight.shape).astype(grad_weight.dtype, copy=False)
    grad_bias += (scale * g.sum(axis=0)).reshape(grad_bias.shape).astype(grad_bias.dtype,
                                                                         copy=False)


# ----------------------------------------------------- SpatialFullConvolutionMap
def fullmap_forward(x, weight, bias, table, output, batch, n_in, n_out, dW, dH):
    y = _b(output, batch)
    r = KC.conv_transpose_forward(_b(x, batch), _map_dense(weight, table, n_in, n_out, True), bias,
                                  (dH, dW), out=y)
    _put(y, r)


def fullmap_backward_input(weight, table, grad_output, grad_input, batch, n_in, n_out, dW, dH):
    gi = _b(grad_input, batch)
    _put(gi, KC.conv_transpose_backward_input(_b(grad_output, batch),
                                              _map_dense(weight, table, n_in, n_out, True),
                                              (dH, dW), out=gi))


def fullmap_backward_params(x, grad_output, grad_weight, grad_bias, table, scale, batch, n_in,
                            n_out, dW, dH):
    dense = np.zeros((n_in, n_out) + grad_weight.shape[1:], grad_weight.dtype)
    KC.conv_transpose_backward_params(_b(x, batch), _b(grad_output, batch), dense, grad_bias,
                                      scale, (dH, dW))
    t = table.astype(np.int64) - 1
    grad_weight += dense[t[:, 0], t[:, 1]]


# ------------------------------------------------- nn.UpSampling (2-D / 3-D)
def _linear_up(x, out_sizes, transpose=False):
    """Separable (bi/tri)linear interpolation, corners aligned, over the spatial axes."""
    y = x
    for ax, n_out in enumerate(out_sizes, start=2):
        n_in = y.shape[ax]
        if transpose:
            n_in, n_out = n_out, n_in
        m = KS._interp_matrix(n_in, n_out, x.dtype)
        if transpose:
            m = m.T
        y = np.moveaxis(np.tensordot(m, np.moveaxis(y, ax, 0), axes=(1, 0)), 0, ax)
    return y


def upsampling_forward(x, output, mode, scale):
    if mode == "nearest":
        _put(output, KS.upsample_nearest_forward(x, scale))
    else:
        _put(output, _linear_up(x, output.shape[2:]))


def upsampling_backward(grad_output, grad_input, mode, scale):
    if mode == "nearest":
        _put(grad_input, KS.upsample_nearest_backward(grad_output, scale))
    else:
        _put(grad_input, _linear_up(grad_output, grad_input.shape[2:], transpose=True))


# ------------------------------------------------------------ FeatureLPPooling
def _feature_windows(x, axis, width, stride):
    n = x.shape[axis]
    o = (n - width) // stride + 1
    xs = np.moveaxis(x, axis, -1)
    st = xs.strides
    from numpy.lib.stride_tricks import as_strided
    win = as_strided(xs, xs.shape[:-1] + (o, width), st[:-1] + (st[-1] * stride, st[-1]),
                     writeable=False)
    return win, o


def flp_forward(x, output, axis, width, stride, power):
    win, _ = _feature_windows(x, axis, width, stride)
    y = (win ** power).sum(axis=-1) ** (1.0 / power)
    _put(output, np.moveaxis(y, -1, axis))


def flp_backward(x, output, grad_output, grad_input, axis, width, stride, power):
    win, o = _feature_windows(x, axis, width, stride)
    y = np.moveaxis(output, axis, -1)[..., None]
    g = np.moveaxis(grad_output, axis, -1)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        d = g * np.where(y != 0, (win / y) ** (power - 1), 0)
    gi = np.zeros(np.moveaxis(x, axis, -1).shape, x.dtype)
    for j in range(width):
        gi[..., j:j + stride * (o - 1) + 1:stride] += d[..., j]
    _put(grad_input, np.moveaxis(gi, -1, axis))


# ------------------------------------------------------ fractional max pooling
def _fractional_starts(samples, in_size, out_size, pool, dtype):
    """THNN generateIntervals for every (n, c): window start offsets, N x C x out_size."""
    s = samples.astype(dtype, copy=False)[..., None]
    if out_size > 1:
        alpha = dtype.type(in_size - pool) / dtype.type(out_size - 1)
        i = np.arange(out_size, dtype=dtype)
        seq = (np.trunc((i + s) * alpha) - np.trunc(s * alpha)).astype(np.int64)
    else:
        seq = np.zeros(s.shape[:-1] + (1,), np.int64)
    seq[..., -1] = in_size - pool
    return seq


def fractional_max_forward(x, samples, output, indices, batch, oW, oH, pW, pH):
    x = _b(x, batch)
    smp = samples                                             # N x C x 2 (W, H), N=1 unbatched
    n, c, h, w = x.shape
    rs = _fractional_starts(smp[..., 1], h, oH, pH, x.dtype)  # N x C x oH
    cs = _fractional_starts(smp[..., 0], w, oW, pW, x.dtype)  # N x C x oW
    rows = rs[..., :, None] + np.arange(pH)                   # N C oH pH
    cols = cs[..., :, None] + np.arange(pW)                   # N C oW pW
    flat = rows[:, :, :, None, :, None] * w + cols[:, :, None, :, None, :]   # N C oH oW pH pW
    flat = flat.reshape(n, c, oH, oW, pH * pW)
    vals = np.take_along_axis(x.reshape(n, c, 1, 1, h * w), flat.reshape(n, c, 1, 1, -1),
                              axis=-1).reshape(flat.shape)
    nanmask = np.isnan(vals)
    if nanmask.any():
        arg = np.where(nanmask.any(-1), nanmask.argmax(-1), vals.argmax(-1))
    else:
        arg = vals.argmax(-1)
    best = np.take_along_axis(vals, arg[..., None], axis=-1)[..., 0]
    idx = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0] + 1
    _put(output, best)
    _put(indices, idx)


# --------------------------------------------------------------- SparseLinear
def _sparse_rows(inputs):
    """Batch of nnz x 2 (index, value) arrays -> (row ids, column ids 0-based, values)."""
    rows, cols, vals = [], [], []
    for r, a in enumerate(inputs):
        if a.size:
            a = a.reshape(-1, 2)
            rows.append(np.full(a.shape[0], r, np.int64))
            cols.append(a[:, 0].astype(np.int64) - 1)
            vals.append(a[:, 1])
    if not rows:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def sparse_linear_forward(weight, bias, output, *inputs):
    rows, cols, vals = _sparse_rows(inputs)
    if cols.size and (cols.min() < 0 or cols.max() >= weight.shape[1]):
        return int((cols[(cols < 0) | (cols >= weight.shape[1])][0]) + 1)
    out = output.reshape(len(inputs), -1)
    out[...] = bias
    np.add.at(out.T, (slice(None), rows), weight[:, cols] * vals.astype(weight.dtype))
    return 0


def sparse_linear_acc(grad_weight, grad_bias, grad_output, scale, *inputs):
    rows, cols, vals = _sparse_rows(inputs)
    g = grad_output.reshape(len(inputs), -1)
    np.add.at(grad_weight.T, cols, (scale * g[rows] * vals[:, None]).astype(grad_weight.dtype))
    grad_bias += scale * g.sum(axis=0)


def sparse_linear_grad_input(weight, grad_output, *grad_inputs_and_inputs):
    """gradInput[i] = {index, weight[:, index] . gradOutput[row]} for every input entry."""
    pairs = grad_inputs_and_inputs
    half = len(pairs) // 2
    g = grad_output.reshape(half, -1)
    for r in range(half):
        gi, a = pairs[r], pairs[half + r]
        if a.size:
            a2 = a.reshape(-1, 2)
            idx = a2[:, 0].astype(np.int64) - 1
            gi2 = gi.reshape(-1, 2)
            gi2[:, 0] = a2[:, 0]
            gi2[:, 1] = weight[:, idx].T @ g[r]


def vfractional_max_forward(x, samples, output, indices, batch, oT, oW, oH, pT, pW, pH):
    """VolumetricFractionalMaxPooling; samples N x C x 3 are used as (T, W, H)."""
    x = _b(x, batch)
    n, c, t, h, w = x.shape
    ts = _fractional_starts(samples[..., 0], t, oT, pT, x.dtype)
    cs = _fractional_starts(samples[..., 1], w, oW, pW, x.dtype)
    rs = _fractional_starts(samples[..., 2], h, oH, pH, x.dtype)
    tt = ts[..., :, None] + np.arange(pT)                    # N C oT pT
    rr = rs[..., :, None] + np.arange(pH)
    cc = cs[..., :, None] + np.arange(pW)
    flat = (tt[:, :, :, None, None, :, None, None] * (h * w)
            + rr[:, :, None, :, None, None, :, None] * w
            + cc[:, :, None, None, :, None, None, :])       # N C oT oH oW pT pH pW
    flat = flat.reshape(n, c, oT, oH, oW, -1)
    vals = np.take_along_axis(x.reshape(n, c, -1), flat.reshape(n, c, -1), axis=-1)
    vals = vals.reshape(flat.shape)
    nanmask = np.isnan(vals)
    arg = np.where(nanmask.any(-1), nanmask.argmax(-1), vals.argmax(-1)) if nanmask.any() \
        else vals.argmax(-1)
    _put(output, np.take_along_axis(vals, arg[..., None], axis=-1)[..., 0])
    _put(indices, np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0] + 1)


# ---------------------------------------------------------------- IndexLinear
def _segments(sizes, n):
    """Row id of each of the n flat entries from the per-sample sizes."""
    return np.repeat(np.arange(len(sizes)), sizes.astype(np.int64))[:n]


def index_linear_forward(keys, offset, values, sizes, weight, bias, output):
    """output[b] = bias + sum over sample b's entries of values[i] * weight[keys[i]+offset]."""
    k = keys.astype(np.int64) + offset
    if k.size and (k.min() < 0 or k.max() >= weight.shape[0]):
        bad = k[(k < 0) | (k >= weight.shape[0])][0]
        return int(bad - offset)
    rows = _segments(sizes, k.size)
    out = output.reshape(len(sizes), -1)
    out[...] = bias
    np.add.at(out, rows, weight[k] * values.astype(weight.dtype)[:, None])
    return 0


def index_linear_acc(keys, values, sizes, grad_output, grad_weight_rows, grad_bias, scale):
    """grad_weight_rows (nnz x outputSize) = scale * values[i] * gradOutput[row(i)]."""
    rows = _segments(sizes, values.size)
    g = grad_output.reshape(len(sizes), -1)
    grad_weight_rows[...] = scale * values.astype(g.dtype)[:, None] * g[rows]
    grad_bias += scale * g.sum(axis=0)


def index_linear_update(weight, keys, offset, grad_weight_rows, lr, weight_decay):
    k = keys.astype(np.int64) + offset
    if weight_decay:
        weight[np.unique(k)] *= 1 - lr * weight_decay
    np.add.at(weight, k, -lr * grad_weight_rows)
