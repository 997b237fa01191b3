"""matplotlib (Agg) figures for lua/gnuplot.lua and itorch.Plot (lua/itorch.lua).

Lua keeps figure numbers; this module keeps each figure's series and settings and renders the
whole figure again on demand, to a file (PNG, EPS, SVG, PDF) or to base64 PNG bytes for a notebook.
Arrays arrive as numpy views of tensors and are copied at once."""
import base64
import io

import numpy as np

_figs = {}


class _Fig:
    def __init__(self):
        self.series = []
        self.props = {"grid": False, "legend": True}


def _get(fid):
    fid = int(fid)
    if fid not in _figs:
        _figs[fid] = _Fig()
    return _figs[fid]


def clear(fid):
    _get(fid).series = []


def reset(fid):
    _figs[int(fid)] = _Fig()


def close(fid):
    _figs.pop(int(fid), None)


def closeall():
    _figs.clear()


def nseries(fid):
    return len(_get(fid).series)


def _arr(a):
    if a is None:
        return None
    return np.array(a, dtype=np.float64, copy=True)


def add(fid, kind, x=None, y=None, z=None, style="", label="", color="", extra=None):
    """kind: line | points | lines+points | hist | image | surface | scatter3 | bar."""
    s = {"kind": str(kind), "x": _arr(x), "y": _arr(y), "z": _arr(z),
         "style": str(style or ""), "label": str(label or ""), "color": str(color or "")}
    if extra is not None:
        s["extra"] = float(extra)
    _get(fid).series.append(s)


def set_prop(fid, key, value):
    _get(fid).props[str(key)] = value if not isinstance(value, bytes) else value.decode("utf-8", "replace")


def set_axis(fid, x0, x1, y0, y1):
    _get(fid).props["axis"] = (x0, x1, y0, y1)


_COLORS = {"red": "red", "blue": "blue", "green": "green", "black": "black", "yellow": "gold",
           "magenta": "magenta", "cyan": "cyan", "orange": "orange", "gray": "gray", "grey": "gray"}


def _fmt(style):
    style = style or "-"
    if style in ("-", "~"):
        return {"linestyle": "-"}
    if style == "+-" or style == "-+":
        return {"linestyle": "-", "marker": "+"}
    if style in ("+", ".", "o", "x", "*", "|", "#"):
        return {"linestyle": "none", "marker": {"#": "s"}.get(style, style)}
    return {"linestyle": "-"}


def _draw(fig):
    from matplotlib.figure import Figure  # a bare Figure renders with Agg; pyplot is never imported

    props = fig.props
    w, h = props.get("size", (6.4, 4.8))
    mfig = Figure(figsize=(float(w), float(h)), dpi=float(props.get("dpi", 100)))
    has3d = any(s["kind"] in ("surface", "scatter3") for s in fig.series)
    ax = mfig.add_subplot(111, projection="3d" if has3d else None)
    labelled = False
    for s in fig.series:
        kind, x, y, z = s["kind"], s["x"], s["y"], s["z"]
        kw = {}
        if s["label"]:
            kw["label"] = s["label"]
            labelled = True
        col = _COLORS.get(s["color"].lower(), s["color"] or None) if s["color"] else None
        if col:
            kw["color"] = col
        if kind == "hist":
            ax.bar(x, y, width=s.get("extra", (x[1] - x[0]) if x is not None and len(x) > 1 else 1.0),
                   align="center", edgecolor="black", linewidth=0.3, **kw)
        elif kind == "image":
            cmap = "gray" if s["style"] == "gray" else "viridis"
            im = ax.imshow(z, cmap=cmap, interpolation="nearest", aspect="auto")
            mfig.colorbar(im, ax=ax)
        elif kind == "surface":
            if z.ndim == 1:
                z = z[None]
            if x is None or y is None or x.shape != z.shape:
                yy, xx = np.mgrid[0:z.shape[0], 0:z.shape[1]]
                x, y = xx.astype(float), yy.astype(float)
            ax.plot_surface(x, y, z, cmap="viridis", linewidth=0, antialiased=True)
        elif kind == "boxes":
            step = float(np.min(np.diff(np.unique(x)))) if x is not None and np.unique(x).size > 1 else 1.0
            ax.bar(x, y, width=step, align="center", fill=False, **kw)
        elif kind == "scatter3":
            ax.scatter(x, y, z, marker="+", **kw)
        elif kind == "points":
            marker = {"+": "+", ".": ".", "o": "o", "^": "^"}.get(s["style"], "o")
            ax.plot(x, y, linestyle="none", marker=marker, markersize=6 if marker != "." else 3, **kw)
        else:
            ax.plot(x, y, **_fmt(s["style"]), **kw)
    if props.get("title"):
        ax.set_title(str(props["title"]))
    if props.get("xlabel"):
        ax.set_xlabel(str(props["xlabel"]))
    if props.get("ylabel"):
        ax.set_ylabel(str(props["ylabel"]))
    if props.get("zlabel") and has3d:
        ax.set_zlabel(str(props["zlabel"]))
    if props.get("grid"):
        ax.grid(True)
    if props.get("logscale"):
        ax.set_yscale("log")
    axis = props.get("axis")
    if axis == "equal":
        ax.set_aspect("equal")
    elif isinstance(axis, tuple):
        x0, x1, y0, y1 = axis
        if x0 is not None and x1 is not None:
            ax.set_xlim(float(x0), float(x1))
        if y0 is not None and y1 is not None:
            ax.set_ylim(float(y0), float(y1))
    if labelled and props.get("legend", True):
        ax.legend(loc="best")
    return mfig


def render(fid, path, fmt=None, width=None, height=None):
    """Write figure fid to path (format from fmt or the extension; size in inches at 100 dpi when
    given, for this file only); returns the path."""
    fig = _get(fid)
    mfig = _draw(fig)
    if width is not None and height is not None:
        mfig.set_size_inches(float(width), float(height))
    path = str(path)
    import logging
    logging.getLogger("matplotlib.backends.backend_ps").setLevel(logging.ERROR)
    try:
        mfig.savefig(path, format=(str(fmt) if fmt else None))
    except (OSError, ValueError) as e:
        raise ValueError("cannot write plot to %s (%s)" % (path, e))
    return path


def png_base64(fid):
    buf = io.BytesIO()
    _draw(_get(fid)).savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def histogram(x, nbins, lo, hi):
    """torch.histc-style counts: (bin centres, counts, bin width)."""
    a = np.asarray(x, dtype=np.float64).ravel()
    lo, hi = float(lo), float(hi)
    if lo == hi:
        lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    counts, edges = np.histogram(a, bins=int(nbins), range=(lo, hi))
    centres = (edges[:-1] + edges[1:]) / 2
    return centres, counts.astype(np.float64), float(edges[1] - edges[0])


def screen_path(n):
    """Where a gnuplot screen figure goes outside a notebook."""
    import os
    import tempfile
    d = os.environ.get("LUANN_ITORCH_DIR") or os.path.join(tempfile.gettempdir(), "luann-itorch")
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, "gnuplot-%d-figure%d.png" % (os.getpid(), int(n)))
