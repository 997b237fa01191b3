"""The luann prompt in a real terminal (pexpect): typing, completion, Ctrl-C, history, exit."""
import os
import re
import subprocess
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "tests", "data", "shared", "seed", "000_318f10fdadafa23c.txt")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(tmp_path, *args, hist=None):
    env = dict(os.environ)
    env.update(LUANN_HISTORY=str(hist or tmp_path / "history"), PROMPT_TOOLKIT_NO_CPR="1",
               TERM="xterm", PYTHONUNBUFFERED="1")
    env.pop("NO_COLOR", None)
    c = pexpect.spawn(sys.executable, ["-m", "luann.cli", *args], env=env, encoding="utf-8",
                      timeout=20, dimensions=(50, 150), cwd=str(tmp_path))
    c.expect("Type \\? for help")
    c.expect("luann>")
    return c


def run_line(c, line, expect):
    c.sendline(line)
    c.expect(expect)
    return c.before


def quit(c):
    # a Ctrl-D typed while the previous line still runs is eaten by the cooked tty: retry
    for _ in range(10):
        c.sendcontrol("d")
        if c.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=2) == 0:
            break
    c.close()
    return c.exitstatus


def test_banner_values_and_exit(tmp_path):
    c = spawn(tmp_path)
    run_line(c, "tv = 20 + 22", "luann>")
    run_line(c, "print('V' .. tv)", "V42")
    c.sendline("tv * 1000")
    c.expect("42000")
    c.sendline("for i=1,2 do")
    c.expect(r"\.\.>")
    c.sendline("print('L' .. i) end")
    c.expect("L1")
    c.expect("L2")
    assert quit(c) == 0


def test_errors_keep_repl_alive(tmp_path):
    c = spawn(tmp_path)
    run_line(c, "ek = 5", "luann>")
    c.sendline("error('kaboom')")
    c.expect("kaboom")
    c.expect("stack traceback")
    c.sendline("x y")
    c.expect("syntax error")
    c.sendline("nil_thing.field = 1")
    c.expect("attempt to index")
    run_line(c, "print('E' .. ek)", "E5")
    assert quit(c) == 0


def test_completion_torch_ra(tmp_path):
    c = spawn(tmp_path)
    c.send("torch.ra")
    c.send("\t")
    time.sleep(0.3)
    c.send("\t")
    c.expect("randperm")
    out = c.before + c.after
    c.expect("range")
    for w in ("rand", "randn", "random"):
        assert w in out + c.before
    c.sendcontrol("c")
    run_line(c, "print('after' .. 'completion')", "aftercompletion")
    assert quit(c) == 0


def test_completion_tensor_method(tmp_path):
    c = spawn(tmp_path, "--no-color")
    run_line(c, "tm = torch.rand(3)", "luann>")
    c.send("tm:nDim\t")
    c.expect("nDimension")
    c.send(")\r")
    c.expect(r"1\t\r\n")
    assert quit(c) == 0


def test_ctrl_c_interrupts_loop_and_keeps_state(tmp_path):
    c = spawn(tmp_path)
    run_line(c, "kept = 'still-here'", "luann>")
    c.sendline("while true do end")
    time.sleep(1.0)
    t0 = time.time()
    c.sendcontrol("c")
    c.expect("interrupted!")
    assert time.time() - t0 < 20   # finite: a broken Ctrl-C never comes back
    run_line(c, "print('K:' .. kept)", "K:still-here")
    # again, inside a function defined at the prompt
    run_line(c, "function spin() local n = 0 while true do n = n + 1 end end", "luann>")
    c.sendline("spin()")
    time.sleep(0.5)
    c.sendcontrol("c")
    c.expect("interrupted!")
    run_line(c, "print('K2:' .. kept)", "K2:still-here")
    assert quit(c) == 0


def test_ctrl_c_clears_the_line(tmp_path):
    c = spawn(tmp_path)
    c.send("garbage garbage")
    time.sleep(0.2)
    c.sendcontrol("c")
    run_line(c, "print('clean' .. 'line')", "cleanline")
    assert quit(c) == 0


def test_history_persists(tmp_path):
    hist = tmp_path / "hist"
    c = spawn(tmp_path, hist=hist)
    run_line(c, "hv = 31337", "luann>")
    assert quit(c) == 0
    assert "hv = 31337" in hist.read_text()
    c = spawn(tmp_path, hist=hist)
    c.send("\x1b[A")          # Up: the last line of the previous session
    c.expect("31337")
    c.send("\r")
    run_line(c, "print('H' .. hv)", "H31337")
    assert quit(c) == 0


def test_os_exit_and_exit_word(tmp_path):
    c = spawn(tmp_path)
    c.sendline("os.exit()")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0
    c = spawn(tmp_path)
    c.sendline("exit")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 0


def test_bracketed_paste_is_one_chunk(tmp_path):
    c = spawn(tmp_path)
    c.send("\x1b[200~for i = 1, 2 do\nprint('P' .. i)\nend\n\x1b[201~")
    c.expect("P1")
    c.expect("P2")
    run_line(c, "print('paste' .. 'done')", "pastedone")
    assert quit(c) == 0


def test_no_color_and_timing(tmp_path):
    c = spawn(tmp_path, "--no-color", "--timing")
    c.sendline("7 * 6")
    c.expect(r"42\t\r\n {70}\[\d\.\d{4}s\]")
    assert "\x1b[0;36m" not in c.before + c.after
    assert quit(c) == 0


def test_stdin_not_a_terminal_runs_as_script():
    p = subprocess.run([sys.executable, "-m", "luann.cli"], input="print(1+1)\nx = 3\nprint(x)\n",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout == "2\t\n3\t\n"


def _cells(path):
    """The code cells of a seed notebook text: the lines after `In [n]:` up to a blank line."""
    cells, cur = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if re.match(r"^In \[\d+\]:$", line):
            cur = []
            continue
        if cur is not None:
            if line.strip() == "" and cur:
                cells.append(cur)
                cur = None
            elif line.strip():
                cur.append(line)
    return cells


def _nn_works():
    p = subprocess.run([sys.executable, "-m", "luann.cli", "-e",
                        "require 'nn'; local m = nn.Sequential(); m:add(nn.Linear(3,4)); "
                        "m:forward(torch.randn(3)); m:zeroGradParameters(); m:backward(torch.randn(3), torch.ones(4))"],
                       capture_output=True, text=True, timeout=60)
    return p.returncode == 0


@pytest.mark.skipif(not os.path.exists(SEED), reason="seed notebook not found")
def test_seed_notebook_typed_line_by_line(tmp_path):
    if not _nn_works():
        pytest.skip("require 'nn' (Sequential, Linear) does not work yet")
    c = spawn(tmp_path, "--no-color")
    transcript = []
    for cell in _cells(SEED):
        for line in cell:
            if line.lstrip().startswith("--"):
                continue
            c.sendline(line)
        c.sendline("print('END' .. 'CELL')")
        c.expect("ENDCELL", timeout=30)
        transcript.append(ANSI.sub("", c.before))
    text = "\n".join(transcript)
    assert "stack traceback" not in text and "syntax error" not in text, text
    assert "nn.Linear(3 -> 4)" in text
    assert "[torch.DoubleTensor of size 4x3]" in text
    assert "[torch.DoubleTensor of size 1x3]" in text
    if os.path.exists(os.path.join(ROOT, "lua", "luann", "display.lua")):
        # modules show iTorch's view: the module string, then its fields
        assert "gradWeight : DoubleTensor - size: 4x3" in text
    assert quit(c) == 0


def test_open_string_helper():
    from luann.repl.frontend import _open_string
    assert _open_string("dofile('/tm") == "/tm"
    assert _open_string('x = "a" .. "b') == "b"
    assert _open_string("x = 'done'") is None
    assert _open_string("x = 1 -- 'not a string") is None


def test_file_name_completion_inside_string(tmp_path):
    (tmp_path / "myscript_abc.lua").write_text("print('ran')\n")
    c = spawn(tmp_path, "--no-color")
    c.send("dofile('myscr\t")
    c.expect("myscript_abc.lua")
    c.send("')\r")
    c.expect("ran")
    assert quit(c) == 0


def test_plain_prompt_when_stdout_is_a_pipe(tmp_path):
    env = dict(os.environ, LUANN_HISTORY=str(tmp_path / "h"), TERM="xterm")
    c = pexpect.spawn("bash", ["-c", "%s -m luann.cli | cat" % sys.executable], env=env,
                      encoding="utf-8", timeout=20, cwd=str(tmp_path))
    c.expect("luann> ")
    c.sendline("1+1")
    c.expect("2\t")
    c.sendline("for i=1,2 do")
    c.expect(r"\.\.> ")
    c.sendline("print('Q' .. i) end")
    c.expect("Q2")
    c.sendline("error('x')")
    c.expect("stack traceback")
    c.sendline("print('alive')")
    c.expect("alive")
    c.sendcontrol("d")
    c.expect(pexpect.EOF)


def test_ctrl_r_search_and_ctrl_l(tmp_path):
    hist = tmp_path / "hist"
    hist.write_text("\n# 2026-11-28\n+rv = 4242\n\n# 2026-11-28\n+print('other')\n")
    c = spawn(tmp_path, "--no-color", hist=hist)
    c.sendcontrol("r")
    c.send("4242")
    c.expect("rv = ")
    c.send("\r")
    time.sleep(0.3)
    c.send("\r")              # a second Enter is at worst an empty entry
    run_line(c, "print('R' .. rv)", "R4242")
    c.sendcontrol("l")
    c.expect(r"\x1b\[2J")
    run_line(c, "print('after' .. 'clear')", "afterclear")
    assert quit(c) == 0
