"""Examples from torch/nn's own documentation (doc/*.md), run as written: what they print
must match what torch7 printed."""


def rows(out):
    return [l.rstrip("\t") for l in out.splitlines()]


def test_table_unpack_and_pack_exist(lua):
    # torch7's LuaJIT is built with Lua 5.2 compatibility; table.md writes
    # `=table.unpack(nn.SelectTable(1):backward(input, ...))`
    out = lua("""
    require 'nn'
    local input = {torch.ones(2, 3), torch.ones(2, 1)}
    local a, b = table.unpack(nn.SelectTable(1):backward(input, torch.ones(2, 3)))
    print(a:sum(), b:sum(), b:size(1), b:size(2))
    local p = table.pack(1, nil, 3)
    print(p.n, p[1], p[3])
    """)
    assert rows(out) == ["6\t0\t2\t1", "3\t1\t3"]


def test_maptable_without_module_prints_empty_braces(lua):
    out = lua("""
    require 'nn'
    print(nn.MapTable())
    print(nn.MapTable(nn.Sequential():add(nn.Tanh())))
    """)
    assert out.splitlines() == [
        "nn.MapTable { }",
        "nn.MapTable {",
        "  nn.Sequential {",
        "          [input -> (1) -> output]",
        "          (1): nn.Tanh",
        "        }",
        "}",
    ]
