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


def test_threaded_image_folder_feeds_a_small_gan(lua, tmp_path):
    from PIL import Image
    import numpy as np
    rng = np.random.default_rng(1)
    for c in ("red", "blue"):
        (tmp_path / c).mkdir()
        for i in range(4):
            Image.fromarray((rng.random((20, 20, 3)) * 255).astype("uint8")).save(tmp_path / c / ("%d.png" % i))
    out = lua("""
    require 'nn'; require 'optim'
    local Threads = require 'threads'
    Threads.serialization('threads.sharedserialize')
    local root = %r
    local pool = Threads(2, function() require 'torch' end, function(idx)
       torch.manualSeed(idx)
       require 'image'
       local dir = require 'pl.dir'
       local argcheck = require 'argcheck'
       local Loader = torch.class('ganFolderLoader')
       local check = argcheck{pack = true, {name = 'root', type = 'string'}, {name = 'size', type = 'number'}}
       function Loader:__init(...)
          local a = check(...)
          self.size, self.files = a.size, {}
          local classes = dir.getdirectories(a.root)
          table.sort(classes)
          for _, c in ipairs(classes) do
             local fs = dir.getfiles(c, '*.png'); table.sort(fs)
             for _, f in ipairs(fs) do self.files[#self.files + 1] = f end
          end
       end
       function Loader:sample(n)
          local batch = torch.FloatTensor(n, 3, self.size, self.size)
          for i = 1, n do
             local img = image.load(self.files[torch.random(1, #self.files)], 3, 'float')
             img = image.scale(img, 18, 18)
             local x, y = torch.random(0, 2), torch.random(0, 2)
             local crop = image.crop(img, x, y, x + self.size, y + self.size)
             if torch.uniform() > 0.5 then crop = image.hflip(crop) end
             batch[i]:copy(crop):mul(2):add(-1)
          end
          return batch
       end
       loader = ganFolderLoader{root = root, size = 16}
       return #loader.files
    end)
    torch.setdefaulttensortype('torch.FloatTensor')
    torch.manualSeed(3)
    local batch
    local function getBatch()
       pool:addjob(function() return loader:sample(4) end, function(b) batch = b end)
       pool:dojob()
       return batch
    end
    local G = nn.Sequential()
    G:add(nn.SpatialFullConvolution(8, 16, 4, 4)):add(nn.SpatialBatchNormalization(16)):add(nn.ReLU(true))
    G:add(nn.SpatialFullConvolution(16, 8, 4, 4, 2, 2, 1, 1)):add(nn.SpatialBatchNormalization(8)):add(nn.ReLU(true))
    G:add(nn.SpatialFullConvolution(8, 3, 4, 4, 2, 2, 1, 1)):add(nn.Tanh())
    local D = nn.Sequential()
    D:add(nn.SpatialConvolution(3, 8, 4, 4, 2, 2, 1, 1)):add(nn.LeakyReLU(0.2, true))
    D:add(nn.SpatialConvolution(8, 16, 4, 4, 2, 2, 1, 1)):add(nn.SpatialBatchNormalization(16)):add(nn.LeakyReLU(0.2, true))
    D:add(nn.SpatialConvolution(16, 1, 4, 4)):add(nn.Sigmoid()):add(nn.View(1):setNumInputDims(3))
    local crit = nn.BCECriterion()
    local pD, gD = D:getParameters()
    local pG, gG = G:getParameters()
    local noise, label = torch.Tensor(4, 8, 1, 1), torch.Tensor(4)
    local startD, startG = pD:clone(), pG:clone()
    local errs = {}
    for it = 1, 3 do
       local input
       optim.adam(function()
          gD:zero()
          input = getBatch():clone()
          label:fill(1)
          local e1 = crit:forward(D:forward(input), label)
          D:backward(input, crit:backward(D.output, label))
          noise:normal(0, 1)
          input = G:forward(noise)
          label:fill(0)
          local e2 = crit:forward(D:forward(input), label)
          D:backward(input, crit:backward(D.output, label))
          return e1 + e2, gD
       end, pD, {learningRate = 0.0002, beta1 = 0.5})
       optim.adam(function()
          gG:zero()
          label:fill(1)
          local e = crit:forward(D.output, label)
          G:backward(noise, D:updateGradInput(input, crit:backward(D.output, label)))
          errs[#errs + 1] = e
          return e, gG
       end, pG, {learningRate = 0.0002, beta1 = 0.5})
    end
    print(#batch:size(), batch:size(1), batch:size(3), torch.type(batch), batch:min() >= -1, batch:max() <= 1)
    print(#errs, errs[1] == errs[1] and errs[3] == errs[3], (pD - startD):abs():max() > 0, (pG - startG):abs():max() > 0)
    pool:terminate()
    torch.setdefaulttensortype('torch.DoubleTensor')
    Threads.serialization('threads.serialize')
    """ % str(tmp_path))
    assert rows(out) == ["4\t4\t16\ttorch.FloatTensor\ttrue\ttrue", "3\ttrue\ttrue\ttrue"]
