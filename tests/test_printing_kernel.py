"""luann.kernels.printing against real torch7 output (no Lua needed).

The expected strings are parsed out of /work/shared/reference/printing.out,
produced by running /work/shared/reference/printing.lua with torch7's `th`.
th's print() adds one "\n" after a tensor's string, so each block there is
the tostring() result followed by one empty line.
"""

import os
import re
import time

import numpy as np
import pytest

try:
    from luann.kernels import printing as P
except Exception:  # the package __init__ pulls in the Lua runtime; this
    # kernel is pure Python, so test it standalone if the rest is not importable
    import importlib.util

    _path = os.path.join(os.path.dirname(__file__), "..", "luann", "kernels", "printing.py")
    _spec = importlib.util.spec_from_file_location("_luann_printing_kernel", _path)
    P = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(P)

format_number = P.format_number
format_storage = P.format_storage
format_tensor = P.format_tensor
format_tensor_nodim = P.format_tensor_nodim
print_format = P.print_format

REF_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shared", "reference")
OUT_PATH = os.path.join(REF_DIR, "printing.out")

pytestmark = pytest.mark.skipif(
    not os.path.exists(OUT_PATH), reason="reference printing.out not available"
)


def _blocks():
    with open(OUT_PATH) as f:
        text = f.read()
    # "case N\t\n" headers; the case section ends at the line printed by
    # print(1, 2.5, 'str', true, nil, 1e100, 1/3)
    tail_at = text.index("1\t2.5\t")
    body, tail = text[:tail_at], text[tail_at:]
    parts = re.split(r"^case (\d+)\t\n", body, flags=re.M)
    assert parts[0] == ""
    blocks = {}
    for i in range(1, len(parts), 2):
        block = parts[i + 1]
        assert block.endswith("\n\n"), (parts[i], block)
        blocks[int(parts[i])] = block[:-1]  # drop the "\n" print() added
    return blocks, tail


BLOCKS, TAIL = _blocks() if os.path.exists(OUT_PATH) else ({}, "")

D = "torch.DoubleTensor"


def t(values, dtype=np.float64):
    return np.array(values, dtype=dtype)


# case number -> (kind, array, typename); kind: 'tensor' | 'storage' | 'nodim'
CASES = {
    1: ("tensor", t([1, 2, 3]), D),
    2: ("tensor", t([1.5, -2.25, 3]), D),
    3: ("tensor", t([0.001, 0.002]), D),
    4: ("tensor", t([1e-5, 3e-5, -2e-6]), D),
    5: ("tensor", t([123.456, 7.1]), D),
    6: ("tensor", t([1234567, 1]), D),
    7: ("tensor", t([1e10, 1]), D),
    8: ("tensor", t([1e-10, 1]), D),
    9: ("tensor", t([0, 0, 0]), D),
    10: ("tensor", t([-1, -2]), D),
    11: ("tensor", t([100, 200, 300]), D),
    12: ("tensor", t([100.5, 200]), D),
    13: ("tensor", t([0.1, 0.25, 0.5]), D),
    14: ("tensor", t([np.inf, 1]), D),
    15: ("tensor", t([np.nan, 1]), D),
    16: ("tensor", t([[1, 2], [3, 4]]), D),
    17: ("tensor", t([[1e-3, 2], [3, 4]]), D),
    18: ("tensor", t([[0.01, 0.02], [0.03, 0.04]]), D),
    19: ("tensor", t([[-1.5, 1000], [2, 3]]), D),
    20: ("tensor", np.arange(1, 31, dtype=np.float64).reshape(3, 10), D),
    21: ("tensor", np.arange(1, 61, dtype=np.float64).reshape(2, 30) / 7, D),
    22: ("tensor", np.arange(1, 17, dtype=np.float64).reshape(2, 2, 2, 2), D),
    23: ("tensor", np.arange(1, 9, dtype=np.float64).reshape(2, 2, 2) * 1000.5, D),
    # torch.Tensor(): no dimension
    24: ("nodim", None, D),
    # torch.Tensor(0): torch7 drops size-0 dims -> no dimension
    25: ("tensor", np.empty((0,)), D),
    # torch.Tensor(2, 0): in this torch7 the size-0 dim is dropped, leaving a
    # 1-D tensor of 2 *uninitialised* doubles; th happened to print these.
    26: ("tensor", t([1.6976e-313, 0.0]), D),
    27: ("tensor", t([1, -20, 300], np.int64), "torch.LongTensor"),
    28: ("tensor", t([[1, 2], [30, 4]], np.int64), "torch.LongTensor"),
    29: ("tensor", t([5, 6], np.int32), "torch.IntTensor"),
    30: ("tensor", t([7], np.int16), "torch.ShortTensor"),
    31: ("tensor", t([-3, 4], np.int8), "torch.CharTensor"),
    32: ("tensor", t([0, 255], np.uint8), "torch.ByteTensor"),
    33: ("tensor", t([1.25, 3.5], np.float32), "torch.FloatTensor"),
    34: ("tensor", t([[0.001]], np.float32), "torch.FloatTensor"),
    35: ("tensor", t([7]), D),
    36: ("storage", t([1, 2, 3]), "torch.DoubleStorage"),
    37: ("storage", t([2, 3], np.int64), "torch.LongStorage"),
    # torch.Tensor(3, 4):zero():size()
    38: ("storage", t([3, 4], np.int64), "torch.LongStorage"),
}


def test_all_reference_cases_covered():
    assert sorted(BLOCKS) == sorted(CASES) == list(range(1, 39))


@pytest.mark.parametrize("n", sorted(CASES))
def test_reference_case(n):
    kind, arr, typename = CASES[n]
    if kind == "tensor":
        got = format_tensor(arr, typename)
    elif kind == "storage":
        got = format_storage(arr, typename)
    else:
        got = format_tensor_nodim(typename)
    assert got == BLOCKS[n]


def test_format_number_reference_line():
    line = TAIL.split("\n", 1)[0]
    # print(1, 2.5, 'str', true, nil, 1e100, 1/3)
    fields = line.split("\t")
    assert fields[-1] == ""  # th's print ends every field with a tab
    assert fields[0] == format_number(1)
    assert fields[1] == format_number(2.5)
    assert fields[5] == format_number(1e100)
    assert fields[6] == format_number(1 / 3)
    assert fields[:7] == [format_number(1), format_number(2.5), "str", "true",
                          "nil", format_number(1e100), format_number(1 / 3)]


def test_reference_tail_tensors():
    # print(torch.Tensor{1, 2}, 'after') / io.write(tostring(...)) / %s
    assert format_tensor(t([1, 2]), D) + "\nafter\t\n" in TAIL
    # io.write(tostring(t)); print(); print(string.format('%s', torch.Tensor{3}))
    assert (format_tensor(t([1, 2]), D) + format_tensor(t([3]), D) + "\t\n") in TAIL
    # print(#torch.Tensor(2, 3)) prints the LongStorage {2, 3}
    assert format_storage(t([2, 3], np.int64), "torch.LongStorage") in TAIL


def test_format_number_misc():
    assert format_number(3) == "3"
    assert format_number(-0.5) == "-0.5"
    assert format_number(float("inf")) == "inf"
    assert format_number(float("-inf")) == "-inf"
    assert format_number(float("nan")) == "nan"
    assert format_number(2 ** 53) == "9.007199254741e+15"
    assert format_number(1e15) == "1e+15"
    assert format_number(123456789012) == "123456789012"


# --- documented examples (torch7-api.md section 2, verified with torch7) ----


def test_doc_examples():
    assert format_tensor(np.arange(1, 21.0).reshape(4, 5), D) == (
        "  1   2   3   4   5\n  6   7   8   9  10\n 11  12  13  14  15\n"
        " 16  17  18  19  20\n[torch.DoubleTensor of size 4x5]\n")
    assert format_tensor(t([[0.5, -0.25, 0.125], [0.0625, 1.5, 2.25]]), D) == (
        " 0.5000 -0.2500  0.1250\n 0.0625  1.5000  2.2500\n"
        "[torch.DoubleTensor of size 2x3]\n")
    assert format_tensor(t([0.05, 0.012, 0.003]), D) == (
        "0.01 *\n 5.0000\n 1.2000\n 0.3000\n[torch.DoubleTensor of size 3]\n")
    assert format_tensor(t([123456.5, 2.5]), D) == (
        " 1.2346e+05\n 2.5000e+00\n[torch.DoubleTensor of size 2]\n")
    x = (np.arange(1, 7.0) * 1e6 + 0.5).astype(np.float32).reshape(2, 3)
    assert format_tensor(x, "torch.FloatTensor") == (
        "1e+06 *\n  1.0000  2.0000  3.0000\n  4.0000  5.0000  6.0000\n"
        "[torch.FloatTensor of size 2x3]\n")
    assert format_tensor(t([12.5, -3.25, 100.125]), D) == (
        "  12.5000\n  -3.2500\n 100.1250\n[torch.DoubleTensor of size 3]\n")
    assert format_tensor(np.zeros((2, 2)), D) == (
        " 0  0\n 0  0\n[torch.DoubleTensor of size 2x2]\n")
    assert format_tensor(t([-3, 10, 200], np.int64), "torch.LongTensor") == (
        "  -3\n  10\n 200\n[torch.LongTensor of size 3]\n")
    assert format_tensor(t([12345678901, 1], np.int64), "torch.LongTensor") == (
        " 1.2346e+10\n 1.0000e+00\n[torch.LongTensor of size 2]\n")
    assert format_tensor(np.arange(1, 13.0).reshape(2, 2, 3), D) == (
        "(1,.,.) = \n   1   2   3\n   4   5   6\n\n(2,.,.) = \n   7   8   9\n"
        "  10  11  12\n[torch.DoubleTensor of size 2x2x3]\n")
    assert format_storage(np.empty((0,)), "torch.DoubleStorage") == (
        "[torch.DoubleStorage of size 0]\n")


def test_columns_without_scale():
    x = np.arange(1, 25.0).reshape(2, 12) + 0.5
    s = format_tensor(x, D)
    assert s.startswith("Columns 1 to 8\n  1.5000   2.5000   3.5000")
    assert "\n 13.5000  14.5000" in s
    assert "\n\nColumns 9 to 12\n  9.5000  10.5000  11.5000  12.5000\n" in s
    assert s.endswith(" 21.5000  22.5000  23.5000  24.5000\n"
                      "[torch.DoubleTensor of size 2x12]\n")


def test_columns_with_scale_in_3d():
    x = np.arange(1, 49.0).reshape(2, 2, 12) * 0.001
    s = format_tensor(x, D)
    assert s.startswith("(1,.,.) = \n Columns 1 to 9\n 0.01 *\n   0.1000  0.2000")
    assert "\n\nColumns 10 to 12\n 0.01 *\n   1.0000  1.1000  1.2000\n" in s
    assert "\n\n(2,.,.) = \n Columns 1 to 9\n 0.01 *\n" in s
    assert s.endswith("[torch.DoubleTensor of size 2x2x12]\n")


def test_nd_first_index_fastest():
    x = np.arange(1, 25.0).reshape(2, 3, 2, 2)
    s = format_tensor(x, D)
    heads = re.findall(r"^\((\d),(\d),\.,\.\) = $", s, flags=re.M)
    assert heads == [("1", "1"), ("2", "1"), ("1", "2"), ("2", "2"),
                     ("1", "3"), ("2", "3")]
    # slice (2,1) holds x[1, 0]
    assert "(2,1,.,.) = \n  13  14\n  15  16\n" in s


def test_format_choice():
    assert print_format(t([1, 2, 3])) == ("%2d", None, 2)
    assert print_format(t([np.nan, 1]))[0] == "%f"
    assert print_format(t([1, np.nan]))[0] == "%f"  # max/min propagate NaN
    assert print_format(t([1e-150, 1]))[0] == "%12.4e"
    assert print_format(t([0.5, 0.25]))[:2] == ("%7.4f", None)
    assert print_format(t([1.5e6 + 0.5, 2.5e6]))[:2] == ("%7.4f", 1e6)
    assert print_format(t([1e9, 2], np.int64))[0] == "%11.4e"
    assert print_format(np.empty((0,)))[0] == ""


def test_nan_inf_layouts():
    assert format_tensor(t([1, np.nan]), D) == (
        "1.000000\nnan\n[torch.DoubleTensor of size 2]\n")
    assert format_tensor(t([-np.inf, 1]), D) == (
        "       -inf\n 1.0000e+00\n[torch.DoubleTensor of size 2]\n")
    # NaN format '%f' keeps all columns on one line
    x = np.ones((1, 30))
    x[0, 0] = np.nan
    s = format_tensor(x, D)
    assert "Columns" not in s
    assert s == "nan " + " ".join(["1.000000"] * 29) + "\n[torch.DoubleTensor of size 1x30]\n"


def test_no_dimension():
    assert format_tensor_nodim("torch.FloatTensor") == "[torch.FloatTensor with no dimension]\n"
    assert format_tensor(np.empty((2, 0)), D) == "[torch.DoubleTensor with no dimension]\n"
    assert format_tensor(np.float64(3.0), D) == "[torch.DoubleTensor with no dimension]\n"


def test_big_tensor_is_fast():
    rng = np.random.RandomState(0)
    x = rng.uniform(1, 9, size=(1000, 1000))
    t0 = time.perf_counter()
    s = format_tensor(x, D)
    dt = time.perf_counter() - t0
    assert s.endswith("[torch.DoubleTensor of size 1000x1000]\n")
    assert s.count("Columns ") == 100  # %7.4f -> 10 per line
    assert dt < 2.0, dt  # typically ~0.3 s; generous for a loaded machine
