"""tds (tds.Hash / tds.Vec over Lua tables), pairs/ipairs through __pairs/__ipairs, and the
torch7 idioms torchnet leans on: argcheck.doc, obj:f{named} argcheck calls, classes in the
Lua registry."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_hash_basics_and_pairs(lua):
    out = lua(r"""
local tds = require 'tds'
local h = tds.Hash()
h.a = 1; h[2] = 'two'; h.t = torch.ones(2); h.flag = false
print(#h, h.a, h[2], h.missing, h.flag, torch.type(h), tds.hash == tds.Hash)
h.a = nil; h.never = nil
local keys = {}
for k, v in pairs(h) do keys[#keys + 1] = tostring(k) .. '=' .. torch.type(v) end
table.sort(keys)
print(#h, table.concat(keys, ' '))
local n = tds.Hash({x = 1, list = {3, 4}, sub = {y = 'z'}})
print(#n, torch.type(n.list), n.list[2], torch.type(n.sub), n.sub.y)
""")
    lines = out.splitlines()
    assert lines[0] == "4\t1\ttwo\tnil\tfalse\ttds.Hash\ttrue\t"
    assert lines[1] == "3\t2=string flag=boolean t=torch.DoubleTensor\t"
    assert lines[2] == "3\ttds.Vec\t4\ttds.Hash\tz\t"


def test_vec_methods(lua):
    out = lua(r"""
local tds = require 'tds'
local v = tds.Vec(3, 1, 2)
v:insert(5); v:insert(1, 0)
print(#v, v:concat(','))
v:remove(); v:remove(1)
print(#v, v:concat(' '))
v:sort(function(a, b) return a > b end)
local s = {}
for i, x in ipairs(v) do s[#s + 1] = i .. ':' .. x end
print(table.concat(s, ' '))
v:resize(2); print(#v, v[3], v:concat('-'))
v[4] = 'x'; print(#v, v[3], v[4])
local w = tds.vec({'a', 'b'}); print(#w, w:concat(), tostring(w):match('^tds.Vec%[2%]{') ~= nil)
""")
    assert out.splitlines() == ["5\t0,3,1,2,5\t", "3\t3 1 2\t", "1:3 2:2 3:1\t", "2\tnil\t3-2\t",
                                "4\tnil\tx\t", "2\tab\ttrue\t"]


def test_errors_carry_user_line(lua_err):
    assert lua_err("local tds = require 'tds'\nlocal h = tds.Hash()\nh.x = {}") == \
        "test:3: unsupported key/value type <table> (set)"
    assert lua_err("local tds = require 'tds'\nlocal h = tds.Hash()\nh[true] = 1") == \
        "test:3: string or number key expected"
    assert lua_err("local tds = require 'tds'\nlocal v = tds.Vec()\nv[0] = 1") == \
        "test:3: positive number expected as key"
    assert lua_err("local tds = require 'tds'\nlocal v = tds.Vec()\nv:nosuch()") == \
        "test:3: invalid key (number) or method name"


def test_save_load_round_trip(lua, tmp_path):
    for mode in ("binary", "ascii"):
        f = str(tmp_path / ("t.%s" % mode))
        out = lua(r"""
local tds = require 'tds'
local h = tds.Hash(); h.name = 'x'; h[3] = torch.range(1, 3)
local v = tds.Vec(1, 'b', h)
torch.save('%s', {v = v, again = v, h = h}, '%s')
local o = torch.load('%s', '%s')
print(torch.type(o.v), #o.v, o.v[2], o.again == o.v, o.v[3] == o.h, o.h.name, o.h[3]:sum())
""" % (f, mode, f, mode))
        assert out == "tds.Vec\t3\tb\ttrue\ttrue\tx\t6\t\n"


def test_pairs_ipairs_honour_metamethods(lua):
    out = lua(r"""
local obj = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, 'one' end end, t, nil end,
                              __ipairs = function(t) return function(_, i) if i < 2 then return i + 1, 'i' end end, t, 0 end})
for k, v in pairs(obj) do print('p', k, v) end
for i, v in ipairs(obj) do print('i', i, v) end
local plain, n = {a = 1, 2, 3}, 0
for k in pairs(plain) do n = n + 1 end
for i in ipairs(plain) do n = n + 10 end
print(n)
""")
    assert out.splitlines() == ["p\t1\tone\t", "i\t1\ti\t", "i\t2\ti\t", "23\t"]


def test_argcheck_doc_self_named_and_registry(lua):
    out = lua(r"""
local doc = require 'argcheck.doc'
local argcheck = require 'argcheck'
doc.record()
doc[[# title]]
tdstest = {}
local C = torch.class('tdstest.Meter')
C.value = argcheck{doc = 'value(@ARGP)', {name = 'self', type = 'tdstest.Meter'},
                   {name = 'k', type = 'number', default = 1},
                   call = function(self, k) return k * 10 end}
print(doc.stop())
local m = tdstest.Meter()
print(m:value(), m:value(2), m:value{k = 3})
print(debug.getregistry()[getmetatable(m)], debug.getregistry()[getmetatable(tdstest.Meter)])
""")
    assert out.splitlines() == ["# titlevalue(self[, k])\t", "10\t20\t30\t", "tdstest.Meter\ttdstest.Meter\t"]


def test_torchnet_style_pipeline(tmp_path):
    """a trimmed torchnet-like user library on LUA_PATH: ListDataset over a tds.Vec, batches"""
    lib = tmp_path / "mylib"
    lib.mkdir()
    (lib / "init.lua").write_text(r"""
local argcheck = require 'argcheck'
local doc = require 'argcheck.doc'
local tds = require 'tds'
local M = {}
doc[[# mylib]]
local List = torch.class('mylib.List', M)
List.__init = argcheck{{name = 'self', type = 'mylib.List'}, {name = 'list', type = 'tds.Vec'},
                       call = function(self, list) self.list = list end}
List.size = function(self) return #self.list end
return M
""")
    script = tmp_path / "run.lua"
    script.write_text(r"""
local M = require 'mylib'
local tds = require 'tds'
local v = tds.Vec(); for i = 1, 7 do v:insert(i * i) end
local l = M.List{list = v}
local s = 0
for _, x in ipairs(l.list) do s = s + x end
print(l:size(), s)
M.List{list = {}}
""")
    env = dict(os.environ, LUA_PATH="%s/?.lua;%s/?/init.lua;;" % (tmp_path, tmp_path))
    r = subprocess.run([sys.executable, "-m", "luann.cli", str(script)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.stdout.splitlines()[0] == "7\t140\t"
    assert "run.lua:9: invalid arguments" in r.stderr
    assert "Traceback (most recent call last)" not in r.stderr


def test_lua_path_wins_over_the_scripts_directory(tmp_path):
    """torchnet's example/mnist.lua does require 'mnist': the installed package, not itself"""
    ex, lib = tmp_path / "example", tmp_path / "lib"
    ex.mkdir()
    lib.mkdir()
    (lib / "mnist.lua").write_text("return {name = 'the package'}\n")
    (ex / "helper.lua").write_text("return 'next to the script'\n")
    (ex / "mnist.lua").write_text("print(require('mnist').name, require('helper'))\n")
    env = dict(os.environ, LUA_PATH="%s/?.lua;;" % lib)
    r = subprocess.run([sys.executable, "-m", "luann.cli", str(ex / "mnist.lua")], cwd=str(tmp_path),
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.stdout == "the package\tnext to the script\t\n", r.stderr
