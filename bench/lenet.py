"""LeNet training step: luann vs PyTorch CPU vs hand-written numpy.

    python bench/lenet.py [--rounds 3] [--reps 5] [--iters 10] [--batch 64]

Model (torch7 tutorial LeNet on 1x32x32): conv5x5 1->6, ReLU, maxpool 2,
conv5x5 6->16, ReLU, maxpool 2, view 400, Linear 120, ReLU, Linear 84, ReLU,
Linear 10, LogSoftMax, ClassNLL; one step = forward + backward +
updateParameters (plain SGD) on a batch of 64.  Double and float, 2 threads;
each (implementation, type) runs in its own subprocess (so peak RSS is its own),
warms up, then reports the median of --reps timings of --iters steps; the
children run --rounds times, interleaved, and the table shows the median (and
best) of those runs, so that load from other processes on a shared machine
hits every implementation alike.  "CPU ms" is the process CPU time per step
(user+sys of all threads; spinning BLAS threads count too), a second view that
swings less with other processes' load than wall time.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

THREADS = "2"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LUA_MODEL = r"""
require 'nn'
torch.manualSeed(1)
torch.setdefaulttensortype('torch.%(T)sTensor')
local net = nn.Sequential()
net:add(nn.SpatialConvolution(1, 6, 5, 5))
net:add(nn.ReLU())
net:add(nn.SpatialMaxPooling(2, 2, 2, 2))
net:add(nn.SpatialConvolution(6, 16, 5, 5))
net:add(nn.ReLU())
net:add(nn.SpatialMaxPooling(2, 2, 2, 2))
net:add(nn.View(16 * 5 * 5))
net:add(nn.Linear(16 * 5 * 5, 120))
net:add(nn.ReLU())
net:add(nn.Linear(120, 84))
net:add(nn.ReLU())
net:add(nn.Linear(84, 10))
net:add(nn.LogSoftMax())
local crit = nn.ClassNLLCriterion()
local x = torch.randn(%(B)d, 1, 32, 32)
local y = torch.LongTensor(%(B)d):random(1, 10)
function step()
   local out = net:forward(x)
   crit:forward(out, y)
   net:zeroGradParameters()
   net:backward(x, crit:backward(out, y))
   net:updateParameters(0.01)
end
"""


def run_luann(dtype, batch, iters, reps):
    from luann import Runtime
    rt = Runtime()
    ok, msg, tb = rt.execute(LUA_MODEL % {"T": dtype.capitalize(), "B": batch}, "=lenet")
    if not ok:
        raise RuntimeError(f"{msg}\n{tb}")
    loop = f"for i = 1, {iters} do step() end"

    def go():
        ok, msg, tb = rt.execute(loop, "=lenet")
        if not ok:
            raise RuntimeError(f"{msg}\n{tb}")
    return go


def run_torch(dtype, batch, iters, reps):
    import torch
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", THREADS)))
    torch.manual_seed(1)
    dt = torch.float64 if dtype == "double" else torch.float32
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10), nn.LogSoftmax(dim=1)).to(dt)
    crit = nn.NLLLoss()
    x = torch.randn(batch, 1, 32, 32, dtype=dt)
    y = torch.randint(0, 10, (batch,))
    params = list(net.parameters())

    def step():
        out = net(x)
        loss = crit(out, y)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-0.01)

    def go():
        for _ in range(iters):
            step()
    return go


def run_numpy(dtype, batch, iters, reps):
    """Straightforward hand-written numpy LeNet (im2col convs, reshape pooling)."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view
    dt = np.float64 if dtype == "double" else np.float32
    rng = np.random.default_rng(1)

    def uni(shape, fan_in):
        s = 1 / np.sqrt(fan_in)
        return rng.uniform(-s, s, shape).astype(dt)

    P = {"c1w": uni((6, 25), 25), "c1b": uni(6, 25), "c2w": uni((16, 150), 150),
         "c2b": uni(16, 150), "l1w": uni((120, 400), 400), "l1b": uni(120, 400),
         "l2w": uni((84, 120), 120), "l2b": uni(84, 120), "l3w": uni((10, 84), 84),
         "l3b": uni(10, 84)}
    x = rng.standard_normal((batch, 1, 32, 32)).astype(dt)
    y = rng.integers(0, 10, batch)

    def conv_f(a, w, b, k):
        n, c, h, wd = a.shape
        oh, ow = h - k + 1, wd - k + 1
        cols = sliding_window_view(a, (k, k), axis=(2, 3))          # n c oh ow k k
        cols = cols.transpose(1, 4, 5, 0, 2, 3).reshape(c * k * k, n * oh * ow)
        out = (w @ cols + b[:, None]).reshape(-1, n, oh, ow).transpose(1, 0, 2, 3)
        return np.ascontiguousarray(out), cols

    def conv_b(g, w, cols, shape, k):
        n, c, h, wd = shape
        o = w.shape[0]
        g2 = g.transpose(1, 0, 2, 3).reshape(o, -1)
        gw = g2 @ cols.T
        gb = g2.sum(1)
        gc = (w.T @ g2).reshape(c, k, k, n, h - k + 1, wd - k + 1)
        gi = np.zeros((n, c, h, wd), g.dtype)
        oh, ow = h - k + 1, wd - k + 1
        for i in range(k):
            for j in range(k):
                gi[:, :, i:i + oh, j:j + ow] += gc[:, i, j].transpose(1, 0, 2, 3)
        return gi, gw, gb

    def pool_f(a):
        n, c, h, w = a.shape
        r = a.reshape(n, c, h // 2, 2, w // 2, 2)
        m = r.max(axis=(3, 5))
        mask = r == m[:, :, :, None, :, None]
        return m, mask

    def pool_b(g, mask):
        gi = mask * g[:, :, :, None, :, None]
        n, c, h2, _, w2, _ = gi.shape
        return gi.reshape(n, c, h2 * 2, w2 * 2)

    def step():
        a1, cols1 = conv_f(x, P["c1w"], P["c1b"], 5)
        r1 = np.maximum(a1, 0)
        p1, m1 = pool_f(r1)
        a2, cols2 = conv_f(p1, P["c2w"], P["c2b"], 5)
        r2 = np.maximum(a2, 0)
        p2, m2 = pool_f(r2)
        f = p2.reshape(batch, 400)
        h1 = np.maximum(f @ P["l1w"].T + P["l1b"], 0)
        h2 = np.maximum(h1 @ P["l2w"].T + P["l2b"], 0)
        z = h2 @ P["l3w"].T + P["l3b"]
        z = z - z.max(1, keepdims=True)
        lsm = z - np.log(np.exp(z).sum(1, keepdims=True))
        # backward of mean NLL
        g = np.exp(lsm)
        g[np.arange(batch), y] -= 1
        g /= batch
        G = {"l3w": g.T @ h2, "l3b": g.sum(0)}
        g = (g @ P["l3w"]) * (h2 > 0)
        G["l2w"], G["l2b"] = g.T @ h1, g.sum(0)
        g = (g @ P["l2w"]) * (h1 > 0)
        G["l1w"], G["l1b"] = g.T @ f, g.sum(0)
        g = (g @ P["l1w"]).reshape(p2.shape)
        g = pool_b(g, m2) * (r2 > 0)
        g, G["c2w"], G["c2b"] = conv_b(g, P["c2w"], cols2, p1.shape, 5)
        g = pool_b(g, m1) * (r1 > 0)
        _, G["c1w"], G["c1b"] = conv_b(g, P["c1w"], cols1, x.shape, 5)
        for k in P:
            P[k] -= dt(0.01) * G[k].astype(dt, copy=False)

    def go():
        for _ in range(iters):
            step()
    return go


IMPLS = {"luann": run_luann, "pytorch": run_torch, "numpy": run_numpy}


def child(impl, dtype, batch, iters, reps):
    go = IMPLS[impl](dtype, batch, iters, reps)
    go()                                     # warm-up (JIT traces, buffers, BLAS)
    go()
    times, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        go()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med = statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"impl": impl, "dtype": dtype, "samples_s": batch * iters / med,
                      "ms_step": 1000 * med / iters,
                      "cpu_ms_step": 1000 * statistics.median(cpu) / iters, "rss_mb": rss}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=3,
                    help="each (impl, type) child runs this many times, interleaved, so that "
                         "load from other processes hits every implementation alike")
    ap.add_argument("--impl", default="luann,pytorch,numpy")
    ap.add_argument("--dtype", default="double,float")
    ap.add_argument("--threads", default=THREADS, help="BLAS/OpenMP threads (the spec is 2)")
    ap.add_argument("--child", nargs=2)
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], a.batch, a.iters, a.reps)
        return
    env = dict(os.environ, OMP_NUM_THREADS=a.threads, OPENBLAS_NUM_THREADS=a.threads,
               MKL_NUM_THREADS=a.threads, PYTHONPATH=ROOT)
    runs = {}
    for _ in range(a.rounds):
        for dtype in a.dtype.split(","):
            for impl in a.impl.split(","):
                p = subprocess.run([sys.executable, __file__, "--child", impl, dtype,
                                    "--reps", str(a.reps), "--iters", str(a.iters),
                                    "--batch", str(a.batch)], env=env, capture_output=True,
                                   text=True)
                if p.returncode != 0:
                    print(f"{impl} {dtype} failed:\n{p.stderr[-2000:]}", file=sys.stderr)
                    continue
                runs.setdefault((impl, dtype), []).append(
                    json.loads(p.stdout.strip().splitlines()[-1]))
    res = {}
    for key, rs in runs.items():
        sps = sorted(r["samples_s"] for r in rs)
        res[key] = {"samples_s": statistics.median(sps), "best": sps[-1],
                    "cpu": statistics.median(r["cpu_ms_step"] for r in rs),
                    "rss_mb": max(r["rss_mb"] for r in rs)}
    torch7 = {"double": 2520, "float": 4370}
    print(f"LeNet step (fwd+bwd+update), batch {a.batch}, {a.threads} threads; per run the median "
          f"of {a.reps} x {a.iters} steps after warm-up; median (best) of {a.rounds} interleaved runs")
    print(f"{'impl':8} {'type':6} {'samples/s':>10} {'(best)':>8} {'ms/step':>8} {'CPU ms':>7} "
          f"{'peak RSS MB':>11} {'vs torch7':>9} {'vs PyTorch':>10}")
    for (impl, dtype), r in sorted(res.items(), key=lambda kv: (kv[0][1] != "double", kv[0][0])):
        pt = res.get(("pytorch", dtype))
        rt = f"{r['samples_s'] / pt['samples_s']:.2f}" if pt else "-"
        print(f"{impl:8} {dtype:6} {r['samples_s']:10.0f} {r['best']:8.0f} "
              f"{1000 * a.batch / r['samples_s']:8.2f} {r['cpu']:7.2f} {r['rss_mb']:11.0f} "
              f"{r['samples_s'] / torch7[dtype]:9.2f} {rt:>10}")


if __name__ == "__main__":
    main()
