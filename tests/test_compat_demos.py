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
    assert "invalid element (not a number)" in lua_err("local t = torch.Tensor({'x1'})")
    assert "number expected, got string" in lua_err("local t = torch.Tensor(2); t[1] = 'abc'")


def test_csv_package_load_save(lua, tmp_path):
    # `require 'csv'` (torch-pkg's csv, now csvigo): tidy tables of string fields, quoting,
    # CRLF lines, raw rows, query closures, and saving back
    p = tmp_path / "d.csv"
    p.write_bytes(b'"id","name",score\r\n"1","a, b",3.5\r\n"2","say ""hi""",-1\r\n"3","c",3.5')
    out = lua("""
require 'csv'
local path = '%s'
local t = csv.load(path)
print(#t.id, t.name[1], t.name[2], t.score[3], torch.Tensor(t.score):sum())
local raw = csvigo.load{path=path, mode='raw', verbose=false}
print(#raw, #raw[1], raw[1][3], raw[4][2])
local q = csvigo.load{path=path, mode='query', verbose=false}
print(table.concat(q('union', {score='3.5'}).id, ' '), table.concat(q('inter', {score=3.5, name='c'}).id, ' '))
local out = path .. '.out'
csvigo.save{path=out, data={{'x', 'y'}, {1, 'p|q'}}, separator='|', verbose=false}
local f = io.open(out); print((f:read('*a'):gsub('\\n', '/'))); f:close()
local g = csv.File(out, 'r', '|'); local r1 = g:read(); local r2 = g:read(); g:close()
print(r1[2], r2[2], g.separator)
""" % p)
    assert out.splitlines() == [
        "<csv>\tparsing file: %s\t" % p,
        "<csv>\ttidying up entries\t",
        "<csv>\treturning tidy table\t",
        '3\ta, b\tsay "hi"\t3.5\t6\t',
        "4\t3\tscore\tc\t",
        "1 3\t3\t",
        'x|y/1|"p|q"/\t',
        "y\tp|q\t|\t",
    ]


def test_csv_errors_name_the_caller(lua_err):
    msg = lua_err("require 'csvigo'\ncsvigo.load{path='/nonexistent/x.csv', verbose=false}")
    assert msg.startswith("test:2: ") and "No such file" in msg


def test_type_of_tensors_is_userdata(lua):
    # torch7 code tells tensors from numbers/tables with type(x) == 'userdata'
    out = lua("""
require 'nn'
local ffi = require 'ffi'
print(type(torch.Tensor(2)), type(torch.ByteStorage(1)), type(torch.LongTensor()), type(ffi.new('int[1]')))
print(type(1), type({}), type(nn.Linear(1, 1)), torch.type(torch.FloatTensor()))
local m = nn.Sequential():add(nn.Linear(2, 2))
print(m:clone():forward(torch.ones(2)):size(1), torch.typename(torch.Tensor()))
""")
    assert out == ("userdata\tuserdata\tuserdata\tcdata\t\n"
                   "number\ttable\ttable\ttorch.FloatTensor\t\n2\ttorch.DoubleTensor\t\n")


def test_one_element_tensor_assigned_to_an_element(lua):
    # x[i] = t with a one-element tensor of any type copies it into x[i]
    out = lua("""
local x = torch.Tensor(3):zero()
x[1] = torch.Tensor{4}; x[2] = torch.LongTensor(1, 1):fill(5); x[-1] = torch.FloatTensor{6}
print(x[1], x[2], x[3])
""")
    assert out == "4\t5\t6\t\n"


def test_squeeze_to_one_element_gives_a_number(lua):
    # `local _, target = scores:max(1); target = target:squeeze()` hands ConfusionMatrix:add a number
    out = lua("""
local _, idx = torch.Tensor{0.1, 0.7, 0.2}:max(1)
local a, b = idx:squeeze(), torch.Tensor(1, 1):fill(5):squeeze(2)
print(type(a), a, b, torch.squeeze(torch.ones(1, 1)))
local v = torch.zeros(1, 3, 1):squeeze()
print(v:dim(), v:size(1), torch.zeros(2, 1):squeeze(2):size(1))
""")
    assert out == "number\t2\t5\t1\t\n1\t3\t2\t\n"


def test_require_trepl(lua):
    # scripts `require 'trepl'` (th's REPL package) for its globals; repl() itself needs the prompt
    out = lua("""
local repl = require 'trepl'
print(type(repl), type(who), type(import), type(help), type(print_old))
local ok, err = pcall(repl)
print(ok, err:match('luann %-i') ~= nil)
""")
    assert out == "function\tfunction\tfunction\tfunction\tfunction\t\nfalse\ttrue\t\n"


def test_class_operator_errors_read_as_luat(lua):
    # a torch.class without __call__/__add__/... fails with luaT's words (non-torch operand: "(null)")
    out = lua("""
local K = torch.class('CompatDemosPlain')
local x = CompatDemosPlain()
for _, f in ipairs{function() return x() end, function() return x + 1 end,
                   function() return 2 * x end, function() return -x end} do
   print((select(2, pcall(f)):gsub('^[^:]*:%d+: ', '')))
end
""")
    assert out.splitlines() == ["CompatDemosPlain has no call operator\t",
                                "both CompatDemosPlain and (null) have no addition operator\t",
                                "both (null) and CompatDemosPlain have no multiplication operator\t",
                                "CompatDemosPlain has no negation operator\t"]
