"""Examples of torch7's doc/tensor.md and doc/storage.md, with the results torch7 documents."""


def test_ctor_sizes_and_strides_storages(lua):
    # torch.Tensor(sizes, strides): a zero stride makes every element the same address
    out = lua("""
    local x = torch.Tensor(torch.LongStorage({4}), torch.LongStorage({0})):zero()
    x[1] = 1
    print(x[2], x[3], x[4], x:stride(1), x:storage():size())
    -- a negative stride is size*stride of the next dimension; storage just big enough
    local y = torch.Tensor(torch.LongStorage{2, 3}, torch.LongStorage{-1, 2})
    print(y:stride(1), y:stride(2), y:storage():size())
    local s = torch.Storage(20)
    local z = torch.Tensor(s, 1, torch.LongStorage{2, 3}, torch.LongStorage{-1, 2})
    print(z:stride(1), z:stride(2))
    print(torch.Tensor(s, 1, 2, -1, 3, 2):stride(1))
    """)
    assert out.split("\n")[:4] == ["1\t1\t1\t0\t1\t", "6\t2\t11\t", "6\t2\t", "6\t"]


def test_nonzero_into_given_long_tensor(lua):
    # doc: x.nonzero(indices, x) works (the LongTensor given first receives the subscripts)
    out = lua("""
    local x = torch.IntTensor{{2, 0, 2}, {0, 1, 0}}
    local indices = torch.LongTensor()
    local r = x.nonzero(indices, x)
    print(torch.type(r), r == indices, indices:size(1), indices:size(2))
    print(indices[3][1], indices[3][2], x:nonzero():size(1))
    """)
    assert out.split("\n")[:2] == ["torch.LongTensor\ttrue\t3\t2\t", "2\t2\t3\t"]


def test_storage_over_a_data_pointer_shares_memory(lua):
    # doc: p = tonumber(torch.data(t, true)); tt = torch.Tensor(torch.Storage(10, p)) views t's data
    out = lua("""
    local t = torch.range(1, 10)
    local p = tonumber(torch.data(t, true))
    local tt = torch.Tensor(torch.Storage(10, p))
    tt[3] = 42
    tt:add(1)                        -- math goes through the storage's array too
    print(t[3], t[10], tt:sum() == t:sum(), t:data(true) == p)
    local f = torch.FloatTensor{1, 2, 3}
    print(torch.FloatStorage(3, torch.data(f)):size(), torch.FloatTensor(torch.FloatStorage(3, f:data())):sum())
    """)
    assert out.split("\n")[:2] == ["43\t11\ttrue\ttrue\t", "3\t6\t"]


def test_indexcopy_indexadd_size_mismatch_is_torch7_worded(lua_err):
    # doc: "The shape of tensor must exactly match the elements indexed or an error will be thrown"
    msg = lua_err("torch.Tensor(4):indexCopy(1, torch.LongTensor{1}, torch.Tensor(2))")
    assert msg == "test:1: bad argument #3 to 'indexCopy' (Number of indices should be equal to source:size(dim))"
    msg = lua_err("torch.Tensor(4, 3):indexAdd(1, torch.LongTensor{1, 2, 3}, torch.Tensor(2, 3))")
    assert "Number of indices should be equal to source:size(dim)" in msg and "reshape" not in msg


def test_retain_free_return_nothing(lua):
    out = lua("print(select('#', torch.Tensor(2):retain()), select('#', torch.Storage(2):free()))")
    assert out.startswith("0\t0\t")


def test_squeeze_dimension_out_of_range_fails(lua, lua_err):
    # torch7's squeeze1d checks the dimension; an out-of-range one is an error, not a no-op
    assert "out of range" in lua_err("torch.Tensor(2, 2):squeeze(3)")
    assert "out of range" in lua_err("torch.squeeze(torch.Tensor(2, 1), 0)")
    assert lua("print(torch.Tensor(2, 1, 2):squeeze(2):dim())").startswith("2\t")


def test_ctor_storage_forms_read_as_torch7(lua, lua_err):
    out = lua("""
    local s = torch.Storage(20)
    print(torch.Tensor(s):size(1), torch.Tensor():set(s):size(1))
    -- an offset with no sizes: torch7 reads no size at all, the tensor has no dimension
    local t = torch.Tensor(s, 15)
    print(t:dim(), t:storageOffset(), torch.Tensor():set(s, 3):dim())
    """)
    assert out.split("\n")[:2] == ["20\t20\t", "0\t15\t0\t"]
    assert lua_err("torch.Tensor(torch.LongStorage{2, 2}, torch.LongStorage{1})").endswith(
        "(provided stride and size are inconsistent)")
    assert lua_err("torch.Tensor(torch.LongStorage{2, 2}, 3)").endswith("(torch.LongStorage expected)")


def test_apply_map_results_as_torch7(lua, lua_err):
    # the function may return a number, nil (no change) or a numeric string; anything else fails
    out = lua("""
    local x = torch.Tensor(3):zero()
    x:apply(function() return '3' end)
    x:map(torch.Tensor(3):fill(1), function(a, b) return tostring(a + b) end)
    x:map2(x, x, function(a) if a > 100 then return 0 end end)
    print(x:sum())
    """)
    assert out.startswith("12\t")
    for code in ("torch.Tensor(2):apply(function() return 'a' end)",
                 "torch.Tensor(2):apply(function() return true end)",
                 "torch.Tensor(2):map(torch.Tensor(2), function() return {} end)"):
        assert lua_err(code) == "test:1: given function should return a number or nil"
    assert lua_err("torch.Tensor(2):apply(3)") == "test:1: bad argument #1 to 'apply' (function expected, got number)"


def test_table_and_storage_constructor_errors_are_torch7_worded(lua_err):
    assert lua_err("torch.Tensor({1, {2}})") == "test:1: invalid element (not a number)"
    assert lua_err("torch.Tensor({{1, 2}, {3}})") == "test:1: invalid tensor sizes"
    assert lua_err("torch.Tensor({{1, 2}, 3})") == "test:1: invalid tensor definition"
    assert lua_err("torch.IntStorage({1, 2, 'a'})") == "test:1: element at index 3 is not a number"
    assert lua_err("torch.Storage(torch.Storage(4), 5)") == "test:1: offset out of bounds"
    assert lua_err("torch.Storage(torch.Storage(4), 2, 4)") == "test:1: size out of bounds"


def test_storage_string_only_on_byte_and_char_and_fill_checks(lua, lua_err):
    # storage.md: string() "is available only on ByteStorage and CharStorage"
    assert lua("print(torch.CharStorage():string('blah blah'):string(), torch.ByteStorage():string('ab'):size())") \
        .startswith("blah blah\t2\t")
    assert "attempt to call method 'string' (a nil value)" in lua_err("torch.DoubleStorage(2):string()")
    assert lua_err("torch.DoubleStorage(2):fill('a')") == "test:1: bad argument #1 to 'fill' (number expected, got string)"
    assert lua("print(torch.IntStorage(2):fill('7')[2])").startswith("7\t")


def test_sub_end_before_start_is_named(lua_err):
    # THArgCheck in torch7's sub: an end before the start is "end smaller than beginning"
    assert lua_err("torch.Tensor(3, 3):sub(3, 2)") == "test:1: bad argument #2 to 'sub' (end smaller than beginning)"
    assert lua_err("torch.Tensor(3, 3):sub(1, 4)") == "test:1: bad argument #2 to 'sub' (out of range)"
