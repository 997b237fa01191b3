"""lfs (LuaFileSystem's API, which karpathy/char-rnn requires) on the OS."""


def test_lfs_char_rnn_usage(lua, tmp_path):
    d = str(tmp_path / "cv")
    out = lua(r"""
require 'lfs'
local d = '%s'
print(lfs.attributes(d))                       -- missing: nil plus a message
if not lfs.attributes(d) then print(lfs.mkdir(d)) end
print(lfs.mkdir(d))                            -- exists: nil, message
print(lfs.attributes(d).mode, lfs.attributes(d, 'mode'))
local f = io.open(d .. '/input.txt', 'w'); f:write('hello'); f:close()
print(lfs.attributes(d .. '/input.txt', 'size'), type(lfs.attributes(d .. '/input.txt', 'modification')))
print(lfs.touch(d .. '/input.txt', 1000, 2000), lfs.attributes(d .. '/input.txt', 'modification'))
local names = {}
for name in lfs.dir(d) do names[#names + 1] = name end
table.sort(names); print(table.concat(names, ' '))
os.remove(d .. '/input.txt')
print(lfs.rmdir(d), lfs.attributes(d) == nil, type(lfs.currentdir()))
print(pcall(lfs.attributes, 3))
""" % d)
    lines = out.splitlines()
    assert lines[0] == "nil\tcannot obtain information from file '%s': No such file or directory\t" % d
    assert lines[1] == "true\t"
    assert lines[2] == "nil\tFile exists\t"
    assert lines[3] == "directory\tdirectory\t"
    assert lines[4] == "5\tnumber\t"
    assert lines[5] == "true\t2000\t"
    assert lines[6] == ". .. input.txt\t"
    assert lines[7] == "true\ttrue\tstring\t"
    assert lines[8].startswith("false\t") and "bad argument #1 to 'attributes' (string expected, got number)" in lines[8]


def test_penlight_path_global(lua, tmp_path):
    # th loads Penlight: `path` is a global on first use (char-rnn's loader relies on it)
    out = lua(r"""
print(path.join('data', 'tinyshakespeare', 'input.txt'), path.join('data/', 'x'), path.join('a', '/abs'))
print(path.exists('%s'), path.exists('%s/nope'), path.isdir('%s'), path.isfile('%s'))
print(path.splitext('a/b.c.txt'))
print(path.splitpath('a/b/c.txt'))
print(path.basename('/a/b/c.lua'), path.dirname('/a/b/c.lua'), path.extension('x.t7'))
print(path.normpath('/a/./b/../c//d'), path.abspath('x', '/root'), require('pl.path') == path)
""" % ((tmp_path,) * 4))
    assert out.splitlines() == [
        "data/tinyshakespeare/input.txt\tdata/x\t/abs\t",
        "%s\tfalse\ttrue\tfalse\t" % tmp_path,
        "a/b.c\t.txt\t",
        "a/b\tc.txt\t",
        "c.lua\t/a/b\t.t7\t",
        "/a/c/d\t/root/x\ttrue\t",
    ]


LAPP_SCRIPT = r"""
require 'pl'
opt = lapp[[
Trains something
   -r,--learningRate  (default 0.05)        learning rate
   -d,--decay         (default 1e-7)        decay
   -d,--dropout       (default 0.5)         dropout (takes over -d)
   -f,--full                                use the full dataset
   -o,--save          (default "logs")      save directory
   -n,--count         (1..10 default 3)     a count
   -c,--color         (red|green default red) a color
      --patches       (default all)         patches
   <input>            (string)              input file
   <rest...>          (number)              numbers
]]
local keys = {}
for k in pairs(opt) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do
   local v = opt[k]
   print(k, type(v) == 'table' and table.concat(v, ',') or v)
end
print(lapp == require('pl.lapp'))
"""


def test_penlight_lapp(tmp_path):
    from conftest import run_cli
    script = tmp_path / "train.lua"
    script.write_text(LAPP_SCRIPT)
    r = run_cli(str(script), "in.txt", "1", "-f", "-d0", "2", "--color=green", "-n", "5", "3", "-o", "a b")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "color\tgreen\t", "count\t5\t", "decay\t1e-07\t", "dropout\t0\t", "full\ttrue\t",
        "input\tin.txt\t", "learningRate\t0.05\t", "patches\tall\t", "rest\t1,2,3\t", "save\ta b\t",
        "true\t",
    ]
    for args, msg in ((["x", "-n", "11"], "train: count out of range"),
                      (["x"], "train: missing required parameter: rest"),
                      (["x", "-c", "blue"], "train: value 'blue' not in red|green"),
                      (["x", "--bogus"], "train: unrecognized parameter: bogus"),
                      (["x", "1", "zz"], "train: unable to convert to number: zz")):
        r = run_cli(str(script), *args)
        assert r.returncode == 1
        assert r.stderr.startswith(msg + "\n\nTrains something\n"), r.stderr
    r = run_cli(str(script), "--help")
    assert r.returncode == 1 and r.stderr.startswith("Trains something\n")
