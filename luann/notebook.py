"""`luann notebook run|check`: iTorch notebooks without Jupyter.

    luann notebook run in.ipynb [-o out.ipynb]   run every code cell in order in one Lua state
                                                 and write the executed notebook (default: in place)
    luann notebook check in.ipynb [-v]           run again and compare, cell by cell, with the
                                                 stored outputs

Cells follow iTorch's rules (lua/luann/cell.lua); `itorch` is set as in a notebook.  The check
compares the text of the outputs token by token, numbers within the precision they were printed
with.  A cell whose numbers come from unseeded random numbers (its code, or earlier cells it takes
variables from, call torch.rand/randn/uniform/normal/randperm/bernoulli or build nn modules, with
no torch.manualSeed before) is reported as `random` when only its non-integer numbers differ.
"""
import os
import re
import sys
from collections import namedtuple

USAGE = """usage: luann notebook run in.ipynb [-o out.ipynb]
       luann notebook check in.ipynb [-v]
"""

# -- running ------------------------------------------------------------------------------------


class _Collector:
    """Outputs of one cell as nbformat-4 output dicts."""

    def __init__(self):
        self.outputs = []

    def stream(self, name, text):
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def display(self, bundle):
        self.outputs.append({"output_type": "display_data", "data": dict(bundle), "metadata": {}})


def _nbformat():
    try:
        import nbformat
    except ImportError:
        raise SystemExit("luann notebook: nbformat is not installed (pip install 'luann[notebook]')")
    return nbformat


def run_cells(nb, nbdir=None, progress=None):
    """Run the code cells of nb (in place); returns a list of (cell, CellResult)."""
    nbformat = _nbformat()
    from .kernel.cells import CellRunner
    from .runtime import Runtime

    col = _Collector()
    cwd = os.getcwd()
    results = []
    if nbdir:
        os.chdir(nbdir)
    try:
        rt = Runtime(script_dir=nbdir)
        runner = CellRunner(rt, on_stream=col.stream, on_display=col.display)
        count = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            count += 1
            col.outputs = []
            res = runner.run(cell.source)
            if res.status == "ok" and res.value is not None:
                col.outputs.append({"output_type": "execute_result", "execution_count": count,
                                    "data": {"text/plain": res.value}, "metadata": {}})
            elif res.status == "error":
                col.outputs.append({"output_type": "error", "ename": res.ename, "evalue": res.evalue,
                                    "traceback": res.traceback})
            cell.outputs = [nbformat.from_dict(o) for o in col.outputs]
            cell.execution_count = count
            results.append((cell, res))
            if progress:
                progress(count, cell, res)
    finally:
        os.chdir(cwd)
    return results


def _read(path):
    nbformat = _nbformat()
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise SystemExit("luann notebook: cannot open %s" % path)
    except Exception as e:
        raise SystemExit("luann notebook: %s is not a notebook (%s)" % (path, e))


def cmd_run(path, out=None):
    nbformat = _nbformat()
    nb = _read(path)
    nbdir = os.path.dirname(os.path.abspath(path))
    stored = [c for c in nb.cells if c.cell_type == "code"]
    nerr = 0

    def progress(i, cell, res):
        nonlocal nerr
        if res.status == "error":
            nerr += 1
            sys.stderr.write("cell %d: %s\n" % (i, res.evalue))

    run_cells(nb, nbdir, progress)
    md = nb.metadata
    if "kernelspec" not in md:
        md["kernelspec"] = {"display_name": "iTorch", "language": "lua", "name": "itorch"}
    md.setdefault("language_info", {"name": "lua", "version": "5.1"})
    dest = out or path
    try:
        nbformat.write(nb, dest)
    except OSError as e:
        sys.stderr.write("luann notebook: cannot write %s (%s)\n" % (dest, e))
        return 1
    sys.stdout.write("%s: ran %d code cells (%d errors), wrote %s\n" % (path, len(stored), nerr, dest))
    return 1 if nerr else 0


# -- checking -----------------------------------------------------------------------------------

_NUM = r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(r"(%s)|(\S)" % _NUM)
_ADDR = re.compile(r"0x[0-9a-fA-F]+")

RANDOM_CALL = re.compile(
    r"\btorch\s*\.\s*(?:rand|randn|uniform|normal|randperm|bernoulli|random|multinomial|exponential"
    r"|cauchy|logNormal|geometric)\b"
    r"|:\s*(?:uniform|normal|random|bernoulli|exponential|cauchy|logNormal|geometric|reset)\s*\("
    r"|\bnn\s*\.\s*[A-Za-z_]\w*\s*\(|\bmath\s*\.\s*random\b")
SEED_CALL = re.compile(r"\btorch\s*\.\s*manualSeed\s*\(")
_COMMENT = re.compile(r"--\[(=*)\[.*?\]\1\]|--[^\n]*", re.S)
_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
_IDENT = re.compile(r"[A-Za-z_]\w*")
_ASSIGN = re.compile(r"(?:^|[\s;(])(?:local\s+)?([A-Za-z_][\w.\[\]'\"]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=(?!=)", re.M)
_RECEIVER = re.compile(r"\b([A-Za-z_]\w*)(?:\.[A-Za-z_]\w*|\[[^\]]*\])*\s*:\s*[A-Za-z_]\w*\s*\(")
_FUNCDEF = re.compile(r"\bfunction\s+([A-Za-z_]\w*)")


def output_text(outputs):
    """What a cell showed, as text (streams, text/plain of results and displays, errors)."""
    parts = []
    for o in outputs:
        t = o.get("output_type")
        if t == "stream":
            parts.append(o.get("text", ""))
        elif t in ("execute_result", "display_data", "pyout"):
            data = o.get("data", {})
            txt = data.get("text/plain", o.get("text", ""))
            parts.append("".join(txt) if isinstance(txt, list) else txt)
        elif t in ("error", "pyerr"):
            parts.append("%s\n" % o.get("evalue", ""))
    return "".join(parts)


# torch7 printed "[torch.DoubleTensor of dimension 4x5]" until 2015 and "... of size 4x5]" since
# (luann prints the later form): notebooks saved with the old wording still match
_OLD_DIMENSION = re.compile(r"(\[torch\.\w+ of) dimension ")


def _tokens(text):
    text = _ADDR.sub("0x?", text)
    text = _OLD_DIMENSION.sub(r"\1 size ", text)
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text)]


def _decimals(s):
    m = re.match(r"[-+]?(\d*)\.?(\d*)(?:[eE]([-+]?\d+))?$", s)
    if not m:
        return 0
    d = len(m.group(2)) if "." in s else 0
    e = int(m.group(3)) if m.group(3) else 0
    return d - e


def _is_integer_token(s):
    return re.match(r"[-+]?\d+$", s) is not None


def compare(stored, got):
    """('match' | 'numbers' | 'text', detail).  'numbers': only non-integer numbers differ."""
    a, b = _tokens(stored), _tokens(got)
    if len(a) != len(b):
        return "text", "%d tokens stored, %d now" % (len(a), len(b))
    only_floats = True
    first = None
    for (na, ta), (nb, tb) in zip(a, b):
        if na is not None and nb is not None:
            fa, fb = float(na), float(nb)
            tol = 0.5 * max(10.0 ** (-_decimals(na)), 10.0 ** (-_decimals(nb))) * 1.0001 + 1e-12 * max(abs(fa), abs(fb))
            if abs(fa - fb) > tol:
                if _is_integer_token(na) or _is_integer_token(nb):
                    only_floats = False
                if first is None:
                    first = "%s stored, %s now" % (na, nb)
        elif (na, ta) != (nb, tb):
            return "text", "%r stored, %r now" % (na or ta, nb or tb)
    if first is None:
        return "match", ""
    return ("numbers" if only_floats else "text"), first


def _code_only(src):
    return _COMMENT.sub(" ", src)


def random_cells(sources):
    """For each cell source: True when its output may depend on unseeded random numbers."""
    tainted, seeded, flags = set(), False, []
    for src in sources:
        code = _code_only(src)
        bare = _STRING.sub('""', code)
        if SEED_CALL.search(bare):
            seeded = True
            tainted.clear()
        uses = RANDOM_CALL.search(bare) is not None
        idents = set(_IDENT.findall(bare))
        is_random = not seeded and (uses or bool(idents & tainted))
        if is_random:
            for m in _ASSIGN.finditer(bare):
                for name in m.group(1).split(","):
                    base = re.match(r"\s*([A-Za-z_]\w*)", name)
                    if base:
                        tainted.add(base.group(1))
            tainted.update(_RECEIVER.findall(bare))
            tainted.update(_FUNCDEF.findall(bare))
        flags.append(is_random)
    return flags


CheckRow = namedtuple("CheckRow", "index label status detail source stored got")


def check(path, verbose=False, out=None):
    out = out or sys.stdout
    nb = _read(path)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    stored = [output_text(c.get("outputs", [])) for c in code_cells]
    had = [bool(c.get("outputs")) or c.get("execution_count") is not None for c in code_cells]
    labels = ["In [%s]" % (c.get("execution_count") if c.get("execution_count") is not None else " ")
              for c in code_cells]
    rnd = random_cells([c.source for c in code_cells])
    results = run_cells(nb, os.path.dirname(os.path.abspath(path)))
    rows = []
    for i, (cell, res) in enumerate(results):
        got = output_text(cell.outputs)
        kind, detail = compare(stored[i], got)
        if not had[i]:
            status = "new"
        elif kind == "match":
            status = "match"
        elif kind == "numbers" and rnd[i]:
            status = "random"
        else:
            status = "DIFFERS"
        if res.status == "error" and status != "match":
            status = "ERROR"
            detail = res.evalue
        rows.append(CheckRow(i + 1, labels[i], status, detail, cell.source, stored[i], got))
    for r in rows:
        first = r.source.strip().split("\n")[-1] if r.source.strip() else ""
        if len(first) > 50:
            first = first[:47] + "..."
        note = ""
        if r.status == "random":
            note = "   (unseeded random numbers)"
        elif r.status in ("DIFFERS", "ERROR"):
            note = "   (%s)" % r.detail
        out.write("%3d  %-9s %-8s %s%s\n" % (r.index, r.label, r.status, first, note))
        if r.status in ("DIFFERS", "ERROR") or (verbose and r.status == "random"):
            for name, text in (("stored", r.stored), ("now", r.got)):
                body = text.rstrip("\n").split("\n")
                out.write("       %-6s | %s\n" % (name, ("\n" + " " * 14 + "| ").join(body)))
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("match", "random", "DIFFERS", "ERROR", "new")}
    summary = "%s: %d code cells: %d match, %d random (unseeded), %d differ, %d errors" % (
        os.path.basename(path), len(rows), counts["match"], counts["random"], counts["DIFFERS"], counts["ERROR"])
    if counts["new"]:
        summary += ", %d without stored output" % counts["new"]
    out.write(summary + "\n")
    return rows, (1 if counts["DIFFERS"] or counts["ERROR"] else 0)


def main(argv):
    argv = list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    try:
        if cmd == "run":
            path, outp = None, None
            i = 0
            while i < len(rest):
                if rest[i] in ("-o", "--output"):
                    if i + 1 >= len(rest):
                        sys.stderr.write("luann notebook run: -o needs a file name\n")
                        return 2
                    outp = rest[i + 1]
                    i += 2
                    continue
                if path is None and not rest[i].startswith("-"):
                    path = rest[i]
                    i += 1
                    continue
                sys.stderr.write("luann notebook run: unexpected %s\n%s" % (rest[i], USAGE))
                return 2
            if path is None:
                sys.stderr.write(USAGE)
                return 2
            return cmd_run(path, outp)
        if cmd == "check":
            verbose = "-v" in rest
            paths = [a for a in rest if not a.startswith("-")]
            if len(paths) != 1:
                sys.stderr.write(USAGE)
                return 2
            return check(paths[0], verbose)[1]
    except SystemExit as e:
        if isinstance(e.code, str):
            sys.stderr.write(e.code + "\n")
            return 1
        raise
    sys.stderr.write("luann notebook: unknown command %s\n%s" % (cmd, USAGE))
    return 2
