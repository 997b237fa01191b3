"""Golden test: th's printing.lua output, byte for byte (tests/data/printing.out is real torch7)."""
import os
import re

from conftest import run_cli

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shared", "reference")


def _split_case(text, n):
    """Return (before, block of case n, after)."""
    start = text.index("case %d\t\n" % n)
    end = text.index("case %d\t\n" % (n + 1))
    return text[:start], text[start:end], text[end:]


def test_printing_golden():
    r = run_cli(os.path.join(DATA, "printing.lua"))
    assert r.returncode == 0, r.stderr
    with open(os.path.join(DATA, "printing.out")) as f:
        want = f.read()
    got = r.stdout
    # case 26, torch.Tensor(2, 0): torch7 prints 2 uninitialised doubles; ours are zeroed.
    # Its form (1-D, 2 elements, the size footer) must still match.
    gb, gblock, ga = _split_case(got, 26)
    wb, wblock, wa = _split_case(want, 26)
    assert gb == wb
    assert ga == wa
    glines = [l for l in gblock.splitlines() if l]
    wlines = [l for l in wblock.splitlines() if l]
    assert glines[-1] == wlines[-1] == "[torch.DoubleTensor of size 2]"
    values = [l for l in glines[1:-1] if not re.match(r"^\S+ \*$", l)]
    assert len(values) == 2 and all(re.match(r"^ *-?[0-9.e+-]+$", v) for v in values)


def test_printing_everything_else_identical():
    # the whole file outside case 26 must be identical
    r = run_cli(os.path.join(DATA, "printing.lua"))
    with open(os.path.join(DATA, "printing.out")) as f:
        want = f.read()
    gb, _, ga = _split_case(r.stdout, 26)
    wb, _, wa = _split_case(want, 26)
    assert gb + ga == wb + wa


def test_table_print_order_is_the_same_in_every_run():
    """The LuaJIT inside lupa seeds its string hash at random, so pairs() order changes between runs;
    printed tables list the array part first, then the other keys sorted, in every process."""
    code = ("print({zeta=1, alpha=2, 'first', 'second', mid={y=1, x=2}, [10]=3, [2.5]=4, "
            "beta=true, gamma='g', delta=5, eps=6})")
    want = ("{\n  1 : \"first\"\n  2 : \"second\"\n  2.5 : 4\n  10 : 3\n  alpha : 2\n  beta : true\n"
            "  delta : 5\n  eps : 6\n  gamma : \"g\"\n  mid : \n    {\n      x : 2\n      y : 1\n    }\n"
            "  zeta : 1\n}\n")
    for _ in range(3):
        p = run_cli("-e", code)
        assert p.returncode == 0 and p.stdout == want, p.stdout + p.stderr
