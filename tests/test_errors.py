"""Tensor errors: torch7's facts (tests/data/errors.out is real torch7), plus the
function name, the sizes and the user's file:line, never a Python traceback."""
import os

import pytest

from conftest import run_cli

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shared", "reference")

# case -> substrings of torch7's message our message must contain too
TENSOR_CASES = {
    "mm size mismatch": ["size mismatch, m1: [2 x 3], m2: [2 x 3]"],
    "add size mismatch": ["inconsistent tensor size, expected r_ [2], t [2] and src [3] to have the same "
                          "number of elements, but got 2, 2 and 3 elements respectively"],
    "index out of range": ["out of range", "4", "3"],
    "index zero": ["out of range", "0"],
    "bad view": ["Wrong size for view. Input size: 6. Output size: 4x2"],
    "narrow out of range": ["out of range", "narrow"],
    "unknown method": ["attempt to call method 'frobnicate' (a nil value)"],
    "nil arithmetic": ["bad argument #2 to", "(number expected, got nil)"],
    "string arg": ["bad argument #1 to", "expecting number or torch.DoubleTensor or torch.DoubleStorage"],
    "cat mismatch": ["inconsistent tensor sizes"],
    "error string": ["plain message"],
}


def _reference():
    out = {}
    with open(os.path.join(DATA, "errors.out")) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                out[parts[0]] = (parts[1], parts[2])
    return out


def _tensor_script(tmp_path):
    """errors.lua without nn, each case on its own line as a non-tail call."""
    lines = ["local function try(name, f)",
             "   local ok, err = pcall(f)",
             "   print(name, ok, (tostring(err):gsub(' at /[^\\n]*', ' at <file>')))",
             "end"]
    where = {}
    with open(os.path.join(DATA, "errors.lua")) as f:
        for line in f:
            if not line.startswith("try('"):
                continue
            name = line.split("'")[1]
            if "nn." in line or "torch.load" in line:
                continue
            body = line[line.index("function()") + len("function()"):line.rindex("end)")]
            body = body.strip()
            if body.startswith("return "):
                body = "local r = " + body[len("return "):] + "; return r"
            lines.append("try('%s', function() %s end)" % (name, body))
            where[name] = len(lines)
    p = tmp_path / "errors_tensor.lua"
    p.write_text("\n".join(lines) + "\n")
    return p, where


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    d = tmp_path_factory.mktemp("err")
    p, where = _tensor_script(d)
    r = run_cli("errors_tensor.lua", cwd=str(d))
    assert r.returncode == 0, r.stderr
    got = {}
    for line in r.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            got[parts[0]] = (parts[1], parts[2])
    return got, where, "errors_tensor.lua"


@pytest.mark.parametrize("name", sorted(TENSOR_CASES))
def test_error_facts(results, name):
    got, where, path = results
    ref = _reference()
    assert ref[name][0] == "false"
    ok, msg = got[name]
    assert ok == "false"
    for fact in TENSOR_CASES[name]:
        assert fact in msg, (fact, msg)
    # the user's file:line, and no Python in sight
    assert msg.startswith("%s:%d: " % (path, where[name])), msg
    assert "Traceback" not in msg and ".py" not in msg


def test_negative_size_is_empty(results):
    got, _, _ = results
    assert got["negative size"][0] == "true"
    assert _reference()["negative size"][0] == "true"
    assert got["negative size"][1] == "[torch.DoubleTensor with no dimension]"


def test_error_object_passes_through(results):
    got, _, _ = results
    assert got["error object"][0] == "false" and got["error object"][1].startswith("table: 0x")


def test_reference_file_runs_tensor_cases(tmp_path):
    """The reference script itself (nn lines dropped) runs to the end."""
    with open(os.path.join(DATA, "errors.lua")) as f:
        src = [l for l in f if "nn" not in l and "torch.load" not in l]
    p = tmp_path / "e.lua"
    p.write_text("".join(src))
    r = run_cli(str(p))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stdout + r.stderr


@pytest.mark.parametrize("code,facts", [
    ("torch.Tensor(2,3):t():view(6)", ["view", "contiguous"]),
    ("torch.randn(2,3):addmm(torch.randn(4,5), torch.randn(2,2))", ["size mismatch"]),
    ("torch.mv(torch.randn(2,3), torch.randn(4))", ["size mismatch", "2 x 3", "4"]),
    ("torch.randn(3):cmul(torch.randn(4))", ["cmul", "[3]", "[4]"]),
    ("torch.randn(3):add(torch.FloatTensor(3))", ["add", "torch.DoubleTensor", "torch.FloatTensor"]),
    ("torch.randn(3) / torch.randn(3)", ["division", "cdiv"]),
    ("torch.randn(2,2,2) * torch.randn(2,2)", ["multiplication between 3D and 2D tensors not yet supported"]),
    ("torch.randn(3):narrow(2, 1, 1)", ["narrow", "dimension 2 out of range of 1D tensor"]),
    ("torch.randn(3):transpose(1, 3)", ["transpose", "out of range"]),
    ("torch.randn(3):sum(4)", ["sum", "out of range"]),
    ("torch.LongTensor(3):mean()", ["mean"]),
    ("torch.dot(torch.randn(3), torch.randn(4))", ["dot", "[3]", "[4]"]),
    ("torch.randn(3)[{1, 2}]", ["too many indices"]),
    ("torch.randn(2, 2).foo = 1", ["foo", "torch.DoubleTensor"]),
    ("torch.expand(torch.randn(2, 3), 4, 3)", ["expand", "2 x 3"]),
])
def test_more_error_messages(tmp_path, code, facts):
    p = tmp_path / "bad.lua"
    stmt = code if " = " in code else "local y = " + code
    p.write_text("local x = 1\n" + stmt + "\n")
    r = run_cli("bad.lua", cwd=str(tmp_path))
    assert r.returncode == 1
    first = r.stderr.splitlines()[0]
    assert first.startswith("luann: bad.lua:2: "), first
    for fact in facts:
        assert fact in first, (fact, first)
    assert "Traceback" not in r.stderr


def test_index_needs_a_vector(lua_err):
    e = lua_err("local y = torch.Tensor(3):index(1, torch.LongTensor(2, 2):fill(1))")
    assert "bad argument #2 to 'index'" in e and "[2 x 2]" in e and e.startswith("test:1:")
