"""The examples of torch/optim's doc/*.md (intro, algos, logger) and torch/nngraph's README, run
as documented; each test pins what the doc shows or what torch7 computes."""
import numpy as np
import pytest

from conftest import run_cli  # noqa: F401


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_logger_style_plus_minus_draws_points_joined_by_lines(tmp_path, monkeypatch):
    # doc/logger.md: `+-` for points and lines (gnuplot linespoints), `+` points only
    pytest.importorskip("matplotlib")
    import matplotlib.axes
    from luann.kernels import optim as K
    calls = []
    real = matplotlib.axes.Axes.plot

    def spy(self, *a, **kw):
        calls.append((a[2:], kw.get("linestyle"), kw.get("marker")))
        return real(self, *a, **kw)
    monkeypatch.setattr(matplotlib.axes.Axes, "plot", spy)
    ys = np.array([1.0, 3.0, 2.0])
    err = K.plot(str(tmp_path / "a.png"), "t", [("a", ys, "+-"), ("b", ys, "+"), ("c", ys, "-")])
    assert err is None
    assert calls == [(("-",), None, "+"), ((), "none", "+"), (("-",), None, None)]
