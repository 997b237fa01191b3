"""The REPL's Evaluator, without a terminal: th's auto-print rules, chunks, errors, helpers,
completion, help and Ctrl-C."""
import os
import signal
import threading
import time

import pytest

from luann.repl.evaluator import Evaluator, TIMING_FMT


@pytest.fixture(scope="module")
def ev():
    return Evaluator(timing=False)


@pytest.fixture
def run(ev, capfd):
    def run(chunk, force=True):
        capfd.readouterr()
        res = ev.eval(chunk, force=force)
        return res, capfd.readouterr().out
    return run


def test_expression_prints_like_th(run):
    assert run("1+1")[1] == "2\t\n"
    assert run("'a', 1, nil, true")[1] == "a\t1\tnil\ttrue\t\n"
    res, out = run("torch.Tensor{1,2}")
    assert out == " 1\n 2\n[torch.DoubleTensor of size 2]\n\n"


def test_equals_semicolon_and_print(run):
    assert run("=3")[1] == "3\t\n"
    assert run("= 4")[1] == "4\t\n"
    assert run("1+1;")[1] == ""
    assert run("ev_x = 5")[1] == ""
    assert run("print(6)")[1] == "6\t\n"          # not printed twice
    assert run("print 'p'")[1] == "p\t\n"
    assert run("ev_x")[1] == "5\t\n"
    assert run("ev_f = function() end")[1] == ""
    assert run("ev_f()")[1] == ""                  # nothing returned, nothing printed


def test_table_dump(run):
    run("ev_t = {a=1}")
    assert run("ev_t")[1] == "{\n  a : 1\n}\n"


def test_results_and_last(run, ev):
    run("10*2")
    assert run("_LAST")[1] == "20\t\n"
    n1 = int(run("#_RESULTS")[1].split()[0])
    run("'abc'")
    assert int(run("#_RESULTS")[1].split()[0]) == n1 + 2
    assert run("_RESULTS[#_RESULTS - 1]")[1] == "abc\t\n"


def test_incomplete_chunks(ev, run):
    assert ev.classify("for i=1,2 do") == "incomplete"
    assert ev.classify("x = [[abc") == "incomplete"
    assert ev.classify("--[[ comment") == "incomplete"
    assert ev.classify("s = 'abc") == "incomplete"
    assert ev.classify("function f()\n return 1") == "incomplete"
    assert ev.classify("x y") == "error"
    assert ev.classify("1+") == "incomplete"
    assert ev.classify("") == "empty"
    assert ev.classify("x = 1") == "complete"
    assert ev.eval("for i=1,2 do", force=False).status == "incomplete"
    res, out = run("for i=1,2 do\nprint(i*10) end")
    assert res.status == "ok" and out == "10\t\n20\t\n"


def test_syntax_error(run):
    res, out = run("x y")
    assert res.status == "error"
    assert out.startswith("syntax error: ") and "'=' expected near 'y'" in out
    res, out = run("for i=1,2 do", force=True)
    assert res.status == "error" and "syntax error" in out


def test_runtime_error_has_traceback_and_keeps_globals(run):
    run("ev_keep = 42")
    res, out = run("error('boom')")
    assert res.status == "error"
    assert out.startswith('[string "error(\'boom\')"]:1: boom\nstack traceback:')
    assert "in main chunk" in out and "repl.lua" not in out
    res, out = run("ev_g = function() local y = nil; return y.z end\nev_g()")
    assert res.status == "error" and "attempt to index local 'y'" in out
    assert "in function 'ev_g'" in out or "in function <" in out
    res, out = run("torch.zeros(2) + torch.zeros(3)")
    assert res.status == "error"
    assert run("ev_keep")[1] == "42\t\n"


def test_error_objects(run):
    res, out = run("error({code=1})")
    assert res.status == "error" and "table" in out
    res, out = run("error()")
    assert res.status == "error" and "nil" in out


def test_timing_line(capfd):
    ev2 = Evaluator(rt=None, timing=True)
    capfd.readouterr()
    assert ev2.eval("  ").status == "empty"
    assert capfd.readouterr().out == ""
    ev2.eval("1")
    out = capfd.readouterr().out
    lines = out.split("\n")
    assert lines[0] == "1\t"
    assert lines[1].startswith(" " * 70 + "[") and lines[1].endswith("s]")
    assert len(lines[1]) == len(TIMING_FMT % 0.0)


def test_colors(capfd):
    ev2 = Evaluator(color=True)
    capfd.readouterr()
    ev2.eval("3")
    assert capfd.readouterr().out == "\x1b[0;36m3\x1b[0m\t\n"
    ev2.eval("true, nil")
    assert capfd.readouterr().out == "\x1b[0;34mtrue\x1b[0m\t\x1b[1;30mnil\x1b[0m\t\n"
    ev2.eval("'s'")
    assert capfd.readouterr().out == "s\t\n"


def test_shell(run):
    res, out = run("$ echo hello-shell")
    assert res.status == "ok" and out == "hello-shell\n"
    assert run("_LAST")[1] == "hello-shell\n\t\n"


def test_who_and_import(run):
    run("ev_who_var = torch.zeros(2, 3)")
    out = run("who()")[1]
    assert "[ev_who_var]" in out and "DoubleTensor - size: 2x3" in out
    assert "[torch]" not in out and "[print]" not in out
    run("ev_pkg = {ev_sym1 = 7}; package.loaded.ev_pkg = ev_pkg")
    run("import 'ev_pkg'")
    assert run("ev_sym1")[1] == "7\t\n"


def test_help(run):
    out = run("? torch.randn")[1]
    assert out.startswith("+" * 69 + "\n") and "torch.randn(" in out and "normal" in out
    assert run("?torch.rand")[1].count("+" * 69) == 2
    assert "torch.zeros" in run("help(torch.zeros)")[1]
    run("ev_h = torch.rand(2)")
    assert "torch.Tensor.add" in run("? ev_h:add")[1]
    assert "nn.Linear(inputSize, outputSize" in run("? nn.Linear")[1]
    assert run("? ev_no_such_thing")[1] == "undocumented symbol\n"
    if run("require 'nn'")[0].status == "ok":
        run("ev_lin = nn.Linear(2, 2)")
        assert "nn.Module.forward" in run("? ev_lin:forward")[1]   # found on the parent class
    assert "features" in run("?")[1]


def test_help_data_covers_torch_and_nn(ev):
    n = ev.rt.lua.eval("(function() local n = 0 for k in pairs(require 'luann.help_data') do n = n + 1 end return n end)()")
    assert n > 300
    ok = ev.rt.lua.eval("""(function() local H = require 'luann.help_data'
        for _, k in ipairs{'torch.rand','torch.randn','torch.random','torch.randperm','torch.range',
          'torch.mm','torch.cat','torch.Tensor.view','nn.Sequential','nn.Linear','nn.SpatialConvolution',
          'nn.MSECriterion','nn.ClassNLLCriterion','nn.Module.forward'} do
          if not H[k] then return k end end return true end)()""")
    assert ok is True


def test_completion_namespaces(ev):
    prefix, words = ev.complete("torch.ra")
    assert prefix == "ra"
    assert [w for w, _ in words] == ["rand", "randn", "random", "randperm", "range"]
    assert all(s == "(" for _, s in words)
    prefix, words = ev.complete("x = math.fl")
    assert words == [("floor", "(")]
    _, words = ev.complete("wh")
    assert ("while", " ") in words and ("who", "(") in words
    _, words = ev.complete("tor")
    assert ("torch", ".") in words
    _, words = ev.complete("_")
    assert any(w == "_RESULTS" for w, _ in words)
    _, words = ev.complete("t")
    assert not any(w.startswith("_") for w, _ in words)


def test_completion_methods(ev, run):
    run("ev_c = torch.rand(3)")
    _, words = ev.complete("ev_c:ad")
    names = [w for w, _ in words]
    assert "add" in names and "addmm" in names
    _, words = ev.complete("ev_c:nDim")
    assert words == [("nDimension", "(")]
    run("ev_s = torch.LongStorage(2)")
    _, words = ev.complete("ev_s:si")
    assert ("size", "(") in words
    _, words = ev.complete("('abc'):up")
    # no live object to walk for a literal: nothing, and no error
    assert isinstance(words, list)
    run("ev_str = 'abc'")
    _, words = ev.complete("ev_str:up")
    assert words == [("upper", "(")]


def test_completion_torch_classes(ev, run):
    run("""local A = torch.class('evA'); function A:__init() self.fieldA = 1 end; function A:methA() end
           local B = torch.class('evB', 'evA'); function B:methB() end; ev_obj = evB()""")
    _, words = ev.complete("ev_obj:meth")
    assert [w for w, _ in words] == ["methA", "methB"]
    _, words = ev.complete("ev_obj.fi")
    assert [w for w, _ in words] == ["fieldA"]


def test_completion_lazy_nn(ev, run):
    res, _ = run("require 'nn'")
    if res.status != "ok":
        pytest.skip("nn does not load")
    _, words = ev.complete("nn.Sequ")
    assert "Sequential" in [w for w, _ in words]


def _kill_later(delay):
    def k():
        time.sleep(delay)
        os.kill(os.getpid(), signal.SIGINT)
    t = threading.Thread(target=k)
    t.start()
    return t


def test_interrupt_compiled_loop(run):
    run("ev_safe = 123")
    t = _kill_later(0.5)
    t0 = time.time()
    res, out = run("while true do end")
    t.join()
    assert time.time() - t0 < 20   # a broken interrupt never returns; the bound only has to be finite
    assert res.status == "error" and "interrupted!" in out
    assert run("ev_safe")[1] == "123\t\n"


def test_interrupt_function_defined_earlier(run):
    run("function ev_spin() local i = 0 while true do i = i + 1 end end")
    t = _kill_later(0.5)
    t0 = time.time()
    res, out = run("ev_spin()")
    t.join()
    assert time.time() - t0 < 20 and "interrupted!" in out and "ev_spin" in out


def test_interrupt_after_long_python_call(run):
    # a Python call (numpy kernel, here a sleep) can't be cut, but the REPL stops right after it
    t = _kill_later(0.3)
    t0 = time.time()
    res, out = run("torch._bridge.pyimport('time').sleep(1.0); while true do end")
    t.join()
    assert res.status == "error" and "interrupted!" in out
    assert time.time() - t0 < 20


def test_interrupt_leaves_no_handler_behind(run):
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    run("1")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_jit_still_on_for_library(ev):
    assert ev.rt.lua.eval("(jit.status())") is True


def test_display_used_for_torch_objects(ev, run):
    has = ev.rt.lua.eval("(pcall(require, 'luann.display'))")
    res, _ = run("require 'nn'")
    if res.status != "ok":
        pytest.skip("nn does not load")
    out = run("nn.Sequential()")[1]
    assert out.startswith("nn.Sequential")
    if has:
        assert "{" in out  # module string, then its field table (iTorch)


def test_interrupt_not_swallowed_by_pcall_or_coroutine(run):
    run("ev_alive = 'yes'")
    t = _kill_later(0.5)
    t0 = time.time()
    res, out = run("while true do pcall(function() for i = 1, 100 do end end) end")
    t.join()
    assert res.status == "error" and "interrupted!" in out and time.time() - t0 < 20
    t = _kill_later(0.5)
    res, out = run("ev_co = coroutine.wrap(function() while true do end end); ev_co()")
    t.join()
    assert res.status == "error" and "interrupted!" in out
    assert run("ev_alive")[1] == "yes\t\n"
    assert run("1 + 1")[1] == "2\t\n"     # the flag is down again


def test_who_counts_globals_made_before_the_prompt(capfd):
    from luann.runtime import Runtime
    rt = Runtime()
    rt.execute("pre_script_var = 3")           # what `luann -i script.lua` leaves behind
    ev2 = Evaluator(rt)
    capfd.readouterr()
    ev2.eval("who()")
    out = capfd.readouterr().out
    assert "[pre_script_var]" in out and "= 3" in out
    assert "[torch]" not in out and "[paths]" not in out and "[who]" not in out
