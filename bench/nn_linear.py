"""nn.Linear micro-benchmarks: luann vs PyTorch CPU vs hand-written numpy, one run.

    python bench/nn_linear.py

1. nn.Linear(3,4):forward(x) on a 3-vector, per call (target <= 3 us; torch7 3.96 us).
2. forward + backward of Linear(10,10) - Tanh - Linear(10,1) with MSECriterion, per
   step including zeroGradParameters (target <= 40 us; torch7 57.9 us).
luann loops run inside Lua (one Python call per measurement); the best of 5 repeats is kept.
"""
import time

import numpy as np

from luann import Runtime

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None


def best(f, repeat=5):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return min(ts)


def lua_per_call(rt, setup, body, n):
    ok, msg, _ = rt.execute(setup, "=setup")
    assert ok, msg
    code = "for _ = 1, %d do %s end" % (n, body)
    def run():
        ok, msg, _ = rt.execute(code, "=bench")
        assert ok, msg
    run()  # warm the JIT
    return best(run) / n


def main():
    rt = Runtime()
    rows = []

    # 1. Linear(3,4) forward on a 3-vector
    n = 200000
    t_lua = lua_per_call(rt, "require 'nn'; L = nn.Linear(3, 4); X = torch.randn(3)", "L:forward(X)", n)
    W, b, x = np.random.randn(4, 3), np.random.randn(4), np.random.randn(3)
    obuf = np.empty(4)
    def np_lin():
        for _ in range(20000):
            np.dot(W, x, out=obuf)
            np.add(obuf, b, out=obuf)
    t_np = best(np_lin) / 20000
    t_pt = None
    if torch is not None:
        lin = torch.nn.Linear(3, 4).double()
        xt = torch.randn(3, dtype=torch.float64)
        def pt_lin():
            with torch.no_grad():
                for _ in range(20000):
                    lin(xt)
        t_pt = best(pt_lin) / 20000
    rows.append(("nn.Linear(3,4):forward(x), 3-vector", t_lua, t_np, t_pt, "<= 3 us (torch7 3.96 us)"))

    # 2. MLP forward + backward with MSE
    n = 50000
    setup = """require 'nn'
    M = nn.Sequential():add(nn.Linear(10, 10)):add(nn.Tanh()):add(nn.Linear(10, 1))
    CR = nn.MSECriterion(); X = torch.randn(10); Y = torch.randn(1)"""
    body = ("local o = M:forward(X); CR:forward(o, Y); M:zeroGradParameters(); "
            "M:backward(X, CR:backward(o, Y))")
    t_lua = lua_per_call(rt, setup, body, n)
    W1, b1, W2, b2 = np.random.randn(10, 10), np.random.randn(10), np.random.randn(1, 10), np.random.randn(1)
    gW1, gb1, gW2, gb2 = (np.zeros_like(a) for a in (W1, b1, W2, b2))
    x, y = np.random.randn(10), np.random.randn(1)
    def np_mlp():
        for _ in range(5000):
            h = np.tanh(W1 @ x + b1)
            o = W2 @ h + b2
            loss = float(((o - y) ** 2).mean())
            for g in (gW1, gb1, gW2, gb2):
                g.fill(0)
            go = 2 * (o - y) / o.size
            np.add(gW2, np.outer(go, h), out=gW2)
            np.add(gb2, go, out=gb2)
            gh = (W2.T @ go) * (1 - h * h)
            np.add(gW1, np.outer(gh, x), out=gW1)
            np.add(gb1, gh, out=gb1)
            _ = W1.T @ gh, loss
    t_np = best(np_mlp) / 5000
    t_pt = None
    if torch is not None:
        mlp = torch.nn.Sequential(torch.nn.Linear(10, 10), torch.nn.Tanh(), torch.nn.Linear(10, 1)).double()
        xt = torch.randn(10, dtype=torch.float64, requires_grad=True)
        yt = torch.randn(1, dtype=torch.float64)
        mse = torch.nn.MSELoss()
        def pt_mlp():
            for _ in range(2000):
                loss = mse(mlp(xt), yt)
                mlp.zero_grad()
                loss.backward()
        t_pt = best(pt_mlp) / 2000
    rows.append(("Linear(10,10)-Tanh-Linear(10,1)+MSE fwd+bwd", t_lua, t_np, t_pt, "<= 40 us (torch7 57.9 us)"))

    print("%-46s %10s %10s %10s   %s" % ("case", "luann", "numpy", "PyTorch", "target"))
    for name, tl, tn, tp, target in rows:
        tp_s = "%8.2f us" % (tp * 1e6) if tp is not None else "n/a"
        print("%-46s %8.2f us %8.2f us %10s   %s" % (name, tl * 1e6, tn * 1e6, tp_s, target))
        ratio = "   luann/numpy = %.2f" % (tl / tn)
        if tp is not None:
            ratio += ", luann/PyTorch = %.2f" % (tl / tp)
        print(ratio)


if __name__ == "__main__":
    main()
