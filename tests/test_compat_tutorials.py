"""Behaviours the torch/tutorials scripts (2_supervised, 5_newmodules, coursera) rely on,
checked against torch7's semantics."""


def test_subtractive_normalization_scales_kernel_like_torch7(lua):
    # torch7's SpatialSubtractiveNormalization divides the averaging kernel in place by
    # sum * nInputPlane, for 1-D kernels too; only SpatialDivisiveNormalization divides a
    # 1-D kernel by sum * sqrt(nInputPlane).  The caller's tensor is the one changed.
    out = lua("""
        require 'nn'
        local k = torch.Tensor({1, 2, 3, 2, 1})           -- sum 9
        local s = nn.SpatialSubtractiveNormalization(4, k)
        print(s.kernel == k, string.format('%.6f %.6f', k[3], k:sum()))
        local k2 = torch.Tensor({1, 2, 3, 2, 1})
        nn.SpatialDivisiveNormalization(4, k2)
        print(string.format('%.6f %.6f', k2[3], k2:sum()))
        local k3 = torch.ones(3, 3)
        nn.SpatialSubtractiveNormalization(4, k3)
        print(string.format('%.6f', k3:sum()))
        -- a second module built on the same (already normalized) kernel leaves it as is
        nn.SpatialSubtractiveNormalization(4, k)
        print(string.format('%.6f', k:sum()))
        -- the output is a mean subtraction whatever the kernel's scale
        local x = torch.randn(4, 6, 6)
        local a = nn.SpatialSubtractiveNormalization(4, torch.Tensor({1, 2, 1})):forward(x):clone()
        local b = nn.SpatialSubtractiveNormalization(4, torch.Tensor({1, 2, 1}) * 10):forward(x)
        print(torch.abs(a - b):max() < 1e-12)
    """).split("\n")
    assert out[0].split("\t")[:2] == ["true", "%.6f %.6f" % (3 / 36, 0.25)]
    assert out[1].strip() == "%.6f %.6f" % (3 / 18, 0.5)
    assert out[2].strip() == "0.250000"
    assert out[3].strip() == "0.250000"
    assert out[4].strip() == "true"


def test_divisive_normalization_thresval_defaults_to_threshold(lua):
    # torch7: thresval = thresval or threshold or 1e-4, so a local std at or below the
    # threshold is replaced by the threshold itself when no thresval is given
    out = lua("""
        require 'nn'
        local d = nn.SpatialDivisiveNormalization(1, torch.ones(3, 3), 0.5)
        print(d.threshold, d.thresval)
        local y = d:forward(torch.Tensor(1, 3, 3):fill(0.1))
        print(string.format('%.6f', y[1][2][2]))
        local d2 = nn.SpatialDivisiveNormalization(1, torch.ones(3, 3))
        print(d2.threshold, d2.thresval)
    """).split("\n")
    assert out[0].split() == ["0.5", "0.5"]
    assert out[1].strip() == "0.200000"
    assert out[2].split() == ["0.0001", "0.0001"]


def test_normalization_modules_keep_torch7_fields(lua):
    # A saved SpatialSubtractive/DivisiveNormalization must run in torch7, whose
    # updateOutput goes through meanestimator/stdestimator/divider/...; those fields must
    # compute what luann's forward computes.  Building them draws from the generator
    # like torch7 (the convolutions' reset), so later layers get torch7's weights.
    out = lua("""
        require 'nn'
        local function t7_sub(s, x)
           local coef = s.meanestimator:updateOutput(torch.ones(x:size())):clone()
           local sums = s.meanestimator:updateOutput(x):clone()
           return s.subtractor:updateOutput{x, s.divider:updateOutput{sums, coef}}
        end
        local function t7_div(s, x)
           local stds = s.stdestimator:updateOutput(x):clone()
           local coef = s.meanestimator:updateOutput(torch.ones(x:size())):clone()
           local th = s.thresholder:updateOutput(s.divider:updateOutput{stds, coef})
           return s.normalizer:updateOutput{x, th}
        end
        local worst = 0
        for _, n in ipairs{1, 3} do
           for _, k in ipairs{torch.Tensor({1, 3, 5, 3, 1}), torch.rand(3, 5):add(0.1)} do
              local x = torch.randn(n, 7, 8)
              local s = nn.SpatialSubtractiveNormalization(n, k:clone())
              local d = nn.SpatialDivisiveNormalization(n, k:clone(), 0.05)
              worst = math.max(worst, (t7_sub(s, x) - s:forward(x)):abs():max(),
                                      (t7_div(d, x) - d:forward(x)):abs():max())
           end
        end
        print(worst < 1e-12)
        torch.manualSeed(5)
        nn.SpatialSubtractiveNormalization(4, torch.ones(7))
        local a = torch.uniform()
        torch.manualSeed(5)
        nn.SpatialConvolutionMap(nn.tables.oneToOne(4), 7, 1)
        nn.SpatialConvolution(4, 1, 1, 7)
        print(a == torch.uniform())
        local f = torch.MemoryFile()
        f:writeObject(nn.SpatialContrastiveNormalization(2, torch.ones(5)))
        f:seek(1)
        local c = f:readObject()
        local sub, div = c.normalizer.modules[1], c.normalizer.modules[2]
        print(torch.type(sub.meanestimator), torch.type(div.stdestimator), torch.type(div.thresholder),
              sub.coef:dim())
    """).split("\n")
    assert out[0].strip() == "true"
    assert out[1].strip() == "true"
    assert out[2].split() == ["nn.Sequential", "nn.Sequential", "nn.Threshold", "3"]


def test_user_class_cannot_replace_a_builtin_nn_class(tmp_path):
    # torch7 defines every nn class on require 'nn', so a user file declaring
    # torch.class('nn.Dropout', 'nn.Module') (5_newmodules/Dropout.lua) fails there even
    # though luann loads nn.Dropout lazily; a new name is fine.
    from conftest import run_cli
    (tmp_path / "MyDropout.lua").write_text(
        "require 'nn'\nlocal D, P = torch.class('nn.Dropout', 'nn.Module')\n")
    (tmp_path / "main.lua").write_text(
        "require 'nn'\n"
        "local N, P = torch.class('nn.BrandNewThing', 'nn.Module')\n"
        "print(torch.type(nn.BrandNewThing()), P == torch.getmetatable('nn.Module'))\n"
        "print(pcall(torch.class, 'torch.CmdLine'))\n"
        "require 'MyDropout'\n")
    r = run_cli("main.lua", cwd=str(tmp_path))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "nn.BrandNewThing\ttrue\t"
    assert lines[1].startswith("false\t") and "torch.CmdLine has been already assigned a factory" in lines[1]
    assert "MyDropout.lua:2: class nn.Dropout has been already assigned a parent class" in r.stderr
    assert "Traceback (most recent call last)" not in r.stderr


def test_rgb2yuv_follows_torch7_output_rules(lua):
    # torch7: output = output or input.new(); output:resizeAs(input); then each output plane
    # is zeroed and accumulated from the input planes, in place.
    out = lua("""
        require 'image'
        local img = torch.FloatTensor(3, 2, 2):uniform()
        local out = torch.FloatTensor()
        local r = image.rgb2yuv(out, img)
        print(r == out, out:dim(), out:size(1), out:size(2), torch.type(out))
        print(torch.type(image.rgb2yuv(img)), image.rgb2yuv(torch.rand(4, 3, 5)):size(1))
        local back = image.yuv2rgb(torch.Tensor(), image.rgb2yuv(img:double()))
        print((back - img:double()):abs():max() < 1e-4)
        -- an output that is the input: planes already written are read back, as in torch7
        local p = torch.Tensor({1, 2, 3}):view(3, 1, 1)
        image.rgb2yuv(p, p)
        local y = 0.587 * 2 + 0.114 * 3                 -- red was zeroed first
        local u = -0.14713 * y
        u = u - 0.28886 * u + 0.436 * 3                 -- green is the U plane itself
        local v = 0.615 * y - 0.51499 * u
        v = v - 0.10001 * v                             -- blue is the V plane itself
        print(math.abs(p[1][1][1] - y) < 1e-12, math.abs(p[2][1][1] - u) < 1e-12,
              math.abs(p[3][1][1] - v) < 1e-12)
    """).split("\n")
    assert out[0].split() == ["true", "3", "3", "2", "torch.FloatTensor"]
    assert out[1].split() == ["torch.FloatTensor", "4"]
    assert out[2].strip() == "true"
    assert out[3].split() == ["true", "true", "true"]


def test_rgb2y_resizes_a_given_output_and_rounds_once(lua):
    # torch7: output:resize(1, H, W) whatever it was, and each pixel is computed in double
    # then stored (one rounding to float)
    out = lua("""
        require 'image'
        local img = torch.FloatTensor(3, 4, 5):uniform()
        local out = torch.FloatTensor(7)
        image.rgb2y(out, img)
        print(out:dim(), out:size(1), out:size(2), out:size(3))
        local d = img:double()
        local want = (d[1] * 0.299 + d[2] * 0.587 + d[3] * 0.114):float()
        print(torch.eq(out[1], want):all())
        local dimg = torch.rand(3, 2, 2)
        local keep = dimg:clone()
        image.rgb2y(dimg)
        print(torch.eq(dimg, keep):all())
    """).split("\n")
    assert out[0].split() == ["3", "1", "4", "5"]
    assert out[1].strip() == "true"
    assert out[2].strip() == "true"
