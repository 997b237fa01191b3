"""nn.Linear's FFI BLAS paths (lua/torch/_blas.lua) and in-place add(v, t) = axpy: same results as the
numpy formulas they replace (forward, gradInput, gradBias bit for bit; gradWeight for scale 1 within one
K block), the numpy fallback for strided/overlapping operands, and no Lua -> Python call per step."""
import numpy as np
import pytest

from luann import Runtime
from luann.kernels.tensor import blas_symbols
from conftest import python_calls

# with the optional `mkl` extra installed the FFI BLAS is MKL, not numpy's OpenBLAS: same formulas, other
# rounding, so the bit-for-bit checks against np.matmul become tight tolerances
OWN_BLAS = "mkl_rt" not in (blas_symbols() or "")


def _same(a, b, dt):
    if OWN_BLAS:
        assert np.array_equal(a, b)
    else:
        _close(a, b, dt)


def _close(a, b, dt):
    """within a few ulps of the largest |entry| (sums of K products: cancellation makes small entries noisy)"""
    e = 1e-6 if dt is np.float32 else 1e-14
    np.testing.assert_allclose(a, b, rtol=10 * e, atol=10 * e * max(1.0, float(np.abs(b).max())))

CODE = r"""
require 'nn'
function run(T, scale, nin, nout, n, strided)
  torch.setdefaulttensortype('torch.' .. T .. 'Tensor')
  torch.manualSeed(7)
  local l = nn.Linear(nin, nout)
  l.gradWeight:normal(); l.gradBias:normal()
  local gW0, gB0 = l.gradWeight:clone(), l.gradBias:clone()
  local x = torch.randn(n, nin); local g = torch.randn(n, nout)
  if strided then x = torch.randn(nin, n):t(); g = torch.randn(nout, n):t() end
  local y = l:forward(x):clone()
  local gi = l:updateGradInput(x, g):clone()
  l:accGradParameters(x, g, scale)
  torch.setdefaulttensortype('torch.DoubleTensor')
  return l.weight, l.bias, x, g, y, gi, gW0, gB0, l.gradWeight, l.gradBias
end
"""


@pytest.fixture(scope="module")
def brt():
    rt = Runtime()
    ok, msg, tb = rt.execute(CODE, "=t")
    assert ok, (msg, tb)
    return rt


def test_blas_found(brt):
    assert brt.lua.eval("require('torch._blas') ~= false")


@pytest.mark.parametrize("T,dt", [("Float", np.float32), ("Double", np.float64)])
@pytest.mark.parametrize("scale", [1, 0.5, 3.7])
@pytest.mark.parametrize("shape", [(784, 256, 128), (100, 7, 33), (5, 3, 1)])
@pytest.mark.parametrize("strided", [False, True])
def test_linear_matches_numpy(brt, T, dt, scale, shape, strided):
    nin, nout, n = shape
    C = brt.lua.eval("torch._C")
    r = brt.lua.globals().run(T, scale, nin, nout, n, strided)
    W, b, x, g, y, gi, gW0, gB0, gW, gB = [C.np(t).copy(order="K") for t in r]
    assert W.dtype == dt
    ones = np.ones(n, dt)
    ry = np.matmul(x, W.T)
    ry += np.multiply.outer(ones, b)
    pb = g.T @ ones
    if scale != 1:
        pb *= dt(scale)
    small = n * nin * nout <= 4096   # Linear.SMALL: LuaJIT loops, not BLAS
    if small:
        np.testing.assert_allclose(y, ry, rtol=1e-5, atol=1e-6)
        return
    _same(y, ry, dt)
    _same(gi, g @ W, dt)
    _same(gB, gB0 + pb, dt)
    pr = g.T @ x
    if scale != 1:
        pr *= dt(scale)
    if scale == 1:
        _same(gW, gW0 + pr, dt)
    else:   # alpha folded into gemm's accumulation (FMA), as torch7's gemm(beta=1)
        if OWN_BLAS:
            np.testing.assert_allclose(gW, gW0 + pr, rtol=1e-5 if dt is np.float32 else 1e-12, atol=1e-6)
        else:
            _close(gW, gW0 + pr, dt)


def test_inplace_add_axpy_and_overlap(lua):
    out = lua("""
    local a = torch.FloatTensor(1000):uniform(-1, 1); local b = torch.FloatTensor(1000):uniform(-1, 1)
    local ref = a:clone(); for i = 1, 1000 do ref[i] = ref[i] + (-0.01) * b[i] end
    a:add(-0.01, b)
    print((a - ref):abs():max() < 1e-6)
    -- overlapping in place: x[2..n] += 2 * x[1..n-1], as the element-by-element definition reads the old values
    local x = torch.DoubleTensor(3000):uniform(); local ox = x:clone()
    x:narrow(1, 2, 2999):add(2, x:narrow(1, 1, 2999))
    local ok = true
    for i = 2, 3000 do if math.abs(x[i] - (ox[i] + 2 * ox[i - 1])) > 1e-12 then ok = false end end
    print(ok)
    -- the same tensor: x += 0.5 * x
    local z = torch.DoubleTensor(5000):fill(2); z:add(0.5, z); print(z:min() == 3 and z:max() == 3)
    """)
    assert out.split() == ["true", "true", "true"]


def test_linear_step_makes_no_python_call(brt):
    ok, msg, tb = brt.execute("""
    torch.setdefaulttensortype('torch.FloatTensor')
    lin = nn.Linear(300, 200); xin = torch.randn(64, 300); gout = torch.randn(64, 200)
    lin:forward(xin); lin:backward(xin, gout); lin:updateParameters(0.1)
    torch.setdefaulttensortype('torch.DoubleTensor')
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(brt, "lin:zeroGradParameters(); lin:forward(xin); lin:backward(xin, gout); "
                                  "lin:updateParameters(0.1)") == []


ACC = r"""
-- res:addmv / res:addr in place, in every layout the FFI gemv/ger path takes or refuses, against the
-- element-by-element definition in double
function acc_cases(T)
   torch.manualSeed(3)
   local worst, n = 0, 0
   local function chk(got, want)
      local m = 0
      for i = 1, got:nElement() do
         local g, w = got:contiguous():view(-1)[i], want:view(-1)[i]
         m = math.max(m, math.abs(g - w) / math.max(1, math.abs(w)))
      end
      worst = math.max(worst, m); n = n + 1
   end
   local function new(...) return torch.Tensor(...):type(T) end
   for _, beta in ipairs({1, 0, 0.5}) do
      for _, alpha in ipairs({1, -0.3}) do
         -- addmv: A row-major, A = W:t() (column-major), a strided x and res, a padded lda
         local W = new(7, 5):uniform(-1, 1)
         local As = {W, new(5, 7):uniform(-1, 1):t(), new(7, 9):uniform(-1, 1):narrow(2, 2, 5)}
         for _, A in ipairs(As) do
            local xs = {new(5):uniform(-1, 1), new(5, 3):uniform(-1, 1):select(2, 2)}
            for _, x in ipairs(xs) do
               for _, strided_res in ipairs({false, true}) do
                  local r = strided_res and new(7, 2):uniform(-1, 1):select(2, 1) or new(7):uniform(-1, 1)
                  local want = torch.DoubleTensor(7)
                  for i = 1, 7 do
                     local s = 0
                     for j = 1, 5 do s = s + A[i][j] * x[j] end
                     want[i] = beta * r[i] + alpha * s
                  end
                  r:addmv(beta, alpha, A, x)
                  chk(r, want)
               end
            end
         end
         -- addr: contiguous and padded res, strided vectors
         local rs = {new(4, 6):uniform(-1, 1), new(4, 8):uniform(-1, 1):narrow(2, 3, 6)}
         for _, r in ipairs(rs) do
            local x, y = new(4, 2):uniform(-1, 1):select(2, 2), new(6):uniform(-1, 1)
            local want = torch.DoubleTensor(4, 6)
            for i = 1, 4 do for j = 1, 6 do want[i][j] = beta * r[i][j] + alpha * x[i] * y[j] end end
            r:addr(beta, alpha, x, y)
            chk(r, want)
         end
      end
   end
   -- overlap: y is a row of the matrix it is added into -> the numpy kernel (reads the old values)
   local R = new(3, 3):uniform(-1, 1)
   local x, y = new(3):uniform(-1, 1), R[2]:clone()
   local want = torch.DoubleTensor(3, 3)
   for i = 1, 3 do for j = 1, 3 do want[i][j] = R[i][j] + x[i] * y[j] end end
   R:addr(x, R[2])
   chk(R, want)
   -- NaN in res with beta 0 is not read (gemv/ger overwrite)
   local z = new(7):fill(0 / 0)
   z:addmv(0, 1, new(7, 5):fill(1), new(5):fill(2))
   chk(z, torch.DoubleTensor(7):fill(10))
   return worst, n
end
"""


@pytest.mark.parametrize("T,tol", [("torch.DoubleTensor", 1e-14), ("torch.FloatTensor", 1e-6)])
def test_addmv_addr_inplace_layouts(brt, T, tol):
    ok, msg, tb = brt.execute(ACC, "=acc")
    assert ok, (msg, tb)
    worst, n = brt.lua.eval("acc_cases")(T)
    assert n == 3 * 2 * (3 * 2 * 2 + 2) + 2 and worst < tol


def test_linear_single_sample_step_makes_no_python_call(brt):
    """The tutorials' per-sample loop: a 1-D input through nn.Linear is gemv / ger / axpy through the FFI."""
    ok, msg, tb = brt.execute("""
    lin1 = nn.Linear(1600, 128); x1 = torch.randn(1600); g1 = torch.randn(128)
    lin1:forward(x1); lin1:backward(x1, g1); lin1:updateParameters(0.1)
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(brt, "lin1:zeroGradParameters(); lin1:forward(x1); lin1:backward(x1, g1); "
                                  "lin1:updateParameters(0.1)") == []


def test_luann_blas_env_forces_openblas(monkeypatch, tmp_path):
    """_mkl_rt_path finds the mkl package's libmkl_rt; LUANN_BLAS=openblas turns that off."""
    import importlib.metadata as md
    from luann.kernels import tensor

    lib = tmp_path / "libmkl_rt.so.3"
    lib.write_bytes(b"")

    class FakeFile:
        name = lib.name

    class FakeDist:
        files = [FakeFile()]

        def locate_file(self, f):
            return lib

    monkeypatch.setattr(md, "distribution", lambda name: FakeDist() if name == "mkl" else None)
    monkeypatch.delenv("LUANN_BLAS", raising=False)
    assert tensor._mkl_rt_path() == str(lib.resolve())
    monkeypatch.setenv("LUANN_BLAS", "openblas")
    assert tensor._mkl_rt_path() is None


MM = r"""
-- res:addmm / res:mm in place in the layouts an RNN's timestep loop makes (a row slice of a
-- (N, T, H) tensor as res, row-sliced and transposed operands, padded leading dimensions), against
-- the element-by-element definition in double; overlap and odd strides take the numpy kernel
function mm_cases(T)
   torch.manualSeed(5)
   local worst, n = 0, 0
   local function chk(got, want)
      local m = 0
      for i = 1, got:size(1) do for j = 1, got:size(2) do
         m = math.max(m, math.abs(got[i][j] - want[i][j]) / math.max(1, math.abs(want[i][j])))
      end end
      worst = math.max(worst, m); n = n + 1
   end
   local function new(...) return torch.Tensor(...):type(T) end
   local function def(beta, r, alpha, A, B)
      local w = torch.DoubleTensor(A:size(1), B:size(2))
      for i = 1, A:size(1) do for j = 1, B:size(2) do
         local s = 0
         for k = 1, A:size(2) do s = s + A[i][k] * B[k][j] end
         w[i][j] = (beta == 0 and 0 or beta * r[i][j]) + alpha * s
      end end
      return w
   end
   local As = {new(4, 3):uniform(-1, 1), new(4, 5, 3):uniform(-1, 1)[{{}, 2}],
               new(3, 4):uniform(-1, 1):t(), new(4, 5, 3):uniform(-1, 1)[{{}, 4}]:t():t()}
   local Bs = {new(3, 6):uniform(-1, 1), new(6, 3):uniform(-1, 1):t(), new(5, 8):uniform(-1, 1)[{{1, 3}, {2, 7}}],
               new(4, 3, 6):uniform(-1, 1)[{{}, 2}]:t():t():narrow(1, 1, 3)}
   for _, beta in ipairs({1, 0, 0.5}) do
      for _, alpha in ipairs({1, -0.3}) do
         for _, A in ipairs(As) do
            for _, B in ipairs(Bs) do
               local g = new(4, 7, 6):uniform(-1, 1)
               for _, r in ipairs({new(4, 6):uniform(-1, 1), g[{{}, 3}], new(6, 4):uniform(-1, 1):t()}) do
                  local want = def(beta, r, alpha, A, B)
                  r:addmm(beta, alpha, A, B)
                  chk(r, want)
               end
            end
         end
      end
   end
   -- mm into a row slice: beta 0, a NaN already there is not read
   local g = new(4, 7, 6):fill(0 / 0)
   g[{{}, 2}]:mm(As[2], Bs[3])
   chk(g[{{}, 2}], def(0, nil, 1, As[2], Bs[3]))
   -- overlap: res is a block of its own operand -> numpy kernel, old values read
   local X = new(4, 4):uniform(-1, 1)
   local A, B = X[{{1, 2}, {1, 2}}], X[{{1, 2}, {3, 4}}]:clone()
   local want = def(1, A, 1, A:clone(), B)
   A:addmm(X[{{1, 2}, {1, 2}}], B)
   chk(A, want)
   return worst, n
end
"""


@pytest.mark.parametrize("T,tol", [("torch.DoubleTensor", 1e-14), ("torch.FloatTensor", 1e-6)])
def test_addmm_inplace_layouts(brt, T, tol):
    ok, msg, tb = brt.execute(MM, "=mm")
    assert ok, (msg, tb)
    worst, n = brt.lua.eval("mm_cases")(T)
    assert n == 3 * 2 * 4 * 4 * 3 + 2 and worst < tol


def test_rnn_timestep_matmuls_make_no_python_call(brt):
    """torch-rnn's LSTM/VanillaRNN loops: gates[{{}, t}]:addmm(prev_h, Wh), grad_x[{{}, t}]:mm(grad_a, Wx:t()),
    grad_Wx:addmm(scale, x[{{}, t}]:t(), grad_a) are cblas gemm calls on the tensors' memory."""
    ok, msg, tb = brt.execute("""
    torch.setdefaulttensortype('torch.FloatTensor')
    rg = torch.zeros(10, 20, 256); rh = torch.randn(10, 64); rW = torch.randn(128, 256)
    rx = torch.randn(10, 20, 64); rgW = torch.zeros(128, 256); rga = torch.randn(10, 256); rgx = torch.zeros(10, 20, 64)
    torch.setdefaulttensortype('torch.DoubleTensor')
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(brt, "rg[{{}, 3}]:addmm(rh, rW[{{65, 128}}]); rgx[{{}, 3}]:mm(rga, rW[{{1, 64}}]:t()); "
                             "rgW[{{1, 64}}]:addmm(1, rx[{{}, 3}]:t(), rga)") == []


def test_addmm_into_another_tensor(brt, capfd):
    """res:addmm(M, A, B) with res not M: torch7 copies M into res (nothing when beta is 0) then makes one
    gemm on res -- VanillaRNN's next_h:addmm(bias:view(1, H):expand(N, H), x[{{}, t}], Wx) stays in LuaJIT;
    res aliasing an operand keeps the numpy kernel, which reads the operands first."""
    ok, msg, tb = brt.execute("""
    torch.setdefaulttensortype('torch.FloatTensor')
    ai_out = torch.zeros(10, 20, 64); ai_b = torch.randn(64); ai_x = torch.randn(10, 20, 32)
    ai_W = torch.randn(96, 64)
    torch.setdefaulttensortype('torch.DoubleTensor')
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(brt, "ai_out[{{}, 3}]:addmm(ai_b:view(1, 64):expand(10, 64), ai_x[{{}, 3}], "
                             "ai_W[{{1, 32}}])") == []
    capfd.readouterr()
    ok, msg, tb = brt.execute(r"""
    local want = torch.mm(ai_x[{{}, 3}]:double(), ai_W[{{1, 32}}]:double()) + ai_b:double():view(1, 64):expand(10, 64)
    print((ai_out[{{}, 3}]:double() - want):abs():max() < 1e-5, ai_out[{{}, 2}]:abs():sum(), ai_out[{{}, 4}]:abs():sum())
    local M, A, B = torch.randn(3, 4), torch.randn(3, 2), torch.randn(2, 4)
    local r = torch.Tensor(3, 4):fill(0 / 0)
    r:addmm(0, M, 2, A, B)                                   -- beta 0: M unused, the NaNs overwritten
    print((r - torch.mm(A, B):mul(2)):abs():max() < 1e-12)
    local r2 = torch.addmm(0.5, M, -1, A, B)                 -- a new result
    print((r2 - (M * 0.5 - torch.mm(A, B))):abs():max() < 1e-12, (torch.addmv(torch.ones(3), A, torch.ones(2)) - (A:sum(2):view(3) + 1)):abs():max() < 1e-12)
    print((torch.addr(torch.ones(3, 2), torch.range(1, 3), torch.range(1, 2)) - (torch.ger(torch.range(1, 3), torch.range(1, 2)) + 1)):abs():max() == 0)
    local S = torch.randn(3, 3); local S0 = S:clone(); local N = torch.randn(3, 3)
    S:addmm(N, S, torch.eye(3))                              -- res is A: the operands are read first
    print((S - (N + S0)):abs():max() < 1e-12)
    """, "=t")
    assert ok, (msg, tb)
    assert capfd.readouterr().out == "true\t0\t0\t\ntrue\t\ntrue\ttrue\t\ntrue\t\ntrue\t\n"
