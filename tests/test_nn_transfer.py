"""Transfer functions: finite-difference Jacobians (single, batch, large -> numpy path),
known values, in-place variants and torch7's printed names."""
import math

import pytest

SIMPLE = ["Tanh()", "Sigmoid()", "SoftSign()", "LogSigmoid()", "TanhShrink()", "HardShrink()",
          "SoftShrink(0.3)", "SoftPlus()", "SoftPlus(2)", "HardTanh()", "HardTanh(-0.5, 2)",
          "Threshold(0.1, -1)", "ReLU()", "ReLU6()", "ELU()", "ELU(0.5)", "LeakyReLU()", "LeakyReLU(0.2)",
          "SoftMax()", "LogSoftMax()", "SoftMin()", "PReLU()", "GatedLinearUnit()",
          "CReLU(1)"]


@pytest.mark.parametrize("ctor", SIMPLE)
def test_jacobian(lua, ctor):
    # the kinks of (leaky) ReLU-like functions are never hit by random inputs in practice,
    # so a tight tolerance is safe; sizes cover the LuaJIT path and the numpy path
    out = lua(f"""
    require 'nn'
    torch.manualSeed(1)
    local m = nn.{ctor}
    local P = require 'nn._pointwise'
    local e = 0
    -- SMALL = 0 sends the same sizes through the numpy kernels
    for _, small in ipairs{{1024, 0}} do
       P.SMALL = small
       for _, sz in ipairs{{{{4}}, {{3, 4}}}} do
          local x = torch.Tensor(torch.LongStorage(sz))
          local ok, err = pcall(nn.Jacobian.testJacobian, m, x, -3, 3)
          P.SMALL = 1024
          assert(ok, err)
          e = math.max(e, err)
       end
    end
    print(e)
    """)
    assert float(out) < 1e-6


@pytest.mark.parametrize("ctor", ["SoftMax()", "LogSoftMax()", "SoftMin()", "Tanh()"])
def test_jacobian_spatial(lua, ctor):
    out = lua(f"""
    require 'nn'
    torch.manualSeed(2)
    local m = nn.{ctor}
    print(math.max(nn.Jacobian.testJacobian(m, torch.Tensor(3, 4, 5)),
                   nn.Jacobian.testJacobian(m, torch.Tensor(2, 3, 4, 5))))
    """)
    assert float(out) < 1e-6


def test_prelu_planes(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(3)
    local m = nn.PReLU(4)
    local e = 0
    for _, sz in ipairs{{4}, {3, 4}, {4, 5, 6}, {2, 4, 3, 3}} do
       local x = torch.Tensor(torch.LongStorage(sz))
       e = math.max(e, nn.Jacobian.testJacobian(m, x, -3, 3))
       e = math.max(e, nn.Jacobian.testJacobianParameters(m, x, m.weight, m.gradWeight))
       e = math.max(e, nn.Jacobian.testJacobianUpdateParameters(m, x, m.weight))
    end
    local s = nn.PReLU()
    local x = torch.Tensor(3, 5)
    e = math.max(e, nn.Jacobian.testJacobianParameters(s, x, s.weight, s.gradWeight))
    print(e)
    print(nn.PReLU(3).weight[2])
    """).split()
    assert float(out[0]) < 1e-6
    assert float(out[1]) == 0.25


def test_known_values(lua):
    out = lua("""
    require 'nn'
    local x = torch.Tensor{-2, -0.5, 0, 0.5, 2}
    local function show(m) local y = m:forward(x); local t = {}
       for i = 1, y:nElement() do t[i] = string.format('%.6f', y[i]) end; print(table.concat(t, ' ')) end
    show(nn.Tanh()); show(nn.Sigmoid()); show(nn.ReLU()); show(nn.HardTanh()); show(nn.SoftPlus())
    show(nn.ELU()); show(nn.LeakyReLU()); show(nn.SoftMax()); show(nn.LogSigmoid()); show(nn.SoftShrink())
    """).strip().split("\n")
    xs = [-2, -0.5, 0, 0.5, 2]
    fmt = lambda vals: " ".join("%.6f" % v for v in vals)
    sm = [math.exp(v) for v in xs]
    s = sum(sm)
    expect = [
        [math.tanh(v) for v in xs],
        [1 / (1 + math.exp(-v)) for v in xs],
        [max(v, 0) for v in xs],
        [min(max(v, -1), 1) for v in xs],
        [math.log1p(math.exp(v)) for v in xs],
        [v if v > 0 else math.expm1(v) for v in xs],
        [v if v > 0 else 0.01 * v for v in xs],
        [v / s for v in sm],
        [-math.log1p(math.exp(-v)) for v in xs],
        [v - 0.5 if v > 0.5 else (v + 0.5 if v < -0.5 else 0) for v in xs],
    ]
    for got, want in zip(out, expect):
        assert got.strip() == fmt(want)


def test_float_stays_float(lua):
    out = lua("""
    require 'nn'
    local m = nn.Tanh():float()
    print(m:forward(torch.FloatTensor(3):fill(1)):type(), m:forward(torch.FloatTensor(40, 40):fill(1)):type())
    print(nn.SoftMax():float():forward(torch.FloatTensor(50, 50):fill(1)):type())
    """)
    assert out.split() == ["torch.FloatTensor"] * 3


def test_inplace(lua):
    out = lua("""
    require 'nn'
    for _, m in ipairs{nn.ReLU(true), nn.HardTanh(-1, 1, true), nn.ReLU6(true), nn.ELU(1, true), nn.LeakyReLU(0.1, true)} do
       local x = torch.Tensor{-2, 0.5, 3}
       local y = m:forward(x)
       local g = torch.Tensor{1, 1, 1}
       local gi = m:backward(x, g)
       print(torch.type(m), torch.pointer(y) == torch.pointer(x) or y:storage() == x:storage(), gi:storage() == g:storage())
    end
    """)
    for line in out.strip().split("\n"):
        assert line.strip().endswith("true\ttrue"), line


def test_tostring(lua):
    out = lua("""
    require 'nn'
    print(nn.ELU()); print(nn.LeakyReLU()); print(nn.Tanh()); print(nn.ReLU()); print(nn.RReLU())
    print(nn.LogSoftMax()); print(nn.PReLU(3)); print(nn.CReLU(1))
    """)
    assert out.split("\n")[:8] == ["nn.ELU (alpha:1.000000)", "nn.LeakyReLU(0.01)", "nn.Tanh", "nn.ReLU",
                                   "nn.RReLU (l:0.125000, u:0.333333)", "nn.LogSoftMax", "nn.PReLU",
                                   "CReLU()"]


def test_errors(lua_err):
    msg = lua_err("require 'nn'; nn.SoftMax():forward(torch.Tensor(2,2,2,2,2))")
    assert "nn.SoftMax" in msg and "1D, 2D, 3D or 4D tensor expected" in msg
    msg = lua_err("require 'nn'; nn.Threshold(0, 1, true)")
    assert "in-place processing requires value (1) not exceed threshold (0)" in msg
    msg = lua_err("require 'nn'; nn.Tanh():forward(torch.FloatTensor(3))")
    assert "nn.Tanh" in msg and "torch.FloatTensor" in msg
    msg = lua_err("require 'nn'; local m = nn.Tanh(); m:forward(torch.Tensor(3)); m:backward(torch.Tensor(3), torch.Tensor(4))")
    assert "nn.Tanh" in msg and "gradOutput" in msg


@pytest.mark.parametrize("ty", ["torch.DoubleTensor", "torch.FloatTensor"])
@pytest.mark.parametrize("n,inplace", [(200, False), (5000, False), (5000, True)])
def test_relu_special_values_bitwise(lua, ty, n, inplace):
    """ReLU's branch-free bit-mask loops (any size) against THNN's rule x > 0 ? x : 0 (gradient:
    x > 0 ? g : 0): NaN and -0 inputs give +0, a gradient's NaN/inf/-0 pass through bit for bit."""
    out = lua("""
    require 'nn'
    local T, n = '%s', %d
    local sp = {0/0, math.huge, -math.huge, 0, -0.0, 1e-310, -1e-310, 1e-45, -1e-45, -1, 2}
    local x = torch.Tensor(n):type(T):normal()
    local g = torch.Tensor(n):type(T):normal()
    for i, v in ipairs(sp) do
       for j, u in ipairs(sp) do x[(i - 1) * #sp + j] = v; g[(i - 1) * #sp + j] = u end
    end
    local x0, g0 = x:clone(), g:clone()
    local m = nn.ReLU(%s):type(T)
    local y = m:forward(x):clone()
    local gi = m:backward(x0:clone(), g)
    local function same(a, b)
       if a ~= a then return b ~= b end
       return a == b and (a ~= 0 or 1 / a == 1 / b)
    end
    local bad = 0
    for i = 1, n do
       local xi, gv = x0[i], g0[i]
       if not same(y[i], xi > 0 and xi or 0) or not same(gi[i], xi > 0 and gv or 0) then bad = bad + 1 end
    end
    print(bad, torch.type(y), torch.type(gi))
    """ % (ty, n, "true" if inplace else ""))
    assert out.split() == ["0", ty, ty]


def test_relu_strided_falls_back(lua):
    out = lua("""
    require 'nn'
    local x = torch.randn(40, 60):t()   -- not contiguous: the numpy kernel
    local y = nn.ReLU():forward(x)
    print(y:clone():add(-1, x:clone():cmax(0)):abs():max(), y:min() >= 0)
    """)
    assert out.split() == ["0", "true"]


@pytest.mark.parametrize("ctor", ["Tanh()", "Sigmoid()", "ELU()", "SoftPlus()", "HardTanh()", "LeakyReLU(0.2)"])
def test_row_strided_slices_stay_in_luajit(lua, ctor):
    # an LSTM's gates are column blocks of one batch x 4*size tensor (SplitTable over a Reshape): on
    # such row-strided 2-D views forward and backward run the LuaJIT loops row by row, with the results
    # of contiguous copies and no numpy call
    out = lua(f"""
    require 'nn'
    torch.manualSeed(4)
    local P = require 'nn._pointwise'
    local x = torch.randn(10, 4, 16):select(2, 3)           -- 10x16, rows 64 apart
    local g = torch.randn(10, 4, 16):select(2, 2)
    local m1, m2 = nn.{ctor}, nn.{ctor}
    local y2 = m2:forward(x:clone()):clone()
    local gi2 = m2:backward(x:clone(), g:clone()):clone()
    local kernels = P.kernels
    P.kernels = function() error('numpy path taken') end
    local ok, err = pcall(function()
       local y1 = m1:forward(x)
       local gi1 = m1:backward(x, g)
       print(torch.equal(y1, y2), torch.equal(gi1, gi2), y1:isContiguous(), gi1:isContiguous())
    end)
    P.kernels = kernels
    assert(ok, err)
    """)
    assert out.split() == ["true"] * 4
