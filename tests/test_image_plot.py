"""image (Pillow), gnuplot and itorch.Plot (matplotlib Agg): files written, sizes, pixel statistics."""
import os
import re

import numpy as np
import pytest

PIL = pytest.importorskip("PIL")
pytest.importorskip("matplotlib")
from PIL import Image  # noqa: E402


@pytest.fixture
def outdir(tmp_path, monkeypatch):
    monkeypatch.setenv("LUANN_ITORCH_DIR", str(tmp_path / "itorch"))
    return tmp_path


def png(path):
    im = Image.open(str(path))
    im.load()
    return im


def test_lena_is_a_bundled_colour_picture(lua):
    out = lua("require 'image'; local l = image.lena(); "
              "print(torch.typename(l), l:size(1), l:size(2), l:size(3), l:min() >= 0, l:max() <= 1)\n"
              "for c = 1, 3 do print(l[c]:mean(), l[c]:std()) end")
    lines = out.strip().split("\n")
    assert lines[0] == "torch.DoubleTensor\t3\t128\t128\ttrue\ttrue\t"
    for ln in lines[1:]:
        mean, std = (float(v) for v in ln.split())
        assert 0.2 < mean < 0.8 and std > 0.1


def test_save_load_roundtrip_png_jpeg_byte(lua, tmp_path):
    p, j = tmp_path / "a.png", tmp_path / "a.jpg"
    out = lua(f"""
        require 'image'
        local l = image.lena()
        image.save('{p}', l)
        local b = image.load('{p}')
        print((b - l):abs():max() <= 0.5 / 255 + 1e-9, b:size(1))
        image.save('{j}', l)
        local c = image.load('{j}', 3)
        print((c - l):abs():mean() < 0.03)
        local bt = image.load('{p}', 3, 'byte')
        print(torch.typename(bt), bt:max(), bt[1][1][1] == math.floor(l[1][1][1] * 255 + 0.5))
        local g = image.load('{p}', 1)
        print(g:size(1), g:size(2), g:size(3))
        image.save('{tmp_path / "g.png"}', g[1])
    """)
    assert out.split("\n")[:4] == ["true\t3\t", "true\t", "torch.ByteTensor\t255\ttrue\t", "1\t128\t128\t"]
    im = png(tmp_path / "a.png")
    assert im.size == (128, 128) and im.mode == "RGB"
    assert png(tmp_path / "g.png").mode == "L"


def test_geometry_and_colour(lua):
    out = lua("""
        require 'image'
        local l = image.lena()
        local s = image.scale(l, 64, 32)
        print(s:size(1), s:size(2), s:size(3))
        local s2 = image.scale(l, 32)
        print(s2:size(2), s2:size(3))
        print(math.abs(s:mean() - l:mean()) < 0.02)
        local c = image.crop(l, 10, 20, 50, 40)
        print(c:size(2), c:size(3), c[1][1][1] == l[1][21][11])
        local cc = image.crop(l, 'c', 16, 8)
        print(cc:size(2), cc:size(3))
        print(image.hflip(l)[2][5][1] == l[2][5][128], image.vflip(l)[3][1][7] == l[3][128][7])
        local t = image.translate(l, 3, 2)
        print(t[1][3][4] == l[1][1][1], t[1][1][1] == 0)
        local r = image.rotate(l, 0)
        print((r - l):abs():max() < 1e-6)
        local yuv = image.rgb2yuv(l)
        print((image.yuv2rgb(yuv) - l):abs():max() < 1e-3)
        local y = image.rgb2y(l)
        print(y:size(1), math.abs(y[1][1][1] - (0.299*l[1][1][1] + 0.587*l[2][1][1] + 0.114*l[3][1][1])) < 1e-6)
        local hsl = image.rgb2hsl(l)
        print((image.hsl2rgb(hsl) - l):abs():max() < 1e-6)
        print(image.scale(l, '48x24'):size(3), image.scale(l, '*1/4'):size(2), image.flip(l, 2)[1][1][9] == l[1][128][9])
    """)
    assert out.split("\n")[:12] == [
        "3\t32\t64\t", "32\t32\t", "true\t", "20\t40\ttrue\t", "8\t16\t", "true\ttrue\t", "true\ttrue\t",
        "true\t", "true\t", "1\ttrue\t", "true\t", "48\t32\ttrue\t"]


def test_kernels_and_convolution(lua):
    out = lua("""
        require 'image'
        local g = image.gaussian{size = 5, normalize = true}
        print(g:size(1), g:size(2), math.abs(g:sum() - 1) < 1e-9, g[3][3] == g:max())
        local g1 = image.gaussian1D(7)
        print(g1:size(1), g1[4] == g1:max(), math.abs(g1[1] - g1[7]) < 1e-12)
        local lp = image.laplacian(5)
        print(lp:size(1), lp[3][3] == lp:max())
        local l = image.lena()
        print(image.convolve(l, g, 'valid'):size(2), image.convolve(l, g, 'same'):size(2), image.convolve(l, g, 'full'):size(2))
        local flat = torch.Tensor(1, 9, 9):fill(0.5)
        print(math.abs(image.convolve(flat, g)[1][3][3] - 0.5) < 1e-9)
    """)
    assert out.split("\n")[:5] == ["5\t5\ttrue\ttrue\t", "7\ttrue\ttrue\t", "5\ttrue\t", "124\t128\t132\t", "true\t"]


def test_to_display_tensor_and_itorch_image_outside_a_notebook(lua, outdir):
    out = lua("""
        require 'image'
        local l = image.lena()
        local d = image.toDisplayTensor{input = {l, l, l}, padding = 2}
        print(d:size(1), d:size(2), d:size(3), d:min() >= 0, d:max() <= 1)
        local m = image.toDisplayTensor{input = torch.randn(6, 5, 5), padding = 1, nrow = 3}
        print(m:nDimension(), m:size(1), m:size(2))
        local itorch = require 'itorch'
        itorch.image({l, l, l})
        itorch.html('<p>hello</p>')
    """)
    lines = out.split("\n")
    assert lines[0] == "3\t260\t260\ttrue\ttrue\t"
    assert lines[1] == "2\t12\t18\t"
    pngpath = lines[2].strip()
    htmlpath = lines[3].strip()
    assert pngpath.startswith(str(outdir)) and pngpath.endswith(".png")
    im = png(pngpath)
    assert im.size == (260, 260) and im.mode == "RGB"
    a = np.asarray(im).astype(float)
    # three copies of lena in a 2x2 grid: the bottom-right cell is padding only
    assert a[:128, :128].std() > 30
    assert a[140:, 140:].std() < 1
    assert open(htmlpath).read() == "<p>hello</p>"
    assert lua("print(rawget(_G, 'itorch') == nil)") == "true\t\n"


def test_gnuplot_png_figure(lua, tmp_path):
    p = tmp_path / "plot.png"
    out = lua(f"""
        require 'gnuplot'
        local x = torch.linspace(0, 6.28, 100)
        gnuplot.pngfigure('{p}')
        gnuplot.plot({{'sin', x, torch.sin(x), '-'}}, {{'cos', x, torch.cos(x), '+'}})
        gnuplot.title('waves')
        gnuplot.xlabel('t'); gnuplot.ylabel('v'); gnuplot.grid(true)
        gnuplot.axis({{0, 6.28, -1.2, 1.2}})
        gnuplot.raw('set key left')
        gnuplot.plotflush()
        gnuplot.closeall()
    """)
    assert "raw gnuplot commands are ignored" in out
    im = png(p)
    assert im.size == (640, 480)
    a = np.asarray(im.convert("RGB")).astype(float)
    white = (a > 245).all(axis=2).mean()
    assert 0.6 < white < 0.99           # mostly background, but something was drawn
    blue = ((a[..., 2] > 150) & (a[..., 0] < 100)).sum()
    orange = ((a[..., 0] > 200) & (a[..., 1] > 100) & (a[..., 2] < 80)).sum()
    assert blue > 200 and orange > 50   # the two series in matplotlib's first two colours


def test_gnuplot_hist_imagesc_splot_files(lua, tmp_path, outdir):
    out = lua(f"""
        require 'gnuplot'
        torch.manualSeed(1)
        gnuplot.svgfigure('{tmp_path / "h.svg"}')
        gnuplot.hist(torch.randn(2000), 30)
        gnuplot.pngfigure('{tmp_path / "i.png"}')
        gnuplot.imagesc(torch.rand(16, 16), 'gray')
        gnuplot.epsfigure('{tmp_path / "s.eps"}')
        gnuplot.splot(torch.rand(6, 6))
        gnuplot.closeall()
        gnuplot.figure(3)
        gnuplot.plot(torch.range(1, 10))
        gnuplot.closeall()
    """)
    assert open(tmp_path / "h.svg").read().lstrip().startswith("<?xml")
    assert open(tmp_path / "s.eps", "rb").read(4) == b"%!PS"
    a = np.asarray(png(tmp_path / "i.png").convert("RGB")).astype(float)
    assert a.std() > 20
    m = re.search(r"figure 3 is drawn in (\S+)", out)
    assert m and os.path.exists(m.group(1)) and png(m.group(1)).size == (640, 480)


def test_gnuplot_scatter3_named_point_sets(lua, lua_err, tmp_path):
    # the Oxford ML practical 6 (2016) draws PCA projections with scatter3({'0', x, y, z}, ...)
    lua(f"""
        require 'gnuplot'
        torch.manualSeed(2)
        local p = torch.randn(60, 3)
        gnuplot.pngfigure('{tmp_path / "s3.png"}')
        gnuplot.scatter3({{'a', p[{{{{1,30}}, 1}}], p[{{{{1,30}}, 2}}], p[{{{{1,30}}, 3}}]}},
                         {{'b', p[{{{{31,60}}, 1}}], p[{{{{31,60}}, 2}}], p[{{{{31,60}}, 3}}]}})
        gnuplot.scatter3(p:select(2, 1), p:select(2, 2), p:select(2, 3))
        gnuplot.plotflush()
    """)
    assert png(tmp_path / "s3.png").size == (640, 480)
    msg = lua_err("gnuplot.scatter3(torch.rand(3), torch.rand(3))")
    assert msg.startswith("test:1:") and "expecting [string,] tensor, tensor, tensor" in msg
    assert "x, y and z must be the same size" in lua_err("gnuplot.scatter3(torch.rand(3), torch.rand(3), torch.rand(4))")
    assert "x, y and z must be 1D" in lua_err("gnuplot.scatter3(torch.rand(3, 1), torch.rand(3), torch.rand(3))")


def test_gnuplot_figprint_and_bar(lua, lua_err, tmp_path):
    # saving the loss curve for a hand-in: figprint writes the current screen figure to a file
    lua(f"""
        require 'gnuplot'
        gnuplot.figure()
        gnuplot.plot(torch.range(1, 20), torch.range(1, 20):pow(-1))
        gnuplot.figprint('{tmp_path / "loss.png"}')
        gnuplot.bar(torch.Tensor{{3, 1, 2}})
        gnuplot.figprint('{tmp_path / "bar.eps"}')
        gnuplot.plot(torch.range(1, 4), torch.Tensor{{1, 3, 2, 4}}, '|')
        gnuplot.figprint('{tmp_path / "boxes.pdf"}')
    """)
    assert png(tmp_path / "loss.png").size == (1024, 768)
    assert open(tmp_path / "bar.eps", "rb").read(4) == b"%!PS"
    assert open(tmp_path / "boxes.pdf", "rb").read(4) == b"%PDF"
    msg = lua_err("gnuplot.figprint('plot.jpg')")
    assert msg.startswith("test:1:") and "only eps and png and pdf for figprint" in msg


def test_gnuplot_imagesc_is_grayscale_unless_a_palette_is_named(lua, tmp_path):
    lua(f"""
        require 'gnuplot'
        local m = torch.linspace(0, 1, 64):resize(8, 8)
        gnuplot.pngfigure('{tmp_path / "default.png"}')
        gnuplot.imagesc(m)
        gnuplot.pngfigure('{tmp_path / "color.png"}')
        gnuplot.imagesc(m, 'color')
        gnuplot.closeall()
    """)

    def chroma(name):
        a = np.asarray(png(tmp_path / name).convert("RGB")).astype(float)
        return (a.max(axis=2) - a.min(axis=2)).max()

    assert chroma("default.png") < 40     # gray cells (only antialiased text/ticks may tint)
    assert chroma("color.png") > 100


def test_gnuplot_errors_are_lua_errors(lua, lua_err):
    lua("require 'gnuplot'; require 'image'")
    assert "gnuplot.imagesc: expected a 2D tensor" in lua_err("gnuplot.imagesc(torch.rand(3))")
    assert "unknown style" in lua_err("gnuplot.plot(torch.rand(3), 'q')")
    assert "image.load: file not found" in lua_err("image.load('/nonexistent/x.png')")
    assert "image.crop" in lua_err("image.crop(image.lena(), 0, 0, 500, 500)")


def test_itorch_plot_save(lua, tmp_path):
    p = tmp_path / "p.png"
    lua(f"""
        local itorch = require 'itorch'
        local x = torch.range(1, 50)
        local plot = itorch.Plot():line(x, x:clone():pow(2), 'red', 'square'):circle(x, x * 40, 'blue', 'lin')
        plot:histogram(torch.rand(100) * 2000, 10)
        plot:title('Plot'):xaxis('x'):yaxis('y'):legend(true):save('{p}')
        local html = plot:tohtml()
        print(#html > 1000, html:sub(1, 32))
    """)
    im = png(p)
    assert im.size == (640, 480)
    a = np.asarray(im.convert("RGB")).astype(float)
    red = ((a[..., 0] > 200) & (a[..., 1] < 60) & (a[..., 2] < 60)).sum()
    assert red > 100
