"""torch.save / torch.load / torch.File against real torch7 files (shared/reference/t7)."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED, run_cli

T7 = os.path.join(SHARED, "reference", "t7")
NN = os.path.join(ROOT, "lua", "nn")


def have_nn(*names):
    return all(os.path.exists(os.path.join(NN, n + ".lua")) for n in names)


def ref(name):
    return os.path.join(T7, name + ".t7")


def lua_str(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


BINARY = ["number", "string", "types", "mlp", "mlp_input", "mlp_output", "shared", "conv", "conv_input",
          "conv_output"]
ASCII = ["mlp_ascii", "types_ascii"]


def test_number_and_string(lua):
    out = lua("print(torch.load(%s)); print(torch.load(%s))" % (lua_str(ref("number")), lua_str(ref("string"))))
    assert out == "3.25\t\njust a string\t\n"


@pytest.mark.parametrize("name,mode", [("types", "binary"), ("types_ascii", "ascii")])
def test_types_file(lua, name, mode):
    out = lua(r"""
local t = torch.load(%s, '%s')
assert(t.self == t, 'cycle')
assert(t.alias == t.d, 'alias is the same tensor')
assert(torch.type(t.d) == 'torch.DoubleTensor' and t.d[1][1] == 1.5 and t.d[1][2] == -2 and t.d[2][2] == 4)
assert(torch.type(t.f) == 'torch.FloatTensor' and t.f[1] == 0.25 and t.f[2] == 0.5)
assert(torch.type(t.l) == 'torch.LongTensor' and t.l[3] == 3)
assert(torch.type(t.i) == 'torch.IntTensor' and t.i[1] == -7)
assert(torch.type(t.s) == 'torch.ShortTensor' and t.s[1] == 300)
assert(torch.type(t.c) == 'torch.CharTensor' and t.c[1] == -5 and t.c[2] == 6)
assert(torch.type(t.b) == 'torch.ByteTensor' and t.b[1] == 0 and t.b[2] == 200)
assert(torch.type(t.storage) == 'torch.DoubleStorage' and t.storage:size() == 3 and t.storage[1] == 9)
assert(t.empty:dim() == 0)
assert(t.num == -0.125 and t.int == 7 and t.yes == true and t.no == false)
assert(t.str == 'h\195\169llo\0bytes')
assert(t.nested.list[3] == 30 and t.nested[5] == 'five' and t.nested[2.5] == 'float key')
assert(t.nested.deep.deeper.deepest == 'x')
local v = t.view
assert(v:dim() == 2 and v:size(1) == 3 and v:size(2) == 2 and v:stride(1) == 4 and v:storageOffset() == 2)
assert(v:storage():size() == 12 and v[3][2] == 11)
print('ok')
""" % (lua_str(ref(name)), mode))
    assert out == "ok\t\n"


@pytest.mark.parametrize("name", BINARY)
def test_binary_round_trip_is_byte_identical(lua, tmp_path, name):
    dst = str(tmp_path / (name + ".t7"))
    lua("torch.save(%s, torch.load(%s))" % (lua_str(dst), lua_str(ref(name))))
    assert open(dst, "rb").read() == open(ref(name), "rb").read()


@pytest.mark.parametrize("name", ASCII)
def test_ascii_round_trip_is_byte_identical(lua, tmp_path, name):
    dst = str(tmp_path / (name + ".t7"))
    lua("torch.save(%s, torch.load(%s, 'ascii'), 'ascii')" % (lua_str(dst), lua_str(ref(name))))
    assert open(dst, "rb").read() == open(ref(name), "rb").read()


def test_ascii_and_binary_agree(lua):
    out = lua(r"""
local a = torch.load(%s, 'ascii')
local b = torch.load(%s)
assert(torch.serialize(a) == torch.serialize(b))
local m = torch.load(%s, 'ascii')
local mb = torch.load(%s)
assert(torch.serialize(m) == torch.serialize(mb))
print('same')
""" % (lua_str(ref("types_ascii")), lua_str(ref("types")), lua_str(ref("mlp_ascii")), lua_str(ref("mlp"))))
    assert out == "same\t\n"


def test_serialize_string_and_storage(lua):
    out = lua(r"""
local obj = {1, 'two', {x = torch.range(1, 4)}, [10] = true}
local s = torch.serialize(obj)
assert(s:sub(-1) == '\0', 'torch7 serialize keeps the MemoryFile NUL')
local back = torch.deserialize(s)
assert(back[1] == 1 and back[2] == 'two' and back[3].x[4] == 4 and back[10] == true)
local st = torch.serializeToStorage(obj, 'ascii')
assert(torch.type(st) == 'torch.CharStorage')
local back2 = torch.deserializeFromStorage(st, 'ascii')
assert(back2[3].x:sum() == 10)
assert(torch.serialize(back) == s)
print(torch.serialize(3.25, 'ascii'):sub(1, -2))
""")
    assert out == "1\n3.25\n\t\n"


def test_fresh_objects_deterministic_order(lua):
    out = lua(r"""
local a = {zeta = 1, alpha = 2, [3] = 'c', [1] = 'a', [2] = 'b', [0.5] = 'h', [true] = 't'}
local b = {}
for _, k in ipairs{true, 0.5, 'alpha', 3, 'zeta', 2, 1} do b[k] = a[k] end
assert(torch.serialize(a) == torch.serialize(b))
print(torch.serialize({b = 1, a = 2, 5}, 'ascii'):gsub('\n', ' '))
""")
    assert out.startswith("3 1 3 1 1 1 5 2 1 a 1 2 2 1 b 1 1 ")


def test_references_and_referenced_false(lua):
    out = lua(r"""
local t = torch.Tensor(3):fill(1)
local u = t:narrow(1, 2, 2)
local back = torch.deserialize(torch.serialize({t, u, t}))
assert(back[1] == back[3])
assert(torch.pointer(back[1]:storage()) == torch.pointer(back[2]:storage()))
back[2]:fill(5); assert(back[1][2] == 5)
local f = torch.MemoryFile()
f:binary():referenced(false)
f:writeObject({t, t})
f:seek(1)
local c = f:readObject()
assert(c[1] ~= c[2] and not f:isReferenced())
print('ok')
""")
    assert out == "ok\t\n"


def test_shared_weights_stay_shared(lua):
    out = lua(r"""
local s = torch.load(%s)
local w1, w2 = s.modules[1].weight, s.modules[2].weight
assert(torch.pointer(w1:storage()) == torch.pointer(w2:storage()))
assert(torch.pointer(s.modules[1].bias:storage()) == torch.pointer(s.modules[2].bias:storage()))
w1:fill(3)
print(w2[2][3])
""" % lua_str(ref("shared")))
    assert out == "3\t\n"


def test_models_load_as_live_modules(lua):
    out = lua(r"""
local m = torch.load(%s)
print(torch.type(m), #m.modules, torch.type(m.modules[1]), m.modules[1].weight:size(1), m.modules[1].weight:size(2))
assert(m.output == m.modules[4].output)
""" % lua_str(ref("mlp")))
    assert out == "nn.Sequential\t4\tnn.Linear\t3\t4\t\n"


@pytest.mark.skipif(not have_nn("Sequential", "Linear", "Tanh", "LogSoftMax"), reason="nn classes not there yet")
def test_mlp_forward_matches_torch7(lua):
    out = lua(r"""
local m = torch.load(%s)
local x, y = torch.load(%s), torch.load(%s)
print((m:forward(x) - y):abs():max() < 1e-12)
""" % (lua_str(ref("mlp")), lua_str(ref("mlp_input")), lua_str(ref("mlp_output"))))
    assert out == "true\t\n"


@pytest.mark.skipif(not have_nn("Sequential", "Linear", "ReLU", "View", "SpatialConvolution", "SpatialMaxPooling"),
                    reason="nn classes not there yet")
@pytest.mark.parametrize("name,tol", [("conv", 1e-12), ("conv_cuda", 1e-5)])
def test_conv_forward_matches_torch7(lua, name, tol):
    out = lua(r"""
local m = torch.load(%s)
local x, y = torch.load(%s), torch.load(%s)
local ty = torch.type(m.modules[1].weight)
local out = m:forward(x:type(ty))
print(ty, (out:double() - y):abs():max() < %g)
""" % (lua_str(ref(name)), lua_str(ref("conv_input")), lua_str(ref("conv_output")), tol))
    want = "torch.FloatTensor" if name == "conv_cuda" else "torch.DoubleTensor"
    assert out == want + "\ttrue\t\n"


def test_gpu_file_loads_on_cpu_with_notice(tmp_path):
    script = tmp_path / "c.lua"
    script.write_text(r"""
local m = torch.load(%s)
print(torch.type(m.modules[1]), torch.type(m.modules[1].weight), m.modules[1]._type, torch.type(m.modules[3]))
""" % lua_str(ref("conv_cuda")))
    r = run_cli(str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("nn.SpatialConvolution\ttorch.FloatTensor\ttorch.FloatTensor\tnn.SpatialMaxPooling")
    assert "luann: cudnn.SpatialConvolution loaded as nn.SpatialConvolution" in r.stderr
    assert len([l for l in r.stderr.splitlines() if "cudnn.ReLU" in l]) == 1


def test_unknown_class_loads_as_table(lua, lua_err):
    out = lua(r"""
local s = torch.serialize(nn.Linear(2, 2))
s = s:gsub('nn%.Linear', 'zz.Linear')
unknown_obj = torch.deserialize(s)
print(torch.type(unknown_obj), unknown_obj.__typename, torch.type(unknown_obj.weight))
assert(torch.deserialize(torch.serialize(unknown_obj)) ~= nil)
""")
    assert out == "zz.Linear\tzz.Linear\ttorch.DoubleTensor\t\n"
    msg = lua_err("unknown_obj:forward(torch.randn(2))")
    assert "zz.Linear" in msg and "plain table" in msg and "module" in msg


def test_functions_refused_unless_allowed(lua, lua_err, tmp_path):
    path = str(tmp_path / "f.t7")
    lua("local up = 41; torch.save(%s, {size = function() return up + 1 end})" % lua_str(path))
    msg = lua_err("torch.load(%s)" % lua_str(path))
    assert "f.t7: corrupt at byte 4" in msg or ("f.t7" in msg and "allowFunctions" in msg)
    assert "allowFunctions" in msg and "LUANN_T7_ALLOW_FUNCTIONS" in msg
    out = lua("print(torch.load(%s, 'binary', {allowFunctions = true}).size())" % lua_str(path))
    assert out == "42\t\n"


def test_functions_allowed_by_env(tmp_path):
    path = str(tmp_path / "f.t7")
    script = tmp_path / "s.lua"
    script.write_text("torch.save(%s, function() return 7 end); print(torch.load(%s)())" % (lua_str(path), lua_str(path)))
    env = dict(os.environ, LUANN_T7_ALLOW_FUNCTIONS="1")
    r = subprocess.run([sys.executable, "-m", "luann.cli", str(script)], capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 0 and r.stdout == "7\t\n", r.stderr


def test_truncated_file_names_file_and_offset(lua_err, tmp_path):
    data = open(ref("mlp"), "rb").read()
    p = tmp_path / "cut.t7"
    p.write_bytes(data[:1000])
    msg = lua_err("torch.load(%s)" % lua_str(str(p)))
    assert str(p) + ": corrupt at byte " in msg
    assert "Traceback" not in msg


def test_hostile_sizes_do_not_allocate(lua_err, tmp_path):
    import struct
    data = bytearray(open(ref("mlp_input"), "rb").read())
    # the storage size (int64) follows "torch.DoubleStorage"
    i = data.index(b"torch.DoubleStorage") + len("torch.DoubleStorage")
    data[i:i + 8] = struct.pack("<q", 1 << 60)
    p = tmp_path / "big.t7"
    p.write_bytes(bytes(data))
    msg = lua_err("torch.load(%s)" % lua_str(str(p)))
    assert "corrupt at byte %d" % i in msg and "needs" in msg
    # a table claiming 2^31-1 entries
    p2 = tmp_path / "tbl.t7"
    p2.write_bytes(struct.pack("<iii", 3, 1, 0x7fffffff))
    msg = lua_err("torch.load(%s)" % lua_str(str(p2)))
    assert "corrupt at byte 8" in msg
    # a string claiming 2 GB
    p3 = tmp_path / "str.t7"
    p3.write_bytes(struct.pack("<ii", 2, 0x7fffffff) + b"abc")
    msg = lua_err("torch.load(%s)" % lua_str(str(p3)))
    assert "corrupt at byte 4" in msg


def test_deep_nesting_is_bounded(lua_err):
    msg = lua_err(r"""
local parts = {}
for i = 1, 5000 do parts[#parts + 1] = string.char(3, 0, 0, 0) .. string.char(i % 256, math.floor(i / 256), 0, 0) .. string.char(1, 0, 0, 0) .. string.char(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) end
torch.deserialize(table.concat(parts))
""")
    assert "nested deeper" in msg and "corrupt at byte" in msg


def test_save_is_atomic(lua, lua_err, tmp_path):
    path = str(tmp_path / "a.t7")
    lua("torch.save(%s, {1, 2, 3})" % lua_str(path))
    before = open(path, "rb").read()
    msg = lua_err("torch.save(%s, {1, 2, coroutine.create(function() end)})" % lua_str(path))
    assert "Unwritable object <thread>" in msg
    assert open(path, "rb").read() == before
    assert os.listdir(str(tmp_path)) == ["a.t7"]


def test_file_primitives(lua, tmp_path):
    path = str(tmp_path / "p.txt")
    out = lua(r"""
local f = torch.DiskFile(%s, 'w')
f:writeInt(42); f:writeDouble(0.1); f:writeFloat(0.1); f:writeLong(-3); f:writeShort(7)
f:writeInt(torch.IntStorage{1, 2, 3}); f:writeString('raw\n'); f:writeChar(torch.CharStorage():string('xy'))
f:writeBool(true); f:writeByte(65)
f:close()
local fh = io.open(%s, 'rb'); io.write(fh:read('*a')); fh:close()
local f = torch.DiskFile(%s, 'r')
print(f:readInt(), f:readDouble(), f:readFloat(), f:readLong(), f:readShort())
local s = f:readInt(3); print(torch.type(s), s[1], s[3])
print(f:readString('*l'))
print(f:readChar(2):string(), f:readBool(), f:readByte())
print(f:position(), f:hasError())
f:quiet(); local v = f:readInt(); print(v, f:hasError()); f:clearError(); print(f:hasError())
f:seek(1); print(f:readInt())
f:close()
""" % (lua_str(path), lua_str(path), lua_str(path)))
    assert out == ("42\n0.10000000000000001\n0.100000001\n-3\n7\n1 2 3\nraw\nxy\n1\nA\n"
                   "42\t0.1\t0.10000000149012\t-3\t7\t\n"
                   "torch.IntStorage\t1\t3\t\nraw\t\nxy\ttrue\t65\t\n"
                   "58\tfalse\t\n0\ttrue\t\nfalse\t\n42\t\n")


def test_binary_primitives_and_memoryfile(lua):
    out = lua(r"""
local f = torch.MemoryFile('rw'):binary()
f:writeInt(1); f:writeDouble(2.5); f:writeLong(2^40); f:writeFloat(torch.FloatStorage{1, 2})
print(f:position(), f:storage():size())
f:seek(1)
print(f:readInt(), f:readDouble(), f:readLong())
local st = torch.FloatStorage(2); print(f:readFloat(st), st[2])
f:seekEnd(); print(f:position())
f:seek(1); f:longSize(4)
print(f:isBinary(), f:isReadable(), f:isWritable(), f:isQuiet(), f:isAutoSpacing())
local m = torch.MemoryFile(torch.CharStorage():string('5 6\n\0'), 'r')
print(m:readInt(), m:readInt())
""")
    assert out == "29\t29\t\n1\t2.5\t1099511627776\t\n2\t2\t\n29\t\ntrue\ttrue\ttrue\tfalse\ttrue\t\n5\t6\t\n"


def test_read_errors_are_lua_errors(lua_err):
    msg = lua_err("local f = torch.MemoryFile(torch.CharStorage():string('\\0'), 'r'):binary(); f:readInt()")
    assert "read error: read 0 blocks instead of 1" in msg
    msg = lua_err("local f = torch.MemoryFile('w'); f:readInt()")
    assert "write-only" in msg
    msg = lua_err("local f = torch.MemoryFile(); f:close(); f:writeInt(1)")
    assert "closed file" in msg
    msg = lua_err("torch.DiskFile('/nonexistent/dir/x', 'r')")
    assert "cannot open </nonexistent/dir/x> in mode r" in msg
    # the caller's position (not luann's class.lua), and torch.save names the user's file
    assert msg.startswith("test:1: cannot open")
    msg = lua_err("torch.load('/nonexistent/dir/x')")
    assert msg.startswith("test:1: cannot open </nonexistent/dir/x> in mode r")
    msg = lua_err("torch.save('/nonexistent/dir/x.t7', 1)")
    assert msg.startswith("test:1: cannot open </nonexistent/dir/x.t7> in mode  w")


def test_b32_mode(lua, tmp_path):
    path = str(tmp_path / "w.t7")
    out = lua(r"""
local f = torch.DiskFile(%s, 'w'):binary(); f:longSize(4); f:writeObject(torch.LongTensor{5, 6}); f:close()
local t = torch.load(%s, 'b32')
print(t[1], t[2], t:size(1))
""" % (lua_str(path), lua_str(path)))
    assert out == "5\t6\t1\t\n" or out == "5\t6\t2\t\n"
    assert out == "5\t6\t2\t\n"


def test_all_tensor_types_round_trip(lua):
    out = lua(r"""
for _, name in ipairs{'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double', 'Half'} do
  local t = torch[name .. 'Tensor'](2, 3)
  for i = 1, 2 do for j = 1, 3 do t[i][j] = i * 10 + j end end
  for _, mode in ipairs{'binary', 'ascii'} do
    local u = torch.deserialize(torch.serialize(t, mode), mode)
    assert(torch.type(u) == torch.type(t), name)
    for i = 1, 2 do for j = 1, 3 do assert(u[i][j] == i * 10 + j, name .. ' ' .. mode) end end
  end
end
print('ok')
""")
    assert out == "ok\t\n"


# --- Python API: luann.load_t7 / save_t7, export ------------------------------------------------
ALL = BINARY + ["conv_cuda"]


@pytest.mark.parametrize("name", BINARY + ASCII)
def test_python_reader_round_trip(name):
    from luann.t7 import dumps_t7, load_t7
    mode = "ascii" if "ascii" in name else "binary"
    assert dumps_t7(load_t7(ref(name), mode), mode) == open(ref(name), "rb").read()


def test_python_reader_values():
    import numpy as np
    import luann
    from luann.t7 import TorchObject, T7Storage
    t = luann.load_t7(ref("types"))
    assert t["self"] is t and t["alias"] is t["d"]
    assert t["d"].dtype == np.float64 and t["d"].tolist() == [[1.5, -2], [3, 4]]
    assert t["f"].dtype == np.float32 and t["b"].dtype == np.uint8 and t["c"].tolist() == [-5, 6]
    assert t["view"].tolist() == [[2, 3], [6, 7], [10, 11]]
    assert isinstance(t["storage"], T7Storage) and t["storage"].tolist() == [9, 8, 7]
    assert t["str"] == "h\u00e9llo\x00bytes" and t["nested"][2.5] == "float key" and t["nested"][5] == "five"
    m = luann.load_t7(ref("shared"))
    assert isinstance(m, TorchObject) and m.typename == "nn.Sequential"
    w1, w2 = m["modules"][1]["weight"], m["modules"][2]["weight"]
    assert np.shares_memory(w1, w2)
    c = luann.load_t7(ref("conv_cuda"))
    assert c["modules"][1].typename == "nn.SpatialConvolution" and c["modules"][1]["weight"].dtype == np.float32
    x, y = luann.load_t7(ref("mlp_input")), luann.load_t7(ref("mlp_output"))
    mlp = luann.load_t7(ref("mlp"))
    l1, l2 = mlp["modules"][1], mlp["modules"][3]
    h = np.tanh(x @ l1["weight"].T + l1["bias"])
    z = h @ l2["weight"].T + l2["bias"]
    z = z - np.log(np.exp(z).sum(1, keepdims=True))
    assert np.abs(z - y).max() < 1e-12


def test_python_save_lua_load_and_back(lua, tmp_path):
    import numpy as np
    import luann
    from luann.t7 import TorchObject
    base = np.arange(12, dtype=np.float32)
    obj = {"a": base.reshape(3, 4), "b": base.reshape(3, 4)[:, 1:3], "n": 2.5, "s": "hi", "l": [1, 2, 3],
           "i": np.array([1, -2], dtype=np.int64), "flag": True,
           "lin": TorchObject("nn.Linear", {"weight": np.ones((2, 3)), "bias": np.zeros(2)})}
    path = str(tmp_path / "py.t7")
    luann.save_t7(path, obj)
    out = lua(r"""
local t = torch.load(%s)
print(torch.type(t.a), t.a[2][3], t.b:size(2), t.b:storageOffset(), torch.pointer(t.a:storage()) == torch.pointer(t.b:storage()))
print(t.n, t.s, #t.l, t.i[2], t.flag, torch.type(t.lin), t.lin.weight:sum())
torch.save(%s, t, 'ascii')
""" % (lua_str(path), lua_str(str(tmp_path / "back.t7"))))
    assert out == "torch.FloatTensor\t6\t2\t2\ttrue\t\n2.5\thi\t3\t-2\ttrue\tnn.Linear\t6\t\n"
    back = luann.load_t7(str(tmp_path / "back.t7"), "ascii")
    assert back["b"].tolist() == obj["b"].tolist() and np.shares_memory(back["a"], back["b"])
    assert back["lin"]["weight"].tolist() == [[1, 1, 1], [1, 1, 1]]


def test_python_reader_errors(tmp_path):
    import struct
    from luann.t7 import T7Error, load_t7
    p = tmp_path / "bad.t7"
    p.write_bytes(open(ref("mlp"), "rb").read()[:700])
    with pytest.raises(T7Error, match=r"bad\.t7: corrupt at byte \d+"):
        load_t7(str(p))
    p.write_bytes(struct.pack("<ii", 8, 1) + struct.pack("<i", 3) + b"abc")
    with pytest.raises(T7Error, match="allow_functions"):
        load_t7(str(p))


def test_export_cli(tmp_path):
    import numpy as np
    dst = str(tmp_path / "w.npz")
    r = run_cli("export", ref("conv"), dst)
    assert r.returncode == 0, r.stderr
    z = np.load(dst)
    assert sorted(z.files) == ["1.bias", "1.weight", "5.bias", "5.weight"]
    assert z["1.weight"].shape == (2, 1, 3, 3) and z["5.weight"].shape == (3, 18)
    r = run_cli("export", ref("number"), dst)
    assert r.returncode == 1 and "not a torch module" in r.stderr
    r = run_cli("export", str(tmp_path / "missing.t7"), dst)
    assert r.returncode == 1 and "luann export:" in r.stderr and "Traceback" not in r.stderr


def test_export_nested_names_from_lua(lua, tmp_path):
    import numpy as np
    dst = str(tmp_path / "n.npz")
    lua(r"""
require 'luann.export'
local inner = torch.load(%s)
local outer = nn.Sequential()
outer.modules = {torch.load(%s), inner}
print(luann.export(outer, %s))
""" % (lua_str(ref("shared")), lua_str(ref("mlp")), lua_str(dst)))
    z = np.load(dst)
    assert "2.1.weight" in z.files and "2.2.bias" in z.files and "1.3.bias" in z.files
    from luann.t7 import load_t7
    from luann.t7export import model_parameters
    mlp = model_parameters(load_t7(ref("mlp")))
    assert np.array_equal(z["1.1.weight"], mlp["1.weight"])


def test_ascii_long_runs_and_fallback(lua):
    out = lua(r"""
local t = torch.randn(1000):float()
local u = torch.deserialize(torch.serialize(t, 'ascii'), 'ascii')
assert(torch.type(u) == 'torch.FloatTensor' and u:equal(t))
local l = torch.LongTensor(500):random(-1000000, 1000000)
assert(torch.deserialize(torch.serialize(l, 'ascii'), 'ascii'):equal(l))
-- numbers spread over several lines (hand-written ascii) still read one by one
local parts = {}
for i = 1, 300 do parts[#parts + 1] = tostring(i) .. (i % 7 == 0 and '\n' or ' ') end
local f = torch.MemoryFile(torch.CharStorage():string(table.concat(parts) .. '\n\0'), 'r')
local s = f:readDouble(300)
print(s:size(), s[1], s[300], f:hasError())
""")
    assert out == "300\t1\t300\tfalse\t\n"


def test_quiet_open_and_pipes(lua):
    out = lua(r"""
print(torch.DiskFile('/nonexistent/x.t7', 'r', true))
local p = torch.PipeFile('echo 12 34', 'r')
print(p:readInt(), p:readInt())
p:close()
print(tostring(torch.MemoryFile()):match('^torch.MemoryFile') ~= nil)
""")
    assert out == "nil\t\n12\t34\t\ntrue\t\n"
