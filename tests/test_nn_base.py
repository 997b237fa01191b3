"""nn base classes: Module, Container, Sequential, Linear, Identity, utils, Jacobian."""
import os
import re

from conftest import SHARED


def ref_values(name):
    with open(os.path.join(SHARED, "reference", "random.out")) as f:
        for line in f:
            if line.startswith(name + " "):
                return [float(v) for v in line.split()[1:]]
    raise KeyError(name)


def test_linear_init_matches_torch7(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(5)
    local l = nn.Linear(3, 2)
    local w, b = {}, {}
    for i = 1, 2 do for j = 1, 3 do w[#w+1] = string.format('%.17g', l.weight[i][j]) end end
    for i = 1, 2 do b[#b+1] = string.format('%.17g', l.bias[i]) end
    print(table.concat(w, ' ')); print(table.concat(b, ' '))
    """)
    w, b = out.strip().split("\n")
    assert [float(v) for v in w.split()] == ref_values("Linear.weight")
    assert [float(v) for v in b.split()] == ref_values("Linear.bias")


def test_sequential_print_and_aliasing(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4))
    print(m)
    local x = torch.randn(3)
    local y = m:forward(x)
    print(rawequal(y, m:get(1).output), rawequal(m.output, m:get(1).output))
    print(nn.Linear(2, 5, false))
    """)
    assert out.startswith("nn.Sequential {\n  [input -> (1) -> output]\n  (1): nn.Linear(3 -> 4)\n}\n")
    assert "true\ttrue" in out
    assert "nn.Linear(2 -> 5) without bias" in out


NESTED = """nn.Sequential {
  [input -> (1) -> (2) -> (3) -> output]
  (1): nn.Linear(10 -> 4)
  (2): nn.Tanh
  (3): nn.ConcatTable {
    input
      |`-> (1): nn.Linear(4 -> 2)
       `-> (2): nn.Sequential {
             [input -> (1) -> (2) -> output]
             (1): nn.Linear(4 -> 3)
             (2): nn.Tanh
           }
       ... -> output
  }
}"""


def test_nested_printing_exact(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(10, 4)):add(nn.Tanh())
       :add(nn.ConcatTable():add(nn.Linear(4, 2)):add(nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh())))
    io.write(tostring(m), '\\n')
    io.write(tostring(nn.Sequential()), '\\n')
    io.write(tostring(nn.Parallel(1, 1):add(nn.Tanh()):add(nn.Identity())), '\\n')
    io.write(tostring(nn.MapTable(nn.Linear(3, 2))), '\\n')
    io.write(tostring(nn.Bottle(nn.Linear(3, 2))), '\\n')
    """)
    assert out.startswith(NESTED + "\n")
    assert "nn.Sequential {\n  [input -> output]\n}\n" in out
    assert "nn.Parallel {\n  input\n    |`-> (1): nn.Tanh\n     `-> (2): nn.Identity\n     ... -> output\n}\n" in out
    assert "nn.MapTable {\n  nn.Linear(3 -> 2)\n}\n" in out
    assert "nn.Bottle @ nn.Linear(3 -> 2)\n" in out


def test_linear_jacobians_all_paths(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(11)
    local e = 0
    for _, small in ipairs{4096, 0} do      -- LuaJIT loops, then the BLAS path
       nn.Linear.SMALL = small
       for _, bias in ipairs{true, false} do
          local l = nn.Linear(5, 3, bias)
          for _, x in ipairs{torch.Tensor(5), torch.Tensor(4, 5)} do
             e = math.max(e, nn.Jacobian.testJacobian(l, x))
             e = math.max(e, nn.Jacobian.testJacobianParameters(l, x, l.weight, l.gradWeight))
             e = math.max(e, nn.Jacobian.testJacobianUpdateParameters(l, x, l.weight))
             if bias then
                e = math.max(e, nn.Jacobian.testJacobianParameters(l, x, l.bias, l.gradBias))
                e = math.max(e, nn.Jacobian.testJacobianUpdateParameters(l, x, l.bias))
             end
             for _, v in pairs(nn.Jacobian.testAllUpdate(l, x:clone():uniform(), 'weight', 'gradWeight')) do
                e = math.max(e, v)
             end
             local ef, eb = nn.Jacobian.testIO(l, x:clone():uniform())
             e = math.max(e, ef, eb)
          end
       end
    end
    nn.Linear.SMALL = 4096
    print(e)
    -- float tensors on both paths
    local lf = nn.Linear(3, 2):float()
    print(lf:forward(torch.FloatTensor(3):fill(1)):type(), lf:forward(torch.FloatTensor(2, 3):fill(1)):type())
    """).split()
    assert float(out[0]) < 1e-6
    assert out[1:] == ["torch.FloatTensor", "torch.FloatTensor"]


def test_linear_fast_and_blas_paths_agree(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(4)
    local l = nn.Linear(7, 5)
    local x = torch.randn(6, 7)
    local g = torch.randn(6, 5)
    local function run()
       l:zeroGradParameters()
       local y = l:forward(x):clone()
       local gi = l:backward(x, g):clone()
       return y, gi, l.gradWeight:clone(), l.gradBias:clone()
    end
    local a = {run()}
    nn.Linear.SMALL = 0
    local b = {run()}
    nn.Linear.SMALL = 4096
    local e = 0
    for i = 1, 4 do e = math.max(e, (a[i] - b[i]):abs():max()) end
    print(e)
    """)
    assert float(out) < 1e-12


def test_linear_errors(lua_err):
    msg = lua_err("require 'nn'; nn.Linear(3, 4):forward(torch.Tensor(5))")
    assert "nn.Linear(3 -> 4): expected input of size 3 or Nx3, got 5" in msg
    msg = lua_err("require 'nn'; nn.Linear(3, 4):forward(torch.Tensor(2, 5))")
    assert "expected input of size 3 or Nx3, got 2x5" in msg
    msg = lua_err("require 'nn'; nn.Linear(3, 4):forward(torch.Tensor(2, 3, 4))")
    assert "input must be vector or matrix" in msg and "2x3x4" in msg
    msg = lua_err("require 'nn'; local l = nn.Linear(3, 4); l:forward(torch.Tensor(3)); l:backward(torch.Tensor(3), torch.Tensor(5))")
    assert "nn.Linear(3 -> 4): expected gradOutput of size 4, got 5" in msg


def test_sequential_error_wrapping(lua_err):
    msg = lua_err("""require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Sequential():add(nn.Tanh()):add(nn.Linear(5, 2)))
    m:forward(torch.Tensor(3))""")
    assert msg.startswith("test:3: In 2 module of nn.Sequential:\nIn 2 module of nn.Sequential:\n")
    assert "nn.Linear(5 -> 2): expected input of size 5 or Nx5, got 4" in msg
    assert msg.count("stack traceback") == 1


def test_sequential_insert_remove_and_aliasing(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh())
    m:insert(nn.Identity(), 1)
    print(m:size(), torch.type(m:get(1)), rawequal(m.gradInput, m:get(1).gradInput), rawequal(m.output, m:get(3).output))
    m:remove(1)
    print(m:size(), torch.type(m:get(1)), rawequal(m.gradInput, m:get(1).gradInput))
    m:remove()
    print(m:size(), rawequal(m.output, m:get(1).output))
    print(pcall(m.remove, m, 5))
    """).strip().split("\n")
    assert out[0].split() == ["3", "nn.Identity", "true", "true"]
    assert out[1].split() == ["2", "nn.Linear", "true"]
    assert out[2].split() == ["1", "true"]
    assert "index out of range" in out[3]


def test_get_parameters_shares_and_dedups(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Linear(4, 4))
    m:get(2):share(m:get(1), 'bias', 'gradBias')
    local p, g = m:getParameters()
    print(p:nElement(), g:nElement(), p:dim())
    -- every parameter is a view into p
    local l1, l2 = m:get(1), m:get(2)
    print(l1.weight:storage() == p:storage(), l2.bias:storage() == p:storage(), l1.gradWeight:storage() == g:storage())
    p:fill(0.5)
    print(l1.weight:sum(), l2.bias:sum(), l1.bias:sum())
    g:zero(); local x = torch.randn(3)
    m:forward(x); m:backward(x, torch.ones(4))
    -- the shared bias gradient collects both layers' contributions
    print(string.format('%.6f', l1.gradBias:sum() - g:narrow(1, 13, 4):sum()))
    -- shared storages and offsets stay distinct for the unshared tensors
    print(l1.weight:storageOffset(), l1.bias:storageOffset(), l2.weight:storageOffset(), l2.bias:storageOffset())
    """).strip().split("\n")
    assert out[0].split() == ["32", "32", "1"]
    assert out[1].split() == ["true", "true", "true"]
    assert out[2].split() == ["6", "2", "2"]
    assert out[3].strip() == "0.000000"
    assert out[4].split() == ["1", "13", "17", "13"]


def test_clone_shares_named_fields_only(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh())
    local c = m:clone('weight', 'bias')
    local d = m:clone()
    print(c:get(1).weight:storage() == m:get(1).weight:storage(), c:get(1).bias:storage() == m:get(1).bias:storage(),
          c:get(1).gradWeight:storage() == m:get(1).gradWeight:storage())
    print(d:get(1).weight:storage() == m:get(1).weight:storage(), (d:get(1).weight - m:get(1).weight):abs():max())
    print(torch.type(d), torch.type(d:get(1)), rawequal(d.output, d:get(2).output))
    -- views inside the copied value keep aliasing each other
    local t = {a = torch.range(1, 6)}; t.b = t.a:view(2, 3)
    local l = nn.Linear(2, 2); l.extra = t
    local lc = l:clone()
    lc.extra.a[1] = 42
    print(lc.extra.b[1][1], t.b[1][1])
    """).strip().split("\n")
    assert out[0].split() == ["true", "true", "false"]
    assert out[1].split() == ["false", "0"]
    assert out[2].split() == ["nn.Sequential", "nn.Linear", "true"]
    assert out[3].split() == ["42", "1"]


def test_type_conversion_keeps_sharing(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Linear(3, 4))
    m:get(2):share(m:get(1), 'weight', 'bias')
    m:float()
    print(m:get(1).weight:type(), m.output:type(), m:type())
    print(m:get(1).weight:storage() == m:get(2).weight:storage(), m:get(1).bias:storage() == m:get(2).bias:storage())
    print(rawequal(m.output, m:get(2).output))
    m:double()
    print(m:get(2).weight:type(), m:get(1).weight:storage() == m:get(2).weight:storage())
    local c = nn.MSECriterion():float(); print(c.gradInput:type())
    """).strip().split("\n")
    assert out[0].split() == ["torch.FloatTensor"] * 3
    assert out[1].split() == ["true", "true"]
    assert out[2].split() == ["true"]
    assert out[3].split() == ["torch.DoubleTensor", "true"]
    assert out[4].split() == ["torch.FloatTensor"]


def test_module_utilities(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh()):add(nn.Sequential():add(nn.Linear(4, 2)))
    local lin, cont = m:findModules('nn.Linear')
    print(#lin, rawequal(cont[1], m), rawequal(cont[2], m:get(3)))
    local all = m:listModules(); local names = {}
    for i, x in ipairs(all) do names[i] = torch.type(x) end
    print(table.concat(names, ','))
    local n = 0; m:apply(function(x) n = n + 1 end); print(n)
    m:training(); print(m.train, m:get(3):get(1).train); m:evaluate(); print(m.train, m:get(2).train)
    local r = m:replace(function(x) if torch.typename(x) == 'nn.Tanh' then return nn.Sigmoid() end return x end)
    print(torch.type(m:get(2)))
    m:forward(torch.randn(3)); m:clearState()
    print(m:get(1).output:nElement(), m.output:nElement())
    local y = m(torch.randn(2, 3)); print(y:size(1), y:size(2))
    local w, gw = m:parameters(); print(#w, #gw)
    m:zeroGradParameters(); local p, g = m:getParameters(); print(g:sum())
    m:get(1).gradWeight:fill(1); local before = m:get(1).weight:clone(); m:updateParameters(0.5)
    print((before - m:get(1).weight):mean())
    local l = nn.Linear(10, 10); l:reset(0.1)
    print(l.weight:max() <= 0.1 * math.sqrt(3), l.weight:min() >= -0.1 * math.sqrt(3))
    """).strip().split("\n")
    assert out[0].split() == ["2", "true", "true"]
    assert out[1].strip() == "nn.Sequential,nn.Linear,nn.Tanh,nn.Sequential,nn.Linear"
    assert out[2].split() == ["5"]
    assert out[3].split() == ["true", "true"] and out[4].split() == ["false", "false"]
    assert out[5].split() == ["nn.Sigmoid"]
    assert out[6].split() == ["0", "0"]
    assert out[7].split() == ["2", "2"]
    assert out[8].split() == ["4", "4"]
    assert out[9].split() == ["0"]
    assert float(out[10]) == 0.5
    assert out[11].split() == ["true", "true"]


def test_container_jacobians(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(7)
    local J = nn.Jacobian
    local e = 0
    local function chk(m, x) e = math.max(e, J.testJacobian(m, x)) end
    chk(nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh()):add(nn.Linear(3, 2)), torch.Tensor(4))
    chk(nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh()):add(nn.Linear(3, 2)), torch.Tensor(5, 4))
    chk(nn.Concat(1):add(nn.Linear(3, 2)):add(nn.Tanh()), torch.Tensor(3))
    chk(nn.Concat(2):add(nn.Linear(3, 2)):add(nn.Linear(3, 4)), torch.Tensor(5, 3))
    chk(nn.Parallel(1, 1):add(nn.Linear(3, 2)):add(nn.Linear(3, 4)), torch.Tensor(2, 3))
    chk(nn.Parallel(2, 1):add(nn.Linear(4, 2)):add(nn.Tanh()):add(nn.Sigmoid()), torch.Tensor(4, 3))
    chk(nn.DepthConcat(1):add(nn.Linear(3, 2)):add(nn.Linear(3, 4)), torch.Tensor(3))
    chk(nn.DepthConcat(1):add(nn.SpatialConvolution(1, 2, 3, 3)):add(nn.SpatialConvolution(1, 3, 1, 1)), torch.Tensor(1, 5, 5))
    chk(nn.Bottle(nn.Linear(3, 2)), torch.Tensor(4, 5, 3))
    chk(nn.Sequential():add(nn.ConcatTable():add(nn.Linear(3, 2)):add(nn.Tanh())):add(nn.JoinTable(1)), torch.Tensor(3))
    chk(nn.Sequential():add(nn.SplitTable(1)):add(nn.ParallelTable():add(nn.Linear(3, 2)):add(nn.Tanh())):add(nn.JoinTable(1)), torch.Tensor(2, 3))
    chk(nn.Sequential():add(nn.SplitTable(1)):add(nn.MapTable(nn.Linear(3, 2))):add(nn.JoinTable(1)), torch.Tensor(4, 3))
    -- parameters through containers
    local m = nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh()):add(nn.Linear(3, 2))
    local p, g = m:getParameters()
    e = math.max(e, J.testJacobianParameters(m, torch.Tensor(5, 4), p, g))
    print(e)
    -- DepthConcat centres smaller outputs in zero padding
    local d = nn.DepthConcat(1):add(nn.SpatialConvolution(1, 1, 3, 3)):add(nn.SpatialConvolution(1, 1, 1, 1))
    local y = d:forward(torch.randn(1, 5, 5))
    print(y:size(1), y:size(2), y[1][1][1], y[1][5][5])
    """).split()
    assert float(out[0]) < 1e-6
    assert out[1:] == ["2", "5", "0", "0"]


def test_maptable_shares_clones(lua):
    out = lua("""
    require 'nn'
    local m = nn.MapTable(nn.Linear(3, 2))
    local y = m:forward({torch.randn(3), torch.randn(3), torch.randn(3)})
    print(#y, #m.modules, m.modules[3].weight:storage() == m.modules[1].weight:storage(),
          m.modules[3].gradWeight:storage() == m.modules[1].gradWeight:storage())
    local ct = nn.ConcatTable():add(nn.Identity()):add(nn.Identity())
    local x = {torch.ones(2), {torch.ones(3)}}
    local gi = ct:backward(x, {{torch.ones(2), {torch.ones(3)}}, {torch.ones(2), {torch.ones(3)}}})
    print(gi[1]:sum(), gi[2][1]:sum())
    """).split()
    assert out == ["3", "3", "true", "true", "4", "6"]


def test_display_matches_itorch(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4))
    io.write(luann.display(m), '\\n')
    io.write(require('luann.display').display(nn.Linear(3, 4), {showType = true}), '\\n')
    io.write(luann.display({name = 'svhn', e = {}}), '\\n')
    """)
    assert out.startswith("""nn.Sequential {
  [input -> (1) -> output]
  (1): nn.Linear(3 -> 4)
}
{
  gradInput : DoubleTensor - empty
  modules : 
    {
      1 : 
        nn.Linear(3 -> 4)
        {
          gradBias : DoubleTensor - size: 4
          weight : DoubleTensor - size: 4x3
          gradWeight : DoubleTensor - size: 4x3
          gradInput : DoubleTensor - empty
          bias : DoubleTensor - size: 4
          output : DoubleTensor - empty
        }
    }
  output : DoubleTensor - empty
}
""")
    assert "  _type : torch.DoubleTensor\n}\n" in out
    assert "\n  name : svhn\n" in out and re.search(r"\n  e : table: 0x[0-9a-f]+\n", out)


def test_decorators(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(3)
    local J = nn.Jacobian
    local w = nn.WeightNorm(nn.Linear(4, 3))
    local e = J.testJacobian(w, torch.Tensor(5, 4))
    e = math.max(e, J.testJacobianParameters(w, torch.Tensor(5, 4), w.v, w.gradV))
    e = math.max(e, J.testJacobianParameters(w, torch.Tensor(5, 4), w.g, w.gradG))
    e = math.max(e, J.testJacobianParameters(w, torch.Tensor(5, 4), w.bias, w.gradBias))
    local c2 = nn.WeightNorm(nn.Linear(4, 3), 2)
    e = math.max(e, J.testJacobianParameters(c2, torch.Tensor(5, 4), c2.v, c2.gradV))
    -- the rebuilt weight has norm g per output row
    w:forward(torch.randn(4))
    local rn = torch.cmul(w.weight, w.weight):sum(2):sqrt():view(3)
    e = math.max(e, (rn - torch.abs(w.g)):abs():max() > 1e-3 and 1 or 0)
    print(e)
    print(w)
    local n = nn.NaN(nn.Linear(2, 2), 7)
    print(n)
    local ok, msg = pcall(n.forward, n, torch.Tensor{0/0, 1})
    print(ok, (msg:gsub('\\n', '|')))
    local d = nn.DontCast(nn.Linear(2, 2), true)
    local s = nn.Sequential():add(d):add(nn.Tanh())
    s:float()
    print(s:forward(torch.FloatTensor{1, 2}):type(), d.modules[1].weight:type(),
          s:backward(torch.FloatTensor{1, 2}, torch.FloatTensor{1, 1}):type())
    local p = nn.Profile(nn.Tanh(), 2, 'tanh'); p:forward(torch.randn(3)); p:forward(torch.randn(3))
    """).strip().split("\n")
    assert float(out[0]) < 1e-6
    assert out[1] == "nn.WeightNorm @ nn.Linear(4 -> 3)"
    assert out[2] == "nn.NaN(7) @ nn.Linear(2 -> 2)"
    assert "false" in out[3] and "NaN found in input of module :|nn.NaN(7) @ nn.Linear(2 -> 2)" in out[3]
    assert out[4].split() == ["torch.FloatTensor", "torch.DoubleTensor", "torch.FloatTensor"]
    assert re.match(r"tanh took \d+\.\d{3} seconds for 2 forward passes", out[5])


def test_stochastic_gradient(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(1)
    local data = {}
    for i = 1, 20 do local x = torch.randn(2); data[i] = {x, torch.Tensor{x[1] * 0.5 - x[2]}} end
    function data:size() return 20 end
    local m = nn.Linear(2, 1)
    local t = nn.StochasticGradient(m, nn.MSECriterion())
    t.maxIteration = 5
    local errs = {}
    t.hookIteration = function(self, it, err) errs[it] = err end
    t:train(data)
    print(#errs, errs[5] < errs[1])
    """).strip().split("\n")
    assert out[0].strip() == "# StochasticGradient: training"
    assert all(ln.startswith("# current error = ") for ln in out[1:6])
    assert out[6].strip() == "# StochasticGradient: you have reached the maximum number of iterations"
    assert out[7].startswith("# training error = ")
    assert out[8].split() == ["5", "true"]


def test_get_parameters_compacts_holes_and_recalls(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Linear(4, 2))
    m:getParameters(); local p2 = m:getParameters()
    print(p2:nElement(), m:get(1).weight:storage() == p2:storage())
    local l = nn.Linear(2, 2)
    l.weight = torch.range(1, 10):narrow(1, 3, 4):view(2, 2)
    l.gradWeight = torch.zeros(10):narrow(1, 3, 4):view(2, 2)
    local p, g = l:getParameters()
    print(p:nElement(), g:nElement(), l.weight:storageOffset(), l.bias:storageOffset(), p[1], p[4])
    """).strip().split("\n")
    assert out[0].split() == ["26", "true"]
    assert out[1].split() == ["6", "6", "1", "5", "3", "6"]


def test_nn_utils(lua):
    out = lua("""
    require 'nn'
    local U = nn.utils
    print(U.recursiveResizeAs({}, {torch.Tensor(2, 3), {torch.Tensor(4)}})[2][1]:size(1))
    local a = {torch.ones(2), {torch.ones(3)}}
    U.recursiveFill(a, 3); U.recursiveAdd(a, 2, {torch.ones(2), {torch.ones(3)}})
    print(a[1][1], a[2][1][3])
    local c = U.recursiveCopy(nil, a); print(c[2][1][1], c[1] ~= a[1])
    print(U.contiguousView(nil, torch.randn(3, 4):t(), 12):size(1), U.contiguousView(nil, torch.randn(3, 4), 2, 6):size(2))
    local t = torch.randn(3, 4); local v = U.addSingletonDimension(t, 2)
    print(v:size(1), v:size(2), v:size(3), v:storage() == t:storage())
    local f = U.recursiveType({torch.ones(2), {torch.ones(1)}}, 'torch.FloatTensor'); print(f[1]:type(), f[2][1]:type())
    local m = nn.Linear(2, 2); m:forward(torch.randn(2)); U.clear(m, 'output'); print(m.output:nElement())
    print(pcall(U.recursiveFill, 'x', 1))
    """).strip().split("\n")
    assert out[0].split() == ["4"]
    assert out[1].split() == ["5", "5"]
    assert out[2].split() == ["5", "true"]
    assert out[3].split() == ["12", "6"]
    assert out[4].split() == ["3", "1", "4", "true"]
    assert out[5].split() == ["torch.FloatTensor", "torch.FloatTensor"]
    assert out[6].split() == ["0"]
    assert "expecting tensor or table thereof" in out[7]


def test_rrelu(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(9)
    local m = nn.RReLU(0.1, 0.3)
    local x = torch.randn(200)
    local y = m:forward(x)
    local ok = true
    for i = 1, 200 do
       local r = y[i] / x[i]
       if x[i] > 0 then ok = ok and r == 1 else ok = ok and r >= 0.1 and r <= 0.3 end
    end
    -- the gradient uses the same noise
    local gi = m:backward(x, torch.ones(200))
    print(ok, (gi - m.noise):abs():max())
    -- the slopes are drawn in element order from the torch stream, one per non-positive element
    torch.manualSeed(9); local x2 = torch.randn(200)
    local k = x2:le(0):sum(); local r = torch.Tensor(k):uniform(0.1, 0.3)
    print((m.noise:maskedSelect(x:le(0)) - r):abs():max())
    m:evaluate()
    print(nn.Jacobian.testJacobian(m, torch.Tensor(3, 4)) < 1e-6, m:forward(torch.Tensor{-1})[1])
    """).split()
    assert out[0] == "true" and float(out[1]) == 0
    assert float(out[2]) == 0
    assert out[3] == "true" and abs(float(out[4]) + 0.2) < 1e-12


def test_add_rejects_non_modules(lua_err):
    assert "nn.Sequential:add(module): expected an nn.Module, got number" in lua_err("require 'nn'; nn.Sequential():add(5)")
    assert "nn.ConcatTable:add(module): expected an nn.Module, got nil" in lua_err("require 'nn'; nn.ConcatTable():add(nil)")


def test_forward_matches_torch7_reference_model(lua):
    # mlp.t7 / mlp_input.t7 / mlp_output.t7 were written by torch7 (see reference/t7/make.lua)
    out = lua(f"""
    require 'nn'
    local R = '{SHARED}/reference/t7/'
    local m = torch.load(R .. 'mlp.t7')
    local x, y = torch.load(R .. 'mlp_input.t7'), torch.load(R .. 'mlp_output.t7')
    print((m:forward(x) - y):abs():max())
    print((m:forward(x[2]) - y[2]):abs():max())
    """).split()
    assert float(out[0]) < 1e-12 and float(out[1]) < 1e-12


def test_linear_type_mismatch(lua_err):
    msg = lua_err("require 'nn'; nn.Linear(3, 2):forward(torch.FloatTensor(3))")
    assert "nn.Linear(3 -> 2): input is a torch.FloatTensor but the module is torch.DoubleTensor" in msg
