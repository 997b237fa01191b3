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
