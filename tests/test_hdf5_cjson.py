"""hdf5 (torch-hdf5's API over h5py) and cjson (lua-cjson's API): the two packages
jcjohnson/torch-rnn's DataLoader and checkpoints use."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

try:
    import h5py
except ImportError:  # the cjson tests still run
    h5py = None
needs_h5py = pytest.mark.skipif(h5py is None, reason="h5py is not installed (pip install 'luann[hdf5]')")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@needs_h5py
def test_hdf5_reads_h5py_files_with_torch_hdf5_types(lua, tmp_path):
    p = str(tmp_path / "d.h5")
    with h5py.File(p, "w") as f:
        f["u8"] = np.arange(1, 11, dtype=np.uint8)
        f["i8"] = np.array([-1, 2], dtype=np.int8)          # 1-byte ints read as ByteTensor
        f["u32"] = np.array([3, 4], dtype=np.uint32)        # 4-byte ints read as IntTensor
        f["i16"] = np.array([5], dtype=np.int16)
        f["i64"] = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int64)
        f["f32"] = np.ones((2, 2), np.float32)
        f["g/f64"] = np.array([0.5, 1.5])
        f["f16"] = np.zeros(2, np.float16)
        f["s"] = "text"
    out = lua(r"""
require 'hdf5'
local f = hdf5.open('%s', 'r')
for _, k in ipairs{'u8', 'i8', 'u32', 'i16', 'i64', 'f32', 'g/f64'} do
   local t = f:read(k):all()
   print(k, torch.type(t), t:nElement(), t:sum())
end
local d = f:read('/i64')
print(table.concat(d:dataspaceSize(), 'x'), d:getTensorFactory() == torch.LongTensor)
print(d:partial({2, 2}, {2, 3}))
print(f:read('/u8'):partial({3, 5}))
local all = f:read('/g'):all()
print(torch.type(all.f64), all.f64[2], f:read('g'):all().f64:size(1))
print(pcall(function() return f:read('/f16'):all() end))
print(pcall(function() return f:read('/s'):all() end))
print(pcall(function() return f:read('/g/nope') end))
print(pcall(function() return d:partial({1, 3}, {1, 1}) end))
print(tostring(f):match('^%%[HDF5File: .*d%%.h5%%]$') ~= nil)
f:close()
print(pcall(function() return f:read('/u8') end))
""" % p)
    lines = out.splitlines()
    assert lines[:7] == [
        "u8\ttorch.ByteTensor\t10\t55\t",
        "i8\ttorch.ByteTensor\t2\t2\t",      # HDF5's conversion clips -1 to 0 in an unsigned char
        "u32\ttorch.IntTensor\t2\t7\t",
        "i16\ttorch.ShortTensor\t1\t5\t",
        "i64\ttorch.LongTensor\t6\t21\t",
        "f32\ttorch.FloatTensor\t4\t4\t",
        "g/f64\ttorch.DoubleTensor\t2\t2\t",
    ]
    assert lines[7] == "2x3\ttrue\t"
    assert " 5  6" in out and "[torch.LongTensor of size 1x2]" in out
    assert "[torch.ByteTensor of size 3]" in out
    rest = out[out.index("[torch.ByteTensor of size 3]"):].splitlines()[2:]
    assert rest[0] == "torch.DoubleTensor\t1.5\t2\t"
    assert rest[1] == "false\ttest:14: Cannot support reading float data with size = 2 bytes\t"
    assert rest[2] == "false\ttest:15: Reading data of class STRING is unsupported\t"
    assert rest[3] == "false\ttest:16: HDF5Group:read() - no such child 'nope' for [HDF5Group: /g]\t"
    assert rest[4].startswith("false\ttest:17: HDF5DataSet:partial() - range {1, 3} is outside dimension 1")
    assert rest[5] == "true\t"
    assert rest[6].startswith("false\ttest:20: [HDF5File: ") and rest[6].endswith("d.h5] is closed\t")


@needs_h5py
def test_hdf5_write_read_back_and_h5py_sees_it(lua, tmp_path):
    p = str(tmp_path / "w.h5")
    out = lua(r"""
require 'hdf5'
local f = hdf5.open('%s', 'w')
f:write('/a/b', torch.range(1, 6):view(2, 3))
f:write('tab', {x = torch.ByteTensor{1, 2}, y = {z = torch.FloatTensor{0.25}}})
local o = hdf5.DataSetOptions():setChunked(2):setDeflate()
f:append('/grow', torch.LongTensor{1, 2}, o)
f:append('/grow', torch.LongTensor{3}, o)
f:write('/c', torch.IntTensor(2, 4):fill(3):narrow(2, 2, 2))   -- non-contiguous view
print(pcall(function() f:write('/a/b', torch.zeros(1)) end))
print(pcall(function() f:write('/', torch.zeros(1)) end))
print(pcall(function() f:write('/q', 'text') end))
f:close()
local g = hdf5.open('%s')            -- default mode 'a' on an existing file: read/write
print(g:read('/a/b'):all():sum(), g:read('/grow'):all():sum(), torch.type(g:read('/tab/x'):all()))
local all = g:read():all()
print(all.a.b:size(2), all.tab.y.z[1], all.c:sum())
g:close()
""" % (p, p))
    lines = out.splitlines()
    assert lines[0].startswith("false\ttest:10: HDF5Group: error writing 'b' in [HDF5Group: /a]")
    assert lines[1] == "false\ttest:11: HDF5File:write() - must provide a table when writing to the root location\t"
    assert lines[2] == "false\ttest:12: HDF5File:write() requires a tensor or table as its second parameter\t"
    assert lines[3] == "21\t6\ttorch.ByteTensor\t"
    assert lines[4] == "3\t0.25\t12\t"
    with h5py.File(p, "r") as f:
        assert f["a/b"].dtype == np.float64 and f["a/b"][()].tolist() == [[1, 2, 3], [4, 5, 6]]
        assert f["tab/x"].dtype == np.uint8 and f["tab/y/z"].dtype == np.float32
        assert f["grow"][()].tolist() == [1, 2, 3] and f["grow"].compression == "gzip"
        assert f["c"].dtype == np.int32 and f["c"].shape == (2, 2)


@needs_h5py
def test_hdf5_open_errors(lua_err, tmp_path):
    msg = lua_err("require 'hdf5'; hdf5.open('%s', 'r')" % (tmp_path / "missing.h5"))
    assert msg.startswith("test:1: HDF5File.open: no such file ")
    msg = lua_err("require 'hdf5'; hdf5.open('%s', 'rw')" % (tmp_path / "x.h5"))
    assert msg == "test:1: Unknown mode 'rw' for hdf5.open()"
    msg = lua_err("require 'hdf5'; hdf5.open('/no/such/dir/x.h5', 'w')")
    assert msg == "test:1: HDF5File.open: no such directory /no/such/dir"


def test_require_hdf5_without_h5py_is_a_lua_error():
    code = (
        "import sys; sys.modules['h5py'] = None\n"
        "from luann import Runtime\n"
        "ok, msg, tb = Runtime().execute(\"require 'hdf5'\", '=x')\n"
        "print(ok); print(msg)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "False",
        "x:1: module 'hdf5' not found: luann's hdf5 needs the Python package h5py "
        "(pip install h5py, or pip install 'luann[hdf5]')",
    ]
    assert "Traceback" not in r.stderr


def test_cjson_encode_conventions(lua):
    out = lua(r"""
local cjson = require 'cjson'
print(cjson.encode({1, 2, 3}), cjson.encode({}), cjson.encode({a = 1}), cjson.encode({[1] = 'a', [2] = 'b', n = 2}):len())
print(cjson.encode('a/b "q"\n\1\127'), cjson.encode(0.1), cjson.encode(1e20), cjson.encode(2^53), cjson.encode(3))
print(cjson.encode({1, nil, 3}), cjson.encode({[3] = true}), cjson.encode({cjson.null, false}))
print(cjson.encode({[1.5] = 1}), cjson.encode({{}, {{}}}))
print(pcall(cjson.encode, {[20] = 1}))
print(pcall(cjson.encode, {f = print}))
print(pcall(cjson.encode, 0 / 0))
print(pcall(cjson.encode, {[true] = 1}))
print(pcall(cjson.encode, torch.Tensor(2)))
print(pcall(cjson.encode))
print(cjson.encode_sparse_array(true))
print(cjson.encode({[20] = 1}))
print(cjson.encode_sparse_array(false))
print(cjson.encode_number_precision(4), cjson.encode(math.pi))
cjson.encode_number_precision(14)
print(cjson.encode_invalid_numbers(true), cjson.encode({1 / 0, -1 / 0}))
cjson.encode_invalid_numbers(false)
local deep = {}
local t = deep
for i = 1, 1000 do t[1] = {}; t = t[1] end
print(pcall(cjson.encode, deep))
print(cjson._NAME, cjson._VERSION, type(cjson.null), tostring(cjson.null), cjson.null == nil)
""")
    lines = out.splitlines()
    assert lines[0] == '[1,2,3]\t{}\t{"a":1}\t' + str(len('{"1":"a","2":"b","n":2}')) + "\t"
    assert lines[1] == '"a\\/b \\"q\\"\\n\\u0001\\u007f"\t0.1\t1e+20\t9.007199254741e+15\t3\t'
    assert lines[2] == "[1,null,3]\t[null,null,true]\t[null,false]\t"
    assert lines[3] == '{"1.5":1}\t[{},[{}]]\t'
    assert lines[4] == "false\ttest:7: Cannot serialise table: excessively sparse array\t"
    assert lines[5] == "false\ttest:8: Cannot serialise function: type not supported\t"
    assert lines[6] == "false\ttest:9: Cannot serialise number: must not be NaN or Inf\t"
    assert lines[7] == "false\ttest:10: Cannot serialise boolean: table key must be a number or string\t"
    assert lines[8] == "false\ttest:11: Cannot serialise userdata: type not supported\t"
    assert lines[9] == "false\ttest:12: bad argument #1 to 'encode' (expected one argument)\t"
    assert lines[10] == "true\t2\t10\t"
    assert lines[11] == '{"20":1}\t'
    assert lines[12] == "false\t2\t10\t"
    assert lines[13] == "4\t3.142\t"
    assert lines[14] == "true\t[Infinity,-Infinity]\t"
    assert lines[15] == "false\ttest:23: Cannot serialise, excessive nesting (1001)\t"
    assert lines[16] == "cjson\t2.1.0\tuserdata\tuserdata: NULL\tfalse\t"


def test_cjson_decode_conventions(lua):
    out = lua(r"""
local cjson = require 'cjson'
local t = cjson.decode(' {"a": [1, 2.5e1, null, "x\\u00e9\\/\\n"], "1": true, "b": {"c": -1e3}} ')
print(t.a[1], t.a[2], t.a[3] == cjson.null, t.a[4], t['1'], t[1], t.b.c, #t.a)
print(cjson.decode('"\\ud83d\\ude00"'), cjson.decode('12'), cjson.decode('0x10'), cjson.decode('[]')[1], next(cjson.decode('{}')))
print(pcall(cjson.decode, '{'))
print(pcall(cjson.decode, '[1,2'))
print(pcall(cjson.decode, '{"a" 1}'))
print(pcall(cjson.decode, '{"a":1,}'))
print(pcall(cjson.decode, '[1] x'))
print(pcall(cjson.decode, '"abc'))
print(pcall(cjson.decode, '"a\\qb"'))
print(pcall(cjson.decode, ''))
print(pcall(cjson.decode, {}))
print(pcall(cjson.decode, string.rep('[', 1001) .. string.rep(']', 1001)))
local safe = require 'cjson.safe'
print(safe.decode('[1,'))
print(safe.encode(print))
print(safe.decode('[7]')[1], require('cjson.safe') == safe, safe.null == cjson.null)
-- round trip of a torch-rnn style vocabulary with control characters and quotes
local vocab = {idx_to_token = {}, token_to_idx = {}}
for i, ch in ipairs{'\n', '"', '\\', 'a', ' ', '\t', '/'} do
   vocab.idx_to_token[tostring(i)] = ch; vocab.token_to_idx[ch] = i
end
local back = cjson.decode(cjson.encode(vocab))
local ok = true
for k, v in pairs(vocab.idx_to_token) do ok = ok and back.idx_to_token[k] == v and back.token_to_idx[v] == tonumber(k) end
print(ok)
""")
    lines = out.splitlines()
    assert lines[0] == "1\t25\ttrue\tx\u00e9/"
    assert lines[1] == "\ttrue\tnil\t-1000\t4\t"
    assert lines[2] == "\U0001F600\t12\t16\tnil\tnil\t"
    assert lines[3] == "false\ttest:6: Expected object key string but found T_END at character 2\t"
    assert lines[4] == "false\ttest:7: Expected comma or array end but found T_END at character 5\t"
    assert lines[5] == "false\ttest:8: Expected colon but found T_NUMBER at character 6\t"
    assert lines[6] == "false\ttest:9: Expected object key string but found T_OBJ_END at character 8\t"
    assert lines[7] == "false\ttest:10: Expected the end but found invalid token at character 5\t"
    assert lines[8] == "false\ttest:11: Expected value but found unexpected end of string at character 5\t"
    assert lines[9] == "false\ttest:12: Expected value but found invalid escape code at character 3\t"
    assert lines[10] == "false\ttest:13: Expected value but found T_END at character 1\t"
    assert lines[11] == "false\ttest:14: bad argument #1 to 'decode' (string expected, got table)\t"
    assert lines[12] == "false\ttest:15: Found too many nested data structures (1001) at character 1001\t"
    assert lines[13] == "nil\tExpected value but found T_END at character 4\t"
    assert lines[14] == "nil\tCannot serialise function: type not supported\t"
    assert lines[15] == "7\ttrue\ttrue\t"
    assert lines[16] == "true\t"


def test_cjson_output_is_json(lua, tmp_path):
    p = tmp_path / "c.json"
    lua(r"""
local cjson = require 'cjson'
local f = io.open('%s', 'w')
f:write(cjson.encode({opt = {name = 'cv/x', lr = 2e-3, n = 10}, hist = {4.5, 3.25}, empty = {}}))
f:close()
""" % p)
    assert json.loads(p.read_text()) == {"opt": {"name": "cv/x", "lr": 0.002, "n": 10},
                                         "hist": [4.5, 3.25], "empty": {}}
