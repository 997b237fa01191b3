"""Fast paths of the convnet kernels vs the general formulations they replace.

luann.kernels.pool.max_pool_forward has a path for non-overlapping windows
(stride = kernel, no padding/dilation) and writes into given output arrays, and
nn.SpatialMaxPooling has a LuaJIT pass for the same windows (lua/nn/_maxpool_ffi.lua):
all must give bit-identical outputs (signed zeros, NaN, infinities, 1-ulp
neighbours) and indices to the general running-max pass (pool._max_pool_general),
the reference.
"""
import numpy as np
import pytest

from luann.kernels import pool as P

RNG = np.random.default_rng(20261129)


def ref_max_pool(x, ksize, stride=None, padding=0, dilation=1, ceil_mode=False):
    """The general formulation (every geometry; luann's only path before the fast ones)."""
    k, s, p, dl, o = P._geometry(x.shape, ksize, stride, padding, dilation, ceil_mode)
    return P._max_pool_general(x, k, s, p, dl, o)


def same_bits(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    ia = a.view(np.int32 if a.dtype == np.float32 else np.int64)
    ib = b.view(ia.dtype)
    bad = ia != ib
    # NaN payloads may come from either operand of np.maximum in both versions alike;
    # compare NaN as NaN, everything else bit for bit (signed zeros included)
    bad &= ~(np.isnan(a) & np.isnan(b))
    assert not bad.any(), (a[bad][:5], b[bad][:5])


def special(shape, dtype, kind):
    """Values with many ties, signed zeros, infinities and NaN (kind chooses)."""
    x = (RNG.integers(-3, 4, shape) / 2.0).astype(dtype)
    if kind == "zeros":                        # ReLU-like: zeros of both signs, ties
        x = np.maximum(x, 0).astype(dtype)
        x[RNG.random(shape) < 0.3] = -0.0
    elif kind == "inf":
        x[RNG.random(shape) < 0.2] = -np.inf
        x[RNG.random(shape) < 0.05] = np.inf
        x.reshape(-1)[:8] = -np.inf          # whole -inf windows
    elif kind == "nan":
        x[RNG.random(shape) < 0.05] = np.nan
        x[RNG.random(shape) < 0.05] = np.inf
        x[RNG.random(shape) < 0.05] = -0.0
    elif kind == "randn":
        x = RNG.standard_normal(shape).astype(dtype)
    elif kind == "tiny":                       # neighbours and subnormals: differences of 1 ulp
        tiny = np.finfo(dtype).smallest_subnormal
        x = (RNG.integers(-2, 3, shape) * tiny).astype(dtype)
        one = RNG.random(shape) < 0.4
        x[one] = np.nextafter(dtype(1), RNG.choice([dtype(0), dtype(2)], one.sum()))
        x[RNG.random(shape) < 0.2] = dtype(1)
    elif kind == "huge":                       # sums overflow: the LuaJIT pass gives up
        x = (RNG.integers(-3, 4, shape) * (np.finfo(dtype).max / 4)).astype(dtype)
    return x


CASES = [
    ((4, 3, 8, 8), (2, 2)),
    ((3, 2, 9, 7), (2, 2)),          # odd sizes: the last row/column is dropped
    ((2, 3, 10, 9), (3, 3)),
    ((2, 2, 7, 11), (2, 3)),
    ((2, 2, 6, 5), (1, 1)),
    ((1, 1, 4, 4), (4, 4)),
    ((2, 2, 5, 6, 7), (2, 3, 2)),    # volumetric
    ((2, 3, 17), (3,)),
    ((1, 2, 32, 32), (16, 16)),      # 256 offsets: int32 argmax
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["randn", "ties", "zeros", "inf", "nan", "tiny", "huge"])
@pytest.mark.parametrize("shape,k", CASES)
def test_tiled_max_pool_matches_general(shape, k, kind, dtype):
    x = special(shape, dtype, kind)
    want_y, want_i = ref_max_pool(x, k)
    y, i = P.max_pool_forward(x, k)
    same_bits(y, want_y)
    assert i.dtype == np.int64 and np.array_equal(i, want_i)
    # in place into given arrays, and from a non-contiguous input
    oy, oi = np.full_like(want_y, 7), np.full_like(want_i, 7)
    y, i = P.max_pool_forward(x, k, out=oy, out_indices=oi)
    same_bits(y, want_y)
    assert np.array_equal(i, want_i)
    if kind != "nan":
        assert y is oy and i is oi
    xt = np.ascontiguousarray(np.swapaxes(x, 0, 1)).swapaxes(0, 1)
    y, i = P.max_pool_forward(xt, k)
    same_bits(y, want_y)
    assert np.array_equal(i, want_i)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("args", [
    ((2, 2), (1, 1), 0, 1, False),     # overlapping
    ((3, 3), (2, 2), 1, 1, False),     # padded
    ((2, 2), (2, 2), 0, 2, False),     # dilated
    ((2, 2), (2, 2), 0, 1, True),      # ceil mode with a partial last window
])
def test_general_max_pool_unchanged(args, dtype):
    for kind in ["randn", "ties", "zeros", "inf", "nan"]:
        x = special((2, 3, 9, 7), dtype, kind)
        want_y, want_i = ref_max_pool(x, *args)
        oy, oi = np.empty_like(want_y), np.empty_like(want_i)
        y, i = P.max_pool_forward(x, *args, out=oy, out_indices=oi)
        same_bits(y, want_y)
        assert np.array_equal(i, want_i)


def test_out_arrays_of_other_shapes_or_aliasing_input_are_not_used():
    x = special((2, 3, 8, 8), np.float64, "ties")
    want_y, want_i = ref_max_pool(x, (2, 2))
    bad_y, bad_i = np.empty((2, 3, 4, 5)), np.empty((2, 3, 4, 4), np.int32)
    y, i = P.max_pool_forward(x, (2, 2), out=bad_y, out_indices=bad_i)
    same_bits(y, want_y)
    assert np.array_equal(i, want_i) and y is not bad_y and i is not bad_i
    big = special((2, 3, 8, 8), np.float64, "randn")
    alias = big.reshape(-1)[:2 * 3 * 4 * 4].reshape(2, 3, 4, 4)   # shares the input's memory
    want_y, want_i = ref_max_pool(big.copy(), (2, 2))
    y, i = P.max_pool_forward(big, (2, 2), out=alias)
    assert y is not alias
    same_bits(y, want_y)
    assert np.array_equal(i, want_i)


LUA = r"""
require 'nn'
local vals = {%s}
local x = torch.%sTensor(%s)
local xf = x:view(-1)
for i = 1, #vals do xf[i] = vals[i] end
local m = nn.SpatialMaxPooling(%d, %d):type('torch.%sTensor')
local y = m:forward(x)
local out = {}
for i, v in ipairs(y:contiguous():view(-1):totable()) do out[#out + 1] = string.format('%%a', v) end
print(table.concat(out, ' '))
print(table.concat(m.indices:view(-1):totable(), ' '))
"""


def lua_num(v):
    if np.isnan(v):
        return "0/0"
    if np.isinf(v):
        return "1/0" if v > 0 else "-1/0"
    return "-0.0" if v == 0 and np.signbit(v) else repr(float(v))


@pytest.mark.parametrize("ty,dtype", [("Float", np.float32), ("Double", np.float64)])
@pytest.mark.parametrize("kind", ["randn", "ties", "zeros", "inf", "nan", "tiny", "huge"])
def test_spatial_max_pooling_module_matches_general(lua, ty, dtype, kind):
    """nn.SpatialMaxPooling: the LuaJIT pass (non-overlapping windows of contiguous
    Float/Double, up to 16 offsets; it gives up on NaN/inf and numpy redoes the call)
    and the numpy paths, against the general formulation."""
    for shape, k, batch in [((3, 2, 9, 8), (2, 2), True), ((2, 7, 9), (3, 2), False),
                            ((2, 3, 5, 7), (1, 1), True), ((2, 2, 12, 13), (4, 4), True),
                            ((2, 3, 9, 10), (3, 3), True), ((1, 2, 10, 11), (5, 5), True),
                            ((2, 2, 8, 9), (2, 3), True)]:
        x = special(shape, dtype, kind)
        code = LUA % (", ".join(lua_num(v) for v in x.reshape(-1)), ty,
                      ", ".join(map(str, x.shape)), k[1], k[0], ty)
        out = lua(code).split("\n")
        got = np.array([float.fromhex(t) if "nan" not in t else np.nan
                        for t in out[0].split()], dtype)
        want_y, want_i = ref_max_pool(x if batch else x[None], k)
        same_bits(got.reshape(want_y.shape), want_y)
        assert np.array_equal(np.array(out[1].split(), np.int64).reshape(want_i.shape), want_i)


def test_spatial_max_pooling_lua_pass_after_fallback(lua):
    """A NaN call (numpy) between LuaJIT calls, a non-contiguous input (numpy), and the
    same module reused: outputs and indices stay right."""
    out = lua(r"""
require 'nn'
for _, ty in ipairs({'Float', 'Double'}) do
  local m = nn.SpatialMaxPooling(2, 2):type('torch.' .. ty .. 'Tensor')
  local x = torch[ty .. 'Tensor'](4, 3, 8, 8):uniform(-1, 1)
  local y1 = m:forward(x):clone(); local i1 = m.indices:clone()
  local xn = x:clone(); xn[2][3][5][6] = 0/0
  local y2 = m:forward(xn)
  local ok2 = y2[2][3][3][3] ~= y2[2][3][3][3] and m.indices[2][3][3][3] == 4 * 8 + 6
  local xt = x:transpose(3, 4):clone():transpose(3, 4)   -- same values, not contiguous
  local y3 = m:forward(xt)
  print(ty, ok2, y3:equal(y1), m.indices:equal(i1), m:forward(x):equal(y1), m.indices:equal(i1))
end
""")
    assert out.split() == ["Float", "true", "true", "true", "true", "true",
                           "Double", "true", "true", "true", "true", "true"]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("geo", [
    # (N, C, H, W, O, kH, kW, padH, padW, dilH, dilW)
    (64, 1, 32, 32, 6, 5, 5, 0, 0, 1, 1),       # LeNet conv1
    (64, 6, 14, 14, 16, 5, 5, 0, 0, 1, 1),      # LeNet conv2
    (9, 3, 11, 7, 4, 3, 2, 1, 2, 2, 1),         # padded, dilated, odd sizes
])
def test_conv_grad_input_independent_of_block_size(geo, dtype, monkeypatch):
    """The stride-1 gradInput runs in sample blocks of <= _CHUNK_BYTES: any block
    size gives the same bits (per-sample GEMMs, same summation order)."""
    from luann import nn_spatial as NS
    n, c, h, w_, o, kh, kw, ph, pw, dh, dw = geo
    rng = np.random.default_rng(7)
    w = rng.standard_normal((o, c * kh * kw)).astype(dtype)
    oh, ow = h + 2 * ph - dh * (kh - 1), w_ + 2 * pw - dw * (kw - 1)
    g = rng.standard_normal((n, o, oh, ow)).astype(dtype)
    res = []
    for chunk in (1, 1 << 18, 1 << 20, 1 << 30):
        monkeypatch.setattr(NS, "_CHUNK_BYTES", chunk)
        gi = np.full((n, c, h, w_), np.nan, dtype)
        NS.conv_backward_input(w, g, gi, None, True, kw, kh, 1, 1, pw, ph, dw, dh)
        res.append(gi)
    for r in res[1:]:
        assert np.array_equal(r.view(np.uint8), res[0].view(np.uint8))
