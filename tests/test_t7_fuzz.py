"""Safety of torch.load on truncated and corrupted .t7 files: every failure is a Lua error naming the
file and a byte offset; nothing crashes, hangs or allocates more than the file justifies."""
import os
import random

import pytest

from conftest import SHARED

T7 = os.path.join(SHARED, "reference", "t7")
FILES = [("types", "binary"), ("mlp", "binary"), ("shared", "binary"), ("conv", "binary"),
         ("conv_cuda", "binary"), ("types_ascii", "ascii"), ("mlp_ascii", "ascii")]


@pytest.mark.parametrize("name,mode", FILES)
def test_truncations_and_byte_flips(rt, capfd, name, mode):
    path = os.path.join(T7, name + ".t7")
    n = os.path.getsize(path)
    code = r"""
local path, mode, seed = %r, %r, %d
local f = io.open(path, 'rb'); local data = f:read('*a'); f:close()
math.randomseed(seed)
local bad, tried, loaded = {}, 0, 0
local function try(s)
   tried = tried + 1
   local ok, err = pcall(torch.deserialize, s, mode)
   if ok then loaded = loaded + 1
   elseif type(err) ~= 'string' or not err:find('^fuzz:%%d+: <serialized>: corrupt at byte %%d+: ') then
      bad[#bad + 1] = tostring(err)
   end
end
local step = math.max(1, math.floor(#data / 150))
for cut = 0, #data - 1, step do try(data:sub(1, cut)) end
for i = 1, 300 do
   local s = data
   for j = 1, math.random(1, 3) do
      local p = math.random(1, #s)
      s = s:sub(1, p - 1) .. string.char(math.random(0, 255)) .. s:sub(p + 1)
   end
   try(s)
end
fuzz_result = {tried = tried, loaded = loaded, bad = table.concat(bad, '\n')}
""" % (path, mode, 1234)
    ok, msg, tb = rt.execute(code, "=fuzz")
    capfd.readouterr()
    assert ok, msg
    res = rt.globals().fuzz_result
    assert res.tried >= 300
    assert res.bad == "", res.bad


def test_disk_file_truncations(rt, capfd, tmp_path):
    data = open(os.path.join(T7, "mlp.t7"), "rb").read()
    rng = random.Random(7)
    p = tmp_path / "t.t7"
    for cut in sorted(rng.sample(range(len(data)), 25)):
        p.write_bytes(data[:cut])
        ok, msg, tb = rt.execute("torch.load(%r)" % str(p), "=fuzz")
        capfd.readouterr()
        assert not ok
        assert msg.startswith("fuzz:1: %s: corrupt at byte " % p), msg   # the user's line first
        off = int(msg.split("corrupt at byte ")[1].split(":")[0])
        assert 0 <= off <= cut


def test_hostile_headers(rt, capfd):
    import struct
    cases = [
        struct.pack("<i", 99),                                   # unknown type tag
        struct.pack("<ii", 3, 1) + struct.pack("<i", -5),         # negative table size
        struct.pack("<iii", 4, 1, 3) + b"V 1" + struct.pack("<i", 2000000000),   # class name length
        struct.pack("<iii", 4, 1, 3) + b"V 1" + struct.pack("<i", 18) + b"torch.DoubleTensor" + struct.pack("<i", 64),
        struct.pack("<iii", 4, 1, 3) + b"V 1" + struct.pack("<i", 18) + b"torch.DoubleTensor"
        + struct.pack("<iqqq", 1, 10, 1, 1) + struct.pack("<iii", 4, 2, 3) + b"V 1" + struct.pack("<i", 19)
        + b"torch.DoubleStorage" + struct.pack("<q", 2) + struct.pack("<dd", 1, 2),   # view past its storage
        struct.pack("<ii", 8, 1) + struct.pack("<i", 4) + b"\x1bLJ\x02",   # a function
    ]
    for i, c in enumerate(cases):
        rt.globals().hostile_bytes = c
        ok, msg, tb = rt.execute("torch.deserialize(hostile_bytes)", "=fuzz")
        capfd.readouterr()
        assert not ok, i
        assert msg.startswith("fuzz:1: <serialized>: corrupt at byte "), msg


@pytest.mark.parametrize("name,mode", FILES)
def test_python_reader_fuzz(name, mode):
    from luann.t7 import T7Error, loads_t7
    data = open(os.path.join(T7, name + ".t7"), "rb").read()
    rng = random.Random(99)
    cases = [data[:cut] for cut in range(0, len(data), max(1, len(data) // 150))]
    for _ in range(300):
        b = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        cases.append(bytes(b))
    for c in cases:
        try:
            loads_t7(c, mode)
        except T7Error as e:
            assert str(e).startswith("<bytes>: corrupt at byte "), str(e)
