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
