"""MLP training step: luann (two update styles) vs PyTorch CPU vs hand-written numpy.

    python bench/mlp.py [--reps 7] [--iters 20] [--batch 128] [--profile]

Model: 784-256-10 MLP (Linear, ReLU, Linear, LogSoftMax) + ClassNLLCriterion on a
fixed-seed synthetic batch of 128; one step = forward + backward + update (plain
SGD, lr 0.01).  luann runs it twice: `updateParameters(lr)` after
`zeroGradParameters()`, and `getParameters()` + `optim.sgd` (the tutorials' way); luann-nogi is the first with
`net.modules[1].gradInput = nil` (torch7's switch: the first layer's input gradient is not
computed, the work PyTorch does).
PyTorch CPU 2.13 and a hand-written numpy step (which also computes the first
layer's input gradient, as nn's backward does) run in the same invocation.
Double and float, 2 BLAS threads.  Every (implementation, type) runs in its own
subprocess, so the peak RSS is its own; warm-up is excluded; the figure is the
median of --reps timings of --iters steps.  --profile adds a per-op breakdown of
luann's step (Lua-side timers around each module call, and the cost of one
Lua -> Python crossing).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

THREADS = os.environ.get("LUANN_BENCH_THREADS", "2")   # --threads sets it for the children
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LR = 0.01

LUA_MODEL = r"""
require 'nn'
require 'optim'
torch.setnumthreads(%(threads)s)
torch.manualSeed(1)
torch.setdefaulttensortype('torch.%(T)sTensor')
net = nn.Sequential()
net:add(nn.Linear(784, 256))
net:add(nn.ReLU())
net:add(nn.Linear(256, 10))
net:add(nn.LogSoftMax())
crit = nn.ClassNLLCriterion()
x = torch.randn(%(B)d, 784)
y = torch.LongTensor(%(B)d):random(1, 10)
function step_update()
   local out = net:forward(x)
   crit:forward(out, y)
   net:zeroGradParameters()
   net:backward(x, crit:backward(out, y))
   net:updateParameters(%(lr)s)
end
local params, grads
local cfg = {learningRate = %(lr)s}
local function feval(p)
   if p ~= params then params:copy(p) end
   grads:zero()
   local out = net:forward(x)
   local f = crit:forward(out, y)
   net:backward(x, crit:backward(out, y))
   return f, grads
end
function step_optim()
   if not params then params, grads = net:getParameters() end
   optim.sgd(feval, params, cfg)
end
"""

LUA_PROFILE = r"""
-- per op: the fastest of n calls (the machine is shared; the minimum is the undisturbed cost)
local T = torch.Timer()
local best = {}
local function tick(name, f, ...)
   local t0 = T:time().real
   local a, b = f(...)
   local dt = T:time().real - t0
   if not best[name] or dt < best[name] then best[name] = dt end
   return a, b
end
local m = net.modules
function step_profiled()
   local h = x
   for i = 1, #m do h = tick('fwd ' .. i .. ' ' .. torch.type(m[i]), m[i].updateOutput, m[i], i == 1 and x or m[i - 1].output) end
   tick('crit fwd', crit.updateOutput, crit, h, y)
   tick('zeroGradParameters', net.zeroGradParameters, net)
   local g = tick('crit bwd', crit.updateGradInput, crit, h, y)
   for i = #m, 1, -1 do
      local inp = i == 1 and x or m[i - 1].output
      local go = g
      g = tick('bwd ' .. i .. ' ' .. torch.type(m[i]) .. ' gradInput', m[i].updateGradInput, m[i], inp, go)
      tick('bwd ' .. i .. ' ' .. torch.type(m[i]) .. ' accGrad', m[i].accGradParameters, m[i], inp, go, 1)
   end
   tick('updateParameters', net.updateParameters, net, %(lr)s)
end
function profile(n)
   for i = 1, 3 do step_profiled() end
   best = {}
   local bstep = math.huge
   for i = 1, n do
      local t0 = T:time().real
      step_profiled()
      bstep = math.min(bstep, T:time().real - t0)
   end
   local names, sum = {}, 0
   for k, v in pairs(best) do names[#names + 1] = k; sum = sum + v end
   table.sort(names, function(a, b) return best[a] > best[b] end)
   local out = {}
   for _, k in ipairs(names) do out[#out + 1] = string.format('%%s=%%.1f', k, 1e6 * best[k]) end
   out[#out + 1] = string.format('sum of the above=%%.1f', 1e6 * sum)
   out[#out + 1] = string.format('fastest whole step=%%.1f', 1e6 * bstep)
   -- one empty Lua -> Python call
   local f = torch._bridge.pyimport('luann.kernels.util').clocks
   local bc = math.huge
   for r = 1, 20 do
      local t1 = T:time().real
      for i = 1, 10000 do f() end
      bc = math.min(bc, (T:time().real - t1) / 10000)
   end
   out[#out + 1] = string.format('one empty Lua->Python call=%%.2f', 1e6 * bc)
   return table.concat(out, ';')
end
"""


def run_luann(dtype, batch, iters, variant):
    from luann import Runtime
    rt = Runtime()
    code = LUA_MODEL % {"T": dtype.capitalize(), "B": batch, "lr": LR, "threads": THREADS}
    ok, msg, tb = rt.execute(code, "=mlp")
    if not ok:
        raise RuntimeError(f"{msg}\n{tb}")
    if variant == "nogi":
        # torch7's own switch (nn.Linear:updateGradInput tests `if self.gradInput`): the first layer's
        # input gradient, which nothing reads, is not computed -- PyTorch's autograd skips it too
        rt.execute("net.modules[1].gradInput = nil", "=mlp")
        variant = "update"
    loop = f"for i = 1, {iters} do step_{variant}() end"

    def go():
        ok, msg, tb = rt.execute(loop, "=mlp")
        if not ok:
            raise RuntimeError(f"{msg}\n{tb}")
    go.rt = rt
    return go


def run_torch(dtype, batch, iters, variant):
    import torch
    torch.set_num_threads(int(THREADS))
    torch.manual_seed(1)
    dt = torch.float64 if dtype == "double" else torch.float32
    nn = torch.nn
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10), nn.LogSoftmax(dim=1)).to(dt)
    crit = nn.NLLLoss()
    x = torch.randn(batch, 784, dtype=dt)
    y = torch.randint(0, 10, (batch,))
    params = list(net.parameters())

    def step():
        for p in params:
            p.grad = None
        loss = crit(net(x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-LR)

    def go():
        for _ in range(iters):
            step()
    return go


def run_numpy(dtype, batch, iters, variant):
    """Hand-written numpy step, preallocated buffers, same work as nn (incl. dL/dx)."""
    import numpy as np
    dt = np.float64 if dtype == "double" else np.float32
    rng = np.random.default_rng(1)
    s1, s2 = 1 / np.sqrt(784), 1 / np.sqrt(256)
    W1 = rng.uniform(-s1, s1, (256, 784)).astype(dt)
    b1 = rng.uniform(-s1, s1, 256).astype(dt)
    W2 = rng.uniform(-s2, s2, (10, 256)).astype(dt)
    b2 = rng.uniform(-s2, s2, 10).astype(dt)
    x = rng.standard_normal((batch, 784)).astype(dt)
    y = rng.integers(0, 10, batch)
    rows = np.arange(batch)
    lr = dt(LR)

    def step():
        h = x @ W1.T
        h += b1
        r = np.maximum(h, 0)
        z = r @ W2.T
        z += b2
        z -= z.max(1, keepdims=True)
        lsm = z - np.log(np.exp(z).sum(1, keepdims=True))
        loss = -lsm[rows, y].mean()  # noqa: F841  (the criterion's output)
        g = np.exp(lsm)
        g[rows, y] -= 1
        g /= batch
        gW2 = g.T @ r
        gb2 = g.sum(0)
        gr = g @ W2
        gr *= (h > 0)
        gW1 = gr.T @ x
        gb1 = gr.sum(0)
        gx = gr @ W1  # noqa: F841  (first layer's input gradient, as nn computes it)
        for p, gp in ((W2, gW2), (b2, gb2), (W1, gW1), (b1, gb1)):
            gp *= -lr
            p += gp

    def go():
        for _ in range(iters):
            step()
    return go


IMPLS = {"luann": run_luann, "luann-optim": run_luann, "luann-nogi": run_luann, "pytorch": run_torch,
         "numpy": run_numpy}


def child(impl, dtype, batch, iters, reps, profile):
    variant = {"luann-optim": "optim", "luann-nogi": "nogi"}.get(impl, "update")
    go = IMPLS[impl](dtype, batch, iters, variant)
    go()   # warm-up: JIT traces, buffers, BLAS
    go()
    times, cpus = [], []
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        go()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    med = statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    res = {"impl": impl, "dtype": dtype, "ms_step": 1000 * med / iters, "samples_s": batch * iters / med,
           "ms_min": 1000 * min(times) / iters, "rss_mb": rss,
           "cpu_ms": 1000 * statistics.median(cpus) / iters}
    if profile and impl == "luann":
        rt = go.rt
        ok, msg, tb = rt.execute(LUA_PROFILE % {"lr": LR}, "=profile")
        if not ok:
            raise RuntimeError(f"{msg}\n{tb}")
        res["profile"] = rt.lua.eval("profile(%d)" % (iters * reps))
    print(json.dumps(res))


def main():
    global THREADS
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--iters", type=int, default=5)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--impl", default="luann,luann-optim,luann-nogi,pytorch,numpy")
    ap.add_argument("--dtype", default="double,float")
    ap.add_argument("--rounds", type=int, default=3,
                    help="repeat the whole set this many times, interleaved; keep each one's best median "
                         "(the machine is shared: a round that collides with other jobs is dropped)")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--threads", default=None, help="BLAS/OpenMP threads (default 2); with 1 the CPU "
                    "time column is the least load-sensitive comparison on a shared machine")
    ap.add_argument("--child", nargs=2)
    a = ap.parse_args()
    THREADS = a.threads or THREADS
    if a.child:
        child(a.child[0], a.child[1], a.batch, a.iters, a.reps, a.profile)
        return
    env = dict(os.environ, OMP_NUM_THREADS=THREADS, OPENBLAS_NUM_THREADS=THREADS,
               MKL_NUM_THREADS=THREADS, LUANN_BENCH_THREADS=THREADS, PYTHONPATH=ROOT)
    res = {}
    for rnd in range(a.rounds):
        for dtype in a.dtype.split(","):
            for impl in a.impl.split(","):
                cmd = [sys.executable, __file__, "--child", impl, dtype, "--reps", str(a.reps),
                       "--iters", str(a.iters), "--batch", str(a.batch)]
                if a.profile and rnd == a.rounds - 1:
                    cmd.append("--profile")
                p = subprocess.run(cmd, env=env, capture_output=True, text=True)
                if p.returncode != 0:
                    print(f"{impl} {dtype} failed:\n{p.stderr[-2000:]}", file=sys.stderr)
                    continue
                r = json.loads(p.stdout.strip().splitlines()[-1])
                old = res.get((impl, dtype))
                if old is not None:
                    r["ms_min"] = min(r["ms_min"], old["ms_min"])
                    old["ms_min"] = r["ms_min"]
                    r["cpu_ms"] = min(r["cpu_ms"], old["cpu_ms"])
                    old["cpu_ms"] = r["cpu_ms"]
                if old is None or r["ms_step"] < old["ms_step"]:
                    if old is not None and "profile" in old:
                        r.setdefault("profile", old["profile"])
                    r["rss_mb"] = max(r["rss_mb"], old["rss_mb"]) if old else r["rss_mb"]
                    res[(impl, dtype)] = r
                else:
                    old["rss_mb"] = max(old["rss_mb"], r["rss_mb"])
                    if "profile" in r:
                        old["profile"] = r["profile"]
    print(f"MLP 784-256-10 step (fwd+bwd+update), batch {a.batch}, {THREADS} threads, "
          f"median of {a.reps} x {a.iters} steps, best of {a.rounds} interleaved rounds")
    print("speed ratios are other/this (>1: this one is faster), on the medians and, in brackets, on the "
          "fastest rep (the least disturbed by other jobs)")
    print(f"{'impl':12} {'type':6} {'ms/step':>8} {'(min)':>7} {'samples/s':>10} {'peak RSS MB':>11} "
          f"{'vs numpy':>13} {'vs PyTorch':>13} {'CPU ms':>7} {'CPU vs PT':>9}")
    for (impl, dtype), r in res.items():
        pt, npy = res.get(("pytorch", dtype)), res.get(("numpy", dtype))

        def ratio(o):
            if not o:
                return "-"
            return f"{o['ms_step'] / r['ms_step']:.2f} ({o['ms_min'] / r['ms_min']:.2f})"
        print(f"{impl:12} {dtype:6} {r['ms_step']:8.3f} {r['ms_min']:7.3f} {r['samples_s']:10.0f} "
              f"{r['rss_mb']:11.0f} {ratio(npy):>13} {ratio(pt):>13} {r['cpu_ms']:7.3f} "
              f"{(pt['cpu_ms'] / r['cpu_ms']) if pt else float('nan'):9.2f}")
    for (impl, dtype), r in res.items():
        if "profile" in r:
            print(f"\nluann {dtype} per op, fastest of {a.iters * a.reps} steps (us):")
            for item in r["profile"].split(";"):
                k, v = item.split("=")
                print(f"  {k:40} {float(v):9.2f}")


if __name__ == "__main__":
    main()
