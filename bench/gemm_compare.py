"""The MLP's three first-layer GEMMs: luann's FFI BLAS calls (what nn.Linear makes) vs PyTorch's.

    python bench/gemm_compare.py [--threads 2]

Shapes of bench/mlp.py (batch 128, 784 -> 256): forward x W^T (+ bias), the input gradient gO W
(PyTorch's autograd skips it for a leaf input) and the weight gradient gO^T x. Same process, same
thread count, best of 5 x 200 calls, microseconds.  Shows that the per-GEMM speed is PyTorch's, so
the MLP gap is the GEMM count (bench/README.md, MLP section).
"""
import argparse
import os
import time

LUA = r"""
local BL = require 'torch._blas'
local ffi = require 'ffi'
function gemm_times(T, n)
   torch.setdefaulttensortype('torch.' .. T .. 'Tensor')
   local bl = BL[T]
   local x, W, gO = torch.randn(128, 784), torch.randn(256, 784), torch.randn(128, 256)
   local out, gX, gW = torch.zeros(128, 256), torch.zeros(128, 784), torch.zeros(256, 784)
   local function p(t) return t:data() end
   local calls = {
      forward = function() bl.gemm(101, 111, 112, 128, 256, 784, 1, p(x), 784, p(W), 784, 0, p(out), 256) end,
      gradInput = function() bl.gemm(101, 111, 111, 128, 784, 256, 1, p(gO), 256, p(W), 784, 0, p(gX), 784) end,
      gradWeight = function() bl.gemm(101, 112, 111, 256, 784, 128, 1, p(gO), 256, p(x), 784, 1, p(gW), 784) end,
   }
   local res = {}
   for name, f in pairs(calls) do
      for i = 1, 20 do f() end
      local best = math.huge
      for r = 1, 5 do
         local t = torch.Timer()
         for i = 1, n do f() end
         best = math.min(best, t:time().real / n)
      end
      res[name] = best * 1e6
   end
   torch.setdefaulttensortype('torch.DoubleTensor')
   return res.forward, res.gradInput, res.gradWeight
end
"""


def torch_times(dt, threads, n=200):
    import torch
    torch.set_num_threads(threads)
    x, W, gO = torch.randn(128, 784, dtype=dt), torch.randn(256, 784, dtype=dt), torch.randn(128, 256, dtype=dt)
    b = torch.randn(256, dtype=dt)
    calls = {"forward": lambda: torch.addmm(b, x, W.t()), "gradInput": lambda: torch.mm(gO, W),
             "gradWeight": lambda: torch.mm(gO.t(), x)}
    res = {}
    for name, f in calls.items():
        for _ in range(20):
            f()
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(n):
                f()
            best = min(best, (time.perf_counter() - t) / n)
        res[name] = best * 1e6
    return res["forward"], res["gradInput"], res["gradWeight"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[k] = str(a.threads)
    from luann import Runtime
    from luann.kernels.tensor import blas_symbols
    rt = Runtime()
    ok, msg, tb = rt.execute(LUA + "\ntorch.setnumthreads(%d)" % a.threads, "=gemm")
    if not ok:
        raise SystemExit(f"{msg}\n{tb}")
    print(f"luann BLAS: {(blas_symbols() or 'none').split('|')[0]}; {a.threads} threads; best of 5 x 200 calls, us")
    print(f"{'type':7} {'GEMM':11} {'luann FFI':>10} {'PyTorch':>10} {'PT/luann':>9}")
    try:
        import torch
        have_torch = True
    except ImportError:
        have_torch = False
    for T in ("Double", "Float"):
        ours = rt.lua.eval("gemm_times")(T, 200)
        theirs = torch_times(torch.float64 if T == "Double" else torch.float32, a.threads) if have_torch \
            else (float("nan"),) * 3
        for name, o, t in zip(("forward", "gradInput", "gradWeight"), ours, theirs):
            print(f"{T:7} {name:11} {o:10.1f} {t:10.1f} {t / o:9.2f}")


if __name__ == "__main__":
    main()
