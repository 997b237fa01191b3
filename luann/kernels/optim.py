"""numpy helpers for lua/optim: the small LAPACK calls polyinterp and cmaes need
(used only when torch.gels/torch.eig/torch.symeig are not there), and Logger's
matplotlib plot.  Lua passes numpy views; results come back as new arrays."""
import numpy as np


def gels(b, a):
    """Least-squares solution of a x = b (torch.gels(b, a)), b and a 2-D."""
    x = np.linalg.lstsq(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), rcond=None)[0]
    return np.ascontiguousarray(x)


def eig_pairs(a):
    """Eigenvalues of a general square matrix as an n x 2 (real, imag) array, like torch.eig(a, 'N')."""
    w = np.linalg.eigvals(np.asarray(a, dtype=np.float64))
    return np.ascontiguousarray(np.stack([w.real, w.imag], 1))


def symeig(a, upper=True):
    """Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, like torch.symeig(a, 'V', 'U')."""
    w, v = np.linalg.eigh(np.asarray(a), UPLO="U" if upper else "L")
    return np.ascontiguousarray(w), np.ascontiguousarray(v)


def have_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


_MARKERS = {"+": "+", "-": "-", ".": ".", "o": "o", "x": "x", "*": "*", "|": "|", "~": "-", "#": "s"}


_series = []


def plot_begin():
    del _series[:]


def plot_series(name, values, style):
    _series.append((str(name), np.array(values, dtype=np.float64), str(style)))


def plot_end(path, title, logscale=False, eps_path=None):
    series = list(_series)
    del _series[:]
    return plot(path, title, series, logscale, eps_path)


def plot(path, title, series, logscale=False, eps_path=None):
    """Write a PNG of series = [(name, values, style), ...] to path (none when path is None) and
    the same plot as PostScript to eps_path, the file torch7's gnuplot wrote; returns None or an
    error string."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed (pip install matplotlib)"
    try:
        fig, ax = plt.subplots(figsize=(8, 5))
        for name, values, style in series:
            ys = [float(v) for v in values]
            xs = list(range(1, len(ys) + 1))
            fmt = _MARKERS.get(str(style), "+")
            if fmt == "-":
                ax.plot(xs, ys, "-", label=str(name))
            elif str(style) == "+-":  # gnuplot's linespoints: the points joined by lines
                ax.plot(xs, ys, "-", marker="+", label=str(name))
            else:
                ax.plot(xs, ys, linestyle="none", marker=fmt, label=str(name))
        if logscale:
            ax.set_yscale("log")
        ax.grid(True)
        ax.set_title(title)
        ax.legend()
        if path:
            fig.savefig(path, format="png")
        if eps_path:
            import logging
            # the legend's translucent frame makes the PS backend log a transparency warning
            log = logging.getLogger("matplotlib.backends.backend_ps")
            level = log.level
            log.setLevel(logging.ERROR)
            try:
                fig.savefig(eps_path, format="eps")
            finally:
                log.setLevel(level)
        plt.close(fig)
    except Exception as e:  # reported to Lua as a string, never a traceback
        return "%s: %s" % (type(e).__name__, e)
    return None
