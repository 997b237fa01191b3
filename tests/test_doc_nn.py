"""Examples from torch/nn's own documentation (doc/*.md), run as written: what they print
must match what torch7 printed."""


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_table_unpack_and_pack_exist(lua):
    # torch7's LuaJIT is built with Lua 5.2 compatibility; table.md writes
    # `=table.unpack(nn.SelectTable(1):backward(input, ...))`
    out = lua("""
    require 'nn'
    local input = {torch.ones(2, 3), torch.ones(2, 1)}
    local a, b = table.unpack(nn.SelectTable(1):backward(input, torch.ones(2, 3)))
    print(a:sum(), b:sum(), b:size(1), b:size(2))
    local p = table.pack(1, nil, 3)
    print(p.n, p[1], p[3])
    """)
    assert rows(out) == ["6\t0\t2\t1", "3\t1\t3"]


def test_maptable_without_module_prints_empty_braces(lua):
    out = lua("""
    require 'nn'
    print(nn.MapTable())
    print(nn.MapTable(nn.Sequential():add(nn.Tanh())))
    """)
    assert out.splitlines() == [
        "nn.MapTable { }",
        "nn.MapTable {",
        "  nn.Sequential {",
        "          [input -> (1) -> output]",
        "          (1): nn.Tanh",
        "        }",
        "}",
    ]


def test_convolutions_without_bias_say_so(lua):
    # torch7's SpatialConvolution/MM, SpatialFull/Dilated/DepthWise and VolumetricDilated
    # convolutions end their printout with ' without bias' after noBias()
    out = lua("""
    require 'nn'
    print(nn.SpatialConvolution(3, 4, 3, 3):noBias())
    print(nn.SpatialConvolutionMM(3, 4, 3, 3, 1, 1, 1, 1):noBias())
    print(nn.SpatialFullConvolution(3, 4, 3, 3, 2, 2, 0, 0, 1, 1):noBias())
    print(nn.SpatialDilatedConvolution(3, 4, 3, 3):noBias())
    print(nn.SpatialDepthWiseConvolution(3, 2, 3, 3):noBias())
    print(nn.VolumetricDilatedConvolution(3, 4, 3, 3, 3):noBias())
    print(nn.VolumetricConvolution(3, 4, 3, 3, 3):noBias())
    print(nn.SpatialConvolution(3, 4, 3, 3))
    """)
    assert out.splitlines() == [
        "nn.SpatialConvolution(3 -> 4, 3x3) without bias",
        "nn.SpatialConvolutionMM(3 -> 4, 3x3, 1,1, 1,1) without bias",
        "nn.SpatialFullConvolution(3 -> 4, 3x3, 2,2, 1,1) without bias",
        "nn.SpatialDilatedConvolution(3 -> 4, 3x3, 1,1) without bias",
        "nn.SpatialDepthWiseConvolution(3 -> 2, 3x3) without bias",
        "nn.VolumetricDilatedConvolution(3 -> 4, 3x3x3, 1,1,1) without bias",
        "nn.VolumetricConvolution(3 -> 4, 3x3x3)",
        "nn.SpatialConvolution(3 -> 4, 3x3)",
    ]


def test_volumetric_full_convolution_takes_input_and_target(lua):
    # convolution.md: "VolumetricFullConvolution also accepts a table input with two tensors:
    # {convInput, sizeTensor}"; the target's size sets adjT/adjW/adjH for that call
    out = lua("""
    require 'nn'
    torch.manualSeed(5)
    local x = torch.randn(2, 3, 4, 4)
    local m = nn.VolumetricFullConvolution(2, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1)
    local ref = nn.VolumetricFullConvolution(2, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 0)
    ref.weight:copy(m.weight); ref.bias:copy(m.bias)
    local target = torch.Tensor(3, 6, 7, 8)
    local y = m:forward({x, target})
    print(table.concat(y:size():totable(), 'x'), (y - ref:forward(x)):abs():max())
    local go = torch.randn(3, 6, 7, 8)
    m:zeroGradParameters(); ref:zeroGradParameters()
    local gi = m:backward({x, target}, go)
    local rgi = ref:backward(x, go)
    print(#gi, (gi[1] - rgi):abs():max(), table.concat(gi[2]:size():totable(), 'x'), gi[2]:abs():sum())
    print((m.gradWeight - ref.gradWeight):abs():max(), (m.gradBias - ref.gradBias):abs():max())
    m:forward(x)
    print(m.adjT, m.adjW, m.adjH, torch.type(m:backward(x, torch.randn(3, 5, 7, 7))))
    print(nn.Jacobian.testJacobian(m, x) < 1e-6)
    """)
    assert rows(out) == ["3x6x7x8\t0", "2\t0\t3x6x7x8\t0", "0\t0", "0\t0\t0\ttorch.DoubleTensor", "true"]


def test_depthwise_convolution_is_torch7_version_2(lua):
    # nn.SpatialDepthWiseConvolution(nInputPlane, depthwiseMultiplier, ...): nOutputPlane is
    # nInputPlane*depthwiseMultiplier, weight depthwiseMultiplier x (nInputPlane*kH*kW); a
    # version-1 file (nOutputPlane = multiplier, 4-D weight) is converted on load
    out = lua("""
    require 'nn'
    torch.manualSeed(7)
    local m = nn.SpatialDepthWiseConvolution(3, 2, 3, 3, 1, 1, 1, 1)
    print(m.nOutputPlane, m.depthwiseMultiplier, m.weight:dim(), m.weight:size(2), m.bias:size(1), m.bias:size(2))
    print(m)
    local x = torch.randn(2, 3, 5, 5)
    local y = m:forward(x)
    print(y:size(2), y:size(3))
    -- output plane (i-1)*2 + o is input plane i convolved with kernel (o, i)
    local c = nn.SpatialConvolution(1, 1, 3, 3, 1, 1, 1, 1)
    c.weight:copy(m.weight:view(2, 3, 3, 3)[2][3]); c.bias:fill(m.bias[2][3])
    print((y[{{}, 6}] - c:forward(x[{{}, {3}}])[{{}, 1}]):abs():max() < 1e-12)
    -- a file written by the version-1 class
    local old = m:clone()
    old.nOutputPlane, old.depthwiseMultiplier = 2, nil
    old.weight = old.weight:view(2, 3, 3, 3); old.gradWeight = old.gradWeight:view(2, 3, 3, 3)
    nn.SpatialDepthWiseConvolution.__version = 1
    local f = torch.MemoryFile():binary(); f:writeObject(old)
    nn.SpatialDepthWiseConvolution.__version = 2
    f:seek(1)
    local back = f:readObject()
    print(back.nOutputPlane, back.depthwiseMultiplier, (back:forward(x) - y):abs():max() < 1e-12)
    print(back)
    print(nn.Jacobian.testJacobian(m, x) < 1e-6,
          nn.Jacobian.testJacobianParameters(m, x, m.weight, m.gradWeight) < 1e-6,
          nn.Jacobian.testJacobianParameters(m, x, m.bias, m.gradBias) < 1e-6)
    """)
    assert rows(out) == ["6\t2\t2\t27\t2\t3", "nn.SpatialDepthWiseConvolution(3 -> 2, 3x3, 1,1, 1,1)",
                         "6\t5", "true", "6\t2\ttrue",
                         "nn.SpatialDepthWiseConvolution(3 -> 2, 3x3, 1,1, 1,1)", "true\ttrue\ttrue"]


def test_partial_linear_is_torch7s_small_network(lua):
    # simple.md PartialLinear: torch7 builds it as Sequential{ParallelTable{Identity,
    # LookupTable(outputsize, inputsize)}, MM(false, true)} fed {input, partition}; .t7 files
    # carry `network`, so the fields must be the same
    out = lua("""
    require 'nn'
    torch.manualSeed(3)
    local m = nn.PartialLinear(5, 3)
    print(torch.type(m.network), torch.type(m.network:get(1):get(2)), m.weight, m.bias:size(1), m.bias:size(2))
    local lt = m.network:get(1):get(2)
    m.bias:uniform()
    local x = torch.randn(4, 5)
    local full = torch.mm(x, lt.weight:t()):add(m.bias:expand(4, 3))
    print((m:forward(x) - full):abs():max() < 1e-12)
    m:setPartition(torch.Tensor({1, 3}))
    local y = m:forward(x)
    print(y:size(2), (y - full:index(2, torch.LongTensor{1, 3})):abs():max() < 1e-12)
    local p = m:parameters()
    print(#p, p[1] == lt.weight, p[2] == m.bias)
    print(nn.Jacobian.testJacobian(m, x) < 1e-6,
          nn.Jacobian.testJacobianParameters(m, x, lt.weight, lt.gradWeight) < 1e-6,
          nn.Jacobian.testJacobianParameters(m, x, m.bias, m.gradBias) < 1e-6)
    -- rows outside the partition get no gradient
    m:zeroGradParameters(); m:forward(x); m:backward(x, torch.ones(4, 2))
    print(lt.gradWeight[2]:abs():sum(), m.gradBias[1][2], m.gradBias[1][3])
    local f = torch.MemoryFile():binary(); f:writeObject(m); f:seek(1)
    local back = f:readObject()
    print((back:forward(x) - m:forward(x)):abs():max(), back)
    """)
    assert rows(out) == ["nn.Sequential\tnn.LookupTable\tnil\t1\t3", "true", "2\ttrue", "2\ttrue\ttrue",
                         "true\ttrue\ttrue", "0\t0\t4", "0\tnn.PartialLinear(5 -> 3)"]
