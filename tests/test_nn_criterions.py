"""nn criterions: values against numpy, finite-difference gradients, torch7 argument
conventions (sizeAverage, weights, ignoreIndex, 1-based targets) and module-named errors."""
import numpy as np
import pytest

# finite-difference check of a criterion: max |numeric - analytic| over all input elements
FD = r"""
require 'nn'
local function leaves(x)
   if torch.isTensor(x) then return {x} end
   local r = {}
   for _, v in ipairs(x) do for _, t in ipairs(leaves(v)) do r[#r + 1] = t end end
   return r
end
function crit_err(c, input, target, eps)
   eps = eps or 1e-6
   c:forward(input, target)
   local gs = {}
   for k, g in ipairs(leaves(c:backward(input, target))) do gs[k] = g:clone():contiguous():view(-1) end
   local maxerr = 0
   for k, x in ipairs(leaves(input)) do
      local xf = x:view(-1)
      for i = 1, xf:size(1) do
         local o = xf[i]
         xf[i] = o + eps; local fp = c:forward(input, target)
         xf[i] = o - eps; local fm = c:forward(input, target)
         xf[i] = o
         maxerr = math.max(maxerr, math.abs((fp - fm) / (2 * eps) - gs[k][i]))
      end
   end
   return maxerr
end
"""


def lt(a, ty="torch.Tensor"):
    """Lua constructor for a numpy array (1-D or 2-D)."""
    a = np.asarray(a)
    if a.ndim == 1:
        return "%s({%s})" % (ty, ",".join(repr(float(v)) for v in a))
    return "%s({%s})" % (ty, ",".join("{%s}" % ",".join(repr(float(v)) for v in row) for row in a))


@pytest.fixture
def L(lua):
    return lambda code: lua(FD + code)


def num(out):
    return float(out.strip().split()[-1])


rng = np.random.RandomState(0)
X = rng.randn(3, 4)
T = rng.randn(3, 4)
P = rng.rand(3, 4) * 0.8 + 0.1
B = (rng.rand(3, 4) > 0.5).astype(float)
LOGP = X - np.log(np.exp(X).sum(1, keepdims=True))
CLS = np.array([1, 4, 2])


# --- values ---------------------------------------------------------------------------
@pytest.mark.parametrize("ctor,expect", [
    ("nn.MSECriterion()", ((X - T) ** 2).mean()),
    ("nn.MSECriterion(false)", ((X - T) ** 2).sum()),
    ("nn.AbsCriterion()", np.abs(X - T).mean()),
    ("nn.AbsCriterion(false)", np.abs(X - T).sum()),
    ("nn.SmoothL1Criterion()", np.where(np.abs(X - T) < 1, 0.5 * (X - T) ** 2, np.abs(X - T) - 0.5).mean()),
    ("nn.SoftMarginCriterion()", np.log1p(np.exp(-T * X)).mean()),
    ("nn.MarginCriterion(0.5)", np.maximum(0, 0.5 - X * T).mean()),
])
def test_elementwise_values(L, ctor, expect):
    out = L("local c = %s; print(string.format('%%.12f', c:forward(%s, %s)))" % (ctor, lt(X), lt(T)))
    assert num(out) == pytest.approx(expect, rel=1e-9)


def test_forward_returns_number_and_reuses_grad_buffer(L):
    out = L("""
    local c = nn.MSECriterion()
    local x, t = torch.randn(3, 4), torch.randn(3, 4)
    local o = c:forward(x, t)
    local g1 = c:backward(x, t)
    local g2 = c:backward(torch.randn(3, 4), t)
    print(type(o), torch.type(g1), g1 == g2, torch.type(c.output))
    local o2, g3 = c(x, t)
    print(o2 == o, g3 == g1)
    """)
    assert out.split() == ["number", "torch.DoubleTensor", "true", "number", "true", "true"]


def test_l1cost_and_distkl(L):
    out = L("print(string.format('%%.12f %%.12f', nn.L1Cost():forward(%s), nn.DistKLDivCriterion():forward(%s, %s)))"
            % (lt(X), lt(X), lt(P)))
    a, b = map(float, out.split())
    assert a == pytest.approx(np.abs(X).sum())
    assert b == pytest.approx((P * (np.log(P) - X)).mean())


def test_bce_values_and_weights(L):
    w = np.array([0.5, 1, 2, 3])
    eps = 1e-12
    base = -(B * np.log(P + eps) + (1 - B) * np.log(1 - P + eps))
    out = L("""
    local x, t = %s, %s
    print(string.format('%%.12f %%.12f %%.12f', nn.BCECriterion():forward(x, t),
          nn.BCECriterion(%s):forward(x, t), nn.BCECriterion(nil, false):forward(x, t)))
    """ % (lt(P), lt(B), lt(w)))
    a, b, c = map(float, out.split())
    assert a == pytest.approx(base.mean())
    assert b == pytest.approx((base * w).mean())
    assert c == pytest.approx(base.sum())


def test_classnll_values(L):
    w = np.array([1.0, 2.0, 0.5, 3.0])
    picked = LOGP[np.arange(3), CLS - 1]
    out = L("""
    local x, t = %s, torch.LongTensor{1, 4, 2}
    local w = %s
    print(string.format('%%.12f', nn.ClassNLLCriterion():forward(x, t)))
    print(string.format('%%.12f', nn.ClassNLLCriterion(nil, false):forward(x, t)))
    print(string.format('%%.12f', nn.ClassNLLCriterion(w):forward(x, t)))
    print(string.format('%%.12f', nn.ClassNLLCriterion(w, false):forward(x, t)))
    print(string.format('%%.12f', nn.ClassNLLCriterion():forward(x[2], 4)))
    print(string.format('%%.12f', nn.ClassNLLCriterion():forward(x, torch.Tensor{1, 4, 2})))
    """ % (lt(LOGP), lt(w)))
    v = [float(s) for s in out.split()]
    ww = w[CLS - 1]
    assert v[0] == pytest.approx(-picked.mean())
    assert v[1] == pytest.approx(-picked.sum())
    assert v[2] == pytest.approx(-(picked * ww).sum() / ww.sum())
    assert v[3] == pytest.approx(-(picked * ww).sum())
    assert v[4] == pytest.approx(-LOGP[1, 3])
    assert v[5] == pytest.approx(v[0])


def test_classnll_ignore_index(L):
    picked = LOGP[[0, 2], [0, 1]]
    out = L("""
    local x = %s
    local c = nn.ClassNLLCriterion()
    print(c.ignoreIndex)
    local c2 = nn.ClassNLLCriterion(nil, true, 4)
    print(string.format('%%.12f', c2:forward(x, torch.LongTensor{1, 4, 2})))
    local g = c2:backward(x, torch.LongTensor{1, 4, 2})
    print(g[2]:abs():sum(), g[1][1], g[3][2])
    print(string.format('%%.12f', c:forward(x, torch.LongTensor{1, -100, 2})))
    """ % lt(LOGP))
    lines = [l.strip() for l in out.strip().split("\n")]
    assert lines[0] == "-100"
    assert float(lines[1]) == pytest.approx(-picked.mean())
    assert lines[2].split() == ["0", "-0.5", "-0.5"]
    assert float(lines[3]) == pytest.approx(-picked.mean())


def test_classnll_keeps_long_target(lua):
    # torch7 stores self.target = target:long(): a Byte/Double target (char-rnn's ByteTensor batches)
    # becomes a LongTensor copy, a LongTensor target is kept as is (and saved with the module)
    out = lua("""
    require 'nn'
    local x = torch.randn(3, 4)
    local c = nn.ClassNLLCriterion()
    local lt = torch.LongTensor{2, 4, 1}
    local l1 = c:forward(x, torch.ByteTensor{2, 4, 1})
    print(torch.type(c.target), c.target:size(1), c.target[2])
    local g1 = c:backward(x, torch.Tensor{2, 4, 1}):clone()
    print(torch.type(c.target), c.target:size(1))
    print(l1 == c:forward(x, lt), torch.pointer(c.target) == torch.pointer(lt), torch.equal(g1, c:backward(x, lt)))
    """)
    lines = out.split("\n")
    assert lines[0] == "torch.LongTensor\t3\t4\t"
    assert lines[1] == "torch.LongTensor\t3\t"
    assert lines[2] == "true\ttrue\ttrue\t"


def test_classnll_errors(lua_err):
    msg = lua_err("require 'nn'; nn.ClassNLLCriterion():forward(torch.randn(3, 4), torch.LongTensor{1, 5, 2})")
    assert "nn.ClassNLLCriterion" in msg and "target 5 is out of range" in msg and "1 to 4" in msg
    msg = lua_err("require 'nn'; nn.ClassNLLCriterion():forward(torch.randn(3), 0)")
    assert "nn.ClassNLLCriterion" in msg and "target 0" in msg
    msg = lua_err("require 'nn'; nn.ClassNLLCriterion():forward(torch.randn(3, 4), torch.LongTensor{1, 2})")
    assert "nn.ClassNLLCriterion" in msg and "3 x 4" in msg and "2" in msg
    msg = lua_err("require 'nn'; nn.ClassNLLCriterion():forward(torch.randn(2, 3, 4), torch.LongTensor{1, 2})")
    assert "nn.ClassNLLCriterion" in msg and "1D or 2D" in msg
    assert "Traceback" not in msg


def test_size_mismatch_errors(lua_err):
    for c in ["MSECriterion", "AbsCriterion", "BCECriterion", "SmoothL1Criterion", "SoftMarginCriterion",
              "DistKLDivCriterion", "MarginCriterion"]:
        msg = lua_err("require 'nn'; nn.%s():forward(torch.rand(3, 4), torch.rand(5))" % c)
        assert ("nn.%s" % c) in msg and "3 x 4" in msg and "5" in msg, msg
        assert "Traceback" not in msg
    msg = lua_err("require 'nn'; nn.MultiMarginCriterion():forward(torch.rand(3, 4), torch.LongTensor{1, 2, 9})")
    assert "nn.MultiMarginCriterion" in msg and "9" in msg
    msg = lua_err("require 'nn'; nn.CrossEntropyCriterion():forward(torch.rand(2, 4), torch.LongTensor{1, 7})")
    assert "nn.ClassNLLCriterion" in msg and "7" in msg


def test_crossentropy_equals_logsoftmax_nll(L):
    out = L("""
    local x = %s
    local t = torch.LongTensor{1, 4, 2}
    local ce = nn.CrossEntropyCriterion()
    print(string.format('%%.12f', ce:forward(x, t)))
    print(ce:backward(x, t):size(1), ce:backward(x, t):size(2))
    print(string.format('%%.12f', nn.CrossEntropyCriterion():forward(x[3], 2)))
    """ % lt(X))
    lines = [l.strip() for l in out.strip().split("\n")]
    assert float(lines[0]) == pytest.approx(-LOGP[np.arange(3), CLS - 1].mean())
    assert lines[1].split() == ["3", "4"]
    assert float(lines[2]) == pytest.approx(-LOGP[2, 1])


def test_multimargin_values(L):
    def mm(x, y, p=1, margin=1.0, w=None):
        n, d = x.shape
        s = 0
        for i in range(n):
            for j in range(d):
                if j != y[i] - 1:
                    z = max(0, margin - x[i, y[i] - 1] + x[i, j])
                    s += (z ** p) * (w[y[i] - 1] if w is not None else 1)
        return s / d / n
    w = np.array([1, 2, 3, 4.0])
    out = L("""
    local x, t = %s, torch.LongTensor{1, 4, 2}
    print(string.format('%%.12f %%.12f %%.12f', nn.MultiMarginCriterion():forward(x, t),
      nn.MultiMarginCriterion(2, nil, 0.5):forward(x, t), nn.MultiMarginCriterion(1, %s):forward(x, t)))
    """ % (lt(X), lt(w)))
    a, b, c = map(float, out.split())
    assert a == pytest.approx(mm(X, CLS))
    assert b == pytest.approx(mm(X, CLS, 2, 0.5))
    assert c == pytest.approx(mm(X, CLS, w=w))


def test_multilabelmargin_value(L):
    # torch7 doc example: loss = (max(0, 1-(0.1-0.2)) + max(0, 1-(0.1-0.4)) + max(0, 1-(0.8-0.2)) +
    # max(0, 1-(0.8-0.4))) / 4
    out = L("""print(string.format('%.12f', nn.MultiLabelMarginCriterion():forward(
        torch.Tensor{0.1, 0.2, 0.4, 0.8}, torch.LongTensor{4, 1, 0, 3})))""")
    assert num(out) == pytest.approx((1.1 + 1.3 + 0.4 + 0.6) / 4)


def test_embedding_criterion_values(L):
    a, b = X[0], T[0]
    cos = a @ b / np.sqrt((a @ a + 1e-12) * (b @ b + 1e-12))
    out = L("""
    local a, b = %s, %s
    print(string.format('%%.12f', nn.CosineEmbeddingCriterion():forward({a, b}, 1)))
    print(string.format('%%.12f', nn.CosineEmbeddingCriterion(-0.5):forward({a, b}, -1)))
    print(string.format('%%.12f', nn.HingeEmbeddingCriterion(1):forward(torch.Tensor{0.3, 2, 0.5}, torch.Tensor{1, -1, -1})))
    print(string.format('%%.12f', nn.L1HingeEmbeddingCriterion(1):forward({a, b}, 1)))
    print(string.format('%%.12f', nn.MarginRankingCriterion(0.1):forward({torch.Tensor{1}, torch.Tensor{2}}, 1)))
    print(string.format('%%.12f', nn.MarginRankingCriterion(0.1):forward({torch.Tensor{1, 3}, torch.Tensor{2, 2}}, torch.Tensor{1, 1})))
    """ % (lt(a), lt(b)))
    v = [float(s) for s in out.split()]
    assert v[0] == pytest.approx(1 - cos)
    assert v[1] == pytest.approx(max(0, cos + 0.5))
    assert v[2] == pytest.approx((0.3 + 0 + 0.5) / 3)
    assert v[3] == pytest.approx(np.abs(a - b).sum())
    assert v[4] == pytest.approx(1.1)
    assert v[5] == pytest.approx((1.1 + 0) / 2)


def test_distance_ratio_value(L):
    x, y = np.array([0.5, 1.0, 2.0]), np.array([1.5, 0.2, 3.0])
    out = L("print(string.format('%%.12f', nn.DistanceRatioCriterion():forward({%s, %s})))" % (lt(x), lt(y)))
    assert num(out) == pytest.approx((x + np.log(np.exp(-x) + np.exp(-y))).mean())


def test_class_simplex(L):
    out = L("""
    local c = nn.ClassSimplexCriterion(4)
    local s = c.simplex
    print(s:size(1), s:size(2))
    -- vertices have unit norm and equal pairwise dot products -1/(n-1)
    print(string.format('%.9f %.9f %.9f', s[1]:norm(), s[3]:norm(), s[1]:dot(s[2])))
    print(c:forward(s:narrow(1, 2, 1):clone(), torch.LongTensor{2}))
    print(c:getTopPrediction(s:index(1, torch.LongTensor{3, 1})):totable()[1])
    """)
    lines = [l.strip() for l in out.strip().split("\n")]
    assert lines[0].split() == ["4", "4"]
    n1, n3, d = map(float, lines[1].split())
    assert n1 == pytest.approx(1) and n3 == pytest.approx(1) and d == pytest.approx(-1 / 3)
    assert float(lines[2]) == pytest.approx(0, abs=1e-12)
    assert lines[3].strip() == "3"


def test_composite_criterions(L):
    out = L("""
    local x, t = %s, %s
    local m = nn.MultiCriterion():add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion())
    print(string.format('%%.12f', m:forward(x, t)))
    local p = nn.ParallelCriterion():add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion(), 2)
    print(string.format('%%.12f', p:forward({x, t}, {t, x})))
    local r = nn.ParallelCriterion(true):add(nn.MSECriterion()):add(nn.AbsCriterion())
    print(string.format('%%.12f', r:forward({x, x}, t)))
    local w = nn.WeightedMSECriterion(torch.Tensor{1, 2, 3, 4})
    print(string.format('%%.12f', w:forward(x, t)))
    local ct = nn.CriterionTable(nn.MSECriterion())
    print(string.format('%%.12f', ct:forward({x, t})))
    local mc = nn.ModuleCriterion(nn.MSECriterion(), nn.MulConstant(2), nn.MulConstant(3))
    print(string.format('%%.12f', mc:forward(x, t)))
    """ % (lt(X), lt(T)))
    v = [float(s) for s in out.split()]
    mse, ab = ((X - T) ** 2).mean(), np.abs(X - T).mean()
    assert v[0] == pytest.approx(0.5 * mse + ab)
    assert v[1] == pytest.approx(0.5 * mse + 2 * ab)
    assert v[2] == pytest.approx(mse + ab)
    assert v[3] == pytest.approx(((X - T * np.array([1, 2, 3, 4])) ** 2).mean())
    assert v[4] == pytest.approx(mse)
    assert v[5] == pytest.approx(((2 * X - 3 * T) ** 2).mean())


def test_criterion_tostring(L):
    out = L("print(nn.MSECriterion()); print(nn.ClassNLLCriterion()); print(nn.CrossEntropyCriterion())")
    assert out.split() == ["nn.MSECriterion", "nn.ClassNLLCriterion", "nn.CrossEntropyCriterion"]


def test_float_stays_float(L):
    out = L("""
    local c = nn.MSECriterion():float()
    local x, t = torch.FloatTensor(3, 4):normal(), torch.FloatTensor(3, 4):normal()
    print(type(c:forward(x, t)), c:backward(x, t):type())
    local n = nn.ClassNLLCriterion():float()
    print(n:backward(torch.FloatTensor(2, 3):normal(), torch.LongTensor{1, 3}):type())
    """)
    assert out.split() == ["number", "torch.FloatTensor", "torch.FloatTensor"]


# --- finite-difference gradients -------------------------------------------------------
GRAD_CASES = {
    "MSE": ("nn.MSECriterion()", "x", "t"),
    "MSE1d": ("nn.MSECriterion(false)", "x[1]", "t[1]"),
    "Abs": ("nn.AbsCriterion()", "x", "t"),
    "SmoothL1": ("nn.SmoothL1Criterion()", "x", "t"),
    "SoftMargin": ("nn.SoftMarginCriterion()", "x", "s"),
    "Margin": ("nn.MarginCriterion(0.7)", "x", "s"),
    "L1Cost": ("nn.L1Cost()", "x", "nil"),
    "BCE": ("nn.BCECriterion()", "p", "b"),
    "BCEw": ("nn.BCECriterion(torch.rand(4) + 0.5)", "p", "b"),
    "BCE1d": ("nn.BCECriterion(nil, false)", "p[1]", "b[1]"),
    "DistKL": ("nn.DistKLDivCriterion()", "x", "p"),
    "ClassNLL": ("nn.ClassNLLCriterion()", "x", "c"),
    "ClassNLLw": ("nn.ClassNLLCriterion(torch.rand(4) + 0.5)", "x", "c"),
    "ClassNLL1d": ("nn.ClassNLLCriterion()", "x[2]", "3"),
    "CrossEntropy": ("nn.CrossEntropyCriterion()", "x", "c"),
    "CrossEntropy1d": ("nn.CrossEntropyCriterion(torch.rand(4) + 0.5)", "x[1]", "2"),
    "MultiMargin": ("nn.MultiMarginCriterion()", "x", "c"),
    "MultiMargin2w": ("nn.MultiMarginCriterion(2, torch.rand(4) + 0.5, 0.5)", "x", "c"),
    "MultiMargin1d": ("nn.MultiMarginCriterion()", "x[1]", "2"),
    "MultiLabelMargin": ("nn.MultiLabelMarginCriterion()", "x", "torch.LongTensor{{1, 3, 0, 0}, {4, 0, 0, 0}, {2, 1, 4, 0}}"),
    "MultiLabelMargin1d": ("nn.MultiLabelMarginCriterion()", "x[1]", "torch.LongTensor{3, 2, 0, 1}"),
    "MultiLabelSoftMargin": ("nn.MultiLabelSoftMarginCriterion()", "x", "b"),
    "WeightedMSE": ("nn.WeightedMSECriterion(torch.rand(4))", "x", "t"),
    "ClassSimplex": ("nn.ClassSimplexCriterion(4)", "x", "c"),
    "ClassSimplex1d": ("nn.ClassSimplexCriterion(4)", "x[1]", "3"),
    "CosineEmbedding": ("nn.CosineEmbeddingCriterion(0.1)", "{x, t}", "torch.Tensor{1, -1, 1}"),
    "CosineEmbedding1d": ("nn.CosineEmbeddingCriterion(-0.9)", "{x[1], t[1]}", "-1"),
    "HingeEmbedding": ("nn.HingeEmbeddingCriterion(0.5)", "x", "s"),
    "L1HingeEmbedding": ("nn.L1HingeEmbeddingCriterion(2)", "{x[1], t[1]}", "1"),
    "L1HingeEmbeddingNeg": ("nn.L1HingeEmbeddingCriterion(100)", "{x[1], t[1]}", "-1"),
    "MarginRanking": ("nn.MarginRankingCriterion(0.1)", "{x[1], t[1]}", "torch.Tensor{1, -1, 1, -1}"),
    "MarginRanking1": ("nn.MarginRankingCriterion(0.1)", "{x[1]:narrow(1, 1, 1), t[1]:narrow(1, 1, 1)}", "-1"),
    "DistanceRatio": ("nn.DistanceRatioCriterion()", "{p[1], p[2]}", "nil"),
    "Multi": ("nn.MultiCriterion():add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion())", "x", "t"),
    "Parallel": ("nn.ParallelCriterion():add(nn.MSECriterion(), 0.5):add(nn.ClassNLLCriterion())", "{x, t}", "{s, c}"),
    "Module": ("nn.ModuleCriterion(nn.MSECriterion(), nn.Tanh())", "x", "t"),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradient(L, name):
    ctor, inp, tgt = GRAD_CASES[name]
    out = L("""
    torch.manualSeed(7)
    local x, t = torch.randn(3, 4), torch.randn(3, 4)
    local s = torch.Tensor(3, 4):bernoulli(0.5):mul(2):add(-1)
    local p = torch.rand(3, 4):mul(0.8):add(0.1)
    local b = torch.Tensor(3, 4):bernoulli(0.5)
    local c = torch.LongTensor{1, 4, 2}
    print(crit_err(%s, %s, %s))
    """ % (ctor, inp, tgt))
    assert num(out) < 1e-6


FLOAT_SWEEP = r"""
torch.manualSeed(1)
local F = function(...) return torch.FloatTensor(...):normal() end
local x, t = F(3, 4), F(3, 4)
local p = torch.FloatTensor(3, 4):uniform(0.1, 0.9); local b = torch.FloatTensor(3, 4):bernoulli(0.5)
local c = torch.LongTensor{1, 4, 2}
local cases = {
 {nn.MSECriterion(), x, t}, {nn.AbsCriterion(), x, t}, {nn.BCECriterion(torch.rand(4)), p, b}, {nn.ClassNLLCriterion(torch.rand(4)), x, c},
 {nn.ClassSimplexCriterion(4), x, c}, {nn.CosineEmbeddingCriterion(), {x, t}, torch.Tensor{1, -1, 1}},
 {nn.CrossEntropyCriterion(), x, c}, {nn.DistKLDivCriterion(), x, p}, {nn.DistanceRatioCriterion(), {p[1], p[2]}},
 {nn.HingeEmbeddingCriterion(), x, b}, {nn.L1Cost(), x}, {nn.L1HingeEmbeddingCriterion(), {x[1], t[1]}, 1},
 {nn.MarginCriterion(), x, b}, {nn.MarginRankingCriterion(), {x[1], t[1]}, torch.FloatTensor{1, -1, 1, 1}},
 {nn.MultiLabelMarginCriterion(), x, torch.LongTensor{{1, 0, 0, 0}, {2, 3, 0, 0}, {4, 1, 0, 0}}},
 {nn.MultiLabelSoftMarginCriterion(), x, b}, {nn.MultiMarginCriterion(), x, c}, {nn.SmoothL1Criterion(), x, t},
 {nn.SoftMarginCriterion(), x, b}, {nn.WeightedMSECriterion(torch.rand(4)), x, t},
 {nn.MultiCriterion():add(nn.MSECriterion()), x, t}, {nn.ParallelCriterion():add(nn.MSECriterion()), {x}, {t}},
 {nn.ModuleCriterion(nn.MSECriterion(), nn.Identity()), x, t},
}
for _, k in ipairs(cases) do
   local cr, i, tg = k[1], k[2], k[3]
   local ok, err = pcall(function()
      cr:float()
      local o = cr:forward(i, tg)
      assert(type(o) == 'number', 'output ' .. type(o))
      local g = cr:backward(i, tg)
      local g1 = torch.isTensor(g) and g or g[1]
      assert(g1:type() == 'torch.FloatTensor', g1:type())
      cr:clone():forward(i, tg)
   end)
   if not ok then print(torch.type(cr), err) end
end
print('done')
"""


def test_every_criterion_float_forward_backward_clone(L):
    assert L(FLOAT_SWEEP).split() == ["done"]


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("size_average", [True, False])
def test_classnll_accumulates_in_input_type(L, weighted, size_average):
    """THNN sums the loss target by target in the input's own type (`real`): a FloatTensor's loss is
    the float32 running sum (not a float64 or pairwise sum), and `output` is the value its one-element
    output tensor holds."""
    rng = np.random.default_rng(7)
    n, ncls = 300, 7
    x = (rng.standard_normal((n, ncls)) * 1000).astype(np.float32)
    t = rng.integers(1, ncls + 1, n)
    t[5] = 3  # keep every class present
    w = (rng.random(ncls) + 0.3).astype(np.float32)
    acc = np.float32(0)
    tot = np.float32(0)
    for r in range(n):
        cw = w[t[r] - 1] if weighted else np.float32(1)
        tot = np.float32(tot + cw)
        acc = np.float32(acc - np.float32(x[r, t[r] - 1] * cw))
    want = np.float32(acc / tot) if size_average else acc
    xs = ",".join("{%s}" % ",".join(repr(float(v)) for v in row) for row in x)
    out = L("""
    local x = torch.FloatTensor({%s})
    local t = torch.LongTensor({%s})
    local c = nn.ClassNLLCriterion(%s, %s):float()
    local v = c:forward(x, t)
    print(string.format('%%.10g %%.10g %%s', v, c.total_weight_tensor[1], tostring(v == c.output_tensor[1])))
    """ % (xs, ",".join(str(int(v)) for v in t),
           "torch.FloatTensor({%s})" % ",".join(repr(float(v)) for v in w) if weighted else "nil",
           "true" if size_average else "false"))
    got, total, same = out.split()
    assert np.float32(float(got)) == want and same == "true"
    assert np.float32(float(total)) == tot
    # the float64 sum rounds differently here: the test tells the two apart
    ref64 = -(x.astype(np.float64)[np.arange(n), t - 1] * (w[t - 1] if weighted else 1)).sum()
    if size_average:
        ref64 /= float(tot)
    assert np.float32(ref64) != want
