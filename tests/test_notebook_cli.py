"""`luann notebook run|check` on the seed notebook (examples/seed.ipynb)."""
import io
import os

import pytest

nbformat = pytest.importorskip("nbformat")

from conftest import ROOT, run_cli  # noqa: E402
from luann.notebook import check, compare, random_cells  # noqa: E402

SEED_NB = os.path.join(ROOT, "examples", "seed.ipynb")


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_seed_notebook_is_a_real_itorch_notebook():
    nb = nbformat.read(SEED_NB, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "itorch"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 15
    cells = code_cells(nb)
    assert len(cells) == 28
    c21 = [c for c in cells if c.execution_count == 21][0]
    assert c21.source == "model:get(1).gradBias"
    assert c21.outputs[0]["output_type"] == "execute_result"
    assert c21.outputs[0]["data"]["text/plain"] == " 2\n 2\n 2\n 2\n[torch.DoubleTensor of size 4]\n\n"


def test_check_seed_reports_deterministic_cells_as_matching():
    out = io.StringIO()
    rows, code = check(SEED_NB, out=out)
    status = {r.label: r.status for r in rows}
    assert code == 0, out.getvalue()
    for n in (1, 2, 3, 14, 15, 16, 17, 18, 19, 21):
        assert status["In [%d]" % n] == "match", (n, out.getvalue())
    for n in (5, 7, 9, 11, 12, 13, 20, 22, 23, 24, 25, 29, 35, 36):
        assert status["In [%d]" % n] == "random", (n, out.getvalue())
    assert "DIFFERS" not in out.getvalue()
    assert out.getvalue().splitlines()[-1] == \
        "seed.ipynb: 28 code cells: 14 match, 14 random (unseeded), 0 differ, 0 errors"


def test_check_reports_exactly_the_altered_cells(tmp_path):
    nb = nbformat.read(SEED_NB, as_version=4)
    cells = code_cells(nb)
    by_n = {c.execution_count: c for c in cells}
    # a deterministic tensor, a module display, a cell that had no output, and a random cell's text
    by_n[21].outputs[0]["data"]["text/plain"] = " 2\n 3\n 2\n 2\n[torch.DoubleTensor of size 4]\n\n"
    by_n[3].outputs[0]["data"]["text/plain"] = by_n[3].outputs[0]["data"]["text/plain"].replace(
        "weight : DoubleTensor - size: 4x3", "weight : DoubleTensor - size: 4x5")
    by_n[19].outputs = [nbformat.v4.new_output("stream", name="stdout", text="surprise\n")]
    by_n[9].outputs[0]["data"]["text/plain"] = by_n[9].outputs[0]["data"]["text/plain"].replace(
        "4x3]", "3x4]")
    p = tmp_path / "altered.ipynb"
    nbformat.write(nb, str(p))
    out = io.StringIO()
    rows, code = check(str(p), out=out)
    bad = sorted(int(r.label[4:-1]) for r in rows if r.status not in ("match", "random"))
    assert bad == [3, 9, 19, 21], out.getvalue()
    assert code == 1
    text = out.getvalue()
    assert "0 differ" not in text and "4 differ" in text
    assert "stored | " in text and "now    | " in text


def test_compare_within_print_precision():
    assert compare(" 0.6086\n[torch.DoubleTensor of size 1]\n", "0.60864\n[torch.DoubleTensor of size 1]\n")[0] == "match"
    assert compare("1.2171901777293\t\n", "1.2171901777294\t\n")[0] == "match"
    assert compare(" 0.6086\n", " 0.6096\n")[0] == "numbers"
    assert compare(" 2\n", " 3\n")[0] == "text"
    assert compare("function: 0x41a2b0\t\n", "function: 0x7f00aa\t\n")[0] == "match"
    assert compare("a : b\n", "a : c\n")[0] == "text"


def test_random_cells_follow_variables_and_seeds():
    flags = random_cells(["x = torch.randn(3)", "y = torch.ones(3)", "x + 1", "z = x * 2", "z",
                          "y", "torch.manualSeed(1)", "w = torch.rand(2)", "w"])
    assert flags == [True, False, True, True, True, False, False, False, False]
    assert random_cells(["-- torch.rand(3) in a comment\nprint('a')"]) == [False]
    assert random_cells(["m = nn.Linear(3, 4)", "m.bias", "m:forward(v)"]) == [True, True, True]


def test_notebook_run_writes_the_executed_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# t"),
        nbformat.v4.new_code_cell("a = torch.Tensor(2):fill(3)"),
        nbformat.v4.new_code_cell("print('hi')\nio.write('x', '\\n')\na = a * 1"),
        nbformat.v4.new_code_cell("a"),
        nbformat.v4.new_code_cell("itorch.image(torch.rand(3, 4, 4))"),
        nbformat.v4.new_code_cell("error('oops')"),
        nbformat.v4.new_code_cell("a:sum()"),
        nbformat.v4.new_code_cell("require 'gnuplot'\ngnuplot.plot(torch.range(1, 5))\ngnuplot.title('t');"),
    ])
    src = tmp_path / "in.ipynb"
    nbformat.write(nb, str(src))
    dst = tmp_path / "out.ipynb"
    r = run_cli("notebook", "run", str(src), "-o", str(dst))
    assert r.returncode == 1 and "oops" in r.stderr, r.stderr
    assert "ran 7 code cells (1 errors)" in r.stdout
    got = nbformat.read(str(dst), as_version=4)
    nbformat.validate(got)
    cells = code_cells(got)
    assert [c.execution_count for c in cells] == [1, 2, 3, 4, 5, 6, 7]
    # a gnuplot screen figure shows once, after the cell that drew it
    assert [o["output_type"] for o in cells[6].outputs] == ["display_data"]
    assert cells[6].outputs[0]["data"]["image/png"].startswith("iVBORw0KGgo")
    assert cells[0].outputs == []
    assert cells[1].outputs == [{"output_type": "stream", "name": "stdout", "text": "hi\t\nx\n"}]
    assert cells[2].outputs[0]["data"]["text/plain"] == " 3\n 3\n[torch.DoubleTensor of size 2]\n\n"
    assert len(cells[3].outputs) == 1 and cells[3].outputs[0]["output_type"] == "display_data"
    assert "image/png" in cells[3].outputs[0]["data"]
    assert cells[4].outputs[0]["output_type"] == "error" and "oops" in cells[4].outputs[0]["evalue"]
    assert cells[5].outputs[0]["data"]["text/plain"] == "6\t\n"
    # and checking the written notebook against itself: everything matches
    r = run_cli("notebook", "check", str(dst))
    assert "7 code cells" in r.stdout and "0 differ" in r.stdout


def test_notebook_cli_errors_are_messages(tmp_path):
    r = run_cli("notebook", "check", str(tmp_path / "missing.ipynb"))
    assert r.returncode == 1 and "cannot open" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json")
    r = run_cli("notebook", "run", str(bad))
    assert r.returncode == 1 and "not a notebook" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("notebook")
    assert r.returncode == 2 and "usage" in r.stdout


def test_cell_runner_rules_and_progress():
    from luann.kernel.cells import CellRunner
    out = []
    cr = CellRunner(on_stream=lambda name, text: out.append((name, text)))
    assert cr.run("for i = 1, 300 do xlua.progress(i, 300) end").status == "ok"
    text = "".join(t for _, t in out)
    assert text.startswith("\r [") and text.endswith("] 300/300\n") and text.count("\r") <= 3
    assert cr.run("q = {1, 'a'}").value is None
    assert cr.run("q").value == "{\n  1 : 1\n  2 : a\n}\n"
    assert cr.run("print(q)").value is None
    assert cr.run("q;").value is None
    assert cr.run("unpack(q)").value == "1\ta\t\n"
    assert cr.run("nil").value == "nil\t\n"
    assert cr.run("-- just a comment").value is None
    r = cr.run("for")
    assert r.status == "error" and r.evalue.startswith("syntax error")
    assert cr.is_complete("function f()") == "incomplete"
    assert cr.is_complete("x = = 2") == "invalid"
    assert cr.is_complete("x = 2") == "complete"


def test_trailing_comment_cell_shows_no_value_like_itorch():
    # iTorch put the cell inside a one-line `function() return <cell> end` wrapper: a comment that
    # ends the last line swallowed the wrapper's end, so the cell ran as a statement, silently
    from luann.kernel.cells import CellRunner
    cr = CellRunner(on_stream=lambda name, text: None)
    assert cr.run("t = torch.Tensor(2, 3)").status == "ok"
    assert cr.run("t:stride() -- rows are contiguous").value is None
    assert "[torch.LongStorage of size 2]" in cr.run("-- the strides\nt:stride()").value
    assert cr.run("t:dim() --[[ closed ]]").value == "2\t\n"
    r = cr.run("t -- not a statement")
    assert r.status == "error" and r.evalue.startswith("syntax error")


def test_compare_accepts_torch7s_older_tensor_footer():
    old = "  1   2\n[torch.DoubleTensor of dimension 1x2]\n"
    assert compare(old, "  1   2\n[torch.DoubleTensor of size 1x2]\n")[0] == "match"
    assert compare(old, "  1   2\n[torch.FloatTensor of size 1x2]\n")[0] == "text"
