"""What szagoruyko/cifar.torch's train.lua / provider.lua need on the CPU: trepl.colorize,
Logger's .eps plot next to the log, in-place image flips in a user module, optim.sgd's state."""
from conftest import run_cli  # noqa: F401


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_trepl_colorize_wraps_in_ansi_codes(lua):
    out = lua(r"""
    local c = require 'trepl.colorize'
    local colors = require 'trepl.colors'
    local s = c.blue '==>' .. ' configuring model'
    print(s == '\27[0;34m==>\27[0m configuring model', c.Red('x') == '\27[1;31mx\27[0m',
          c._green('y') == '\27[42my\27[0m', colors.none == '\27[0m')
    local n = 0
    for k in pairs(colors) do n = n + 1 end
    print(n, type(c.cyan), (('acc: ' .. c.cyan'%.2f'):format(12.5)):gsub('\27', 'E'))
    """)
    assert rows(out) == ["true\ttrue\ttrue\ttrue", "25\tfunction\tacc: E[0;36m12.50E[0m\t2"]


def test_logger_plot_writes_the_eps_file_torch7_wrote(lua, tmp_path):
    # cifar.torch runs `convert test.log.eps test.png` after testLogger:plot()
    pytest = __import__("pytest")
    pytest.importorskip("matplotlib")
    out = lua("""
    require 'optim'
    local l = optim.Logger(%r)
    l:setNames{'%% mean class accuracy (train set)', '%% mean class accuracy (test set)'}
    l:add{10, 12} l:add{20, 15}
    l:style{'-', '-'}
    l:plot()
    local f = io.open(l.epsfile, 'rb'); local head = f:read(10); f:close()
    print(l.epsfile:sub(-12), head)
    """ % str(tmp_path / "logs" / "test.log"))
    assert rows(out)[-1] == "test.log.eps\t%!PS-Adobe"


def test_user_batchflip_module_flips_in_place_only_in_training(lua):
    # train.lua's data augmentation: a user nn.Module flipping half the batch with image.hflip(x, x)
    out = lua("""
    require 'nn'; require 'image'
    do
      local Flip, parent = torch.class('nn.CifarTestFlip', 'nn.Module')
      function Flip:__init() parent.__init(self); self.train = true end
      function Flip:updateOutput(input)
        if self.train then
          local mask = torch.ByteTensor(input:size(1)):fill(0); mask[1] = 1
          for i = 1, input:size(1) do
            if mask[i] == 1 then image.hflip(input[i], input[i]) end
          end
        end
        self.output = input
        return self.output
      end
    end
    local m = nn.Sequential():add(nn.CifarTestFlip():float())
    local x = torch.range(1, 12):float():view(2, 1, 2, 3)
    local o = m:forward(x)
    print(o[1][1][1][1], o[1][1][1][3], o[1][1][2][1], o[2][1][1][1], torch.pointer(o) == torch.pointer(x))
    m:evaluate()
    o = m:forward(x)
    print(o[1][1][1][1], m:get(1).train, torch.type(m:get(1)))
    """)
    assert rows(out) == ["3\t1\t6\t7\ttrue", "3\tfalse\tnn.CifarTestFlip"]


def test_sgd_momentum_weightdecay_lrdecay_as_cifar_train_configures_it(lua):
    # optimState of train.lua; reference: torch7's sgd order (decay into the gradient, then
    # momentum with dampening = momentum, the first step copying the gradient; lr / (1 + n * lrd))
    import numpy as np
    out = lua("""
    require 'optim'
    local x = torch.Tensor{1, -2, 3}
    local state = {learningRate = 1, weightDecay = 0.0005, momentum = 0.9, learningRateDecay = 0.1}
    local fx
    for i = 1, 3 do
      _, fx = optim.sgd(function(w) return w:dot(w), w * 2 end, x, state)
    end
    print(string.format('%.12f %.12f %.12f %d %.6f', x[1], x[2], x[3], state.evalCounter, fx[1]))
    """)
    x = np.array([1.0, -2.0, 3.0])
    v = None
    for n in range(3):
        f = float(x @ x)
        g = 2 * x + 0.0005 * x
        v = g.copy() if v is None else 0.9 * v + 0.1 * g
        x = x - 1.0 / (1 + n * 0.1) * v
    got = out.split()
    assert np.allclose([float(s) for s in got[:3]], x, rtol=0, atol=1e-12)
    assert got[3] == "3" and abs(float(got[4]) - f) < 1e-6


def test_copy_with_one_type_passes_the_input_itself_through(lua):
    # nn.Copy(T, T) sets output = input (torch7), whatever the input's type: cifar.torch's CPU path
    # builds nn.Copy('torch.FloatTensor', torch.type(cast(torch.Tensor()))) = Copy(Float, Float)
    out = lua("""
    require 'nn'
    local c = nn.Copy('torch.FloatTensor', 'torch.FloatTensor'):float()
    local x = torch.randn(2, 3)
    local o = c:forward(x)
    local g = torch.randn(2, 3)
    local gi = c:backward(x, g)
    print(o == x, c.output == x, torch.type(o), gi == g, c.gradInput == g)
    local d = nn.Copy('torch.DoubleTensor', 'torch.FloatTensor')
    print(torch.type(d:forward(x)), d.output ~= x)
    """)
    assert rows(out) == ["true\ttrue\ttorch.DoubleTensor\ttrue\ttrue", "torch.FloatTensor\ttrue"]


def test_logger_says_where_the_plot_is_once(lua, tmp_path):
    import pytest
    pytest.importorskip("matplotlib")
    out = lua("""
    require 'optim'
    local l = optim.Logger(%r)
    l:setNames{'a'}
    for epoch = 1, 4 do l:add{epoch}; l:plot() end
    """ % str(tmp_path / "acc.log"))
    assert rows(out) == ["<Logger> plot written to %s" % (tmp_path / "acc.log.png")]


def test_large_binary_storages_load_exactly_and_truncation_still_reports(lua, lua_err, tmp_path):
    # cifar.torch's provider.t7 holds a 1.2 GB DoubleStorage: storages over 16 MB are read into
    # the tensor piece by piece; the same bytes must come back, from files and memory files alike
    path = str(tmp_path / "big.t7")
    out = lua("""
    torch.manualSeed(7)
    local x = torch.randn(2300000)
    local l = torch.LongTensor(2200000):random(-1000000, 1000000)
    torch.save(%r, {x = x, l = l, tail = 'end'})
    local y = torch.load(%r)
    local z = torch.deserialize(torch.serialize({x = x}))
    print(torch.equal(x, y.x), torch.equal(l, y.l), y.tail, torch.equal(x, z.x))
    """ % (path, path))
    assert rows(out) == ["true\ttrue\tend\ttrue"]
    data = open(path, "rb").read()
    cut = str(tmp_path / "cut.t7")
    open(cut, "wb").write(data[:len(data) // 3])
    msg = lua_err("torch.load(%r)" % cut)
    assert "cut.t7" in msg and "byte" in msg and msg.startswith("test:")


def test_large_byte_storages_load_exactly_binary_and_ascii(lua, tmp_path):
    # cifar-10-batches-t7 files are ascii t7 with ByteTensor data: the raw byte runs take the same path
    out = lua("""
    torch.manualSeed(8)
    local b = torch.ByteTensor(17 * 1024 * 1024 + 5):random(0, 255)
    for _, mode in ipairs{'binary', 'ascii'} do
      local p = %r .. mode
      torch.save(p, {data = b, labels = torch.ByteTensor(1, 3):fill(9)}, mode)
      local r = torch.load(p, mode)
      io.write(mode, ' ', tostring(torch.equal(r.data, b)), ' ', r.labels[1][3], '\\n')
    end
    """ % str(tmp_path / "b."))
    assert rows(out) == ["binary true 9", "ascii true 9"]


def test_logger_without_display_writes_only_the_eps(lua, tmp_path):
    # cifar.torch's later train.lua sets testLogger.showPlot = false: no window, only test.log.eps
    import pytest
    pytest.importorskip("matplotlib")
    out = lua("""
    require 'optim'
    local l = optim.Logger(%r)
    l.showPlot = false
    l:setNames{'a', 'b'}
    l:add{1, 2}; l:add{3, 4}
    l:plot()
    print(paths.filep(l.epsfile), paths.filep(l.name .. '.png'))
    """ % str(tmp_path / "test.log"))
    assert rows(out) == ["true\tfalse"]


def test_image_scale_computes_as_torch7s_image_package(lua):
    # example_classify.lua scales each picture to 32x32. torch7's bilinear mode maps the end
    # pixels onto each other when enlarging (scale (n-1)/(m-1)) and averages the covered source
    # pixels, partial ones weighted, when shrinking; 'simple' takes floor(i * src/dst)
    out = lua("""
    require 'image'
    local function row(t) local s = {} for i = 1, t:nElement() do s[i] = string.format('%.4f', t:view(-1)[i]) end return table.concat(s, ' ') end
    print(row(image.scale(torch.Tensor{{0, 3}}, 4, 1)))
    print(row(image.scale(torch.Tensor{{1, 2, 3, 4}}, 2, 1)))
    print(row(image.scale(torch.Tensor{{1, 2, 3, 4, 5}}, 2, 1)))
    print(row(image.scale(torch.Tensor{{0, 3}}, 4, 1, 'simple')))
    print(row(image.scale(torch.ByteTensor{{0, 255}}, 3, 1)))
    print(row(image.scale(torch.Tensor{{0, 3}, {6, 9}}, 3, 3)))
    print(row(image.scale(torch.Tensor{{0, 1, 8, 27}}, 7, 1, 'bicubic')))
    local f = image.scale(torch.FloatTensor(3, 40, 50):fill(0.25), 32, 32)
    print(torch.type(f), f:size(2), f:size(3), f:min() == 0.25 and f:max() == 0.25)
    """)
    assert rows(out) == [
        "0.0000 1.0000 2.0000 3.0000",
        "1.5000 3.5000",
        "1.8000 4.2000",
        "0.0000 0.0000 3.0000 3.0000",
        "0.0000 128.0000 255.0000",
        "0.0000 1.5000 3.0000 3.0000 4.5000 6.0000 6.0000 7.5000 9.0000",
        "0.0000 0.1250 1.0000 3.3750 8.0000 16.7500 27.0000",
        "torch.FloatTensor\t32\t32\ttrue",
    ]


def test_image_rotate_computes_as_torch7s_image_package(lua):
    # torch7 turns about ((w-1)/2, (h-1)/2) and reads the source pixel each output pixel maps to
    # (nearest by default, 'bilinear' weighting the four around it), 0 where none is
    out = lua("""
    require 'image'
    local function rows(t)
      for i = 1, t:size(1) do
        local s = {} for j = 1, t:size(2) do s[j] = string.format('%g', t[i][j]) end
        print(table.concat(s, ' '))
      end
    end
    local x = torch.range(1, 9):view(3, 3)
    rows(image.rotate(x, math.pi / 2))
    rows(image.rotate(x, math.pi))
    local d = torch.FloatTensor()
    image.rotate(d, torch.range(1, 4):view(1, 4):float(), math.pi, 'bilinear')
    print(torch.type(d), d[1][1], d[1][4])
    print(pcall(image.rotate, x, x, 1))
    """)
    r = rows(out)
    assert r[:6] == ["3 6 9", "2 5 8", "1 4 7", "9 8 7", "6 5 4", "3 2 1"]
    assert r[6] == "torch.FloatTensor\t4\t1"
    assert r[7].startswith("false") and "in-place rotate not supported" in r[7]
