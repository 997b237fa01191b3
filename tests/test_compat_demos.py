"""Behaviours that real-world torch7 scripts (the torch/demos repository) rely on."""


def test_numeric_strings_are_numbers(lua, lua_err):
    # torch7 reads table elements and assigned values with lua_isnumber/lua_tonumber, so the
    # strings a CSV reader returns ('3', ' 2.5', '0x10') build and fill tensors directly
    out = lua("""
local t = torch.Tensor({{'1', ' 2.5'}, {3, '0x10'}})
print(t[1][2], t[2][2], torch.IntStorage({'7', 8})[1])
t[1][1] = '-4'; t[{2, 1}] = '6'; t[2] = '9'
print(t[1][1], t[2][1], t[2][2])
""")
    assert out == "2.5\t16\t7\t\n-4\t9\t9\t\n"
    assert "only numbers" in lua_err("local t = torch.Tensor({'x1'})")
    assert "number expected, got string" in lua_err("local t = torch.Tensor(2); t[1] = 'abc'")
