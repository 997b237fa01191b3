import os

from conftest import run_cli


def test_e_prints_tensor():
    r = run_cli("-e", "print(torch.Tensor{1,2,3})")
    assert r.returncode == 0, r.stderr
    assert r.stdout == " 1\n 2\n 3\n[torch.DoubleTensor of size 3]\n\n"


def test_stdin_script():
    r = run_cli("-", stdin="print(torch.ones(2))")
    assert r.stdout == " 1\n 1\n[torch.DoubleTensor of size 2]\n\n"


def test_script_args(tmp_path):
    p = tmp_path / "s.lua"
    p.write_text("print(arg[0], arg[1], arg[2], #arg)")
    r = run_cli(str(p), "a", "b")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "%s\ta\tb\t2\t\n" % p


def test_script_error_exit_code_and_traceback(tmp_path):
    p = tmp_path / "bad.lua"
    p.write_text("local x = 1\nerror('boom')\n")
    r = run_cli(str(p))
    assert r.returncode == 1
    assert "bad.lua:2: boom" in r.stderr
    assert "stack traceback" in r.stderr
    assert "Traceback (most recent call last)" not in r.stderr


def test_require_finds_script_folder(tmp_path):
    (tmp_path / "mymod.lua").write_text("return {v = 42}")
    p = tmp_path / "main.lua"
    p.write_text("print(require('mymod').v)")
    r = run_cli(str(p), cwd="/")
    assert r.stdout == "42\t\n", r.stderr


def test_torch_error_in_script_has_file_and_line(tmp_path):
    p = tmp_path / "e.lua"
    p.write_text("local a = torch.randn(2,3)\nlocal b = a * torch.randn(2,3)\n")
    r = run_cli(str(p))
    assert r.returncode == 1
    assert "e.lua:2:" in r.stderr
    assert "size mismatch, m1: [2 x 3], m2: [2 x 3]" in r.stderr
