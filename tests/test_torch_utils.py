"""paths, sys, torch.CmdLine and torch.Tester."""
import os

from conftest import run_cli


def test_paths_names(lua):
    out = lua("print(paths.concat('/a', 'b/../c', './d'), paths.dirname('/a/b/c.t7'), "
              "paths.basename('/a/b/c.t7'), paths.basename('/a/b/c.t7', 't7'), paths.extname('x/y.lua'), "
              "paths.dirname('c'), paths.dirname('/c'), paths.extname('noext'))")
    assert out == "/a/c/d\t/a/b\tc.t7\tc\tlua\t.\t/\tnil\t\n"


def test_paths_fs(lua, tmp_path):
    d = str(tmp_path)
    out = lua("""
local d = '%s'
local sub = paths.concat(d, 'sub')
assert(paths.mkdir(sub)); assert(paths.dirp(sub)); assert(not paths.filep(sub))
local f = io.open(paths.concat(sub, 'x.txt'), 'w'); f:write('hi'); f:close()
assert(paths.filep(paths.concat(sub, 'x.txt')))
local names = {}
for f in paths.files(sub) do names[#names + 1] = f end
table.sort(names)
print(table.concat(names, ','))
for f in paths.iterfiles(sub) do print('file', f) end
for f in paths.iterdirs(d) do print('dir', f) end
print(#paths.dir(sub), paths.dir(paths.concat(d, 'nope')))
assert(not paths.rmdir(sub))
assert(paths.rmall(sub, 'yes'))
print(paths.dirp(sub), paths.cwd() ~= nil, type(paths.home), type(paths.tmpname()))
""" % d)
    assert out == ".,..,x.txt\t\nfile\tx.txt\t\ndir\tsub\t\n3\tnil\t\nfalse\ttrue\tstring\tstring\t\n"


def test_paths_dofile_relative(tmp_path):
    (tmp_path / "lib.lua").write_text("return 40 + (...)\n")
    (tmp_path / "main.lua").write_text("print(paths.dofile('lib.lua', 2), paths.thisfile() ~= nil)\n")
    r = run_cli(str(tmp_path / "main.lua"), cwd="/")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "42\ttrue\t\n"


def test_sys(lua):
    out = lua("local t = sys.clock(); sys.sleep(0.01); "
              "print(sys.execute('echo   hi  '), sys.uname(), sys.clock() - t >= 0.005, "
              "sys.COLORS.red == '\\27[0;31m', sys.COLORS.none == '\\27[0m', sys.dirname('/a/b'))")
    assert out == "hi\tlinux\ttrue\ttrue\ttrue\t/a\t\n"


def test_sys_split_files_and_friends(lua, tmp_path):
    # the older libsys helpers data-loading scripts still call: sys.split(sys.ls(d), '\n'), ...
    for name in ("b.png", "a.png"):
        (tmp_path / name).write_text("x")
    out = lua("""
local function show(t) return '[' .. table.concat(t, '|') .. ']' end
print(show(sys.split(sys.ls('%s'), '\\n')), show(sys.split('a,b,,c,', ',')), show(sys.split(',x', ',')))
print(show(sys.split('a1b22c', '%%d+')), sys.basename('/p/q.lua'), sys.isNaN(0/0), sys.isNaN(1))
local names = {}
for f in sys.files('%s') do names[#names + 1] = f end
table.sort(names)
print(show(names), #sys.dir('%s'))
""" % (tmp_path, tmp_path, tmp_path))
    assert out.splitlines() == ["[a.png|b.png]\t[a|b||c]\t[x]\t", "[a|b|c]\tq.lua\ttrue\tfalse\t",
                                "[.|..|a.png|b.png]\t4\t"]


CMD = """
local cmd = torch.CmdLine()
cmd:text()
cmd:text('Training a simple network')
cmd:text('Options')
cmd:option('-seed', 123, 'initial random seed')
cmd:option('-booloption', false, 'boolean option')
cmd:option('-stroption', 'mystring', 'string option')
cmd:argument('-data', 'data file')
local params = cmd:parse(arg)
print(params.seed, params.booloption, params.stroption, params.data, type(params.seed))
print(cmd:string('exp', params, {data = true}))
"""


def test_cmdline_parse(tmp_path):
    p = tmp_path / "c.lua"
    p.write_text(CMD)
    r = run_cli(str(p), "-seed", "7", "file.t7", "-booloption")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "7\ttrue\tmystring\tfile.t7\tnumber\t"
    assert lines[-1] == "exp,booloption=t,seed=7\t"
    r = run_cli(str(p), "x.t7")
    assert r.stdout.splitlines()[0] == "123\tfalse\tmystring\tx.t7\tnumber\t"


def test_cmdline_help_and_errors(tmp_path):
    p = tmp_path / "c.lua"
    p.write_text(CMD)
    r = run_cli(str(p), "--help")
    assert r.returncode == 0
    assert r.stdout == ("Usage: %s [options] <data>\n\nTraining a simple network\nOptions\n"
                        "  -seed       initial random seed [123]\n"
                        "  -booloption boolean option [false]\n"
                        "  -stroption  string option [mystring]\n"
                        "  <data>      data file\n") % p
    r = run_cli(str(p), "-seed", "abc", "f")
    assert r.returncode == 1
    assert "invalid type for option -seed (should be number)" in r.stderr
    r = run_cli(str(p))
    assert r.returncode == 1 and "not enough arguments" in r.stderr


def test_cmdline_log_and_option_errors(lua, lua_err, tmp_path):
    log = tmp_path / "log.txt"
    out = lua("""
local cmd = torch.CmdLine()
cmd:option('-lr', 0.1, 'rate')
cmd:silent()
cmd:addTime('t', '%%Y')
local oldprint = print
cmd:log('%s', {lr = 0.1})
print('hello', 3)
print = oldprint
""" % log)
    assert out == ""
    text = log.read_text()
    assert "[program started on" in text and "lr 0.1" in text and "hello 3" in text
    assert "[t]: " in text
    assert "has no default value" in lua_err("torch.CmdLine():option('-x', nil, 'h')")
    assert "wrong default type" in lua_err("torch.CmdLine():option('-x', 1, 'h', 'string')")


TESTS = """
local tester = torch.Tester()
local s = torch.TestSuite()
function s.a()
   tester:eq(torch.Tensor{1, 2}, torch.Tensor{1, 2})
   tester:eq({1, {2, 'x'}}, {1, {2, 'x'}})
   tester:assertlt(1, 2); tester:assertge(2, 2); tester:assertalmosteq(1, 1 + 1e-20)
   tester:assertTensorEq(torch.Tensor{1}, torch.Tensor{1.0001}, 1e-3)
   tester:assertTensorNe(torch.Tensor{1}, torch.Tensor{2}, 1e-3)
   tester:assertTableEq({a = 1}, {a = 1}); tester:assertTableNe({a = 1}, {a = 2})
   tester:assertError(function() error('x') end)
   tester:assertErrorMsg(function() error('x', 0) end, 'x')
   tester:assertErrorPattern(function() error('abc') end, 'b.')
   tester:assertNoError(function() end)
   tester:ne(1, 2); tester:assert(true)
end
function s.b() tester:asserteq(1, 2, 'one is two') end
function s.c() error('boom') end
tester:add(s)
%s
"""


def test_tester_passing(tmp_path):
    p = tmp_path / "t.lua"
    p.write_text(TESTS % "tester:run('a')")
    r = run_cli(str(p))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Running 1 test"
    # torch7 writes [WAIT], then a carriage return and the line again with the result
    wait, done = lines[1], lines[2]
    assert wait.startswith("1/1 a .") and wait.endswith(" [WAIT]") and len(wait) == 80
    assert done.startswith("1/1 a .") and done.endswith(" [PASS]") and len(done) == 80
    assert lines[3] == "Completed 15 asserts in 1 test with 0 failures and 0 errors"


def test_tester_failures(tmp_path):
    p = tmp_path / "t.lua"
    p.write_text(TESTS % "tester:run()")
    r = run_cli(str(p))
    assert r.returncode == 1
    out = r.stdout
    assert "Running 3 tests" in out
    assert "[FAIL]" in out and "[ERROR]" in out
    assert "with 1 failure and 1 error" in out
    assert "one is two\nEQ failed: 1 ~= 2\nstack traceback:\n" in out
    assert "t.lua:18:" in out       # where the failing assert is
    assert "boom" in out
    assert "An error was found while running tests!" in r.stderr


def test_testsuite_refuses_duplicates(lua_err):
    assert "already defined" in lua_err("local s = torch.TestSuite(); s.a = function() end; s.a = function() end")


def test_sys_fpath_is_absolute_dir_and_name(tmp_path):
    (tmp_path / "where.lua").write_text("print(sys.fpath())\n")
    r = run_cli("where.lua", cwd=str(tmp_path))
    assert r.stdout == "%s\twhere.lua\t\n" % tmp_path
