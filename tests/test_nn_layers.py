"""nn simple, shape, regulariser and table layers: finite-difference gradients (inputs and
parameters, single and batch), values, torch7 init and tostring, and module-named errors."""
import os

import numpy as np
import pytest

from conftest import SHARED

# L = <module(x), go> for a random go; compare dL/dx (and dL/dparams) with backward
FD = r"""
require 'nn'
local function leaves(x)
   if torch.isTensor(x) then return {x} end
   local r = {}
   for _, v in ipairs(x) do for _, t in ipairs(leaves(v)) do r[#r + 1] = t end end
   return r
end
local function rand_like(x)
   if torch.isTensor(x) then return torch.randn(x:size()) end
   local r = {}
   for i, v in ipairs(x) do r[i] = rand_like(v) end
   return r
end
local function dotp(a, b)
   if torch.isTensor(a) then return a:clone():cmul(b:clone():viewAs(a)):sum() end
   local s = 0
   for i = 1, #a do s = s + dotp(a[i], b[i]) end
   return s
end
function mod_err(m, input, eps)
   eps = eps or 1e-6
   local go = rand_like(m:forward(input))
   m:zeroGradParameters()
   local gis = {}
   for k, t in ipairs(leaves(m:backward(input, go))) do gis[k] = t:clone():contiguous():view(-1) end
   local function L() return dotp(m:forward(input), go) end
   local maxerr, n = 0, 0
   local function probe(flat, g)
      for i = 1, flat:size(1) do
         local o = flat[i]
         flat[i] = o + eps; local fp = L()
         flat[i] = o - eps; local fm = L()
         flat[i] = o
         maxerr = math.max(maxerr, math.abs((fp - fm) / (2 * eps) - g[i]))
         n = n + 1
      end
   end
   for k, x in ipairs(leaves(input)) do
      if x:type() == 'torch.DoubleTensor' then probe(x:view(-1), gis[k]) end
   end
   local params, gparams = m:parameters()
   for k, p in ipairs(params or {}) do probe(p:view(-1), gparams[k]:clone():view(-1)) end
   assert(n > 0, 'nothing checked')
   return maxerr
end
"""


@pytest.fixture
def L(lua):
    return lambda code: lua(FD + code)


def num(out):
    return float(out.strip().split()[-1])


GRAD_CASES = {
    # parametrized
    "Bilinear": ("nn.Bilinear(4, 2, 3)", "{xb, torch.randn(3, 2)}"),
    "BilinearNoBias": ("nn.Bilinear(4, 2, 3, false)", "{xb, torch.randn(3, 2)}"),
    "PartialLinear": ("nn.PartialLinear(4, 5); m:setPartition(torch.Tensor{2, 4})", "xb"),
    "Add": ("nn.Add(4)", "x"),
    "AddBatch": ("nn.Add(4)", "xb"),
    "AddScalar": ("nn.Add(4, true)", "xb"),
    "CAdd": ("nn.CAdd(4)", "x"),
    "CAddBatch": ("nn.CAdd(4)", "xb"),
    "CAddExpand": ("nn.CAdd(3, 1)", "xb"),
    "Mul": ("nn.Mul()", "xb"),
    "CMul": ("nn.CMul(4)", "x"),
    "CMulBatch": ("nn.CMul(4)", "xb"),
    "CMulExpand": ("nn.CMul(1, 4)", "xb"),
    "Euclidean": ("nn.Euclidean(4, 3)", "x"),
    "EuclideanBatch": ("nn.Euclidean(4, 3)", "xb"),
    "WeightedEuclidean": ("nn.WeightedEuclidean(4, 3)", "x"),
    "WeightedEuclideanBatch": ("nn.WeightedEuclidean(4, 3)", "xb"),
    "Cosine": ("nn.Cosine(4, 3)", "x"),
    "CosineBatch": ("nn.Cosine(4, 3)", "xb"),
    # elementwise
    "Abs": ("nn.Abs()", "xb"),
    "Exp": ("nn.Exp()", "xb"),
    "Log": ("nn.Log()", "pos"),
    "Power": ("nn.Power(3)", "xb"),
    "PowerFrac": ("nn.Power(1.5)", "pos"),
    "Square": ("nn.Square()", "xb"),
    "Sqrt": ("nn.Sqrt()", "pos"),
    "SqrtEps": ("nn.Sqrt(0.1)", "pos"),
    "Clamp": ("nn.Clamp(-0.5, 0.5)", "xb"),
    "AddConstant": ("nn.AddConstant(3)", "xb"),
    "AddConstantVec": ("nn.AddConstant(torch.randn(4))", "xb"),
    "MulConstant": ("nn.MulConstant(-2.5)", "xb"),
    "Normalize": ("nn.Normalize(2)", "x"),
    "NormalizeBatch": ("nn.Normalize(2)", "xb"),
    "Normalize1.5": ("nn.Normalize(1.5)", "xb"),
    "NormalizeInf": ("nn.Normalize(math.huge)", "xb"),
    "Sum": ("nn.Sum(2)", "xb"),
    "SumAvgNoSqueeze": ("nn.Sum(1, nil, true, false)", "xb"),
    "SumNInputDims": ("nn.Sum(1, 1)", "xb"),
    "Mean": ("nn.Mean(-1)", "x3"),
    "Max": ("nn.Max(2)", "xb"),
    "Max1d": ("nn.Max(1)", "x"),
    "Min": ("nn.Min(1, 1)", "xb"),
    "MM": ("nn.MM()", "{torch.randn(3, 4), torch.randn(4, 2)}"),
    "MMtt": ("nn.MM(true, true)", "{torch.randn(4, 3), torch.randn(2, 4)}"),
    "MMBatch": ("nn.MM(false, true)", "{torch.randn(2, 3, 4), torch.randn(2, 5, 4)}"),
    "MV": ("nn.MV()", "{torch.randn(3, 4), torch.randn(4)}"),
    "MVt": ("nn.MV(true)", "{torch.randn(4, 3), torch.randn(4)}"),
    "MVBatch": ("nn.MV()", "{torch.randn(2, 3, 4), torch.randn(2, 4)}"),
    # shape
    "Reshape": ("nn.Reshape(2, 2)", "x"),
    "ReshapeBatch": ("nn.Reshape(2, 2)", "xb"),
    "View": ("nn.View(2, 2)", "x"),
    "ViewNumInputDims": ("nn.View(-1, 2):setNumInputDims(1)", "xb"),
    "Contiguous": ("nn.Contiguous()", "xb"),
    "Select": ("nn.Select(2, -1)", "xb"),
    "Narrow": ("nn.Narrow(2, 2, 2)", "xb"),
    "NarrowNeg": ("nn.Narrow(-1, 2, -1)", "xb"),
    "Index": ("nn.Index(1)", "{xb, torch.LongTensor{3, 1, 3}}"),
    "Squeeze": ("nn.Squeeze()", "torch.randn(3, 1, 2)"),
    "Unsqueeze": ("nn.Unsqueeze(2)", "xb"),
    "Replicate": ("nn.Replicate(3, 2)", "xb"),
    "ReplicateNDim": ("nn.Replicate(2, 1, 1)", "xb"),
    "Transpose": ("nn.Transpose({1, 2}, {2, 3})", "x3"),
    "Padding": ("nn.Padding(1, 2)", "xb"),
    "PaddingBefore": ("nn.Padding(1, -2, 1, 5)", "xb"),
    "PaddingIndex": ("nn.Padding(1, 2, 1, 0, 3)", "xb"),
    "MaskedSelect": ("nn.MaskedSelect()", "{xb, xb:gt(0)}"),
    "Copy": ("nn.Copy(nil, nil, true)", "xb"),
    "Collapse": ("nn.Collapse(2)", "x3"),
    "PixelShuffle": ("nn.PixelShuffle(2)", "torch.randn(2, 8, 2, 3)"),
    "PixelShuffle3d": ("nn.PixelShuffle(2)", "torch.randn(4, 2, 3)"),
    # regularisers
    "DropoutEval": ("nn.Dropout(0.3); m:evaluate()", "xb"),
    "DropoutV1Eval": ("nn.Dropout(0.3, true); m:evaluate()", "xb"),
    # tables
    "CAddTable": ("nn.CAddTable()", "{xb, yb, zb}"),
    "CSubTable": ("nn.CSubTable()", "{xb, yb}"),
    "CMulTable": ("nn.CMulTable()", "{xb, yb, zb}"),
    "CDivTable": ("nn.CDivTable()", "{xb, pos}"),
    "CMaxTable": ("nn.CMaxTable()", "{xb, yb, zb}"),
    "CMinTable": ("nn.CMinTable()", "{xb, yb, zb}"),
    "SplitTable": ("nn.SplitTable(2)", "xb"),
    "JoinTable": ("nn.JoinTable(2)", "{xb, torch.randn(3, 2)}"),
    "JoinTableNeg": ("nn.JoinTable(-2)", "{xb, torch.randn(2, 4)}"),
    "SelectTable": ("nn.SelectTable(-1)", "{xb, {yb, zb}}"),
    "SelectTableNested": ("nn.SelectTable(1)", "{{xb, yb}, zb}"),
    "NarrowTable": ("nn.NarrowTable(2, 2)", "{xb, yb, zb}"),
    "FlattenTable": ("nn.FlattenTable()", "{xb, {yb, {zb}}}"),
    "MixtureTableTable": ("nn.MixtureTable()", "{torch.randn(3, 2), {xb, yb}}"),
    "MixtureTableTensor": ("nn.MixtureTable()", "{torch.randn(3, 2), torch.randn(3, 2, 4)}"),
    "MixtureTableSingle": ("nn.MixtureTable()", "{torch.randn(2), {x, x:clone():add(1)}}"),
    "ZipTable": ("nn.ZipTable()", "{{xb, yb}, {zb, pos}}"),
    "ZipTableOneToMany": ("nn.ZipTableOneToMany()", "{xb, {yb, zb}}"),
    "PairwiseDistance": ("nn.PairwiseDistance(2)", "{xb, yb}"),
    "PairwiseDistance1": ("nn.PairwiseDistance(1)", "{xb, yb}"),
    "PairwiseDistance3": ("nn.PairwiseDistance(3)", "{x, x:clone():add(0.5)}"),
    "DotProduct": ("nn.DotProduct()", "{xb, yb}"),
    "DotProduct1d": ("nn.DotProduct()", "{x, x:clone():mul(2)}"),
    "CosineDistance": ("nn.CosineDistance()", "{xb, yb}"),
    "CosineDistance1d": ("nn.CosineDistance()", "{x, yb[1]}"),
    "CAddTensorTable": ("nn.CAddTensorTable()", "{xb, {yb, zb}}"),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradient(L, name):
    ctor, inp = GRAD_CASES[name]
    out = L("""
    torch.manualSeed(11)
    local x, xb, x3 = torch.randn(4), torch.randn(3, 4), torch.randn(2, 3, 4)
    local yb, zb = torch.randn(3, 4), torch.randn(3, 4)
    local pos = torch.rand(3, 4):add(0.5)
    local m
    m = %s
    local input = %s
    print(mod_err(m, input))
    """ % (ctor, inp))
    assert num(out) < 1e-5


def test_default_init_matches_torch7_order(L):
    # weight first, then bias, uniform(-1/sqrt(fanIn), 1/sqrt(fanIn))
    out = L("""
    torch.manualSeed(3)
    local b = nn.Bilinear(4, 2, 3)
    torch.manualSeed(3)
    local s = 1 / math.sqrt(4)
    local w = torch.Tensor(3, 4, 2):uniform(-s, s)
    local bias = torch.Tensor(3):uniform(-s, s)
    print(b.weight:equal(w), b.bias:equal(bias))
    torch.manualSeed(3)
    local c = nn.CMul(2, 3)
    torch.manualSeed(3)
    print(c.weight:equal(torch.Tensor(2, 3):uniform(-1 / math.sqrt(6), 1 / math.sqrt(6))))
    torch.manualSeed(3)
    local e = nn.Euclidean(5, 2)
    torch.manualSeed(3)
    print(e.weight:equal(torch.Tensor(5, 2):uniform(-1 / math.sqrt(5), 1 / math.sqrt(5))))
    torch.manualSeed(3)
    local a = nn.Add(4)
    torch.manualSeed(3)
    print(a.bias:equal(torch.Tensor(4):uniform(-0.5, 0.5)))
    local m = nn.Mul(); m:reset(2)
    print(math.abs(m.weight[1]) <= 2 * math.sqrt(3))
    """)
    assert out.split() == ["true"] * 6


def test_dropout_matches_torch7_stream(L):
    ref = open(os.path.join(SHARED, "reference", "random.out")).read()
    line = [l for l in ref.splitlines() if l.startswith("Dropout ")][0]
    want = [float(v) for v in line.split()[1:]]
    out = L("""
    torch.manualSeed(5)
    nn.Linear(3, 2); nn.SpatialConvolution(2, 2, 2, 2); nn.LookupTable(3, 2)
    local d = nn.Dropout(0.5)
    local o = d:forward(torch.ones(6))
    local s = {}
    for i = 1, 6 do s[i] = string.format('%.17g', o[i]) end
    print(table.concat(s, ' '))
    print(d)
    print(d.noise:equal(o), torch.type(d.noise))
    """)
    lines = out.strip().split("\n")
    assert [float(v) for v in lines[0].split()] == want
    assert lines[1].strip() == "nn.Dropout(0.500000)"
    assert lines[2].split() == ["true", "torch.DoubleTensor"]


def test_dropout_modes(L):
    out = L("""
    torch.manualSeed(1)
    local x = torch.ones(1000)
    local d = nn.Dropout(0.25)
    local o = d:forward(x)
    local kept = o:gt(0):sum()
    print(kept > 650 and kept < 850, o:max() == 1 / 0.75)
    local g = d:backward(x, torch.ones(1000))
    print(g:equal(d.noise))
    d:evaluate()
    print(d:forward(x):equal(x), d:backward(x, x):equal(x))
    local v1 = nn.Dropout(0.25, true)
    print(v1:forward(x):max() == 1)
    v1:evaluate()
    print(v1:forward(x)[1] == 0.75)
    print(nn.Dropout(0):forward(x):equal(x))
    """)
    assert out.split() == ["true"] * 8


def test_dropout_bad_p(lua_err):
    msg = lua_err("require 'nn'; nn.Dropout(1.5)")
    assert "illegal percentage" in msg


def test_regulariser_values(L):
    out = L("""
    local x = torch.Tensor{{1, -2}, {3, -4}}
    local p = nn.L1Penalty(0.5)
    print(p:forward(x) == x, p.loss)
    print(p:backward(x, torch.ones(2, 2)):view(-1):totable()[2])
    local r = nn.GradientReversal()
    print(r:forward(x):equal(x), r:backward(x, torch.ones(2, 2)):sum())
    local z = nn.ZeroGrad()
    print(z:forward(x):equal(x), z:backward(x, torch.ones(2, 2)):abs():sum())
    local c = nn.Constant(torch.Tensor{7, 8}, 1)
    print(c:forward(torch.randn(3)):sum(), c:forward(torch.randn(5, 3)):size(1), c:backward(x, x):abs():sum())
    local w = nn.WhiteNoise(2, 1)
    w:evaluate()
    print(w:forward(x):equal(x + 2))
    print(nn.WhiteNoise())
    """)
    lines = [l.split() for l in out.strip().split("\n")]
    assert lines[0] == ["true", "5"]
    assert lines[1] == ["0.5"]
    assert lines[2] == ["true", "-4"]
    assert lines[3] == ["true", "0"]
    assert lines[4] == ["15", "5", "0"]
    assert lines[5] == ["true"]
    assert " ".join(lines[6]) == "nn.WhiteNoise mean: 0.000000, std: 0.100000"


def test_printsize(L):
    out = L("""
    local p = nn.PrintSize('foo')
    local x = torch.ones(2, 3)
    print(p:forward(x) == x)
    """)
    assert out.startswith("foo:input")
    assert "torch.LongStorage of size 2" in out


def test_tostrings(L):
    out = L("""
    print(nn.Reshape(3072)); print(nn.Reshape(2, 3, true)); print(nn.View(-1)); print(nn.View(2, -1, 3))
    print(nn.Dropout(0.2)); print(nn.Unsqueeze(2)); print(nn.SelectTable(-1)); print(nn.Normalize(2))
    print(nn.Normalize(1.5)); print(nn.Bilinear(4, 2, 3, false)); print(nn.PartialLinear(3, 4))
    print(nn.Euclidean(2, 3)); print(nn.CAddTable()); print(nn.JoinTable(1)); print(nn.Abs())
    """)
    assert [l.rstrip() for l in out.strip().split("\n")] == [
        "nn.Reshape(3072)", "nn.Reshape(2x3)", "nn.View(-1)", "nn.View(2, -1, 3)",
        "nn.Dropout(0.200000)", "nn.Unsqueeze(dim 2)", "nn.SelectTable(-1)", "nn.Normalize(2)",
        "nn.Normalize(1.500000)", "nn.Bilinear(4x2 -> 3)  without bias", "nn.PartialLinear(3 -> 4)",
        "nn.Euclidean", "nn.CAddTable", "nn.JoinTable", "nn.Abs"]


def test_shape_values(L):
    out = L("""
    local x = torch.range(1, 6)
    print(nn.Reshape(2, 3):forward(x):size(1), nn.Reshape(2, 3):forward(torch.randn(4, 6)):dim())
    print(nn.Reshape(6):forward(torch.randn(1, 6)):dim(), nn.Reshape(3, 6, false):forward(torch.randn(3, 6)):dim())
    print(nn.View(-1):forward(torch.randn(2, 3)):dim(), nn.View(3):setNumInputDims(1):forward(torch.randn(5, 3)):size(1))
    print(nn.View(2, 3):forward(torch.randn(4, 6)):dim())
    local r = nn.Replicate(3):forward(x)
    print(r:size(1), r:size(2), r:stride(1))
    print(nn.Padding(1, -2, 1, 9):forward(x):totable()[1], nn.Padding(1, 2):forward(x):size(1))
    local o = nn.OneHot(4):forward(torch.LongTensor{2, 4})
    print(o[1][2], o[2][4], o:sum())
    print(nn.Transpose({1, 2}):forward(torch.randn(2, 3)):size(1))
    print(nn.Squeeze(nil, 2):forward(torch.randn(1, 1, 3)):dim())
    print(nn.Unsqueeze(1, 1):forward(torch.randn(5, 3)):size(2))
    print(nn.Select(2, -1):forward(x:view(2, 3))[2], nn.Narrow(1, -2, 2):forward(x):totable()[1])
    print(nn.Contiguous():forward(torch.randn(3, 4):t()):isContiguous())
    print(nn.Collapse(2):forward(torch.randn(5, 2, 3)):size(2))
    print(nn.Copy('torch.DoubleTensor', 'torch.FloatTensor'):forward(x):type())
    local ps = nn.PixelShuffle(2):forward(torch.range(1, 16):view(4, 2, 2))
    print(ps[1][1][2], ps[1][2][1], ps:size(2))
    """)
    lines = [l.split() for l in out.strip().split("\n")]
    assert lines == [["2", "3"], ["2", "2"], ["1", "5"], ["3"], ["3", "6", "0"], ["9", "8"], ["1", "1", "2"],
                     ["3"], ["2"], ["1"], ["6", "5"], ["true"], ["6"], ["torch.FloatTensor"], ["5", "9", "4"]]


def test_reductions_and_products(L):
    out = L("""
    local x = torch.Tensor{{1, 5, 3}, {4, 2, 6}}
    print(nn.Sum(1):forward(x):totable()[3], nn.Mean(2):forward(x):totable()[2], nn.Sum(2):forward(x):dim())
    print(nn.Max(2):forward(x):totable()[1], nn.Min(1):forward(x):totable()[2])
    print(nn.Sum(1, nil, false, false):forward(x):dim())
    print(nn.MM():forward({x, x:t()})[1][1], nn.MV():forward({x, torch.Tensor{1, 1, 1}})[2])
    print(string.format('%.6f', nn.Normalize(1):forward(torch.Tensor{1, 3})[2]))
    """)
    lines = [l.split() for l in out.strip().split("\n")]
    assert lines == [["9", "4", "1"], ["5", "2"], ["2"], ["35", "12"], ["0.750000"]]


def test_table_values(L):
    out = L("""
    local a, b = torch.Tensor{1, 5, 3}, torch.Tensor{4, 2, 3}
    print(nn.CMaxTable():forward({a, b}):totable()[1], nn.CMinTable():forward({a, b}):totable()[2])
    print(nn.CDivTable():forward({a, b})[1], nn.CSubTable():forward({a, b})[2], nn.CMulTable():forward({a, b})[3])
    print(nn.JoinTable(1):forward({a, b}):size(1), #nn.SplitTable(1):forward(torch.randn(4, 2)))
    print(nn.DotProduct():forward({a, b})[1], nn.PairwiseDistance(1):forward({a, b})[1])
    print(string.format('%.6f', nn.CosineDistance():forward({a, b})[1]))
    local f = nn.FlattenTable():forward({a, {b, {a}}})
    print(#f, f[3] == a)
    local z = nn.ZipTable():forward({{a, b}, {b, a}})
    print(z[1][2] == b, z[2][1] == b)
    print(#nn.NarrowTable(2, -1):forward({a, b, a, b}))
    print(nn.SelectTable(2):forward({a, b}) == b)
    print(nn.MixtureTable():forward({torch.Tensor{0.25, 0.75}, {a, b}})[1])
    local ct = nn.CAddTensorTable():forward({a, {b, b}})
    print(#ct, ct[2][1])
    """)
    lines = [l.split() for l in out.strip().split("\n")]
    cos = (1 * 4 + 5 * 2 + 3 * 3) / np.sqrt((1 + 25 + 9 + 1e-12) * (16 + 4 + 9 + 1e-12))
    assert lines[0] == ["4", "2"]
    assert lines[1] == ["0.25", "3", "9"]
    assert lines[2] == ["6", "4"]
    assert lines[3] == ["23", "6"]
    assert float(lines[4][0]) == pytest.approx(cos, abs=1e-6)
    assert lines[5:] == [["3", "true"], ["true", "true"], ["3"], ["true"], ["3.25"], ["2", "5"]]


def test_inplace_constants_restore_input(L):
    out = L("""
    local x = torch.Tensor{1, 2, 3}
    local a = nn.AddConstant(10, true)
    local o = a:forward(x)
    print(x[1], o == a.output)
    a:backward(x, torch.ones(3))
    print(x[1])
    local m = nn.MulConstant(4, true)
    m:forward(x); print(x[3])
    m:backward(x, torch.ones(3)); print(x[3])
    """)
    assert out.split() == ["11", "true", "1", "12", "3"]


def test_float_modules(L):
    out = L("""
    local x = torch.FloatTensor(3, 4):normal()
    for _, m in ipairs{nn.Euclidean(4, 2), nn.Cosine(4, 2), nn.CMul(4), nn.Normalize(2), nn.Sum(2), nn.Reshape(12)} do
       m:float()
       local o = m:forward(x)
       local g = m:backward(x, o:clone():fill(1))
       io.write(o:type(), ' ', g:type(), ' ')
    end
    print()
    """)
    assert set(out.split()) == {"torch.FloatTensor"}


@pytest.mark.parametrize("code,words", [
    ("nn.Euclidean(4, 3):forward(torch.randn(5))", ["nn.Euclidean", "4", "5"]),
    ("nn.Cosine(4, 3):forward(torch.randn(2, 5))", ["nn.Cosine", "2 x 5"]),
    ("nn.CMul(4):forward(torch.randn(3, 5))", ["nn.CMul", "3 x 5"]),
    ("nn.Add(4):forward(torch.randn(3, 5))", ["nn.Add", "3 x 5"]),
    ("nn.Bilinear(4, 2, 3):forward({torch.randn(3, 4), torch.randn(3, 5)})", ["nn.Bilinear", "second input"]),
    ("nn.Reshape(5):forward(torch.randn(3, 4))", ["nn.Reshape", "3 x 4", "5"]),
    ("nn.View(5):forward(torch.randn(3, 4))", ["nn.View", "3x4", "5"]),
    ("nn.Select(3, 1):forward(torch.randn(3, 4))", ["nn.Select", "dimension 3"]),
    ("nn.Narrow(1, 3, 4):forward(torch.randn(3, 4))", ["nn.Narrow", "3 x 4"]),
    ("nn.Index(1):forward({torch.randn(3, 4), torch.LongTensor{4}})", ["nn.Index", "1 to 3"]),
    ("nn.Replicate(2, 4):forward(torch.randn(3, 4))", ["nn.Replicate", "dimension 4"]),
    ("nn.Transpose({1, 3}):forward(torch.randn(3, 4))", ["nn.Transpose", "3 x 4"]),
    ("nn.Max(3):forward(torch.randn(3, 4))", ["nn.Max", "3 x 4"]),
    ("nn.Sum(3):forward(torch.randn(3, 4))", ["nn.Sum", "3 x 4"]),
    ("nn.Normalize(2):forward(torch.randn(2, 3, 4))", ["nn.Normalize", "2 x 3 x 4"]),
    ("nn.MM():forward({torch.randn(3, 4), torch.randn(3, 4)})", ["nn.MM", "3 x 4"]),
    ("nn.MV():forward({torch.randn(3, 4), torch.randn(3)})", ["nn.MV", "3 x 4"]),
    ("nn.JoinTable(2):forward({torch.randn(3, 4), torch.randn(2, 4)})", ["nn.JoinTable", "2 x 4", "3 x 4"]),
    ("nn.CAddTable():forward({torch.randn(3, 4), torch.randn(2, 4)})", ["nn.CAddTable", "2 x 4"]),
    ("nn.CMulTable():forward(torch.randn(3))", ["nn.CMulTable", "table"]),
    ("nn.SelectTable(3):forward({torch.randn(3)})", ["nn.SelectTable", "3"]),
    ("nn.PairwiseDistance(2):forward({torch.randn(3), torch.randn(4)})", ["nn.PairwiseDistance"]),
    ("nn.OneHot(3):forward(torch.LongTensor{4})", ["nn.OneHot", "1 to 3"]),
    ("nn.PixelShuffle(2):forward(torch.randn(3, 2, 2))", ["nn.PixelShuffle", "divisible by 4"]),
    ("nn.Padding(3, 1):forward(torch.randn(3, 4))", ["nn.Padding", "3 x 4"]),
    ("nn.MixtureTable():forward({torch.randn(3, 2), {torch.randn(3, 4)}})", ["nn.MixtureTable", "one gater output per expert"]),
])
def test_errors_name_the_module(lua_err, code, words):
    msg = lua_err("require 'nn'; " + code)
    for w in words:
        assert w in msg, (w, msg)
    assert "Traceback" not in msg and "stack traceback" not in msg


@pytest.mark.parametrize("ctor,param,input", [
    ("nn.Euclidean(4, 3)", "weight", "torch.randn(3, 4)"),
    ("nn.Euclidean(4, 3)", "weight", "torch.randn(4)"),
    ("nn.WeightedEuclidean(4, 3)", "weight", "torch.randn(3, 4)"),
    ("nn.WeightedEuclidean(4, 3)", "diagCov", "torch.randn(4)"),
    ("nn.Cosine(4, 3)", "weight", "torch.randn(3, 4)"),
    ("nn.CMul(4)", "weight", "torch.randn(3, 4)"),
    ("nn.CAdd(4)", "bias", "torch.randn(3, 4)"),
    ("nn.Add(4)", "bias", "torch.randn(3, 4)"),
    ("nn.Mul()", "weight", "torch.randn(3, 4)"),
    ("nn.PartialLinear(4, 5)", "bias", "torch.randn(3, 4)"),  # its weight lives in m.network, as in torch7
])
def test_all_update_paths_agree(L, ctor, param, input):
    # plain / accUpdate / shared accGrad / shared accUpdate must give the same weights (nn.Jacobian)
    grad = "grad" + param[0].upper() + param[1:]
    out = L("""
    torch.manualSeed(2)
    local m = %s
    local errs = nn.Jacobian.testAllUpdate(m, %s, '%s', '%s')
    local mx = 0
    for k, v in pairs(errs) do mx = math.max(mx, v) end
    print(mx)
    """ % (ctor, input, param, grad))
    assert num(out) < 1e-9


def test_bilinear_shared_update(L):
    out = L("""
    torch.manualSeed(2)
    local m = nn.Bilinear(3, 2, 2)
    local x = {torch.randn(4, 3), torch.randn(4, 2)}
    local w = m.weight:clone()
    m:forward(x)
    m:zeroGradParameters()
    m:backward(x, torch.ones(4, 2))
    local expect = w - m.gradWeight * 0.1
    local m2 = m:clone()
    m2:forward(x); m2:updateGradInput(x, torch.ones(4, 2)); m2:accUpdateGradParameters(x, torch.ones(4, 2), 0.1)
    print((m2.weight - expect):abs():max() < 1e-12)
    m2.shared = true
    m2.weight:copy(w)
    m2:accUpdateGradParameters(x, torch.ones(4, 2), 0.1)
    print((m2.weight - expect):abs():max() < 1e-12)
    """)
    assert out.split() == ["true", "true"]


FLOAT_SWEEP = r"""
torch.manualSeed(1)
local F = function(...) return torch.FloatTensor(...):normal() end
local x, xb = F(4), F(3, 4)
local cases = {
 {nn.Bilinear(4, 2, 3), {xb, F(3, 2)}}, {nn.PartialLinear(4, 5), xb}, {nn.Add(4), xb}, {nn.CAdd(4), xb}, {nn.Mul(), xb},
 {nn.CMul(4), xb}, {nn.Euclidean(4, 3), xb}, {nn.WeightedEuclidean(4, 3), xb}, {nn.Cosine(4, 3), xb},
 {nn.Reshape(2, 2), xb}, {nn.View(-1), xb}, {nn.Contiguous(), xb}, {nn.Select(1, 2), xb}, {nn.Narrow(2, 1, 2), xb},
 {nn.Index(1), {xb, torch.LongTensor{1}}}, {nn.Squeeze(), xb}, {nn.Unsqueeze(1), xb}, {nn.Replicate(2), xb},
 {nn.Transpose({1, 2}), xb}, {nn.Padding(1, 1), xb}, {nn.MaskedSelect(), {xb, xb:gt(0)}}, {nn.Copy(), xb},
 {nn.Collapse(1), xb}, {nn.PixelShuffle(2), F(4, 2, 2)}, {nn.Abs(), xb}, {nn.Exp(), xb}, {nn.Log(), xb:clone():abs()},
 {nn.Power(2), xb}, {nn.Square(), xb}, {nn.Sqrt(), xb:clone():abs()}, {nn.Clamp(0, 1), xb}, {nn.AddConstant(1), xb},
 {nn.MulConstant(2), xb}, {nn.Normalize(2), xb}, {nn.Sum(1), xb}, {nn.Mean(1), xb}, {nn.Max(1), xb}, {nn.Min(2), xb},
 {nn.MM(), {xb, xb:t()}}, {nn.MV(), {xb, x}}, {nn.Dropout(), xb}, {nn.WhiteNoise(), xb}, {nn.L1Penalty(1), xb},
 {nn.GradientReversal(), xb}, {nn.ZeroGrad(), xb}, {nn.Constant(3, 1), xb},
 {nn.CAddTable(), {xb, xb}}, {nn.CSubTable(), {xb, xb}}, {nn.CMulTable(), {xb, xb}}, {nn.CDivTable(), {xb, xb}},
 {nn.CMaxTable(), {xb, xb}}, {nn.CMinTable(), {xb, xb}}, {nn.SplitTable(1), xb}, {nn.JoinTable(1), {xb, xb}},
 {nn.SelectTable(1), {xb, xb}}, {nn.NarrowTable(1), {xb, xb}}, {nn.FlattenTable(), {xb, {xb}}},
 {nn.MixtureTable(), {F(3, 2), {xb, xb}}}, {nn.ZipTable(), {{xb}, {xb}}}, {nn.ZipTableOneToMany(), {xb, {xb}}},
 {nn.PairwiseDistance(2), {xb, xb}}, {nn.DotProduct(), {xb, xb}}, {nn.CosineDistance(), {xb, xb}},
 {nn.CAddTensorTable(), {xb, {xb}}},
}
local function types(t, acc)
   acc = acc or {}
   if torch.isTensor(t) then acc[t:type()] = true elseif type(t) == 'table' then for _, v in pairs(t) do types(v, acc) end end
   return acc
end
local function like(o)
   if torch.isTensor(o) then return o:clone():fill(1) end
   local r = {} for i, v in ipairs(o) do r[i] = like(v) end return r
end
for _, c in ipairs(cases) do
   local m, inp = c[1], c[2]
   local ok, err = pcall(function()
      m:float()
      local o = m:forward(inp)
      local g = m:backward(inp, like(o))
      local ts = types(o); local tg = types(g)
      for k in pairs(ts) do if k ~= 'torch.FloatTensor' then error('output ' .. k) end end
      for k in pairs(tg) do if k ~= 'torch.FloatTensor' and k ~= 'torch.ByteTensor' and k ~= 'torch.LongTensor' then error('grad ' .. k) end end
      local m2 = m:clone(); m2:forward(inp)
   end)
   if not ok then print(torch.type(m), err) end
end
print('done')
"""


def test_every_layer_float_forward_backward_clone(L):
    # :float() converts in place; outputs and gradients stay float; clones run
    assert L(FLOAT_SWEEP).split() == ["done"]
