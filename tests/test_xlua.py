"""xlua.unpack / unpack_class / usage / usage_module, table.prune, string.tosymbol, OptionParser."""
from conftest import run_cli


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_unpack_named_ordered_defaults(lua):
    out = lua("""
    require 'xlua'
    local function f(...)
       local args, a, b, c = xlua.unpack({...}, 'f', 'does f',
          {arg='a', type='number', help='first', req=true},
          {arg='b', type='string', help='second', default='bee'},
          {arg='c', type='number', help='third', defaulta='a'})
       return a, b, c, args.a, args[2], type(args.usage)
    end
    print(f(1))
    print(f{a=2, b='x'})
    print(f(3, 'y', 4))
    print(f(torch.Tensor(2)) ~= nil)
    """)
    assert rows(out) == ["1\tbee\t1\t1\tbee\ttable", "2\tx\t2\t2\tx\ttable", "3\ty\t4\t3\ty\ttable",
                         "true"]


def test_unpack_missing_argument_prints_usage(lua):
    out = lua("""
    require 'xlua'
    local function f(...)
       local r = xlua.unpack({...}, 'f', 'does f',
          {arg='a', type='number', help='first', req=true},
          {arg='b', type='string', help='second', default='bee'})
       return r
    end
    print(pcall(f, {b='q'}))
    """)
    assert "missing argument: a" in out
    assert "f{\n    a = number                          -- first\n" \
           "    [b = string]                        -- second  [default = bee]\n}\n" in out
    assert "f{b=string, a=number}\nf(number, ...)\n" in out
    assert rows(out)[-1] == "false\ttest:4: error"


def test_unpack_class_usage_and_module(lua):
    out = lua("""
    require 'xlua'
    local obj = {}
    xlua.unpack_class(obj, {5}, 'C', nil, {arg='x', type='number', help='x', req=true},
       {arg='y', type='number', help='y', default=7})
    print(obj.x, obj.y, obj[1], type(obj.usage))
    print(xlua.usage('g', 'desc', nil, {type='number', help='n', req=true}, {type='string', help='s'}))
    local M = {}
    xlua.usage_module(M, 'mypkg', 'a package')
    print(tostring(M))
    """)
    lines = rows(out)
    assert lines[0] == "5\t7\tnil\ttable"
    assert "\n".join(lines[1:11]) == (
        "+" * 69 + "\ng\n\ndesc\n\n> usage:\ng(\n"
        "    number                              -- n\n"
        "    [string]                            -- s\n)")
    assert "PACKAGE:\nmypkg\n\nDESC:\na package\n" in out


def test_table_prune_and_tosymbol(lua, lua_err):
    out = lua("""
    require 'xlua'
    local t = table.prune({1, 2, 2, 3, 1}); table.sort(t)
    print(#t, t[1], t[2], t[3])
    print(string.tosymbol('table.prune') == table.prune)
    """)
    assert rows(out) == ["3\t1\t2\t3", "true"]
    assert 'symbol "xlua.nothing" does not exist' in lua_err("require 'xlua'; string.tosymbol('xlua.nothing')")


OPTPARSE = """
require 'xlua'
op = xlua.OptionParser('%prog [options] files')
op:option{'-d', '--dir', action='store', dest='dir', help='directory to load', req=true}
op:option{'-e', '--ext', action='store', dest='ext', help='extension', default='jpg'}
op:option{'-v', action='store_true', dest='verbose', help='chatty'}
opt, rest = op:parse()
print(opt.dir, opt.ext, opt.verbose, opt.__main__, table.concat(rest, '+'))
print(op:tostring(true), op:tostring(true, {'-e'}))
"""


def test_option_parser(tmp_path):
    script = tmp_path / "opts.lua"
    script.write_text(OPTPARSE)
    r = run_cli(str(script), "--dir=a b/c", "x", "-v", "-e", "png", "y")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["a b/c\tpng\ttrue\ttrue\tx+y\t",
                                     "-d=a_b|c,-e=png,-v=true\t-e=png\t"]
    r = run_cli(str(script), "-e", "gif")
    assert r.returncode == 1
    assert r.stderr.startswith("option ") and "requires an argument" in r.stderr
    assert r.stdout.splitlines() == [
        "Usage: %s [options] files" % script,
        "",
        "Options:",
        "  -h, --help         show this help message and exit",
        "  -d DIR, --dir=DIR  directory to load [REQUIRED]",
        "  -e EXT, --ext=EXT  extension [default = jpg]",
        "  -v                 chatty",
    ]
    r = run_cli(str(script), "-d", "q", "--bogus")
    assert r.returncode == 1 and r.stderr.startswith("invalid option --bogus")
    r = run_cli(str(script), "-d", "q", "-h")
    assert r.returncode == 0 and r.stdout.startswith("Usage: ")


def test_option_parser_summary_without_arg(lua):
    out = lua("""
require 'xlua'
local saved = arg; arg = nil
local op = xlua.OptionParser('u')
op:option{'-n', dest='n', help='count', default=3}
local o = op:parse()
arg = saved
print(o.n, o.__main__)
io.write(op:tostring())
""")
    assert out.splitlines()[0] == "3\tfalse\t"
    assert out.splitlines()[1] == "<interpreted> configuration:"
    assert sorted(out.splitlines()[2:]) == [" + __main__ = false", " + n = 3"]
