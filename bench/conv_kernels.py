"""Benchmark luann's numpy conv2d kernels against torch.nn.functional (CPU).

LeNet-sized layers, batch 64: 1x32x32 -> 6 filters 5x5, and 6x14x14 -> 16
filters 5x5.  Times forward, backward (grad input + grad weight/bias) and
their sum in float32 and float64, median of 5 runs after a warm-up, both
sides on 2 threads (torch.set_num_threads(2); BLAS threads reported, and
limited to 2, through threadpoolctl when it is installed).

    python bench/conv_kernels.py [--repeat 5]
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from luann.kernels import conv as C  # noqa: E402

LAYERS = [("conv1 1x32x32 -> 6@5x5", 64, 1, 32, 6, 5),
          ("conv2 6x14x14 -> 16@5x5", 64, 6, 14, 16, 5)]


def median_time(fn, repeat):
    fn()                                   # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def numpy_steps(x, w, b, g):
    cols = C.im2col(x, w.shape[2:])
    gw, gb = np.zeros_like(w), np.zeros_like(b)

    def fwd():
        C.conv_forward(x, w, b, columns=cols)

    def bwd():
        C.conv_backward_input(g, w, x.shape)
        C.conv_backward_params(x, g, gw, gb, 1.0, columns=cols)
    return fwd, bwd


def torch_steps(torch, x, w, b, g):
    """Forward (graph recorded, as in training) and autograd backward."""
    F = torch.nn.functional
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    tg = torch.tensor(g)
    y = F.conv2d(tx, tw, tb)

    def fwd():
        F.conv2d(tx, tw, tb)

    def bwd():
        tx.grad = tw.grad = tb.grad = None
        y.backward(tg, retain_graph=True)
    return fwd, bwd


def blas_report():
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return None, "threadpoolctl not installed: BLAS threads unknown"
    limiter = threadpool_limits(limits=2, user_api="blas")
    info = ["%s %s: %d threads" % (i.get("internal_api"), i.get("version"), i["num_threads"])
            for i in threadpool_info() if i.get("user_api") == "blas"]
    return limiter, "BLAS: " + "; ".join(info)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        print("torch not installed: nothing to compare against")
        return 0
    torch.set_num_threads(2)
    _limiter, report = blas_report()
    print(f"numpy {np.__version__}, torch {torch.__version__} "
          f"({torch.get_num_threads()} threads); {report}")
    rng = np.random.default_rng(0)
    cases = []
    for name, n, cin, hw, cout, k in LAYERS:
        for dt in (np.float32, np.float64):
            o = hw - k + 1
            arrays = [rng.standard_normal(sh).astype(dt) for sh in
                      ((n, cin, hw, hw), (cout, cin, k, k), (cout,), (n, cout, o, o))]
            cases.append((name, np.dtype(dt).name, arrays))
    # all numpy runs first, then all torch runs: interleaving them makes the
    # two thread pools (OpenBLAS, OpenMP) fight over the cores
    ours = [[median_time(f, args.repeat) for f in numpy_steps(*arr)] for _, _, arr in cases]
    time.sleep(0.5)
    theirs = [[median_time(f, args.repeat) for f in torch_steps(torch, *arr)]
              for _, _, arr in cases]
    hdr = f"{'layer':26s} {'dtype':8s} {'phase':9s} {'numpy ms':>9s} {'torch ms':>9s} {'ratio':>6s}"
    print(hdr)
    print("-" * len(hdr))
    for (name, dt, _), (nf, nb), (tf, tb) in zip(cases, ours, theirs):
        for phase, a, c in (("forward", nf, tf), ("backward", nb, tb),
                            ("fwd+bwd", nf + nb, tf + tb)):
            print(f"{name:26s} {dt:8s} {phase:9s} {a * 1e3:9.2f} {c * 1e3:9.2f} {a / c:6.2f}")
    print("ratio = numpy time / torch time (lower is better for luann)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
