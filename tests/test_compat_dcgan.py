"""What soumith/dcgan.torch's data loader and training loop need: Penlight's dir/tablex/class,
argcheck, torch.class in emulated threads, and a threaded image-folder loader feeding a GAN step."""
import os

from conftest import run_cli


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_pl_dir_lists_directories_and_files(lua, tmp_path):
    for d in ("cats", "dogs"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.png").write_bytes(b"")
        (tmp_path / d / "y.txt").write_bytes(b"")
    out = lua("""
    local dir = require 'pl.dir'
    local ds = dir.getdirectories(%r)
    table.sort(ds)
    for _, d in ipairs(ds) do print(paths.basename(d), #dir.getfiles(d), #dir.getfiles(d, '*.png')) end
    print(#dir.getallfiles(%r, '*.txt'), dir.fnmatch('a.JPG', '*.JPG'), dir.fnmatch('a.jpg', '*.png'))
    """ % (str(tmp_path), str(tmp_path)))
    assert rows(out) == ["cats\t2\t1", "dogs\t2\t1", "2\ttrue\tfalse"]


def test_pl_tablex_common_helpers(lua):
    out = lua("""
    local tablex = require 'pl.tablex'
    local t = {a = 1, b = 2}
    print(tablex.size(t), tablex.find({5, 6, 7}, 6), tablex.deepcompare({1, {2}}, {1, {2}}))
    print(table.concat(tablex.map(function(x) return x * 2 end, {1, 2, 3}), ','),
          table.concat(tablex.filter({1, 2, 3, 4}, function(x) return x % 2 == 0 end), ','),
          tablex.reduce(function(a, b) return a + b end, {1, 2, 3}))
    local c = tablex.deepcopy({x = {1}})
    print(#c.x, tablex.count_map({'a', 'b', 'a'}).a, table.concat(tablex.range(1, 5, 2), ','))
    """)
    assert rows(out) == ["2\t2\ttrue", "2,4,6\t2,4\t6", "1\t2\t1,3,5"]


def test_pl_class_init_inheritance_super(lua):
    out = lua("""
    local class = require 'pl.class'
    local Animal = class()
    function Animal:_init(name) self.name = name end
    function Animal:speak() return self.name .. ' makes a sound' end
    local Dog = class(Animal)
    function Dog:_init(name) self:super(name); self.legs = 4 end
    function Dog:speak() return self.name .. ' barks' end
    local Puppy = class(Dog)
    local p = Puppy('rex')
    print(p:speak(), p.legs, p:is_a(Animal), Animal:class_of(p), Dog:class_of(Animal('x')))
    class.Cat(Animal)
    print(Cat('tom'):speak(), Cat._name)
    """)
    assert rows(out) == ["rex barks\t4\ttrue\ttrue\tfalse", "tom makes a sound\tCat"]


def test_argcheck_ordered_named_defaults_and_usage(lua, lua_err):
    out = lua("""
    local argcheck = require 'argcheck'
    local check = argcheck{
       pack = true,
       {name = 'paths', type = 'table', check = function(p) return #p > 0 end, help = 'dirs'},
       {name = 'split', type = 'number', help = 'train %'},
       {name = 'mode', type = 'string', default = 'balanced'},
       {name = 'hook', type = 'function', opt = true},
    }
    local a = check{paths = {'x'}, split = 90}
    print(a.paths[1], a.split, a.mode, a.hook)
    local b = check({'y'}, 50, 'random')
    print(b.paths[1], b.split, b.mode)
    local add = argcheck{{name = 'x', type = 'number', default = 0}, {name = 'msg', type = 'string'}}
    print(add('hi'))
    print(add(3, 'yo'))
    local t = argcheck{{name = 't', type = 'torch.*Tensor'}}
    print(torch.type(t(torch.FloatTensor(1))), pcall(t, {}))
    """)
    lines = rows(out)
    assert lines[:4] == ["x\t90\tbalanced\tnil", "y\t50\trandom", "0\thi", "3\tyo"]
    # a mismatch prints the usage, then fails at the caller's line
    assert lines[4:-1] == ["", "*Arguments:*", "```", "({", "   t = torch.*Tensor  -- ", "})", "```"]
    assert lines[-1] == "torch.FloatTensor\tfalse\ttest:18: invalid arguments"
    msg = lua_err("""local argcheck = require 'argcheck'
    local f = argcheck{{name = 'x', type = 'number', help = 'the value'}}
    f('oops')""")
    assert msg == "test:3: invalid arguments"


def test_crop_outside_the_image_fails_with_torch7_words(lua_err):
    # dcgan's random crop with loadSize == fineSize starts at 1: torch7 refuses it too
    msg = lua_err("""require 'image'
    local img = torch.rand(3, 64, 64)
    image.crop(img, 1, 1, 65, 65)""")
    assert msg == "test:3: image.crop: crop goes outside bounds of src"
