"""Wrong usage of torch, nn, optim and nngraph: the message says what was wrong (torch7's words
where torch7 had them) and starts with the user's file:line, never a position inside luann's
lua/ files, even for Lua runtime errors raised inside the library ("attempt to index a nil
value") and for calls in tail position (`return f(x)`). The traceback still names the library."""
import os

import pytest

from luann import Runtime

# name -> (script body, line expected in the message, fragments the message must contain).
# Line 1 of every script is `require 'nn'` or `require 'nngraph'`.
CASES = {
    # torch
    "mm sizes": ("local a = torch.randn(2,3) * torch.randn(2,3)", 2, ["size mismatch, m1: [2 x 3], m2: [2 x 3]"]),
    "add sizes": ("local a = torch.randn(2) + torch.randn(3)", 2, ["inconsistent tensor size"]),
    "add types": ("local a = torch.randn(3):add(torch.FloatTensor(3))", 2, ["torch.FloatTensor"]),
    "index": ("local a = torch.randn(3)[4]", 2, ["out of range"]),
    "view": ("local a = torch.randn(6):view(4,2)", 2, ["Wrong size for view. Input size: 6. Output size: 4x2"]),
    "narrow": ("local a = torch.randn(4):narrow(1,3,5)", 2, ["out of range", "narrow"]),
    "nil arithmetic": ("local a = torch.randn(2) + nil", 2, ["number expected, got nil"]),
    "cat": ("local a = torch.cat(torch.randn(2,2), torch.randn(3,3), 2)", 2, ["inconsistent tensor sizes"]),
    "copy": ("local a = torch.randn(2):copy(torch.randn(3))", 2, ["inconsistent tensor size"]),
    "tail call view": ("local function f(x)\n  return x:view(4, 2)\nend\nlocal y = f(torch.randn(6))", 3,
                       ["Wrong size for view"]),
    "tail call main chunk": ("local x = torch.randn(6)\nreturn x:view(4, 2)", 3, ["Wrong size for view"]),
    "randn unknown type": ("local a = torch.randn('a')", 2, ["bad argument #1 to 'randn'", "unknown tensor type a"]),
    "transposed view": ("local a = torch.Tensor(2,3):t():view(6)", 2, ["contiguous"]),
    "storage index": ("local s = torch.DoubleStorage(3)\nlocal v = s[5]", 3, ["out of range"]),
    "apply non-function": ("local y = torch.randn(3):apply(5)", 2, ["bad argument #1 to 'apply' (function expected, got number)"]),
    "resize string": ("local a = torch.Tensor(3):resize(2, 'a')", 2, ["bad argument #2 to 'resize' (number expected, got string)"]),
    # (these reached numpy and failed in Python's words)
    "pow string": ("local a = torch.Tensor(3):pow('a')", 2, ["bad argument #2 to 'pow' (number expected, got string)"]),
    "norm string": ("local a = torch.Tensor(3):norm('a')", 2, ["bad argument #2 to 'norm'"]),
    "dist string": ("local a = torch.Tensor(3):dist(torch.Tensor(3), 'a')", 2, ["bad argument #3 to 'dist'"]),
    "renorm missing maxnorm": ("local a = torch.Tensor(3,3):renorm(2, 1)", 2, ["bad argument #4 to 'renorm'"]),
    "lerp string": ("local a = torch.Tensor(3):lerp(torch.Tensor(3), 'a')", 2, ["bad argument #3 to 'lerp'"]),
    "tril string": ("local a = torch.Tensor(3,3):tril('a')", 2, ["bad argument #2 to 'tril'"]),
    "histc bins": ("local a = torch.histc(torch.randn(3), -1)", 2, ["'histc'", "at least 1"]),
    "uniform string": ("local a = torch.Tensor(3):uniform('a')", 2, ["bad argument #1 to 'uniform'"]),
    "random string": ("local a = torch.Tensor(3):random(1, 'b')", 2, ["bad argument #2 to 'random'"]),
    "bernoulli sizes": ("local a = torch.Tensor(3):bernoulli(torch.Tensor(2))", 2,
                        ["'bernoulli'", "[2] must have as many elements as the tensor [3]"]),
    "bitand on doubles": ("local a = torch.Tensor(3):bitand(1)", 2, ["bitand is only supported for integer type tensors"]),
    # nn
    "mm module sizes": ("local y = nn.MM():forward({torch.randn(2,3), torch.randn(4,2)})", 2, ["nn.MM"]),
    "module type bogus": ("local m = nn.Linear(3,4):type('bogus')", 2, ["unknown tensor type bogus"]),
    "linear nil": ("local y = nn.Linear(3,4):forward(nil)", 2, ["expected input of size 3 or Nx3, got nil"]),
    "linear size": ("local m = nn.Linear(3,4)\nlocal y = m:forward(torch.randn(5))", 3,
                    ["expected input of size 3 or Nx3, got 5"]),
    "linear tail": ("local function f(x)\n  return nn.Linear(3, 4):forward(x)\nend\nlocal y = f(torch.randn(5))",
                    3, ["nn.Linear(3 -> 4)", "got 5"]),
    "linear updateParameters(nil)": ("local m = nn.Linear(3,4)\nm:updateParameters(nil)", 3,
                                     ["attempt to perform arithmetic", "nil value"]),
    "sequential add": ("local s = nn.Sequential():add(5)", 2, ["expected an nn.Module, got number"]),
    "sequential add class": ("local s = nn.Sequential():add(nn.Tanh()):add(nn.Linear)", 2,
                             ["nn.Sequential:add(module): expected an nn.Module, got the class nn.Linear itself"]),
    "concat add class": ("local s = nn.Concat(1):add(nn.Linear)", 2, ["got the class nn.Linear itself"]),
    "sequential sizes": ("local s = nn.Sequential():add(nn.Linear(3,4)):add(nn.Linear(5,2))\n"
                         "local y = s:forward(torch.randn(3))", 3,
                         ["In 2 module of nn.Sequential:", "expected input of size 5 or Nx5, got 4"]),
    "empty sequential backward": ("local s = nn.Sequential()\nlocal g = s:backward(torch.randn(3), torch.randn(3))",
                                  3, ["attempt to index", "nil value"]),
    "concat": ("local c = nn.Concat(1):add(nn.Linear(3,2)):add(nn.Linear(4,2))\nlocal y = c:forward(torch.randn(3))",
               3, ["In 2 module of nn.Concat:"]),
    "paralleltable tensor": ("local p = nn.ParallelTable():add(nn.Linear(3,2))\nlocal y = p:forward(torch.randn(3))",
                             3, ["table"]),
    "conv planes": ("local c = nn.SpatialConvolution(3,2,3,3)\nlocal y = c:forward(torch.randn(2,5,5))", 3,
                    ["expected input with 3 planes"]),
    "conv too small": ("local c = nn.SpatialConvolution(3,2,7,7)\nlocal y = c:forward(torch.randn(3,5,5))", 3,
                       ["Output size is too small"]),
    "maxpool 1d": ("local y = nn.SpatialMaxPooling(2,2):forward(torch.randn(5))", 2, ["3D or 4D"]),
    "crossentropy target": ("local l = nn.CrossEntropyCriterion():forward(torch.randn(3), 7)", 2, ["out of range"]),
    "classnll nil target": ("local l = nn.ClassNLLCriterion():forward(torch.randn(3))", 2, ["target"]),
    "mse sizes": ("local l = nn.MSECriterion():forward(torch.randn(3), torch.randn(4))", 2,
                  ["same number of elements"]),
    "view": ("local y = nn.View(4):forward(torch.randn(6))", 2, ["nn.View"]),
    "reshape": ("local y = nn.Reshape(4):forward(torch.randn(6))", 2, ["nn.Reshape"]),
    "lookuptable": ("local y = nn.LookupTable(5,2):forward(torch.LongTensor{1,7})", 2, ["out of range"]),
    "tanh nil": ("local y = nn.Tanh():forward(nil)", 2, ["nil"]),
    "jointable tensor": ("local y = nn.JoinTable(1):forward(torch.randn(3))", 2, ["table"]),
    "type mismatch": ("local m = nn.Linear(3,4):float()\nlocal y = m:forward(torch.randn(3))", 3,
                      ["torch.FloatTensor"]),
    # optim
    "sgd nil opfunc": ("require 'optim'\noptim.sgd(nil, torch.randn(3), {learningRate = 0.1})", 3,
                       ["attempt to call", "nil value"]),
    "sgd number config": ("require 'optim'\noptim.sgd(function(x) return 1, torch.randn(3) end, torch.randn(3), 0.1)",
                          3, ["attempt to index", "number value"]),
    "sgd string learningRate": ("require 'optim'\n"
                                "optim.sgd(function(x) return 1, torch.randn(3) end, torch.randn(3), {learningRate = 'x'})",
                                3, ["attempt to perform arithmetic", "string value"]),
    "adam gradient size": ("require 'optim'\noptim.adam(function(x) return 1, torch.randn(4) end, torch.randn(3))",
                           3, ["inconsistent tensor size"]),
    "lbfgs nil gradient": ("require 'optim'\noptim.lbfgs(function(x) return 1, nil end, torch.randn(3))", 3,
                           ["optim.lbfgs: opfunc(x) should return", "got nil"]),
    "adam number state": ("require 'optim'\noptim.adam(function(x) return 1, torch.randn(3) end, torch.randn(3), {}, 5)",
                          3, ["attempt to index", "number value"]),
    "sgd nil x": ("require 'optim'\noptim.sgd(function(x) return 1, torch.randn(3) end, nil, {})", 3,
                  ["attempt to index", "nil value"]),
    "sgd opfunc without gradient": ("require 'optim'\noptim.sgd(function(x) return 1 end, torch.randn(3))", 3,
                                    ["optim.sgd: opfunc(x) should return f(x) and df/dx", "got nil"]),
    "adam opfunc without gradient": ("require 'optim'\nlocal function feval(x)\n  return 1\nend\n"
                                     "optim.adam(feval, torch.randn(3))", 6, ["optim.adam: opfunc(x) should return"]),
    "lbfgs opfunc without gradient": ("require 'optim'\noptim.lbfgs(function(x) return 1 end, torch.randn(3))", 3,
                                      ["optim.lbfgs: opfunc(x) should return f(x) and df/dx"]),
    "cg opfunc without gradient": ("require 'optim'\noptim.cg(function(x) return 1 end, torch.randn(3))", 3,
                                   ["optim.cg: opfunc(x) should return f(x) and df/dx"]),
    "confusion out of range": ("require 'optim'\nlocal cm = optim.ConfusionMatrix(3)\ncm:add(5, 1)", 4,
                               ["out of range"]),
}

NNGRAPH_CASES = {
    "gmodule input size": ("local a = nn.Identity()()\nlocal g = nn.gModule({a}, {nn.Linear(3,2)(a)})\n"
                           "local y = g:forward(torch.randn(5))", 4,
                           ["of nn.gModule, during updateOutput", "expected input of size 3 or Nx3, got 5"]),
    "gmodule input count": ("local a, c = nn.Identity()(), nn.Identity()()\n"
                            "local g = nn.gModule({a, c}, {nn.CAddTable()({a, c})})\n"
                            "local y = g:forward(torch.randn(5))", 4, ["expecting table of 2 inputs"]),
    "node from tensor": ("local b = nn.Linear(3,2)(torch.randn(3))", 2, ["nngraph.Node"]),
    "gmodule backward size": ("local a = nn.Identity()()\nlocal g = nn.gModule({a}, {nn.Linear(3,2)(a)})\n"
                              "g:forward(torch.randn(3))\ng:backward(torch.randn(3), torch.randn(5))", 5,
                              ["during updateGradInput"]),
    "gmodule tail": ("local a = nn.Identity()()\nlocal g = nn.gModule({a}, {nn.Linear(3,2)(a)})\n"
                     "local function run(x)\n  return g:forward(x)\nend\nrun(torch.randn(5))", 5,
                     ["during updateOutput"]),
}


@pytest.fixture(scope="module")
def runtimes():
    return {"nn": Runtime(), "nngraph": Runtime()}


def _run(rt, tmp_path, header, body):
    p = tmp_path / "user_script.lua"
    p.write_text(header + "\n" + body + "\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return rt.run_file("user_script.lua")
    finally:
        os.chdir(cwd)


def _check(result, line, fragments):
    ok, msg, tb = result
    assert not ok
    assert msg.startswith("user_script.lua:%d: " % line), msg
    for f in fragments:
        assert f in msg, (f, msg)
    # (a container's message embeds the traceback, as torch7's does: the text before it counts)
    head = msg.split("\nstack traceback:")[0]
    assert "/lua/" not in head and "Traceback" not in msg, msg
    return tb


@pytest.mark.parametrize("name", sorted(CASES))
def test_wrong_usage_names_the_users_line(runtimes, tmp_path, name, capfd):
    body, line, fragments = CASES[name]
    _check(_run(runtimes["nn"], tmp_path, "require 'nn'", body), line, fragments)


@pytest.mark.parametrize("name", sorted(NNGRAPH_CASES))
def test_nngraph_wrong_usage_names_the_users_line(runtimes, tmp_path, name, capfd):
    body, line, fragments = NNGRAPH_CASES[name]
    _check(_run(runtimes["nngraph"], tmp_path, "require 'nngraph'", body), line, fragments)


def test_runtime_error_keeps_the_library_traceback(runtimes, tmp_path):
    tb = _check(_run(runtimes["nn"], tmp_path, "require 'nn'", "local m = nn.Linear(3, 4)\nm:updateParameters(nil)"),
                3, ["attempt to perform arithmetic"])
    assert "nn/Module.lua" in tb and "user_script.lua:3" in tb


# -- the tail-call rewrite of the user's chunks (lua/torch/usercode.lua) ---------------------------
REWRITES = [
    ("return x:view(4, 2)", "return T(x:view(4, 2))"),
    ("return torch.cat(a, b, 2)", "return T(torch.cat(a, b, 2))"),
    ("return a, m:forward(x) -- done", "return T(a, m:forward(x)) -- done"),
    ("return f(x)(y)", "return T(f(x)(y))"),
    ("return s:format'%d'", "return T(s:format'%d')"),
    ("return nn.Sequential{}", "return T(nn.Sequential{})"),
    ("if a then return m:f(1) else return m:g(2) end", "if a then return T(m:f(1)) else return T(m:g(2)) end"),
    ("return function() return x:sum() end", "return function() return T(x:sum()) end"),
    # unchanged: plain-name calls (tail recursion keeps constant stack), non-calls, text
    ("return loop(n - 1)", None),
    ("return (x:sum())", None),
    ("return x:sum() + 1", None),
    ("return {x:sum()}", None),
    ("return", None),
    ("local s = 'return x:view(1)' -- return y:view(2)\n--[[ return z:f() ]] print(s)", None),
    ("local s = [==[\nreturn x:f()\n]==]", None),
    ("return 1, 0x1p4, 1e-5, 2LL, 'a'..\"b\"", None),
]


@pytest.mark.parametrize("src,expected", REWRITES)
def test_tail_call_rewrite(runtimes, src, expected):
    rt = runtimes["nn"]
    got = rt.eval("require('torch.usercode').rewrite")(src, "T")
    assert got == expected


def test_rewritten_chunk_keeps_values_and_lines(tmp_path):
    from conftest import run_cli
    (tmp_path / "s.lua").write_text("""#!/usr/bin/env luann
local o = {}
function o:pair(a) return a, a + 1, nil end
local function f(...) return o:pair(...) end
print(select('#', f(1)), f(1))
local function loop(n) if n == 0 then return 'done' end return loop(n - 1) end
print(loop(1000000))
print(debug.getinfo(1, 'l').currentline)
local function g() return string.format('%d', 7) end
print(g())
error('line 11')
""")
    r = run_cli("s.lua", cwd=str(tmp_path))
    assert r.stdout.split("\n")[:4] == ["3\t1\t2\tnil\t", "done\t", "8\t", "7\t"], r.stdout
    assert r.stderr.startswith("luann: s.lua:11: line 11"), r.stderr


def test_syntax_error_is_reported_as_written(tmp_path):
    from conftest import run_cli
    (tmp_path / "bad.lua").write_text("local x = 1\nreturn x:view(1) +\n")
    r = run_cli("bad.lua", cwd=str(tmp_path))
    assert r.returncode == 1 and "bad.lua:3:" in r.stderr and "__luann_tc" not in r.stderr, r.stderr


def test_user_pcall_gets_the_users_line(runtimes, tmp_path):
    body = """local ok, err = pcall(function()
   local m = nn.Linear(3, 4)
   m:updateParameters(nil)
end)
assert(not ok)
print(err)
print(select(2, pcall(function() return nn.Sequential():backward(torch.randn(3), torch.randn(3)) end)))
print(select(2, pcall(nn.Module.updateParameters, nn.Linear(3, 4), nil)))
print(select('#', pcall(function() return 1, nil, nil end)), select(2, pcall(error, 'plain')))
print(coroutine.wrap(function() return pcall(function() coroutine.yield('yielded') end) end)())
"""
    p = tmp_path / "pc.lua"
    p.write_text("require 'nn'\n" + body)
    from conftest import run_cli
    r = run_cli("pc.lua", cwd=str(tmp_path))
    out = r.stdout.splitlines()
    assert r.returncode == 0, r.stderr
    assert out[0].startswith("pc.lua:4: attempt to perform arithmetic"), out
    assert out[1].startswith("pc.lua:8: attempt to index"), out
    assert out[2].startswith("pc.lua:9: attempt to perform arithmetic"), out
    assert out[3] == "4\tplain\t" and out[4] == "yielded\t", out


def test_cuda_packages_say_luann_runs_on_the_cpu(runtimes, tmp_path):
    ok, msg, _ = _run(runtimes["nn"], tmp_path, "require 'nn'", "local has = pcall(require, 'cunn')\nrequire 'cutorch'")
    assert not ok and msg.startswith("user_script.lua:3: module 'cutorch' not found: luann runs on the CPU"), msg


def test_python_exception_from_library_code_gets_the_users_line(tmp_path):
    """A kernel that raises in Python (no Lua position at all) is reported at the user's line,
    through the runner, pcall and a tail call alike."""
    from conftest import run_cli
    lib = tmp_path / "fakelib"
    lib.mkdir()
    (lib / "fakekern.lua").write_text("""local R = torch._bridge.pyimport('luann.kernels.random')
local M = {}
function M.direct(x) local r = R.histc(x, 1, 0, 0); return r end
function M.tail(x) return R.histc(x, 1, 0, 0) end
return M
""")
    (tmp_path / "s.lua").write_text("""table.insert(torch._libdirs, '@' .. arg[1] .. '/')
package.path = arg[1] .. '/?.lua;' .. package.path
local K = require 'fakekern'
print(select(2, pcall(K.direct, 'not an array')))
print(select(2, pcall(function() K.tail('not an array') end)))
K.direct('not an array')
""")
    r = run_cli("s.lua", str(lib), cwd=str(tmp_path))
    out = r.stdout.splitlines()
    assert out[0].startswith("s.lua:4: ") and out[1].startswith("s.lua:5: "), r.stdout + r.stderr
    assert r.stderr.startswith("luann: s.lua:6: "), r.stderr
    assert "Traceback" not in r.stderr


def test_non_utf8_error_message_is_no_python_traceback(tmp_path):
    from conftest import run_cli
    (tmp_path / "b.lua").write_bytes(b'local x = 1\nerror("caf\\195\\169 \\255")\n')
    r = run_cli("b.lua", cwd=str(tmp_path))
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.splitlines()[0] == "luann: b.lua:2: caf\u00e9 \\255"
    from luann.kernel.cells import CellRunner
    cr = CellRunner(on_stream=lambda name, text: None)
    assert cr.run('s = "\\255"').status == "ok"
    assert cr.run("s").value == "\\255\t\n"
    assert cr.run("error(s)").evalue.endswith(": \\255")


def test_users_modules_keep_tail_call_lines(tmp_path):
    from conftest import run_cli
    (tmp_path / "mymod.lua").write_text("local M = {}\nfunction M.bad(x)\n   return x:view(4, 2)\nend\nreturn M\n")
    (tmp_path / "other.lua").write_text("local x = torch.randn(6)\nreturn x:view(5)\n")
    (tmp_path / "synmod.lua").write_text("local x = \n")
    (tmp_path / "main.lua").write_text("""local M = require 'mymod'
print(select(2, pcall(M.bad, torch.randn(6))))
print(select(2, pcall(dofile, 'other.lua')))
print(select(2, pcall(require, 'synmod')))
print(require('mymod') == M, (dofile('mymod.lua')) ~= M)
""")
    r = run_cli("main.lua", cwd=str(tmp_path))
    out = r.stdout.splitlines()
    assert r.returncode == 0, r.stderr
    assert out[0] == "./mymod.lua:3: Wrong size for view. Input size: 6. Output size: 4x2\t", out
    assert out[1] == "other.lua:2: Wrong size for view. Input size: 6. Output size: 5\t", out
    assert out[2].startswith("error loading module 'synmod' from file './synmod.lua':"), out
    assert out[-1] == "true\ttrue\t", out
