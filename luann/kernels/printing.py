"""torch7's exact ``tostring()`` of tensors and storages, in pure Python/numpy.

This mirrors torch7's ``Tensor.lua`` (``Storage__printformat``,
``Tensor__printMatrix``, ``Tensor__printTensor``, ``__tostring__``) as run by
``th`` on LuaJIT 2.1; the ground truth is ``/work/shared/reference/printing.out``.

Rules (all decisions are made on the values converted to float64, as torch7
copies the tensor into a DoubleTensor first; the footer keeps the original
type name):

* format (computed once over *all* elements, even for n-D slices):
  - intMode: every v == ceil(v) (NaN -> False, +-inf -> True);
  - expMin/expMax = floor(log10(min|v| / max|v|)) + 1 (1 when the value is 0);
    min/max propagate NaN (TH's minall/maxall);
  - intMode: '%11.4e' if expMax > 9 else '%<expMax+1>d';
  - otherwise: '%11.4e' ('%12.4e' if |expMax| or |expMin| > 99) when
    expMax - expMin > 4; else '%7.4f' with scale 10^(expMax-1) when
    expMax > 5 or expMax < 0; else '%<w>.4f' with w = 7 if expMax == 0 else
    expMax + 6;
  - a width that came out NaN gives the format '%f'.
* layout: see ``format_tensor``.

All numbers are formatted with Python's ``%`` operator, which matches C printf
(and LuaJIT 2.1's ``string.format``) for %d/%f/%e/%g, including 'inf', '-inf'
and 'nan' (LuaJIT 2.1 never prints '-nan').  Formatting is done with one
``%`` over a repeated row template per column chunk, so a 1000x1000 tensor
formats in a fraction of a second.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "format_tensor",
    "format_tensor_nodim",
    "format_storage",
    "format_number",
    "print_format",
]


# ---------------------------------------------------------------------------
# numbers


def format_number(x) -> str:
    """Lua(JIT 2.1)'s ``tostring`` of a number: ``%.14g``.

    Integers print without ``.0`` ('1'), 1e100 -> '1e+100', 1/3 ->
    '0.33333333333333', inf -> 'inf', -inf -> '-inf', any NaN -> 'nan',
    -0.0 -> '-0'.
    """
    return "%.14g" % float(x)


def _lua_num_str(x: float) -> str:
    # how Lua's '..' concatenation renders a number (same as tostring)
    return "%.14g" % x


# ---------------------------------------------------------------------------
# format choice (Storage__printformat)


def _exp10(m: float) -> float:
    """``math.floor(math.log10(m)) + 1`` for m != 0, else 1 (as a float, inf/nan kept)."""
    if m == 0:
        return 1.0
    if math.isnan(m):
        return m
    lg = math.log10(m) if not math.isinf(m) else m
    return float(np.floor(lg)) + 1.0


def print_format(values: np.ndarray):
    """torch7's ``Storage__printformat`` over float64 ``values`` (any shape).

    Returns ``(fmt, scale, sz)``; ``scale`` is None when there is no scale;
    ``sz`` is a float (NaN when the format fell back to '%f').  ``fmt`` is
    already the final format (the 'nan' -> '%f' substitution is applied).
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    if v.size == 0:
        return "", None, 0.0
    with np.errstate(invalid="ignore"):
        int_mode = bool(np.all(v == np.ceil(v)))
        a = np.abs(v)
        amin = float(np.min(a))
        amax = float(np.max(a))
    exp_min = _exp10(amin)
    exp_max = _exp10(amax)

    scale = None
    if int_mode:
        if exp_max > 9:
            fmt, sz = "%11.4e", 11.0
        else:
            sz = exp_max + 1
            fmt = "%" + _lua_num_str(sz) + "d"
    else:
        if exp_max - exp_min > 4:
            sz = 11.0
            if abs(exp_max) > 99 or abs(exp_min) > 99:
                sz = 12.0
            fmt = "%" + _lua_num_str(sz) + ".4e"
        elif exp_max > 5 or exp_max < 0:
            sz = 7.0
            fmt = "%7.4f"
            try:
                scale = math.pow(10.0, exp_max - 1)
            except OverflowError:  # pragma: no cover - exp_max <= 309
                scale = math.inf
        else:
            sz = 7.0 if exp_max == 0 else exp_max + 6
            fmt = "%" + _lua_num_str(sz) + ".4f"
    if scale == 1:
        scale = None
    if fmt[1:4] == "nan":
        fmt = "%f"
    return fmt, scale, sz


def _scale_header(scale: float) -> str:
    return ("%g" % scale) + " *\n"


def _prepare(v: np.ndarray, fmt: str, scale):
    """Values (as a flat tuple-ready list source) to feed ``fmt``."""
    if scale is not None:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            v = v / scale
    if fmt.endswith("d"):
        # int mode: every value is a whole number with |v| < 1e9
        return v.astype(np.int64)
    return v


# ---------------------------------------------------------------------------
# layouts


def _format_column(v: np.ndarray, typename: str) -> str:
    """1-D tensor / storage body + footer."""
    n = v.size
    fmt, scale, _ = print_format(v)
    parts = []
    if n:
        if scale is not None:
            parts.append(_scale_header(scale))
        vals = _prepare(v, fmt, scale)
        parts.append(((fmt + "\n") * n) % tuple(vals.tolist()))
    parts.append("[%s of size %d]\n" % (typename, n))
    return "".join(parts)


def _print_matrix(m: np.ndarray, fmt: str, scale, sz: float, indent: str) -> str:
    """torch7's ``Tensor__printMatrix`` for a 2-D float64 array ``m``.

    ``fmt``/``scale``/``sz`` come from the whole tensor (not just ``m``).
    """
    nrows, ncols = m.shape
    vals = _prepare(m, fmt, scale)
    out = [indent]
    ncpl = math.floor((80 - len(indent)) / (sz + 1)) if not math.isnan(sz) else math.nan
    row_lead = indent + " " if scale is not None else indent
    first = 1
    while first <= ncols:
        if not math.isnan(ncpl) and first + ncpl - 1 <= ncols:
            last = first + ncpl - 1
        else:
            last = ncols
        if not math.isnan(ncpl) and ncpl < ncols:
            if first != 1:
                out.append("\n")
            out.append("Columns %d to %d\n%s" % (first, last, indent))
        if scale is not None:
            out.append(("%g" % scale) + " *\n " + indent)
        k = last - first + 1
        row_fmt = " ".join([fmt] * k) + "\n"
        chunk = vals[:, first - 1:last]
        # rows after the first are preceded by the row lead (indent [+ ' '])
        tmpl = row_fmt + (row_lead + row_fmt) * (nrows - 1)
        out.append(tmpl % tuple(chunk.ravel().tolist()))
        first = last + 1
    return "".join(out)


def _print_tensor(t: np.ndarray, fmt: str, scale, sz: float) -> str:
    """torch7's ``Tensor__printTensor`` (n >= 3): slices with first index fastest."""
    lead = t.shape[:-2]
    out = []
    for ridx in np.ndindex(*lead[::-1]):
        idx = ridx[::-1]
        if out:
            out.append("\n")
        out.append("(" + "".join("%d," % (i + 1) for i in idx) + ".,.) = \n")
        out.append(_print_matrix(t[idx], fmt, scale, sz, " "))
    return "".join(out)


def format_tensor_nodim(typename: str) -> str:
    """``tostring`` of a tensor with no dimension."""
    return "[%s with no dimension]\n" % typename


def format_tensor(arr, typename: str) -> str:
    """torch7's ``tostring(tensor)``.

    ``arr`` holds the tensor's values with its shape (any numeric dtype; it is
    converted to float64 first, exactly like torch7's DoubleTensor copy).
    A 0-d array or an array with no elements prints as a tensor with no
    dimension (torch7 drops size-0 dimensions, so ``torch.Tensor(0)`` has no
    dimension).  The result ends with the footer line and its ``"\\n"``.
    """
    a = np.asarray(arr)
    if a.ndim == 0 or a.size == 0:
        return format_tensor_nodim(typename)
    v = np.ascontiguousarray(a, dtype=np.float64)
    if v.ndim == 1:
        return _format_column(v, typename)
    fmt, scale, sz = print_format(v)
    size = "x".join(str(d) for d in v.shape)
    if v.ndim == 2:
        body = _print_matrix(v, fmt, scale, sz, "")
    else:
        body = _print_tensor(v, fmt, scale, sz)
    return body + "[%s of size %s]\n" % (typename, size)


def format_storage(arr, typename: str) -> str:
    """torch7's ``tostring(storage)`` (``typename`` e.g. 'torch.LongStorage').

    Like a 1-D tensor, with footer ``[torch.LongStorage of size N]\\n``; an
    empty storage prints just ``[torch.DoubleStorage of size 0]\\n``.
    """
    v = np.ascontiguousarray(np.asarray(arr).ravel(), dtype=np.float64)
    return _format_column(v, typename)
