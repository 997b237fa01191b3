"""nn convolution / pooling / normalisation modules: finite-difference gradients,
torch7 output sizes, init, printing and errors."""
import os
import re

import pytest

from conftest import SHARED

# d(sum(go .* f(x)))/dx by central differences vs backward, for the input and
# every parameter; max abs error returned (double precision, random projection)
FD = r"""
require 'nn'
function fdcheck(m, input, eps)
   eps = eps or 1e-6
   local out = m:forward(input):clone()
   local go = out:clone():normal()
   local function f()
      return m:forward(input):clone():cmul(go):sum()
   end
   m:zeroGradParameters()
   local gi = m:backward(input, go):clone()
   local _, gparams = m:parameters()
   local gp = {}
   for i, g in ipairs(gparams or {}) do gp[i] = g:clone() end
   local err = 0
   local function probe(t, g)
      local tf, gf = t:view(-1), g:contiguous():view(-1)
      for i = 1, tf:nElement() do
         local v = tf[i]
         tf[i] = v + eps; local fp = f()
         tf[i] = v - eps; local fm = f()
         tf[i] = v
         err = math.max(err, math.abs((fp - fm) / (2 * eps) - gf[i]))
      end
   end
   probe(input, gi)
   local params = m:parameters()
   for i, p in ipairs(params or {}) do probe(p, gp[i]) end
   return err
end
"""


@pytest.fixture
def nnlua(lua):
    lua(FD)
    return lua


def check_fd(nnlua, make, inputs, tol=1e-6):
    """make: Lua expression building the module; inputs: Lua expressions (Double)."""
    for inp in inputs:
        out = nnlua(f"torch.manualSeed(1); local m = {make}; m:double(); "
                    f"local x = {inp}; print(fdcheck(m, x))")
        err = float(out.split()[0])
        assert err < tol, (make, inp, err)


# ----------------------------------------------------------------- convolution
def test_conv_init_matches_torch7(nnlua):
    ref = {}
    for line in open(os.path.join(SHARED, "reference", "random.out")):
        k, _, v = line.partition(" ")
        if k.endswith((".weight", ".bias")):
            ref[k] = [float(t) for t in v.split()]
    out = nnlua("""
        torch.manualSeed(5)
        torch.Tensor(8):uniform()   -- what nn.Linear(3, 2) draws first in random.lua
        local c = nn.SpatialConvolution(2, 2, 2, 2)
        local function dump(t)
           local s = {}
           for _, v in ipairs(t:view(-1):totable()) do s[#s + 1] = string.format('%.17g', v) end
           print(table.concat(s, ' '))
        end
        dump(c.weight); dump(c.bias)
        local lt = nn.LookupTable(3, 2)
        dump(lt.weight)""")
    lines = out.strip().split("\n")
    assert [float(v) for v in lines[0].split()] == ref["SpatialConvolution.weight"]
    assert [float(v) for v in lines[1].split()] == ref["SpatialConvolution.bias"]
    assert [float(v) for v in lines[2].split()] == ref["LookupTable.weight"]


@pytest.mark.parametrize("cls", ["SpatialConvolution", "SpatialConvolutionMM"])
def test_conv_fd(nnlua, cls):
    check_fd(nnlua, f"nn.{cls}(2, 3, 3, 2)", ["torch.randn(2, 2, 5, 4)", "torch.randn(2, 4, 5)"])
    check_fd(nnlua, f"nn.{cls}(2, 2, 2, 3, 2, 1, 1, 2)", ["torch.randn(2, 2, 5, 6)"])
    check_fd(nnlua, f"nn.{cls}(1, 2, 3, 3, 1, 1, 1):noBias()", ["torch.randn(1, 4, 4)"])


def test_conv_output_sizes_and_weight_layout(nnlua):
    out = nnlua("""
        local c = nn.SpatialConvolution(3, 4, 5, 3, 2, 1, 2, 1)
        print(c:forward(torch.randn(3, 11, 12)):size():totable()[1], c.output:size(2), c.output:size(3))
        print(c:forward(torch.randn(2, 3, 11, 12)):size(1))
        local mm = nn.SpatialConvolutionMM(3, 4, 5, 3)
        print(mm.weight:dim(), mm.weight:size(2))
        -- MM and plain agree on the same numbers
        local c2 = nn.SpatialConvolution(3, 4, 5, 3)
        c2.weight:copy(mm.weight:view(4, 3, 3, 5)); c2.bias:copy(mm.bias)
        local x = torch.randn(2, 3, 7, 8)
        print((c2:forward(x) - mm:forward(x)):abs():max() < 1e-12)
        local cf = nn.SpatialConvolution(3, 4, 5, 3):float()
        print(cf:forward(torch.randn(2, 3, 7, 8):float()):type())
    """).split()
    # oH = floor((11 + 2 - 3)/1) + 1 = 11, oW = floor((12 + 4 - 5)/2) + 1 = 6
    assert out == ["4", "11", "6", "2", "2", "45", "true", "torch.FloatTensor"]


def test_conv_tostring(nnlua):
    out = nnlua("""
        print(nn.SpatialConvolution(3, 64, 5, 5))
        print(nn.SpatialConvolution(3, 64, 5, 5, 2, 2))
        print(nn.SpatialConvolution(3, 64, 5, 5, 1, 1, 2, 2))
        print(nn.SpatialConvolutionMM(3, 16, 3, 3, 1, 1, 1, 1))
    """)
    assert out.split("\n")[:4] == [
        "nn.SpatialConvolution(3 -> 64, 5x5)",
        "nn.SpatialConvolution(3 -> 64, 5x5, 2,2)",
        "nn.SpatialConvolution(3 -> 64, 5x5, 1,1, 2,2)",
        "nn.SpatialConvolutionMM(3 -> 16, 3x3, 1,1, 1,1)",
    ]


def test_conv_errors(nnlua, lua_err):
    nnlua("cerr = nn.SpatialConvolution(3, 2, 3, 3)")
    assert "nn.SpatialConvolution(3 -> 2, 3x3): expected input with 3 planes (3xHxW or Nx3xHxW), got 2x5x5" \
        in lua_err("cerr:forward(torch.randn(2, 5, 5))")
    assert "3D or 4D (batch mode) input, got 2D tensor of size 5x5" in lua_err("cerr:forward(torch.randn(5, 5))")
    assert "Output size is too small" in lua_err("cerr:forward(torch.randn(3, 2, 5))")
    assert "input is a torch.FloatTensor" in lua_err("cerr:forward(torch.randn(3, 5, 5):float())")
    assert "gradOutput should be of size" in lua_err(
        "local x = torch.randn(3, 5, 5); cerr:forward(x); cerr:backward(x, torch.randn(2, 2, 2))")


# --------------------------------------------------------------------- pooling
def test_maxpool_fd(nnlua):
    check_fd(nnlua, "nn.SpatialMaxPooling(2, 2)", ["torch.randn(2, 3, 6, 4)", "torch.randn(3, 5, 5)"])
    check_fd(nnlua, "nn.SpatialMaxPooling(3, 2, 2, 1, 1, 1):ceil()", ["torch.randn(2, 2, 6, 7)"])
    check_fd(nnlua, "nn.SpatialMaxPooling(3, 3, 1, 1)", ["torch.randn(2, 5, 6)"])
    check_fd(nnlua, "nn.SpatialDilatedMaxPooling(2, 2, 1, 1, 0, 0, 2, 2)", ["torch.randn(2, 2, 6, 6)"])


def test_avgpool_fd(nnlua):
    check_fd(nnlua, "nn.SpatialAveragePooling(2, 2, 2, 2)", ["torch.randn(2, 3, 6, 4)", "torch.randn(3, 5, 5)"])
    check_fd(nnlua, "nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):ceil()", ["torch.randn(2, 2, 6, 7)"])
    check_fd(nnlua, "nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1):setCountExcludePad()", ["torch.randn(2, 5, 6)"])


def test_pool_sizes_indices_tostring(nnlua):
    out = nnlua("""
        local p = nn.SpatialMaxPooling(2, 2, 2, 2)
        print(p)
        print(nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1))
        print(nn.SpatialDilatedMaxPooling(3, 3, 1, 1, 1, 1, 2, 2))
        print(nn.SpatialAveragePooling(2, 2, 2, 2))
        -- floor vs ceil: (5 - 2)/2 + 1 = 2 (floor) or 3 (ceil)
        local x = torch.range(1, 25):view(1, 5, 5)
        print(p:forward(x):size(2), p:ceil():forward(x):size(2), p:floor():forward(x):size(3))
        -- indices: 1-based flat positions within the plane, LongTensor
        p:forward(x)
        print(p.indices:type(), p.indices[1][1][1], p.indices[1][2][2], p.output[1][2][2])
        -- average: with padding and count_include_pad the corner divides by 4 (2x2 incl pad) or 1
        local a = nn.SpatialAveragePooling(2, 2, 2, 2, 1, 1)
        print(a:forward(torch.ones(1, 4, 4)):size(2), a.output[1][1][1])
        a:setCountExcludePad()
        print(a:forward(torch.ones(1, 4, 4))[1][1][1])
    """).split("\n")
    assert out[:4] == ["nn.SpatialMaxPooling(2x2, 2,2)", "nn.SpatialMaxPooling(3x3, 2,2, 1,1)",
                       "nn.SpatialDilatedMaxPooling(3x3, 1,1, 1,1, 2,2)", "nn.SpatialAveragePooling(2x2, 2,2)"]
    assert out[4].split() == ["2", "3", "2"]
    assert out[5].split() == ["torch.LongTensor", "7", "19", "19"]
    assert out[6].split() == ["3", "0.25"]
    assert out[7].split() == ["1"]


def test_pool_errors(nnlua, lua_err):
    assert "pad should be smaller than half of kernel size" in lua_err(
        "nn.SpatialMaxPooling(2, 2, 2, 2, 2, 2):forward(torch.randn(1, 6, 6))")
    assert "nn.SpatialMaxPooling(4x4, 4,4): Given input size: (1x3x3)" in lua_err(
        "nn.SpatialMaxPooling(4, 4):forward(torch.randn(1, 3, 3))")
    assert "expected 3D or 4D (batch mode) input, got 1D" in lua_err(
        "nn.SpatialAveragePooling(2, 2):forward(torch.randn(4))")


# ------------------------------------------------------------------ batch norm
def test_batchnorm_fd(nnlua):
    check_fd(nnlua, "nn.BatchNormalization(3)", ["torch.randn(5, 3)"])
    check_fd(nnlua, "nn.BatchNormalization(3, 1e-3, 0.2, false)", ["torch.randn(4, 3)"])
    check_fd(nnlua, "nn.SpatialBatchNormalization(2)", ["torch.randn(3, 2, 3, 2)"])
    check_fd(nnlua, "nn.VolumetricBatchNormalization(2)", ["torch.randn(2, 2, 2, 2, 2)"])
    ev = "(function() local m = nn.SpatialBatchNormalization(2); m.running_mean:normal(); " \
         "m.running_var:uniform(0.5, 2); m:evaluate(); return m end)()"
    check_fd(nnlua, ev, ["torch.randn(3, 2, 3, 2)", "torch.randn(2, 3, 2)"])


def test_batchnorm_running_stats(nnlua):
    out = nnlua("""
        local m = nn.SpatialBatchNormalization(2, 1e-5, 0.3)
        local x = torch.randn(4, 2, 3, 3):mul(2):add(1)
        m:forward(x)
        local err = 0
        for c = 1, 2 do
           local xc = x:select(2, c)
           local mean = xc:mean()
           local var = (xc - mean):pow(2):sum() / (xc:nElement() - 1)
           err = math.max(err, math.abs(m.running_mean[c] - 0.3 * mean),
                          math.abs(m.running_var[c] - (0.7 + 0.3 * var)))
           -- output: zero mean, unit (biased) variance, scaled by weight
           local o = m.output:select(2, c)
           err = math.max(err, math.abs(o:mean() - m.bias[c]))
        end
        print(err < 1e-10)
        -- evaluate: uses the running statistics
        m:evaluate()
        local y = m:forward(x)
        local want = (x:select(2, 1) - m.running_mean[1]) / math.sqrt(m.running_var[1] + 1e-5) * m.weight[1] + m.bias[1]
        print((y:select(2, 1) - want):abs():max() < 1e-10)
        print(nn.BatchNormalization(64))
        print(nn.SpatialBatchNormalization(16, nil, nil, false))
        print(m:forward(torch.randn(2, 3, 3)):dim())
    """).split("\n")
    out = [o.strip() for o in out]
    assert out[:5] == ["true", "true", "nn.BatchNormalization (2D) (64)",
                       "nn.SpatialBatchNormalization (4D) (16)", "4"]


def test_batchnorm_errors(nnlua, lua_err):
    assert "only mini-batch supported (4D tensor), got 3D tensor instead" in lua_err(
        "nn.SpatialBatchNormalization(2):forward(torch.randn(2, 3, 3))")
    assert "got 3-feature tensor, expected 2" in lua_err(
        "nn.BatchNormalization(2):forward(torch.randn(4, 3))")


# ---------------------------------------------- padding, dropout, softmax
def test_padding_fd_and_sizes(nnlua):
    check_fd(nnlua, "nn.SpatialZeroPadding(1, 2, 0, 1)", ["torch.randn(2, 2, 3, 4)", "torch.randn(2, 3, 3)"])
    check_fd(nnlua, "nn.SpatialZeroPadding(-1, 1, 1, -1)", ["torch.randn(2, 4, 4)"])
    check_fd(nnlua, "nn.SpatialReflectionPadding(2, 1, 1, 2)", ["torch.randn(2, 2, 3, 4)", "torch.randn(1, 3, 3)"])
    check_fd(nnlua, "nn.SpatialReplicationPadding(2, 1, 3, 0)", ["torch.randn(2, 2, 3, 4)", "torch.randn(1, 3, 3)"])
    out = nnlua("""
        local p = nn.SpatialZeroPadding(1, 2, 3)
        print(p)
        print(p:forward(torch.ones(2, 4, 5)):size(2), p.output:size(3), p.output:sum())
        print(nn.SpatialReflectionPadding(1, 1, 1, 1):forward(torch.range(1, 9):view(1, 3, 3))[1][1][1])
        print(nn.SpatialReplicationPadding(1, 1, 1, 1):forward(torch.range(1, 9):view(1, 3, 3))[1][1][1])
    """).split("\n")
    assert out[0] == "nn.SpatialZeroPadding(l=1, r=2, t=3, b=1)"
    assert out[1].split() == ["8", "8", "40"]
    assert out[2].strip() == "5" and out[3].strip() == "1"


def test_spatial_dropout(nnlua):
    out = nnlua("""
        torch.manualSeed(3)
        local d = nn.SpatialDropout(0.5)
        print(d)
        local x = torch.randn(8, 6, 3, 3)
        local y = d:forward(x)
        -- whole planes are kept or zeroed, kept ones unscaled
        local ok = true
        for n = 1, 8 do for c = 1, 6 do
           local plane, src = y[n][c], x[n][c]
           local zero = torch.abs(plane):max() == 0
           if not zero and torch.abs(plane - src):max() > 0 then ok = false end
        end end
        print(ok)
        local gi = d:backward(x, torch.ones(8, 6, 3, 3))
        print((gi:eq(0):double() - y:eq(0):double()):abs():max() == 0)
        d:evaluate()
        print((d:forward(x) - x * 0.5):abs():max() == 0)
        print(nn.VolumetricDropout(0.2):forward(torch.randn(2, 3, 2, 2, 2)):dim())
    """).split("\n")
    assert out[0] == "nn.SpatialDropout(0.500000)"
    assert [o.strip() for o in out[1:5]] == ["true", "true", "true", "5"]


def test_spatial_softmax(nnlua):
    check_fd(nnlua, "nn.SpatialSoftMax()", ["torch.randn(2, 3, 2, 2)", "torch.randn(3, 2, 3)"])
    check_fd(nnlua, "nn.SpatialLogSoftMax()", ["torch.randn(2, 3, 2, 2)", "torch.randn(3, 2, 3)"])
    out = nnlua("""
        local y = nn.SpatialSoftMax():forward(torch.randn(2, 4, 3, 3))
        print((y:sum(2) - 1):abs():max() < 1e-12)
        local z = nn.SpatialLogSoftMax():forward(torch.randn(4, 3, 3))
        print((z:exp():sum(1) - 1):abs():max() < 1e-12)
    """).split()
    assert out == ["true", "true"]


# ------------------------------------------------------- second-tier spatial
def test_dilated_full_depthwise_conv_fd(nnlua):
    check_fd(nnlua, "nn.SpatialDilatedConvolution(2, 3, 3, 2, 1, 2, 1, 0, 2, 1)",
             ["torch.randn(2, 2, 7, 6)", "torch.randn(2, 6, 7)"])
    check_fd(nnlua, "nn.SpatialDilatedConvolution(2, 2, 3, 2, 1, 1, 2, 1, 2, 3)",
             ["torch.randn(2, 2, 7, 6)", "torch.randn(2, 5, 7)"])
    check_fd(nnlua, "nn.SpatialFullConvolution(2, 3, 3, 2, 2, 1, 1, 0, 1, 0)",
             ["torch.randn(2, 2, 3, 4)", "torch.randn(2, 3, 3)"])
    check_fd(nnlua, "nn.SpatialDepthWiseConvolution(2, 3, 3, 2, 1, 1, 1, 1)",
             ["torch.randn(2, 2, 4, 4)", "torch.randn(2, 3, 4)"])
    check_fd(nnlua, "nn.SpatialSubSampling(2, 2, 2, 2, 1)", ["torch.randn(2, 2, 5, 4)", "torch.randn(2, 4, 5)"])


def test_conv_family_sizes_tostring(nnlua):
    out = [o.strip() for o in nnlua("""
        print(nn.SpatialDilatedConvolution(3, 8, 3, 3, 1, 1, 2, 2, 2, 2))
        print(nn.SpatialFullConvolution(3, 8, 4, 4, 2, 2, 1, 1, 1, 1))
        print(nn.SpatialFullConvolution(3, 8, 3, 3))
        local d = nn.SpatialDilatedConvolution(1, 1, 3, 3, 1, 1, 0, 0, 2, 2)
        print(d:forward(torch.randn(1, 9, 9)):size(2))                       -- 9 - 2*2 = 5
        local f = nn.SpatialFullConvolution(1, 1, 4, 4, 2, 2, 1, 1, 1, 1)
        print(f:forward(torch.randn(1, 5, 5)):size(2))                       -- 4*2 - 2 + 4 + 1 = 11
        local f2 = nn.SpatialFullConvolution(1, 1, 3, 3, 2, 2)
        local o = f2:forward({torch.randn(1, 5, 5), torch.randn(1, 12, 12)})
        print(o:size(2), type(f2:backward({torch.randn(1, 5, 5), torch.randn(1, 12, 12)}, o)))
        local dw = nn.SpatialDepthWiseConvolution(3, 2, 3, 3)
        print(dw:forward(torch.randn(3, 5, 5)):size(1), dw.bias:dim())
        -- depthwise plane (i-1)*mult+o equals a plain conv of plane i with weight[o][i]
        local x = torch.randn(3, 5, 5)
        local c = nn.SpatialConvolution(1, 1, 3, 3)
        c.weight:copy(dw.weight:view(2, 3, 3, 3)[2][3]); c.bias:fill(dw.bias[2][3])
        print((dw:forward(x)[(3 - 1) * 2 + 2] - c:forward(x[{{3}}])[1]):abs():max() < 1e-12)
    """).split("\n")]
    assert out[:3] == ["nn.SpatialDilatedConvolution(3 -> 8, 3x3, 1,1, 2,2, 2,2)",
                       "nn.SpatialFullConvolution(3 -> 8, 4x4, 2,2, 1,1, 1,1)",
                       "nn.SpatialFullConvolution(3 -> 8, 3x3)"]
    assert out[3:5] == ["5", "11"]
    assert out[5].split() == ["12", "table"]
    assert out[6].split() == ["6", "2"]
    assert out[7] == "true"


def test_adaptive_unpool_upsample_lrn(nnlua):
    check_fd(nnlua, "nn.SpatialAdaptiveMaxPooling(2, 3)", ["torch.randn(2, 2, 7, 5)", "torch.randn(2, 5, 4)"])
    check_fd(nnlua, "nn.SpatialAdaptiveAveragePooling(3, 2)", ["torch.randn(2, 2, 5, 7)", "torch.randn(2, 4, 5)"])
    check_fd(nnlua, "nn.SpatialUpSamplingNearest(2)", ["torch.randn(2, 2, 2, 3)", "torch.randn(2, 2, 3)"])
    check_fd(nnlua, "nn.SpatialUpSamplingBilinear(2)", ["torch.randn(2, 2, 2, 3)", "torch.randn(2, 2, 3)"])
    check_fd(nnlua, "nn.SpatialUpSamplingBilinear({oheight = 5, owidth = 4})", ["torch.randn(1, 2, 3, 3)"])
    check_fd(nnlua, "nn.SpatialCrossMapLRN(3, 0.1, 0.75, 2)", ["torch.randn(2, 4, 2, 3)", "torch.randn(5, 2, 2)"])
    out = [o.strip() for o in nnlua("""
        local p = nn.SpatialMaxPooling(2, 2)
        local u = nn.SpatialMaxUnpooling(p)
        print(u)
        local x = torch.randn(2, 3, 6, 4)
        local y = u:forward(p:forward(x))
        -- the maxima come back to their places, the rest is zero
        print(y:size(3), y:size(4), (y:ne(0):double():sum()), (y:max() == x:max()))
        local gi = u:backward(p.output, torch.ones(2, 3, 6, 4))
        print(gi:sum())
        print(nn.SpatialUpSamplingBilinear(2):forward(torch.randn(1, 3, 4)):size(3))
        print(tostring(nn.SpatialUpSamplingBilinear(3)) .. '|' .. tostring(nn.SpatialUpSamplingBilinear({oheight = 5, owidth = 4})))
    """).split("\n")]
    assert out[0] == "nn.SpatialMaxUnpooling associated to nn.SpatialMaxPooling(2x2, 2,2)"
    assert out[1].split() == ["6", "4", "36", "true"]
    assert out[2] == "36"
    assert out[3] == "7"
    assert out[4].split("|") == ["nn.SpatialUpSamplingBilinear(3)", "nn.SpatialUpSamplingBilinear(5, 4)"]


# ------------------------------------------- contrast normalisation (tutorial 2)
def test_normalization_fd(nnlua):
    check_fd(nnlua, "nn.SpatialSubtractiveNormalization(2, torch.Tensor(3, 3):fill(1))",
             ["torch.randn(2, 2, 5, 4)", "torch.randn(2, 4, 5)"])
    check_fd(nnlua, "nn.SpatialSubtractiveNormalization(3, torch.Tensor({1, 2, 1}))", ["torch.randn(3, 5, 5)"])
    check_fd(nnlua, "nn.SpatialDivisiveNormalization(2, torch.Tensor({1, 2, 1}))",
             ["torch.randn(2, 2, 5, 4)", "torch.randn(2, 4, 5)"], tol=1e-5)
    check_fd(nnlua, "nn.SpatialContrastiveNormalization(2, torch.Tensor(3, 3):fill(1))",
             ["torch.randn(2, 5, 5)"], tol=1e-5)


def test_normalization_values(nnlua):
    out = [o.strip() for o in nnlua("""
        -- subtractive: a constant image (any border) becomes 0
        local s = nn.SpatialSubtractiveNormalization(3, torch.Tensor({1, 4, 6, 4, 1}))
        print(torch.abs(s:forward(torch.Tensor(3, 6, 7):fill(2.5))):max() < 1e-12)
        -- the mean is over all planes: interior pixel of a 3x3 box kernel
        local s2 = nn.SpatialSubtractiveNormalization(2, torch.ones(3, 3))
        local x = torch.randn(2, 5, 5)
        local m = (x[{{}, {2, 4}, {2, 4}}]:sum()) / 18
        print(math.abs(s2:forward(x)[1][3][3] - (x[1][3][3] - m)) < 1e-12)
        -- divisive: invariant to scaling the input (std above threshold)
        local d = nn.SpatialDivisiveNormalization(2, torch.ones(3, 3))
        local y1 = d:forward(x):clone()
        print(torch.abs(d:forward(x * 7) - y1):max() < 1e-10)
        -- interior: x / sqrt(mean of x^2 over the window and planes)
        local v = math.sqrt(torch.pow(x[{{}, {2, 4}, {2, 4}}], 2):sum() / 18)
        print(math.abs(y1[2][3][3] - x[2][3][3] / v) < 1e-12)
        local c = nn.SpatialContrastiveNormalization(2, torch.ones(3, 3))
        print(c:forward(torch.randn(4, 2, 6, 6)):dim())
    """).split("\n")]
    assert out[:5] == ["true", "true", "true", "true", "4"]


def test_normalization_errors(nnlua, lua_err):
    assert "averaging kernel must have ODD dimensions" in lua_err(
        "nn.SpatialSubtractiveNormalization(1, torch.ones(4))")
    assert "expected input with 2 planes" in lua_err(
        "nn.SpatialDivisiveNormalization(2, torch.ones(3)):forward(torch.randn(3, 5, 5))")


# ------------------------------------------------- connection tables, LP pooling
def test_convmap_and_tables(nnlua):
    check_fd(nnlua, "nn.SpatialConvolutionMap(nn.tables.full(2, 3), 3, 2)", ["torch.randn(2, 2, 5, 4)"])
    check_fd(nnlua, "nn.SpatialConvolutionMap(nn.tables.oneToOne(3), 2, 2, 2, 1)", ["torch.randn(3, 5, 4)"])
    check_fd(nnlua, "nn.SpatialConvolutionMap(nn.tables.random(4, 3, 2), 3, 3)", ["torch.randn(2, 4, 5, 5)"])
    out = [o.strip() for o in nnlua("""
        local f = nn.tables.full(2, 3)
        print(f:size(1), f[4][1], f[4][2])
        local r = nn.tables.random(6, 4, 3)
        print(r:size(1), r:select(2, 2):max(), r:select(2, 1):max() <= 6)
        -- a full table equals a SpatialConvolution with the same kernels
        local m = nn.SpatialConvolutionMap(f, 3, 3)
        local c = nn.SpatialConvolution(2, 3, 3, 3)
        for k = 1, 6 do c.weight[f[k][2]][f[k][1]]:copy(m.weight[k]) end
        c.bias:copy(m.bias)
        local x = torch.randn(2, 6, 6)
        print(torch.abs(m:forward(x) - c:forward(x)):max() < 1e-12, m.output:size(1))
    """).split("\n")]
    assert out[0].split() == ["6", "2", "2"]
    assert out[1].split() == ["12", "4", "true"]
    assert out[2].split() == ["true", "3"]


def test_lppooling(nnlua):
    out = [o.strip() for o in nnlua("""
        local p = nn.SpatialLPPooling(2, 2, 2, 2)
        local x = torch.randn(2, 4, 4)
        local y = p:forward(x)
        local want = math.sqrt(torch.pow(x[{1, {1, 2}, {1, 2}}], 2):sum())
        print(y:size(2), math.abs(y[1][1][1] - want) < 1e-12)
        local p3 = nn.SpatialLPPooling(2, 3, 2, 2)
        local xa = torch.rand(2, 4, 4)
        local w3 = torch.pow(xa[{2, {3, 4}, {1, 2}}], 3):sum() ^ (1 / 3)
        print(math.abs(p3:forward(xa)[2][2][1] - w3) < 1e-12)
    """).split("\n")]
    assert out[0].split() == ["2", "true"]
    assert out[1] == "true"
    check_fd(nnlua, "nn.SpatialLPPooling(2, 2, 2, 2)", ["torch.rand(2, 4, 4):add(0.5)"])


# ---------------------------------------------------------------- LookupTable
def test_lookuptable(nnlua):
    out = [o.strip() for o in nnlua("""
        local lt = nn.LookupTable(5, 3)
        local idx = torch.LongTensor({{1, 3, 3}, {5, 2, 1}})
        local y = lt:forward(idx)
        print(y:size(1), y:size(2), y:size(3), torch.abs(y[2][1] - lt.weight[5]):max() == 0)
        print(lt:forward(torch.Tensor({4, 4})):dim())
        -- gradients: row k accumulates scale * the gradOutput rows that read it
        lt:zeroGradParameters()
        local go = torch.randn(2, 3, 3)
        lt:backward(idx, go, 0.5)
        print(torch.abs(lt.gradWeight[3] - (go[1][2] + go[1][3]) * 0.5):max() < 1e-12,
              lt.gradWeight[4]:sum() == 0, lt.gradInput:size(2))
        -- padding index gets no gradient; scaleGradByFreq divides by the count
        local lp = nn.LookupTable(5, 2, 3):scaleGradByFreq()
        lp.gradWeight:zero()
        lp:backward(idx, torch.ones(2, 3, 2))
        print(lp.gradWeight[3]:sum(), lp.gradWeight[1][1])
        -- maxNorm renormalises the rows it reads
        local ln = nn.LookupTable(4, 3, 0, 1)
        ln.weight:fill(2)
        ln:forward(torch.LongTensor({2}))
        print(math.abs(ln.weight[2]:norm() - 1) < 1e-5, ln.weight[1][1])
    """).split("\n")]
    assert out[0].split() == ["2", "3", "3", "true"]
    assert out[1] == "2"
    assert out[2].split() == ["true", "true", "3"]
    assert out[3].split() == ["0", "1"]
    assert out[4].split() == ["true", "2"]


def test_lookuptable_errors(nnlua, lua_err):
    assert "index out of range" in lua_err("nn.LookupTable(3, 2):forward(torch.LongTensor({1, 4}))")


# -------------------------------------------------------------------- temporal
def test_temporal_fd(nnlua):
    check_fd(nnlua, "nn.TemporalConvolution(3, 4, 3, 2)", ["torch.randn(7, 3)", "torch.randn(2, 6, 3)"])
    check_fd(nnlua, "nn.TemporalSubSampling(3, 2, 1)", ["torch.randn(5, 3)", "torch.randn(2, 5, 3)"])
    check_fd(nnlua, "nn.TemporalMaxPooling(2)", ["torch.randn(6, 3)", "torch.randn(2, 7, 3)"])
    check_fd(nnlua, "nn.TemporalMaxPooling(3, 1)", ["torch.randn(6, 2)"])
    out = [o.strip() for o in nnlua("""
        local c = nn.TemporalConvolution(3, 5, 3, 2)
        print(c:forward(torch.randn(9, 3)):size(1), c.output:size(2), c.weight:size(2))
        -- frame t of the output = weight * (frames 2t-1 .. 2t+1 laid end to end) + bias
        local x = torch.randn(9, 3)
        local want = c.weight * x[{{3, 5}}]:reshape(9) + c.bias
        print(torch.abs(c:forward(x)[2] - want):max() < 1e-12)
        local p = nn.TemporalMaxPooling(2)
        p:forward(torch.Tensor({{1, 5}, {2, 4}, {0, 0}, {3, 1}}))
        print(p.indices:type(), p.indices[1][1], p.indices[1][2], p.indices[2][1])
    """).split("\n")]
    assert out[0].split() == ["4", "5", "9"]
    assert out[1] == "true"
    assert out[2].split() == ["torch.LongTensor", "1", "0", "1"]


def test_temporal_errors(nnlua, lua_err):
    assert "invalid input frame size. Got: 4, Expected: 3" in lua_err(
        "nn.TemporalConvolution(3, 2, 2):forward(torch.randn(5, 4))")
    assert "input sequence smaller than kernel size" in lua_err(
        "nn.TemporalConvolution(3, 2, 4):forward(torch.randn(3, 3))")


# ------------------------------------------------------------------ volumetric
def test_volumetric_fd(nnlua):
    check_fd(nnlua, "nn.VolumetricConvolution(2, 2, 2, 3, 2, 1, 2, 1, 1, 0, 1)",
             ["torch.randn(2, 2, 3, 4, 3)", "torch.randn(2, 3, 4, 3)"])
    check_fd(nnlua, "nn.VolumetricDilatedConvolution(1, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 1, 1)",
             ["torch.randn(1, 4, 3, 3)"])
    check_fd(nnlua, "nn.VolumetricFullConvolution(2, 1, 2, 2, 2, 2, 1, 1, 0, 0, 0, 1, 0, 0)",
             ["torch.randn(2, 2, 2, 2, 2)", "torch.randn(2, 2, 3, 2)"])
    check_fd(nnlua, "nn.VolumetricMaxPooling(2, 2, 2)", ["torch.randn(2, 2, 4, 4, 4)", "torch.randn(2, 4, 3, 4)"])
    check_fd(nnlua, "nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 1, 1)", ["torch.randn(1, 4, 3, 3)"])
    check_fd(nnlua, "nn.VolumetricAveragePooling(2, 2, 2, 1, 2, 2)", ["torch.randn(2, 1, 3, 4, 4)"])
    check_fd(nnlua, "nn.VolumetricReplicationPadding(1, 0, 2, 1, 0, 1)", ["torch.randn(2, 1, 2, 3, 2)"])


def test_volumetric_sizes_tostring(nnlua):
    out = [o.strip() for o in nnlua("""
        print(nn.VolumetricConvolution(3, 8, 3, 3, 3))
        print(nn.VolumetricConvolution(3, 8, 3, 3, 3, 1, 2, 2, 1, 1, 1))
        print(nn.VolumetricMaxPooling(2, 2, 2))
        print(nn.VolumetricReplicationPadding(1, 2, 3, 4, 5, 6))
        local c = nn.VolumetricConvolution(2, 4, 3, 5, 3, 1, 2, 1, 1, 2, 1)
        local y = c:forward(torch.randn(2, 2, 6, 7, 9))
        print(y:size(2), y:size(3), y:size(4), y:size(5))
        local p = nn.VolumetricMaxPooling(2, 2, 2)
        local u = nn.VolumetricMaxUnpooling(p)
        local x = torch.randn(1, 4, 4, 6)
        local back = u:forward(p:forward(x))
        print(back:size(2), back:size(4), back:ne(0):sum(), back:max() == x:max())
    """).split("\n")]
    assert out[:4] == ["nn.VolumetricConvolution(3 -> 8, 3x3x3)",
                       "nn.VolumetricConvolution(3 -> 8, 3x3x3, 1,2,2, 1,1,1)",
                       "nn.VolumetricMaxPooling(2x2x2, 2,2,2)",
                       "nn.VolumetricReplicationPadding(left=1, right=2, top=3, bottom=4, front=5, back=6)"]
    # T: (6+2-3)/1+1 = 6, H: (7+2-3)/1+1 = 7, W: (9+4-5)/2+1 = 5
    assert out[4].split() == ["4", "6", "7", "5"]
    assert out[5].split() == ["4", "6", "12", "true"]


# ------------------------------------------------- third tier and criteria
def test_misc_modules_fd(nnlua):
    check_fd(nnlua, "nn.TemporalDynamicKMaxPooling(2, 0.5)", ["torch.randn(6, 3)", "torch.randn(2, 5, 2)"])
    check_fd(nnlua, "nn.TemporalRowConvolution(3, 2, 1)", ["torch.randn(5, 3)", "torch.randn(2, 5, 3)"])
    check_fd(nnlua, "nn.TemporalRowConvolution(2, 3, 2, true)", ["torch.randn(2, 7)"])
    check_fd(nnlua, "nn.SpatialConvolutionLocal(2, 3, 4, 5, 3, 2, 1, 1, 1, 0)",
             ["torch.randn(2, 2, 5, 4)", "torch.randn(2, 5, 4)"])
    check_fd(nnlua, "nn.SpatialFullConvolutionMap(nn.tables.full(2, 2), 2, 3, 2, 1)", ["torch.randn(2, 2, 3, 3)"])


def test_misc_modules_values(nnlua):
    out = [o.strip() for o in nnlua("""
        local k = nn.TemporalDynamicKMaxPooling(2)
        print(k:forward(torch.Tensor({{1}, {5}, {2}, {4}})):view(-1):totable()[1], k.output[2][1])
        -- the locally connected layer with all positions sharing one kernel = SpatialConvolution
        local l = nn.SpatialConvolutionLocal(2, 3, 5, 5, 3, 3)
        local c = nn.SpatialConvolution(2, 3, 3, 3)
        for i = 1, 3 do for j = 1, 3 do l.weight[i][j]:copy(c.weight); l.bias[{{}, i, j}]:copy(c.bias) end end
        local x = torch.randn(2, 5, 5)
        print(torch.abs(l:forward(x) - c:forward(x)):max() < 1e-12)
        print(l, nn.TemporalRowConvolution(4, 3, 2))
        local crit = nn.SpatialClassNLLCriterion()
        local inp = torch.randn(2, 3, 2, 2)
        local tgt = torch.LongTensor(2, 2, 2):random(1, 3)
        local want = 0
        for n = 1, 2 do for i = 1, 2 do for j = 1, 2 do want = want - inp[n][tgt[n][i][j]][i][j] end end end
        print(math.abs(crit:forward(inp, tgt) - want / 8) < 1e-12)
        local gi = crit:backward(inp, tgt)
        print(gi:sum() + 1 < 1e-12, gi[1][tgt[1][1][1]][1][1])
        local ac = nn.SpatialAutoCropMSECriterion()
        local a, b = torch.randn(2, 3, 3), torch.randn(2, 5, 6)
        local ref = nn.MSECriterion():forward(a, b[{{}, {2, 4}, {2, 4}}])
        print(math.abs(ac:forward(a, b) - ref) < 1e-12, ac:backward(a, b):size(3))
    """).split("\n")]
    assert out[0].split() == ["5", "4"]
    assert out[1] == "true"
    assert out[2] == "nn.SpatialConvolutionLocal(2 -> 3, 5x5, 3x3)"
    assert out[3] == "nn.TemporalRowConvolution(4, 3, 2)"
    assert out[4] == "true"
    assert out[5].split() == ["true", "-0.125"]
    assert out[6].split() == ["true", "3"]


def test_upsampling_flp_layernorm(nnlua):
    check_fd(nnlua, "nn.UpSampling(2)", ["torch.randn(2, 2, 2, 3)", "torch.randn(1, 2, 2, 2, 2)"])
    check_fd(nnlua, "nn.UpSampling(2, 'linear')", ["torch.randn(2, 2, 2, 3)", "torch.randn(1, 1, 2, 2, 3)"])
    check_fd(nnlua, "nn.UpSampling({oheight = 4, owidth = 5}, 'bilinear')", ["torch.randn(1, 2, 3, 3)"])
    check_fd(nnlua, "nn.FeatureLPPooling(2, 1, 2, true)", ["torch.randn(2, 5, 3)"])
    check_fd(nnlua, "nn.FeatureLPPooling(3, 2, 3)", ["torch.rand(7, 2):add(0.5)"], tol=1e-5)
    out = [o.strip() for o in nnlua("""
        print(nn.UpSampling(2), nn.UpSampling({oheight = 4, owidth = 5}, 'bilinear'))
        local u = nn.UpSampling(3, 'linear')
        local x = torch.randn(1, 2, 3, 4)
        -- linear mode = SpatialUpSamplingBilinear
        print(torch.abs(u:forward(x) - nn.SpatialUpSamplingBilinear(3):forward(x)):max() < 1e-12, u.output:size(3))
        print(nn.UpSampling(2):forward(torch.randn(1, 1, 2, 2, 2)):size(3))
        local f = nn.FeatureLPPooling(2, 2, 2, false)
        local y = f:forward(torch.Tensor({3, 4, 1, 0}))
        print(y[1], y[2], y:size(1))
        local ln = nn.LayerNormalization(6)
        -- (a single vector: torch7's composition replicates the means the wrong way round for batches)
        local z = ln:forward(torch.randn(6))
        print(math.abs(z:mean()) < 1e-12, math.abs(z:norm() - math.sqrt(6)) < 1e-9)
        print(tostring(nn.SpatialLPPooling(2, 2, 2, 2)):sub(1, 13))
    """).split("\n")]
    assert out[0] == "nn.UpSampling(2x, nearest)"
    assert out[1] == "nn.UpSampling(4x5, linear)"
    assert out[2].split() == ["true", "7"]
    assert out[3] == "4"
    assert out[4].split() == ["5", "1", "2"]
    assert out[5].split() == ["true", "true"]
    assert out[6] == "nn.Sequential"
    check_fd(nnlua, "nn.LayerNormalization(4, 0.5)", ["torch.randn(4)"], tol=1e-5)


def test_fractional_max_pooling(nnlua):
    check_fd(nnlua, "nn.SpatialFractionalMaxPooling(2, 2, 4, 3):fixPoolingRegions()",
             ["torch.randn(2, 2, 7, 8)", "torch.randn(2, 6, 7)"])
    out = [o.strip() for o in nnlua("""
        local p = nn.SpatialFractionalMaxPooling(3, 2, 0.5, 0.5)
        print(p)
        local x = torch.randn(2, 3, 10, 9)
        local y = p:forward(x)
        print(y:size(3), y:size(4))
        -- every output is the maximum of its window and comes from its index
        local ok = true
        for n = 1, 2 do for c = 1, 3 do
           local plane = x[n][c]:view(-1)
           for i = 1, 5 do for j = 1, 4 do
              if plane[p.indices[n][c][i][j]] ~= y[n][c][i][j] then ok = false end
           end end
        end end
        print(ok)
        -- last windows end at the border (THNN's interval rule)
        local z = nn.SpatialFractionalMaxPooling(2, 2, 3, 3):forward(torch.range(1, 36):view(1, 6, 6))
        print(z[1][3][3])
    """).split("\n")]
    assert out[0] == "nn.SpatialFractionalMaxPooling(0x0, 3,2)"  # torch7 formats the ratios with %d
    assert out[1].split() == ["5", "4"]
    assert out[2] == "true"
    assert out[3] == "36"


# ---------------------------------------------------------------- SparseLinear
def test_sparse_linear(nnlua):
    out = [o.strip() for o in nnlua("""
        local s = nn.SparseLinear(10, 3, true)
        print(s)
        local x = torch.Tensor({{2, 0.5}, {7, -1}})
        local dense = torch.zeros(10); dense[2] = 0.5; dense[7] = -1
        local l = nn.Linear(10, 3); l.weight:copy(s.weight); l.bias:copy(s.bias)
        print(torch.abs(s:forward(x) - l:forward(dense)):max() < 1e-12)
        -- batch as a table with different nnz, and as a 3-D tensor
        local y = s:forward({x, torch.Tensor({{10, 2}})})
        print(y:size(1), y:size(2), torch.abs(y[1] - l.output):max() < 1e-12)
        -- gradients equal the dense layer's on the touched columns
        s:zeroGradParameters(); l:zeroGradParameters()
        local go = torch.randn(3)
        s:forward(x); s:backward(x, go, 0.5)
        l:forward(dense); l:backward(dense, go, 0.5)
        print(torch.abs(s.gradWeight - l.gradWeight):max() < 1e-12, torch.abs(s.gradBias - l.gradBias):max() < 1e-12)
        print(s.gradInput[1][1], math.abs(s.gradInput[2][2] - l.gradInput[7]) < 1e-12)
        print(s:forward(torch.Tensor({{{1, 1}, {2, 2}}, {{3, 1}, {4, 4}}})):size(1))
    """).split("\n")]
    assert out[0] == "nn.SparseLinear(10 -> 3)"
    assert out[1] == "true"
    assert out[2].split() == ["2", "3", "true"]
    assert out[3].split() == ["true", "true"]
    assert out[4].split() == ["2", "true"]
    assert out[5] == "2"


def test_volumetric_fractional_max_pooling(nnlua):
    check_fd(nnlua, "nn.VolumetricFractionalMaxPooling(2, 2, 2, 3, 3, 2):fixPoolingRegions()",
             ["torch.randn(2, 2, 5, 4, 5)", "torch.randn(2, 4, 5, 4)"])
    out = [o.strip() for o in nnlua("""
        local p = nn.VolumetricFractionalMaxPooling(2, 2, 2, 2, 2, 2)
        local x = torch.randn(2, 5, 6, 7)
        local y = p:forward(x)
        local ok = true
        for c = 1, 2 do
           local v = x[c]:view(-1)
           for i = 1, 2 do for j = 1, 2 do for k = 1, 2 do
              if v[p.indices[c][i][j][k]] ~= y[c][i][j][k] then ok = false end
           end end end
        end
        print(y:size(2), ok, nn.VolumetricFractionalMaxPooling(2, 2, 2, 0.5, 0.5, 0.5):forward(x):size(4))
    """).split("\n")]
    assert out[0].split() == ["2", "true", "3"]


def test_index_linear(nnlua):
    out = [o.strip() for o in nnlua("""
        local il = nn.IndexLinear(6, 2)
        print(il.weight:sum(), il.bias:sum())   -- zero at construction, as torch7
        il:reset()
        local l = nn.Linear(6, 2); l.weight:copy(il.weight:t()); l.bias:copy(il.bias)
        local keys, vals = torch.LongTensor({2, 5}), torch.Tensor({0.5, -2})
        local dense = torch.zeros(6); dense[2] = 0.5; dense[5] = -2
        print(torch.abs(il:forward({keys, vals}) - l:forward(dense)):max() < 1e-12, il.output:dim())
        -- batch (table form and flat form) and the SGD step match the dense layer
        local bk = {keys, torch.LongTensor({1})}
        local bv = {vals, torch.Tensor({3})}
        local d2 = torch.zeros(2, 6); d2[1]:copy(dense); d2[2][1] = 3
        local y = il:forward({bk, bv})
        print(torch.abs(y - l:forward(d2)):max() < 1e-12,
              torch.abs(il:forward({torch.LongTensor({2, 5, 1}), torch.Tensor({0.5, -2, 3}), torch.LongTensor({2, 1})}) - y):max() < 1e-12)
        local go = torch.randn(2, 2)
        il:zeroGradParameters(); l:zeroGradParameters()
        il:forward({bk, bv}); il:backward({bk, bv}, go); il:updateParameters(0.1)
        l:forward(d2); l:backward(d2, go); l:updateParameters(0.1)
        print(torch.abs(il.weight:t() - l.weight):max() < 1e-12, torch.abs(il.bias - l.bias):max() < 1e-12)
    """).split("\n")]
    assert out[0].split() == ["0", "0"]
    assert out[1].split() == ["true", "1"]
    assert out[2].split() == ["true", "true"]
    assert out[3].split() == ["true", "true"]


def test_nn_jacobian_cross_check(nnlua):
    """The shared nn.Jacobian agrees with the FD helper above on the most used layers."""
    out = nnlua("""
        torch.manualSeed(2)
        local err = 0
        local function chk(m, x)
           err = math.max(err, nn.Jacobian.testJacobian(m, x))
           if m.weight then
              err = math.max(err, nn.Jacobian.testJacobianParameters(m, x, m.weight, m.gradWeight))
              err = math.max(err, nn.Jacobian.testJacobianUpdateParameters(m, x, m.weight))
           end
           if m.bias then err = math.max(err, nn.Jacobian.testJacobianParameters(m, x, m.bias, m.gradBias)) end
        end
        chk(nn.SpatialConvolution(2, 3, 3, 3, 2, 2, 1, 1), torch.randn(2, 2, 6, 5))
        chk(nn.SpatialConvolutionMM(2, 2, 2, 2), torch.randn(2, 4, 4))
        chk(nn.SpatialMaxPooling(2, 2, 2, 2, 1, 1):ceil(), torch.randn(2, 5, 5))
        chk(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1), torch.randn(2, 2, 5, 5))
        chk(nn.SpatialBatchNormalization(2), torch.randn(3, 2, 3, 3))
        chk(nn.TemporalConvolution(3, 2, 2), torch.randn(5, 3))
        chk(nn.VolumetricConvolution(1, 2, 2, 2, 2), torch.randn(1, 3, 3, 3))
        print(err)
    """)
    assert float(out.split()[0]) < 1e-6


def test_float_matches_double(nnlua):
    """Float modules (their own fast paths) agree with the FD-checked double ones."""
    out = nnlua("""
        torch.manualSeed(4)
        local err = 0
        for _, make in ipairs{
              function() return nn.SpatialConvolution(3, 4, 3, 3) end,
              function() return nn.SpatialConvolution(2, 3, 5, 3, 1, 1, 2, 1) end,
              function() return nn.SpatialDilatedConvolution(2, 2, 3, 2, 1, 1, 1, 1, 2, 2) end,
              function() return nn.SpatialConvolution(2, 3, 3, 3, 2, 2, 1, 1) end,
              function() return nn.SpatialMaxPooling(2, 2) end} do
           local md = make()
           local mf = md:clone():float()
           local x = torch.randn(3, md.nInputPlane or 2, 9, 8)
           local yd = md:forward(x)
           local go = yd:clone():normal()
           if md.zeroGradParameters then md:zeroGradParameters(); mf:zeroGradParameters() end
           local gd = md:backward(x, go)
           local yf = mf:forward(x:float())
           local gf = mf:backward(x:float(), go:float())
           err = math.max(err, torch.abs(yf:double() - yd):max(), torch.abs(gf:double() - gd):max())
           if md.gradWeight then
              err = math.max(err, torch.abs(mf.gradWeight:double() - md.gradWeight):max())
           end
        end
        print(err)
    """)
    assert float(out.split()[0]) < 1e-4


def test_type_mismatch_errors(nnlua, lua_err):
    msg = lua_err("nn.SpatialMaxPooling(2, 2):forward(torch.randn(1, 4, 4):float())")
    assert "nn.SpatialMaxPooling(2x2, 2,2): input is a torch.FloatTensor but the module works in torch.DoubleTensor" in msg
    out = nnlua("print(nn.SpatialMaxPooling(2, 2):float():forward(torch.randn(1, 4, 4):float()):type())")
    assert out.strip() == "torch.FloatTensor"
