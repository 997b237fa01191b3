"""nn base classes: Module, Container, Sequential, Linear, Identity, utils, Jacobian."""
import os
import re

from conftest import SHARED


def ref_values(name):
    with open(os.path.join(SHARED, "reference", "random.out")) as f:
        for line in f:
            if line.startswith(name + " "):
                return [float(v) for v in line.split()[1:]]
    raise KeyError(name)


def test_linear_init_matches_torch7(lua):
    out = lua("""
    require 'nn'
    torch.manualSeed(5)
    local l = nn.Linear(3, 2)
    local w, b = {}, {}
    for i = 1, 2 do for j = 1, 3 do w[#w+1] = string.format('%.17g', l.weight[i][j]) end end
    for i = 1, 2 do b[#b+1] = string.format('%.17g', l.bias[i]) end
    print(table.concat(w, ' ')); print(table.concat(b, ' '))
    """)
    w, b = out.strip().split("\n")
    assert [float(v) for v in w.split()] == ref_values("Linear.weight")
    assert [float(v) for v in b.split()] == ref_values("Linear.bias")


def test_sequential_print_and_aliasing(lua):
    out = lua("""
    require 'nn'
    local m = nn.Sequential():add(nn.Linear(3, 4))
    print(m)
    local x = torch.randn(3)
    local y = m:forward(x)
    print(rawequal(y, m:get(1).output), rawequal(m.output, m:get(1).output))
    print(nn.Linear(2, 5, false))
    """)
    assert out.startswith("nn.Sequential {\n  [input -> (1) -> output]\n  (1): nn.Linear(3 -> 4)\n}\n")
    assert "true\ttrue" in out
    assert "nn.Linear(2 -> 5) without bias" in out
