"""Numpy conv/pool/spatial kernels (luann.kernels.conv/pool/spatial) vs PyTorch CPU.

Forward and backward at small random shapes in float64, plus float32 dtype
preservation.  Skipped where PyTorch is absent.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from luann.kernels import conv as C  # noqa: E402
from luann.kernels import pool as P  # noqa: E402
from luann.kernels import spatial as S  # noqa: E402

RNG = np.random.default_rng(1234)


def rnd(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def T(a):
    return torch.tensor(a, requires_grad=True)


def close(a, b, tol=1e-10):
    b = b.detach().numpy() if isinstance(b, torch.Tensor) else b
    assert a.shape == b.shape, (a.shape, b.shape)
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def torch_run(fn, *arrays):
    """Forward fn on leaf tensors; backward a random grad; return (out, g, grads)."""
    ts = [T(a) for a in arrays]
    y = fn(*ts)
    g = rnd(*y.shape)
    y.backward(torch.tensor(g))
    return y.detach().numpy(), g, [t.grad.numpy() for t in ts]


# ------------------------------------------------------------------- conv
CONV2D = [
    dict(stride=1, padding=0, dilation=1, groups=1),
    dict(stride=2, padding=1, dilation=1, groups=1),
    dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=1),
    dict(stride=1, padding=1, dilation=2, groups=2),
    dict(stride=(1, 2), padding=0, dilation=1, groups=4),
]


@pytest.mark.parametrize("kw", CONV2D)
def test_conv2d_forward_backward(kw):
    x, w, b = rnd(2, 4, 7, 8), rnd(8, 4 // kw["groups"], 3, 2), rnd(8)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(lambda x, w, b: F.conv2d(x, w, b, **kw), x, w, b)
    y = C.conv_forward(x, w, b, **kw)
    close(y, y_t)
    close(C.conv_backward_input(g, w, x.shape, **kw), gx_t)
    gw0, gb0 = rnd(*w.shape), rnd(8)
    gw, gb = gw0.copy(), gb0.copy()
    C.conv_backward_params(x, g, gw, gb, 0.5, **kw)
    close(gw, gw0 + 0.5 * gw_t)
    close(gb, gb0 + 0.5 * gb_t)


def test_conv2d_buffers_and_mm_layout():
    x, w, b = rnd(3, 2, 6, 6), rnd(5, 2, 3, 3), rnd(5)
    cols = np.empty(C.im2col_shape(x.shape, (3, 3)))
    out = np.empty((3, 5, 4, 4))
    y = C.conv_forward(x, w, b, columns=cols, out=out)
    assert y is out
    close(cols, C.im2col(x, (3, 3)))          # forward left torch7's finput in the buffer
    ref = C.conv_forward(x, w, b)
    close(y, ref)
    # MM layout grad_weight (nOut x nIn*kH*kW), params from forward's columns
    g = rnd(*y.shape)
    gw_mm = np.zeros((5, 18))
    C.conv_backward_params(x, g, gw_mm, None, columns=cols)
    gw = np.zeros((5, 2, 3, 3))
    C.conv_backward_params(x, g, gw, None)
    close(gw_mm, gw.reshape(5, 18))
    gw_mm2 = np.zeros((5, 18))
    C.conv_backward_params(x, g, gw_mm2, None, ksize=(3, 3))
    close(gw_mm2, gw_mm)
    # caller workspace for backward-input columns
    gcols = np.empty((18, 3 * 16))
    gi = C.conv_backward_input(g, w, x.shape, grad_columns=gcols)
    close(gi, C.conv_backward_input(g, w, x.shape))


def test_depthwise():
    mult, nin = 3, 4
    x, w, b = rnd(2, nin, 7, 6), rnd(mult, nin, 3, 3), rnd(mult, nin)
    kw = dict(stride=2, padding=1)
    # torch7 plane i*mult+o uses weight[o, i], bias[o, i]
    wt = np.ascontiguousarray(w.transpose(1, 0, 2, 3)).reshape(nin * mult, 1, 3, 3)
    bt = np.ascontiguousarray(b.T).reshape(-1)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(
        lambda x, w, b: F.conv2d(x, w, b, groups=nin, **kw), x, wt, bt)
    close(C.depthwise_forward(x, w, b, **kw), y_t)
    close(C.depthwise_backward_input(g, w, x.shape, **kw), gx_t)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.depthwise_backward_params(x, g, gw, gb, 1.0, **kw)
    close(gw, gw_t.reshape(nin, mult, 3, 3).transpose(1, 0, 2, 3))
    close(gb, gb_t.reshape(nin, mult).T)


@pytest.mark.parametrize("kw", [
    dict(stride=1, padding=0, dilation=1, output_padding=0),
    dict(stride=2, padding=1, dilation=1, output_padding=1),
    dict(stride=(3, 2), padding=(1, 0), dilation=(2, 1), output_padding=(2, 1)),
])
def test_conv_transpose2d(kw):
    x, w, b = rnd(2, 3, 4, 5), rnd(3, 2, 3, 2), rnd(2)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(
        lambda x, w, b: F.conv_transpose2d(x, w, b, **kw), x, w, b)
    close(C.conv_transpose_forward(x, w, b, **kw), y_t)
    kk = {k: v for k, v in kw.items() if k != "output_padding"}
    close(C.conv_transpose_backward_input(g, w, **kk), gx_t)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.conv_transpose_backward_params(x, g, gw, gb, 1.0, **kk)
    close(gw, gw_t)
    close(gb, gb_t)


def test_conv3d_and_transpose3d():
    x, w, b = rnd(2, 2, 5, 6, 5), rnd(3, 2, 2, 3, 2), rnd(3)
    kw = dict(stride=(1, 2, 1), padding=(1, 0, 1), dilation=(1, 1, 2))
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(lambda x, w, b: F.conv3d(x, w, b, **kw), x, w, b)
    close(C.conv_forward(x, w, b, **kw), y_t)
    close(C.conv_backward_input(g, w, x.shape, **kw), gx_t)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.conv_backward_params(x, g, gw, gb, **kw)
    close(gw, gw_t)
    close(gb, gb_t)
    # VolumetricFullConvolution: weight nIn x nOut x kT x kH x kW
    x, w, b = rnd(1, 3, 3, 4, 3), rnd(3, 2, 2, 3, 2), rnd(2)
    kw = dict(stride=2, padding=(0, 1, 0), output_padding=(1, 0, 1))
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(
        lambda x, w, b: F.conv_transpose3d(x, w, b, **kw), x, w, b)
    close(C.conv_transpose_forward(x, w, b, **kw), y_t)
    kk = dict(stride=2, padding=(0, 1, 0))
    close(C.conv_transpose_backward_input(g, w, **kk), gx_t)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.conv_transpose_backward_params(x, g, gw, gb, 1.0, **kk)
    close(gw, gw_t)
    close(gb, gb_t)


@pytest.mark.parametrize("kw_dw", [(3, 1), (2, 2), (3, 2)])
def test_temporal_conv(kw_dw):
    kw, dw = kw_dw
    n, t, fin, fout = 2, 9, 4, 5
    x, w, b = rnd(n, t, fin), rnd(fout, kw * fin), rnd(fout)
    # torch7 weight[o][k][f] -> conv1d weight[o][f][k]
    wt = w.reshape(fout, kw, fin).transpose(0, 2, 1).copy()

    def ref(x, w, b):
        return F.conv1d(x.transpose(1, 2), w, b, stride=dw).transpose(1, 2)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(ref, x, wt, b)
    cols = np.empty((n * ((t - kw) // dw + 1), kw * fin))
    y = C.temporal_conv_forward(x, w, b, kw, dw, columns=cols)
    close(y, y_t)
    close(C.temporal_conv_backward_input(g, w, x.shape, kw, dw), gx_t)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.temporal_conv_backward_params(x, g, gw, gb, kw, dw, columns=cols)
    close(gw, gw_t.transpose(0, 2, 1).reshape(fout, -1))
    close(gb, gb_t)
    gw2 = np.zeros_like(w)
    C.temporal_conv_backward_params(x, g, gw2, None, kw, dw, scale=2.0)
    close(gw2, 2 * gw)


def test_conv2_xcorr2_conv3_xcorr3():
    x2, k2 = rnd(6, 7), rnd(3, 2)
    tx, tk = torch.tensor(x2)[None, None], torch.tensor(k2)[None, None]
    close(C.xcorr2(x2, k2), F.conv2d(tx, tk)[0, 0])
    close(C.xcorr2(x2, k2, "F"), F.conv2d(tx, tk, padding=(2, 1))[0, 0])
    close(C.conv2(x2, k2), F.conv2d(tx, tk.flip(2, 3))[0, 0])
    close(C.conv2(x2, k2, "F"), F.conv2d(tx, tk.flip(2, 3), padding=(2, 1))[0, 0])
    # full conv of a delta returns the kernel itself
    delta = np.zeros((1, 1))
    delta[0, 0] = 1
    close(C.conv2(delta, k2, "F"), k2)
    # 3D x 3D: plane-wise; 3D x 4D: summed over input planes
    x3, k3, k4 = rnd(3, 5, 6), rnd(3, 2, 3), rnd(4, 3, 2, 3)
    close(C.xcorr2(x3, k3), F.conv2d(torch.tensor(x3)[None], torch.tensor(k3)[:, None],
                                     groups=3)[0])
    close(C.conv2(x3, k4, "F"), F.conv2d(torch.tensor(x3)[None],
                                         torch.tensor(k4).flip(2, 3), padding=(1, 2))[0])
    x5, k5 = rnd(4, 5, 4), rnd(2, 3, 2)
    t5, tk5 = torch.tensor(x5)[None, None], torch.tensor(k5)[None, None]
    close(C.xcorr3(x5, k5), F.conv3d(t5, tk5)[0, 0])
    close(C.conv3(x5, k5, "F"), F.conv3d(t5, tk5.flip(2, 3, 4), padding=(1, 2, 1))[0, 0])
    x6, k6 = rnd(2, 4, 4, 4), rnd(3, 2, 2, 2, 2)
    close(C.xcorr3(x6, k6), F.conv3d(torch.tensor(x6)[None], torch.tensor(k6))[0])
    with pytest.raises(ValueError):
        C.xcorr2(rnd(2, 2), rnd(3, 3))


# ---------------------------------------------------------------- pooling
@pytest.mark.parametrize("kw", [
    dict(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False),
    dict(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True),
    dict(kernel_size=(3, 2), stride=(1, 2), padding=(1, 1), dilation=(2, 1), ceil_mode=False),
    dict(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=True),
])
def test_max_pool2d(kw):
    x = rnd(2, 3, 9, 8)
    (y_t, i_t), = [F.max_pool2d(torch.tensor(x), return_indices=True, **kw)]
    y, idx = P.max_pool_forward(x, kw["kernel_size"], kw["stride"], kw["padding"],
                                kw["dilation"], kw["ceil_mode"])
    close(y, y_t)
    assert idx.dtype == np.int64
    np.testing.assert_array_equal(idx - 1, i_t.numpy())     # torch7 indices are 1-based
    y_t, g, (gx_t,) = torch_run(lambda x: F.max_pool2d(x, **kw), x)
    close(P.max_pool_backward(g, idx, x.shape), gx_t)
    if kw["stride"] == kw["kernel_size"]:
        close(P.max_pool_backward(g, idx, x.shape, overlapping=False), gx_t)
    # max unpooling (SpatialMaxUnpooling) consumes the same indices
    if kw["dilation"] == 1:
        u_t, gu, (gxu_t,) = torch_run(
            lambda v: F.max_unpool2d(v, i_t, kw["kernel_size"], kw["stride"], kw["padding"],
                                     output_size=x.shape[2:]), y)
        close(P.max_unpool_forward(y, idx, x.shape[2:]), u_t)
        close(P.max_unpool_backward(gu, idx), gxu_t)


def test_max_pool3d_and_unpool():
    x = rnd(2, 2, 5, 6, 7)
    kw = dict(kernel_size=(2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0), ceil_mode=True)
    y_t, i_t = F.max_pool3d(torch.tensor(x), return_indices=True, **kw)
    y, idx = P.max_pool_forward(x, (2, 3, 2), (1, 2, 2), (1, 1, 0), 1, True)
    close(y, y_t)
    np.testing.assert_array_equal(idx - 1, i_t.numpy())
    _, g, (gx_t,) = torch_run(lambda x: F.max_pool3d(x, **kw), x)
    close(P.max_pool_backward(g, idx, x.shape), gx_t)
    y, idx = P.max_pool_forward(x, 2)
    u = P.max_unpool_forward(y, idx, x.shape[2:])
    _, i_t = F.max_pool3d(torch.tensor(x), 2, return_indices=True)
    close(u, F.max_unpool3d(torch.tensor(y), i_t, 2, output_size=x.shape[2:]))


@pytest.mark.parametrize("kw", [
    dict(kernel_size=2, stride=2, padding=0, ceil_mode=False, count_include_pad=True),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=True),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    dict(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=False,
         count_include_pad=False),
])
def test_avg_pool2d(kw):
    x = rnd(2, 3, 8, 7)
    y_t, g, (gx_t,) = torch_run(lambda x: F.avg_pool2d(x, **kw), x)
    args = (kw["kernel_size"], kw["stride"], kw["padding"], kw["ceil_mode"],
            kw["count_include_pad"])
    close(P.avg_pool_forward(x, *args), y_t)
    close(P.avg_pool_backward(g, x.shape, *args), gx_t)


def test_avg_pool3d():
    x = rnd(1, 2, 5, 6, 5)
    kw = dict(kernel_size=(2, 3, 3), stride=2, padding=(1, 1, 0), ceil_mode=True,
              count_include_pad=False)
    y_t, g, (gx_t,) = torch_run(lambda x: F.avg_pool3d(x, **kw), x)
    args = ((2, 3, 3), 2, (1, 1, 0), True, False)
    close(P.avg_pool_forward(x, *args), y_t)
    close(P.avg_pool_backward(g, x.shape, *args), gx_t)


@pytest.mark.parametrize("osize", [(3, 4), (5, 2), (7, 9)])
def test_adaptive_pools(osize):
    x = rnd(2, 3, 7, 9)
    x[0, 0, :2, :2] = 5.0      # ties: first in row-major order wins
    y_t, i_t = F.adaptive_max_pool2d(torch.tensor(x), osize, return_indices=True)
    y, idx = P.adaptive_max_pool2d_forward(x, osize)
    close(y, y_t)
    np.testing.assert_array_equal(idx - 1, i_t.numpy())
    _, g, (gx_t,) = torch_run(lambda x: F.adaptive_max_pool2d(x, osize), x)
    close(P.max_pool_backward(g, idx, x.shape), gx_t)
    y_t, g, (gx_t,) = torch_run(lambda x: F.adaptive_avg_pool2d(x, osize), x)
    close(P.adaptive_avg_pool2d_forward(x, osize), y_t)
    close(P.adaptive_avg_pool2d_backward(g, x.shape), gx_t)


def test_temporal_max_pool_and_subsampling():
    x = rnd(2, 10, 3)
    kw, dw = 3, 2
    y_t, g, (gx_t,) = torch_run(
        lambda x: F.max_pool1d(x.transpose(1, 2), kw, dw).transpose(1, 2), x)
    y, idx = P.temporal_max_pool_forward(x, kw, dw)
    close(y, y_t)
    assert idx.min() >= 0 and idx.max() < kw          # 0-based window offsets
    np.testing.assert_array_equal(
        np.take_along_axis(x, idx + np.arange(y.shape[1])[None, :, None] * dw, axis=1), y)
    close(P.temporal_max_pool_backward(g, idx, x.shape, kw, dw), gx_t)
    # TemporalSubSampling: out = b + w * window sum
    w, b = rnd(3), rnd(3)

    def ref(x, w, b):
        k = w[:, None, None] * torch.ones(3, 1, kw, dtype=x.dtype)
        return F.conv1d(x.transpose(1, 2), k, b, stride=dw, groups=3).transpose(1, 2)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(ref, x, w, b)
    close(P.temporal_subsampling_forward(x, w, b, kw, dw), y_t)
    close(P.temporal_subsampling_backward_input(g, w, x.shape, kw, dw), gx_t)
    gw, gb = np.zeros(3), np.zeros(3)
    P.temporal_subsampling_backward_params(x, g, gw, gb, kw, dw)
    close(gw, gw_t)
    close(gb, gb_t)


def test_spatial_subsampling():
    x, w, b = rnd(2, 3, 7, 6), rnd(3), rnd(3)

    def ref(x, w, b):
        k = w[:, None, None, None] * torch.ones(3, 1, 3, 2, dtype=x.dtype)
        return F.conv2d(x, k, b, stride=(2, 2), groups=3)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(ref, x, w, b)
    close(P.subsampling_forward(x, w, b, (3, 2), 2), y_t)
    close(P.subsampling_backward_input(g, w, x.shape, (3, 2), 2), gx_t)
    gw, gb = np.zeros(3), np.zeros(3)
    P.subsampling_backward_params(x, g, gw, gb, (3, 2), 2)
    close(gw, gw_t)
    close(gb, gb_t)


# ---------------------------------------------------------------- spatial
@pytest.mark.parametrize("mode,pads", [
    ("constant", ((1, 2), (3, 0))),
    ("constant", ((-1, 2), (1, -2))),
    ("reflect", ((1, 2), (3, 1))),
    ("replicate", ((2, 1), (0, 3))),
    ("replicate", ((1, 2), (2, 0), (1, 1))),
])
def test_padding(mode, pads):
    x = rnd(2, 2, 5, 6) if len(pads) == 2 else rnd(1, 2, 4, 5, 3)
    flat = tuple(v for pair in reversed(pads) for v in pair)   # torch: last dim first
    y_t, g, (gx_t,) = torch_run(lambda x: F.pad(x, flat, mode=mode), x)
    close(S.pad_forward(x, pads, mode), y_t)
    close(S.pad_backward(g, x.shape, pads, mode), gx_t)


def test_upsampling():
    x = rnd(2, 3, 4, 5)
    y_t, g, (gx_t,) = torch_run(lambda x: F.interpolate(x, scale_factor=2, mode="nearest"), x)
    close(S.upsample_nearest_forward(x, 2), y_t)
    close(S.upsample_nearest_backward(g, 2), gx_t)
    x3 = rnd(1, 2, 2, 3, 2)
    y_t, g, (gx_t,) = torch_run(
        lambda x: F.interpolate(x, scale_factor=(2, 3, 1), mode="nearest"), x3)
    close(S.upsample_nearest_forward(x3, (2, 3, 1)), y_t)
    close(S.upsample_nearest_backward(g, (2, 3, 1)), gx_t)
    for osize in [(7, 13), (4, 5), (1, 9)]:       # torch7 scale 2 -> (H-1)*2+1
        y_t, g, (gx_t,) = torch_run(
            lambda x: F.interpolate(x, size=osize, mode="bilinear", align_corners=True), x)
        close(S.upsample_bilinear_forward(x, osize), y_t)
        close(S.upsample_bilinear_backward(g, x.shape), gx_t)


@pytest.mark.parametrize("size,alpha,beta,k", [(5, 1e-2, 0.75, 1.0), (3, 0.5, 0.6, 2.0),
                                               (1, 0.1, 1.0, 1.5)])
def test_cross_map_lrn(size, alpha, beta, k):
    x = rnd(2, 6, 3, 4)
    y_t, g, (gx_t,) = torch_run(
        lambda x: F.local_response_norm(x, size, alpha, beta, k), x)
    y, scale = S.lrn_forward(x, size, alpha, beta, k)
    close(y, y_t)
    close(S.lrn_backward(x, g, y, scale, size, alpha, beta, k), gx_t)


@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5, 2), (2, 3, 2, 3, 2)])
@pytest.mark.parametrize("train", [True, False])
def test_batchnorm(shape, train):
    c = shape[1]
    x, w, b = rnd(*shape), rnd(c), rnd(c)
    rm, rv = rnd(c), np.abs(rnd(c)) + 0.5
    rm_t, rv_t = torch.tensor(rm), torch.tensor(rv)
    y_t, g, (gx_t, gw_t, gb_t) = torch_run(
        lambda x, w, b: F.batch_norm(x, rm_t, rv_t, w, b, train, 0.1, 1e-5), x, w, b)
    rm2, rv2 = rm.copy(), rv.copy()
    y, mean, invstd = S.batchnorm_forward(x, w, b, rm2, rv2, train, 0.1, 1e-5)
    close(y, y_t)
    close(rm2, rm_t)     # running_var: unbiased variance, momentum 0.1
    close(rv2, rv_t)
    gw, gb = np.ones(c), np.zeros(c)
    gi = S.batchnorm_backward(x, g, w, mean, invstd, train, gw, gb, scale=1.0)
    close(gi, gx_t)
    close(gw, 1 + gw_t)
    close(gb, gb_t)
    # no affine
    y2, _, _ = S.batchnorm_forward(x, None, None, rm.copy(), rv.copy(), train)
    close(y2, F.batch_norm(torch.tensor(x), torch.tensor(rm), torch.tensor(rv), None, None,
                           train, 0.1, 1e-5))


# ------------------------------------------------------------ float32 dtype
def test_float32_preserved():
    f32 = np.float32
    x, w, b = rnd(2, 4, 8, 8, dtype=f32), rnd(6, 4, 3, 3, dtype=f32), rnd(6, dtype=f32)
    y = C.conv_forward(x, w, b, padding=1)
    assert y.dtype == f32
    close(y, C.conv_forward(x.astype(float), w.astype(float), b.astype(float), padding=1), 1e-4)
    g = rnd(*y.shape, dtype=f32)
    assert C.conv_backward_input(g, w, x.shape, padding=1).dtype == f32
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    C.conv_backward_params(x, g, gw, gb, 0.5, padding=1)
    assert gw.dtype == f32 and gb.dtype == f32
    # float64 weights do not upcast a float32 input
    assert C.conv_forward(x, w.astype(float), b.astype(float)).dtype == f32
    assert C.conv_transpose_forward(x, rnd(4, 2, 3, 3), None, stride=2).dtype == f32
    assert C.depthwise_forward(x, rnd(2, 4, 3, 3), rnd(2, 4)).dtype == f32
    xt = rnd(2, 7, 3, dtype=f32)
    assert C.temporal_conv_forward(xt, rnd(5, 6), rnd(5), 2).dtype == f32
    assert C.xcorr2(x[0, 0], rnd(3, 3)).dtype == f32
    y, idx = P.max_pool_forward(x, 2)
    assert y.dtype == f32 and P.max_pool_backward(y, idx, x.shape).dtype == f32
    assert P.avg_pool_forward(x, 3, 2, 1, True, False).dtype == f32
    assert P.avg_pool_backward(y, x.shape, 2).dtype == f32
    assert P.adaptive_max_pool2d_forward(x, (3, 3))[0].dtype == f32
    assert P.adaptive_avg_pool2d_forward(x, (3, 3)).dtype == f32
    assert P.temporal_max_pool_forward(xt, 2)[0].dtype == f32
    assert P.subsampling_forward(x, rnd(4), rnd(4), 2).dtype == f32
    for mode in ("constant", "reflect", "replicate"):
        assert S.pad_forward(x, ((1, 1), (2, 2)), mode).dtype == f32
        assert S.pad_backward(rnd(2, 4, 10, 12, dtype=f32), x.shape, ((1, 1), (2, 2)),
                              mode).dtype == f32
    assert S.upsample_nearest_forward(x, 2).dtype == f32
    assert S.upsample_bilinear_forward(x, (15, 15)).dtype == f32
    out, scale = S.lrn_forward(x, 3, 1e-2)
    assert out.dtype == f32 and scale.dtype == f32
    assert S.lrn_backward(x, out, out, scale, 3, 1e-2).dtype == f32
    rm, rv = np.zeros(4, f32), np.ones(4, f32)
    out, mean, invstd = S.batchnorm_forward(x, rnd(4, dtype=f32), None, rm, rv, True)
    assert out.dtype == f32 and mean.dtype == f32 and invstd.dtype == f32
    assert rm.dtype == f32
    assert S.batchnorm_backward(x, out, None, mean, invstd, True).dtype == f32
