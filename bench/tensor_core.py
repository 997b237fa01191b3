"""Tensor-core micro-benchmarks: luann vs numpy vs PyTorch CPU in one run.

    python bench/tensor_core.py

Prints, for each case, luann's figure, the target, and ratios to numpy/PyTorch
where a like-for-like comparison exists.  Timings take the best of a few
repeats (the machine is shared and noisy).
"""
import os
import subprocess
import sys
import time

import numpy as np

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

from luann import Runtime


def best(f, repeat=5):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return min(ts)


def lua_time(rt, setup, body, repeat=5):
    """Best wall time of `body` measured inside Lua (no Python call overhead)."""
    ok, msg, tb = rt.execute(setup, "=setup")
    assert ok, msg
    code = ("local t0 = torch._bench_clock()\n" + body + "\n_BENCH = torch._bench_clock() - t0")
    ts = []
    for _ in range(repeat):
        ok, msg, tb = rt.execute(code, "=bench")
        assert ok, msg
        ts.append(rt.eval("_BENCH"))
    return min(ts)


def main():
    rt = Runtime()
    rt.execute("torch._bench_clock = function() return torch.Timer():time().real end", "=c")
    ok, _, _ = rt.execute("local U = torch._bridge.pyimport('luann.kernels.util'); "
                          "torch._bench_clock = function() return (U.clocks()) end", "=c")
    rows = []

    # 1. element loop
    n = 1000000
    t = lua_time(rt, "X = torch.DoubleTensor(%d):fill(1)" % n,
                 "local x = X; for i = 1, %d do x[i] = x[i] * 2 + 1 end" % n)
    a = np.ones(n)
    def np_loop():
        for i in range(100000):
            a[i] = a[i] * 2 + 1
    t_np = best(np_loop, 2) * 10
    rows.append(("x[i] = x[i]*2+1, 1e6 doubles", "%.2f ns/elem" % (t / n * 1e9), "<= 5 ns (torch7 455 ns)",
                 "numpy element loop %.0f ns/elem (x%.0f slower)" % (t_np / n * 1e9, t_np / t)))

    # 2. start-up
    def start():
        subprocess.run([sys.executable, "-m", "luann.cli", "-e", ""], check=True)
    exe = os.path.join(os.path.dirname(sys.executable), "luann")
    def start_exe():
        subprocess.run([exe, "-e", ""], check=True)
    t_start = best(start_exe if os.path.exists(exe) else start, 5)
    rows.append(('luann -e ""', "%.0f ms" % (t_start * 1e3), "<= 250 ms (th+nn 76 ms)", ""))

    # 3. small add
    calls = 200000
    t = lua_time(rt, "A = torch.DoubleTensor(10):fill(1); Bt = torch.DoubleTensor(10):fill(2)",
                 "local a, b = A, Bt; for i = 1, %d do a:add(b) end" % calls)
    x10, y10 = np.ones(10), np.full(10, 2.0)
    t_np = best(lambda: [np.add(x10, y10, out=x10) for _ in range(100000)], 3) / 100000
    extra = "numpy np.add(out=) %.2f us (x%.1f)" % (t_np * 1e6, t_np / (t / calls))
    if torch is not None:
        tx, ty = torch.ones(10, dtype=torch.float64), torch.full((10,), 2.0, dtype=torch.float64)
        t_pt = best(lambda: [tx.add_(ty) for _ in range(100000)], 3) / 100000
        extra += ", PyTorch add_ %.2f us (x%.1f)" % (t_pt * 1e6, t_pt / (t / calls))
    rows.append(("x:add(y), 10 doubles", "%.3f us/call" % (t / calls * 1e6), "<= 3 us", extra))

    for name, body, setup in (
        ("x:mul(2), 10 doubles", "local a = A; for i = 1, %d do a:mul(1.0000001) end" % calls, ""),
        ("x:fill(3), 10 doubles", "local a = A; for i = 1, %d do a:fill(3) end" % calls, ""),
        ("x:copy(y), 10 doubles", "local a, b = A, Bt; for i = 1, %d do a:copy(b) end" % calls, ""),
        ("x:cmul(y), 10 doubles", "local a, b = A, Bt; for i = 1, %d do a:cmul(b) end" % calls, ""),
    ):
        t = lua_time(rt, setup, body)
        rows.append((name, "%.3f us/call" % (t / calls * 1e6), "<= 3 us", ""))

    # 4. mm
    N = 1024
    rt.execute("MA = torch.randn(%d, %d); MB = torch.randn(%d, %d); MC = torch.Tensor(%d, %d)" % ((N,) * 6), "=s")
    t = lua_time(rt, "", "MC:mm(MA, MB)", 5)
    na, nb = np.random.randn(N, N), np.random.randn(N, N)
    nc = np.empty((N, N))
    t_np = best(lambda: np.dot(na, nb, out=nc), 5)
    extra = "numpy.dot %.1f ms (luann/numpy %.3f)" % (t_np * 1e3, t / t_np)
    if torch is not None:
        ta, tb = torch.from_numpy(na), torch.from_numpy(nb)
        t_pt = best(lambda: torch.mm(ta, tb), 5)
        extra += ", PyTorch %.1f ms (luann/PyTorch %.3f)" % (t_pt * 1e3, t / t_pt)
    rows.append(("torch.mm 1024x1024 doubles", "%.1f ms" % (t * 1e3), "within 5% of numpy", extra))

    w = max(len(r[0]) for r in rows)
    for r in rows:
        print("%-*s  %-16s  target %-26s %s" % (w, r[0], r[1], r[2], r[3]))


if __name__ == "__main__":
    main()
