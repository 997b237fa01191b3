"""Views share memory; copies don't. Indexing, operators and conversions."""
import pytest

VIEWS = {
    "narrow": "x:narrow(1, 2, 2)",
    "sub": "x:sub(2, 3, 1, 2)",
    "select": "x:select(2, 3)",
    "transpose": "x:transpose(1, 2)",
    "t": "x:t()",
    "unfold": "x:unfold(2, 2, 1)",
    "view": "x:view(12)",
    "view_neg": "x:view(-1, 6)",
    "viewAs": "x:viewAs(torch.Tensor(2, 6))",
    "viewAs_result": "torch.Tensor():viewAs(x, torch.Tensor(6, 2))",
    "expand_result": "torch.Tensor():expand(x:narrow(1, 1, 1), 5, 4)",
    "expandAs_result": "torch.Tensor():expandAs(x:narrow(1, 1, 1), torch.Tensor(2, 4))",
    "torch_viewAs_result": "torch.viewAs(torch.Tensor(), x, torch.Tensor(12))",
    "expand": "x:narrow(1, 1, 1):expand(5, 4)",
    "expandAs": "x:narrow(1, 1, 1):expandAs(torch.Tensor(2, 4))",
    "split": "x:split(2, 1)[1]",
    "chunk": "x:chunk(3, 1)[2]",
    "permute": "x:permute(2, 1)",
    "set": "torch.Tensor():set(x)",
    "ctor": "torch.Tensor(x)",
    "new_method": "x:new()",
    "contiguous_same": "x:contiguous()",
    "index1": "x[2]",
    "index_table": "x[{{1, 2}, {2, 3}}]",
    "index_range_dim": "x[{{}, 2}]",
    "storage_ctor": "torch.Tensor(x:storage(), 5, 2, 4, 3, 1)",
    "squeeze": "x:view(1, 3, 1, 4):squeeze()",
    "torch_expand": "torch.expand(x:narrow(1, 1, 1), 3, 4)",
    "torch_narrow": "torch.narrow(x, 2, 2, 2)",
    "torch_transpose": "torch.transpose(x, 1, 2)",
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_shares_storage(lua, name):
    out = lua("""
local x = torch.range(1, 12):view(3, 4)
local v = %s
assert(torch.isTensor(v), 'not a tensor')
assert(torch.pointer(v:storage()) == torch.pointer(x:storage()), 'different storage')
v:fill(-7)
local n = x:eq(-7):sum()
print(n > 0)
""" % VIEWS[name])
    assert out == "true\t\n"


COPIES = {
    "clone": "x:clone()",
    "contiguous_t": "x:t():contiguous()",
    "reshape": "x:reshape(12)",
    "torch_reshape": "torch.reshape(x, 2, 6)",
    "repeatTensor": "x:repeatTensor(2, 1)",
    "index": "x:index(1, torch.LongTensor{1, 2})",
    "maskedSelect": "x:maskedSelect(x:gt(3))",
    "type": "x:float()",
    "mask_index": "x[x:gt(3)]",
    "cat": "torch.cat(x, x, 1)",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_does_not_share(lua, name):
    out = lua("""
local x = torch.range(1, 12):view(3, 4)
local v = %s
v:fill(-7)
print(x:eq(-7):sum(), x:sum())
""" % COPIES[name])
    assert out == "0\t78\t\n"


def test_type_conversions_return_self(lua):
    out = lua("""
local x = torch.Tensor(3)
local f = torch.FloatTensor(3)
print(x:double() == x, x:type('torch.DoubleTensor') == x, x:typeAs(torch.Tensor()) == x, x:real() == x,
      f:float() == f, f:double() ~= f, torch.type(f:double()), torch.type(x:long()), torch.type(x:byte()))
""")
    assert out == "true\ttrue\ttrue\ttrue\ttrue\ttrue\ttorch.DoubleTensor\ttorch.LongTensor\ttorch.ByteTensor\t\n"


def test_new_dot_vs_colon(lua):
    out = lua("""
local x = torch.range(1, 4)
local a = x.new()
local b = x:new()
local c = torch.DoubleTensor.new(2, 3)
print(a:dim(), b:dim(), torch.pointer(b:storage()) == torch.pointer(x:storage()), c:dim(), torch.type(c))
print(torch.Tensor.add(torch.zeros(2), 3)[1], torch.DoubleTensor.sum(torch.ones(3)))
""")
    assert out == "0\t1\ttrue\t2\ttorch.DoubleTensor\t\n3\t3\t\n"


def test_indexing_reads(lua):
    out = lua("""
local x = torch.range(1, 20):view(4, 5)
print(x[2][3], x[{2, 3}], x[-1][-1], x[{-1, -2}], x[torch.LongStorage{3, 4}])
print(x[{{}, 2}]:dim(), x[{{}, 2}]:size(1), x[{{2}, {}}]:dim(), x[{{1, 3}, {3, 4}}]:size(1), x[{{1, 3}, {3, 4}}]:size(2))
print(x[{{}, {2, -2}}]:size(2), x[{2}]:dim(), x[{{-2, -1}}]:size(1), x[{2, {}}][1])
local m = x:gt(17)
print(x[m]:dim(), x[m]:nElement(), x[m][1])
""")
    assert out == ("8\t8\t20\t19\t14\t\n"
                   "1\t4\t2\t3\t2\t\n"
                   "3\t1\t2\t6\t\n"
                   "1\t3\t18\t\n")


def test_indexing_writes(lua):
    out = lua("""
local x = torch.zeros(3, 4)
x[1][2] = 5
x[{2, 3}] = 6
x[{3, {}}] = 7
x[{{1, 2}, 4}] = torch.Tensor{8, 9}
x[torch.LongStorage{1, 1}] = 1
x[x:eq(0)] = -1
print(x:sum(), x[1][2], x[2][3], x[3][1], x[1][4], x[2][4], x[1][1], x[2][1])
local y = torch.range(1, 6)
y[y:gt(3)] = torch.Tensor{10, 20, 30}
y[-1] = 99
print(y[4], y[5], y[6])
local z = torch.zeros(2, 2)
z[{}] = torch.FloatTensor{{1, 2}, {3, 4}}
z[2] = 5
print(z:sum())
""")
    assert out == "54\t5\t6\t7\t8\t9\t1\t-1\t\n10\t20\t99\t\n13\t\n"


def test_indexing_errors(lua_err):
    assert "out of range" in lua_err("local x = torch.zeros(3); return x[4]")
    assert "out of range" in lua_err("local x = torch.zeros(3); return x[-4]")
    assert "out of range" in lua_err("local x = torch.zeros(3); x[0] = 1")
    assert "too many indices" in lua_err("local x = torch.zeros(3); return x[{1, 1}]")
    assert "tensor" in lua_err("local x = torch.zeros(3); x.foo = 1")


def test_operators(lua):
    out = lua("""
local v = torch.Tensor{1, 2, 3}
local m = torch.Tensor{{1, 2, 3}, {4, 5, 6}}
local mm = torch.Tensor{{1, 0}, {0, 1}, {1, 1}}
print(v * v, (m * v):size(1), (m * v)[2], (m * mm):size(1), (m * mm):size(2), (m * mm)[2][2])
print((v * 2)[3], (2 * v)[3], (v + 1)[1], (1 + v)[1], (1 - v)[3], (v - 1)[3], (-v)[2], (v / 2)[1], (v % 2)[2])
print((v + v)[3], (m + m:t():contiguous():view(2, 3))[1][2])
local w = v
print(v == w, v == v:clone(), v ~= torch.Tensor(v))
""")
    assert out == "14\t2\t32\t2\t2\t11\t\n6\t6\t2\t2\t-2\t2\t-2\t0.5\t0\t\n6\t6\t\ttrue\tfalse\ttrue\t\n".replace("\t\ttrue", "\t\ntrue")


def test_operator_errors(lua_err):
    assert "not yet supported" in lua_err("return torch.Tensor(3) * torch.Tensor(2, 3)")
    assert "not yet supported" in lua_err("return torch.Tensor(2, 2, 2) * torch.Tensor(2)")
    assert "cdiv" in lua_err("return torch.Tensor(3) / torch.Tensor(3)")
    assert "cdiv" in lua_err("return 2 / torch.Tensor(3)")
    assert "torch.FloatTensor" in lua_err("return torch.Tensor(3) + torch.FloatTensor(3)")


def test_dispatch_rules(lua):
    out = lua("""
local a, b = torch.Tensor{1, 2}, torch.Tensor{3, 4}
local r = torch.Tensor()
local r2 = torch.add(r, a, b)
print(r2 == r, r[2])
a:add(b)
print(a[1])
local c = torch.Tensor(2):add(a, 10, b)
print(c[1])
print(torch.type(torch.randperm(3, 'torch.LongTensor')), torch.type(torch.zeros(2, 'torch.FloatTensor')))
print(torch.LongTensor{1, 2}:add(0.9)[1], torch.ByteTensor{250}:add(10)[1], torch.CharTensor{127}:add(1)[1])
local x = torch.Tensor{1, 4}
print(x:sqrt() == x, x[2], torch.sqrt(x) ~= x)
print(torch.sum(torch.ones(2, 3), 2):size(1), x:sum(1):dim())
""")
    assert out == ("true\t6\t\n4\t\n34\t\ntorch.LongTensor\ttorch.FloatTensor\t\n"
                   "1\t4\t-128\t\ntrue\t2\ttrue\t\n2\t1\t\n")


def test_storage_api(lua):
    out = lua("""
local s = torch.CharStorage():string('hello')
print(s:size(), #s, s:string(), s[1], torch.ByteStorage():string('AB')[2])
local d = torch.DoubleStorage{1, 2, 3}
d:resize(5)
print(d:size(), d[3], d:fill(2)[5], torch.LongStorage(3):fill(7):totable()[3], d:elementSize())
local f = torch.FloatStorage(2):copy(torch.DoubleStorage{1.5, 2.5})
print(f[2], torch.type(f), torch.type(d:float()))
""")
    assert out == "5\t5\thello\t104\t66\t\n5\t3\t2\t7\t8\t\n2.5\ttorch.FloatStorage\ttorch.FloatStorage\t\n"


def test_view_as_result_first(lua, lua_err):
    # torch7's Tensor.viewAs(result, src, template): result becomes src with template's sizes and is
    # returned (nn.Reshape's backward is written this way)
    out = lua("""
local x = torch.range(1, 12):view(3, 4)
local r = torch.Tensor()
local v = r:viewAs(x, torch.Tensor(2, 6))
print(torch.pointer(v) == torch.pointer(r), r:dim(), r:size(1), r:size(2), r[2][1])
local w = torch.viewAs(torch.Tensor(), x, torch.Tensor(12))
print(w:dim(), w[12], x:viewAs(torch.Tensor(4, 3)):size(1))
""")
    assert out == "true\t2\t2\t6\t7\t\n1\t12\t4\t\n"
    assert "expecting (torch.Tensor, torch.Tensor, torch.LongStorage)" in lua_err(
        "torch.Tensor():viewAs(torch.range(1, 4), 7)")


def test_expand_result_first(lua):
    # torch7's Tensor.expand(result, tensor, sizes...) and expandAs(result, tensor, template)
    out = lua("""
local x = torch.range(1, 4):view(1, 4)
local r = torch.Tensor()
local v = r:expand(x, 3, 4)
print(torch.pointer(v) == torch.pointer(r), r:size(1), r:size(2), r[3][2], r:stride(1))
local e = torch.Tensor():expandAs(x, torch.Tensor(2, 4))
print(e:size(1), e[2][4], torch.expand(torch.Tensor(), x, torch.LongStorage{5, 4}):size(1))
print(x:expand(2, 4):size(1), x:expandAs(torch.Tensor(6, 4)):size(1))
""")
    assert out == "true\t3\t4\t2\t0\t\n2\t4\t5\t\n2\t6\t\n"
