"""Examples and argument forms of torch7's doc/maths.md that luann got wrong once."""


def test_cat_default_dimension_is_last_of_largest_input(lua, lua_err):
    # no dimension (or -1): the last dimension of the input with the most dimensions
    out = lua("print(torch.cat(torch.ones(2), torch.ones(2, 2) * 2))\n"
              "print(torch.cat(torch.ones(2, 2), torch.zeros(2, 3), -1):size(2))\n"
              "print(torch.cat({torch.Tensor(), torch.ones(1, 2)}, 1):size(1))")
    assert _lines(out) == " 1  2  2\n 1  2  2\n[torch.DoubleTensor of size 2x3]\n\n5\n1\n"
    assert "invalid dimension -2" in lua_err("torch.cat(torch.ones(2), torch.ones(2), -2)")


def _lines(out):
    return out.replace("\t\n", "\n")   # print ends each value with a tab, as th's print
