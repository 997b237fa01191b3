"""nn classes added late (Maxout, LinearWeightNorm, Kmeans, GPU, Convert), nn.SparseJacobian,
nn.hessian, and the user's file:line on errors raised by nn modules."""
import os

from conftest import run_cli


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_maxout(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(3)
    local m = nn.Maxout(4, 3, 2)
    print(torch.type(m), torch.isTypeOf(m, 'nn.Sequential'), #m.modules)
    local x = torch.randn(5, 4)
    local y = m:forward(x)
    -- reference: max over the 2 pieces of each output
    local l = m.modules[1].output:view(5, 2, 3)
    local ref = torch.cmax(l:select(2, 1), l:select(2, 2))
    print(y:size(1), y:size(2), (y - ref):abs():max())
    print(m:forward(torch.randn(4)):dim())
    local err = nn.Jacobian.testJacobian(m, torch.randn(5, 4))
    print(err < 1e-5)
    print(nn.Jacobian.testJacobianParameters(m, x, m.modules[1].weight, m.modules[1].gradWeight) < 1e-5)
    print(tostring(m):match('^nn%.Sequential {') ~= nil)
    """)
    lines = rows(out)
    assert lines[0] == "nn.Maxout\ttrue\t3"
    a, b, e = lines[1].split("\t")
    assert (a, b) == ("5", "3") and float(e) == 0
    assert lines[2] == "1"
    assert lines[3:] == ["true", "true", "true"]


def test_linear_weight_norm(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(4)
    local m = nn.LinearWeightNorm(5, 3)
    print(tostring(m), torch.isTypeOf(m, 'nn.Linear'))
    local x = torch.randn(4, 5)
    local y = m:forward(x)
    -- weight = g * v / ||v|| row-wise
    local w = torch.cmul(m.v, torch.cdiv(m.g, m.v:norm(2, 2)):expandAs(m.v))
    local ref = x * w:t() + torch.ones(4, 1) * m.bias:view(1, 3)
    print((y - ref):abs():max() < 1e-12)
    local J = nn.Jacobian
    m:training() -- as torch7: the weight is rebuilt on each forward only when training
    print(J.testJacobian(m, x) < 1e-5)
    print(J.testJacobianParameters(m, x, m.v, m.gradV) < 1e-5)
    print(J.testJacobianParameters(m, x, m.g, m.gradG) < 1e-5)
    print(J.testJacobianParameters(m, x, m.bias, m.gradBias) < 1e-5)
    print(J.testJacobian(m, torch.randn(5)) < 1e-5)
    local p, g = m:getParameters()
    print(p:nElement())
    local lin = m:toLinear()
    print(tostring(lin), (lin:forward(x) - m:forward(x)):abs():max() < 1e-12)
    local m2 = nn.LinearWeightNorm.fromLinear(lin)
    print((m2:forward(x) - lin:forward(x)):abs():max() < 1e-12)
    print(tostring(nn.LinearWeightNorm(2, 2, false)))
    """)
    lines = rows(out)
    assert lines[0] == "nn.LinearWeightNorm(5 -> 3)\ttrue"
    assert lines[1:7] == ["true"] * 6
    assert lines[7] == "21"
    assert lines[8] == "nn.Linear(5 -> 3)\ttrue"
    assert lines[9] == "true"
    assert lines[10] == "nn.LinearWeightNorm(2 -> 2) without bias"


def test_kmeans(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(5)
    local x = torch.Tensor{{0, 0}, {0.2, 0}, {5, 5}, {5.2, 5}, {-5, 5}, {-5, 5.2}}
    local km = nn.Kmeans(3, 2)
    km.weight:copy(torch.Tensor{{1, 1}, {4, 4}, {-4, 4}})
    local y = km:forward(x)
    print(y[1], y[2], y[3], y[4], y[5], y[6])
    -- loss: summed squared distances to the nearest center
    local loss = 0
    for i = 1, 6 do loss = loss + (x[i] - km.weight[y[i]]):pow(2):sum() end
    print(math.abs(km.loss - loss) < 1e-12)
    print(km:backward(x, y):abs():sum())
    km:zeroGradParameters(); km:forward(x); km:backward(x, y); km:updateParameters(1)
    print(string.format('%.4f %.4f %.4f %.4f %.4f %.4f', km.weight[1][1], km.weight[1][2],
       km.weight[2][1], km.weight[2][2], km.weight[3][1], km.weight[3][2]))
    print(km.clusterSampleCount[1], km.clusterSampleCount[2], km.clusterSampleCount[3])
    km:initRandom(x); km:initKmeansPlus(x)
    print(km.weight:size(1), km.weight:size(2))
    print(pcall(nn.Kmeans(2, 3).forward, nn.Kmeans(2, 3), torch.randn(4, 2)))
    """)
    lines = rows(out)
    assert lines[0] == "1\t1\t2\t2\t3\t3"
    assert lines[1] == "true"
    assert lines[2] == "0"
    assert lines[3] == "0.1000 0.0000 5.1000 5.0000 -5.0000 5.1000"
    assert lines[4] == "2\t2\t2"
    assert lines[5] == "3\t2"
    assert lines[6].startswith("false\ttest:20: Dimensionality of input and weight don't match.")


def test_gpu_decorator(lua):
    out = lua("""
    require 'nn'
    local lin = nn.Linear(3, 2)
    local g = nn.GPU(lin, 2)
    print(tostring(g), torch.isTypeOf(g, 'nn.Container'), g.device, g.outdevice)
    local x = torch.randn(4, 3)
    print((g:forward(x) - lin:forward(x)):abs():max())
    local go = torch.randn(4, 2)
    g:zeroGradParameters()
    print((g:backward(x, go) - lin:updateGradInput(x, go)):abs():max())
    print(#g:parameters())
    g:float(); print(g:forward(x:float()):type())
    local f = torch.MemoryFile():binary(); f:writeObject(g); f:seek(1)
    local g2 = f:readObject(); print(tostring(g2), g2.device)
    print(pcall(nn.GPU, lin))
    """)
    lines = rows(out)
    assert lines[0] == "nn.GPU(2) @ nn.Linear(3 -> 2)\ttrue\t2\t2"
    assert lines[1] == "0" and lines[2] == "0" and lines[3] == "2"
    assert lines[4] == "torch.FloatTensor"
    assert lines[5] == "nn.GPU(2) @ nn.Linear(3 -> 2)\t2"
    assert lines[6].startswith("false\ttest:15: ")


def test_convert(lua):
    out = lua("""
    require 'nn'
    local x = torch.randn(2, 3, 4, 5)
    local c = nn.Convert('bchw', 'bf')
    local y = c:forward(x)
    print(y:size(1), y:size(2), (y - x:view(2, 60)):abs():max())
    print((c:backward(x, y) - x):abs():max())
    local c2 = nn.Convert('chw', 'f')
    print(c2:forward(torch.randn(3, 4, 5)):dim(), c2:forward(torch.randn(3, 4, 5)):size(1))
    local z = torch.randn(2, 4, 5, 3)
    local c3 = nn.Convert('bhwc', 'bchw')
    print((c3:forward(z) - z:permute(1, 4, 2, 3)):abs():max(), c3.output:size(2))
    print(nn.Jacobian.testJacobian(c3, z) < 1e-6)
    local c4 = nn.Convert():float()
    local o = c4:forward(torch.randn(3))
    print(torch.type(o), torch.type(c4:backward(torch.randn(3), o)))
    print(nn.Convert('b', 'bt'):forward(torch.Tensor{1, 2, 3}):size(2))
    print(nn.Convert('bf', 'b'):forward(torch.Tensor{{1}, {2}}):dim())
    print(pcall(function() nn.Convert('bf', 'xyz'):forward(torch.randn(2, 2)) end))
    """)
    lines = rows(out)
    assert lines[0] == "2\t60\t0"
    assert lines[1] == "0"
    assert lines[2] == "1\t60"
    assert lines[3] == "0\t3"
    assert lines[4] == "true"
    # as torch7: the gradient comes back in the module's type
    assert lines[5] == "torch.FloatTensor\ttorch.FloatTensor"
    assert lines[6] == "1"
    assert lines[7] == "1"
    assert lines[8].startswith("false\ttest:19: Unrecognized conversion of shape bf to bxyz")


def test_sparse_jacobian(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(6)
    local m = nn.SparseLinear(10, 3, true)
    local input = torch.Tensor{{1, 0}, {4, 0}, {9, 0}}
    local SJ = nn.SparseJacobian
    print(SJ.testJacobian(m, input) < 1e-5)
    print(SJ.testJacobianParameters(m, input, m.weight, m.gradWeight) < 1e-5)
    print(SJ.testJacobianParameters(m, input, m.bias, m.gradBias) < 1e-5)
    local jf = SJ.forward(m, input)
    print(jf:size(1), jf:size(2))
    -- d out_k / d value_i = weight[k][index_i]
    print((jf - m.weight:index(2, torch.LongTensor{1, 4, 9}):t()):abs():max() < 1e-6)
    """)
    assert rows(out) == ["true", "true", "true", "3\t3", "true"]


def test_hessian_linear_mse_matches_finite_differences(lua):
    # for a linear model with MSE the diagonal Gauss-Newton approximation is the exact
    # diagonal of the Hessian: compare with second central differences of the loss
    out = lua("""
    require 'nn'
    nn.hessian.enable(); nn.hessian.enable()
    torch.manualSeed(7)
    local m = nn.Linear(4, 3)
    local crit = nn.MSECriterion()
    local x, t = torch.randn(4), torch.randn(3)
    m:initDiagHessianParameters()
    print(torch.type(m.diagHessianWeight), m.diagHessianWeight:size(1), m.diagHessianWeight:size(2))
    m.diagHessianWeight:zero(); m.diagHessianBias:zero()
    local y = m:forward(x)
    crit:forward(y, t)
    local dho = crit:updateDiagHessianInput(y, t)
    local dhi = m:updateDiagHessianInput(x, dho)
    m:accDiagHessianParameters(x, dho)
    local function loss() return crit:forward(m:forward(x), t) end
    local h, maxerr = 1e-4, 0
    for _, pair in ipairs({{m.weight, m.diagHessianWeight}, {m.bias, m.diagHessianBias}}) do
       local p, d = pair[1]:view(-1), pair[2]:view(-1)
       for i = 1, p:nElement() do
          local v = p[i]
          p[i] = v + h; local lp = loss()
          p[i] = v - h; local lm = loss()
          p[i] = v; local l0 = loss()
          maxerr = math.max(maxerr, math.abs((lp - 2 * l0 + lm) / (h * h) - d[i]))
       end
    end
    print(maxerr < 1e-5)
    -- same for the input
    local xin = x:clone(); maxerr = 0
    for i = 1, 4 do
       local v = x[i]
       x[i] = v + h; local lp = loss()
       x[i] = v - h; local lm = loss()
       x[i] = v; local l0 = loss()
       maxerr = math.max(maxerr, math.abs((lp - 2 * l0 + lm) / (h * h) - dhi[i]))
    end
    print(maxerr < 1e-5)
    local p, g, hp = m:getParameters()
    print(p:nElement(), g:nElement(), hp:nElement())
    """)
    assert rows(out) == ["torch.DoubleTensor\t3\t4", "true", "true", "15\t15\t15"]


def test_hessian_sequential_tanh(lua):
    out = lua("""
    require 'nn'
    nn.hessian.enable()
    torch.manualSeed(8)
    local net = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh()):add(nn.Linear(4, 2))
    local crit = nn.MSECriterion()
    local x, t = torch.randn(3), torch.randn(2)
    net:initDiagHessianParameters()
    for _, l in ipairs({net.modules[1], net.modules[3]}) do
       l.diagHessianWeight:zero(); l.diagHessianBias:zero()
    end
    local y = net:forward(x)
    crit:forward(y, t)
    local dho = crit:updateDiagHessianInput(y, t)
    local dhi = net:updateDiagHessianInput(x, dho)
    net:accDiagHessianParameters(x, dho)
    -- the Gauss-Newton diagonal by hand
    local W1, W2 = net.modules[1].weight, net.modules[3].weight
    local h1 = net.modules[2].output
    local d2 = torch.Tensor(2):fill(2 / 2)
    local dh1 = torch.mv(torch.cmul(W2, W2):t(), d2)
    local dz1 = torch.cmul(dh1, torch.pow(-torch.cmul(h1, h1) + 1, 2))
    local dx = torch.mv(torch.cmul(W1, W1):t(), dz1)
    print((dhi - dx):abs():max() < 1e-12)
    local dW2 = torch.ger(d2, torch.cmul(h1, h1))
    local dW1 = torch.ger(dz1, torch.cmul(x, x))
    print((net.modules[3].diagHessianWeight - dW2):abs():max() < 1e-12,
          (net.modules[1].diagHessianWeight - dW1):abs():max() < 1e-12,
          (net.modules[1].diagHessianBias - dz1):abs():max() < 1e-12)
    -- the weights are left as they were
    print(rawequal(net.modules[1].weight, W1), net.modules[1].weightSq ~= nil)
    local w, gw, hw = net:parameters()
    print(#w, #gw, #hw)
    local p, g, h = net:getParameters()
    print(p:nElement(), h:nElement())
    print(pcall(function() nn.ReLU():updateDiagHessianInput(x, x) end))
    """)
    lines = rows(out)
    assert lines[0] == "true"
    assert lines[1] == "true\ttrue\ttrue"
    assert lines[2] == "true\ttrue"
    assert lines[3] == "4\t4\t4"
    assert lines[4] == "26\t26"
    assert lines[5].startswith("false\ttest:36: nn.ReLU:updateDiagHessianInput() is undefined")


# ---- errors carry the user's file:line ----

SCRIPT = """require 'nn'
local function try(f)
   local ok, msg = pcall(f)
   print((msg:gsub('\\n.*', '')))
end
try(function() nn.SpatialConvolutionMM(3, 4, 5, 5):forward(torch.randn(2, 8, 8)) end)
try(function() nn.Linear(3, 4):float():forward(torch.randn(3)) end)
try(function() nn.Linear(3, 4):forward(torch.randn(5)) end)
try(function()
   local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Sequential():add(nn.Tanh()):add(nn.Linear(5, 2)))
   m:forward(torch.randn(3))
end)
try(function() nn.SpatialMaxPooling(2, 2):forward(torch.randn(5)) end)
try(function() nn.ClassNLLCriterion():forward(torch.randn(5), 7) end)
try(function() nn.Kmeans(0, 2) end)
try(function() local l = nn.Linear(3, 4); l:forward(torch.randn(3)); l:backward(torch.randn(3), torch.randn(7)) end)
try(function() nn.Linear(3, 4).weight:add(torch.randn(5)) end)
"""


def test_errors_carry_user_position(tmp_path):
    script = tmp_path / "myscript.lua"
    script.write_text(SCRIPT)
    r = run_cli(script.name, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = rows(r.stdout)
    assert len(lines) == 9, r.stdout
    expect_lines = [6, 7, 8, 11, 13, 14, 15, 16, 17]
    for line, n in zip(lines, expect_lines):
        assert line.startswith("%s:%d: " % (script.name, n)), line
        assert "lua/nn/" not in line and "lua/torch/" not in line
    assert "expected input with 3 planes" in lines[0]
    assert "input is a torch.DoubleTensor but the module is torch.FloatTensor" in lines[1]
    assert "expected input of size 3 or Nx3, got 5" in lines[2]
    assert lines[3].endswith(": In 2 module of nn.Sequential:")
    assert "Clusters cannot be 0 or negative." in lines[6]


def test_container_error_position_and_nesting(tmp_path):
    script = tmp_path / "net.lua"
    script.write_text("""require 'nn'
local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Sequential():add(nn.Tanh()):add(nn.Linear(5, 2)))
m:forward(torch.Tensor(3))
""")
    r = run_cli(script.name, cwd=str(tmp_path))
    assert r.returncode != 0
    err = r.stderr
    first = err.splitlines()[0]
    assert first.endswith("net.lua:3: In 2 module of nn.Sequential:"), err
    after = err.split("In 2 module of nn.Sequential:\n", 2)
    assert after[2].startswith("nn.Linear(5 -> 2): expected input of size 5 or Nx5, got 4"), err
    assert "Traceback (most recent call last)" not in err


def test_user_module_error_keeps_its_position(tmp_path):
    # an error raised by the user's own module code inside a container keeps the user's
    # line in that module, under the outer position
    script = tmp_path / "mine.lua"
    script.write_text("""require 'nn'
local M = torch.class('nn.MyBad', 'nn.Module')
function M:updateOutput(input)
   error('my module failed')
end
local m = nn.Sequential():add(nn.MyBad())
local ok, msg = pcall(function() return m:forward(torch.randn(2)) end)
print((msg:gsub('\\nstack traceback.*', '')))
""")
    r = run_cli(script.name, cwd=str(tmp_path))
    out = rows(r.stdout)
    assert out[0].endswith("mine.lua:7: In 1 module of nn.Sequential:"), r.stdout + r.stderr
    assert out[1].endswith("mine.lua:4: my module failed"), r.stdout


def test_hessian_convolutions_match_finite_differences(lua):
    # a convolution + MSE is linear: the diagonal estimate is exact for input and weights
    out = lua("""
    require 'nn'
    nn.hessian.enable()
    torch.manualSeed(9)
    for _, m in ipairs{nn.SpatialConvolution(2, 3, 3, 3), nn.SpatialConvolutionMap(nn.tables.full(2, 3), 3, 3)} do
       local crit = nn.MSECriterion()
       local x = torch.randn(2, 5, 5)
       local y = m:forward(x)
       local t = torch.randn(y:size())
       m:initDiagHessianParameters()
       m.diagHessianWeight:zero()
       if m.diagHessianBias then m.diagHessianBias:zero() end
       crit:forward(y, t)
       local dho = crit:updateDiagHessianInput(y, t)
       local dhi = m:updateDiagHessianInput(x, dho)
       m:accDiagHessianParameters(x, dho)
       local function loss() return crit:forward(m:forward(x), t) end
       local function check(p, d)
          local e = 0
          p, d = p:view(-1), d:view(-1)
          for i = 1, p:nElement() do
             local v = p[i]
             p[i] = v + 1e-3; local a = loss()
             p[i] = v - 1e-3; local b = loss()
             p[i] = v; local c = loss()
             e = math.max(e, math.abs((a - 2 * c + b) / 1e-6 - d[i]))
          end
          return e
       end
       print(check(x, dhi) < 1e-6, check(m.weight, m.diagHessianWeight) < 1e-6)
    end
    """)
    assert rows(out) == ["true\ttrue", "true\ttrue"]
