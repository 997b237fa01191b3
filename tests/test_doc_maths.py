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


def test_histc_result_tensor_and_bins(lua):
    out = _lines(lua("local r = torch.Tensor()\n"
              "local x = torch.Tensor{2, 4, 2, 2, 5, 4}\n"
              "print(torch.histc(r, x, 5, 1, 5) == r, r:size(1), table.concat(r:totable(), ' '))\n"
              "r:histc(torch.Tensor{3, 5, 1, 5, 3, 5}, 5)\n"
              "print(table.concat(r:totable(), ' '))\n"
              # bin = floor((x - min) / (max - min) * nbins): 0.3 * 10 is a hair above 3
              "print(table.concat(torch.histc(torch.Tensor{0.3, 0.6, 0.7, 1, 0}, 10, 0, 1):totable(), ' '))\n"
              # min == max (not only 0, 0) means the tensor's own range
              "print(table.concat(torch.histc(torch.Tensor{1, 2, 3}, 3, 2, 2):totable(), ' '))"))
    assert out == ("true\t5\t0 3 0 2 1\n1 0 2 0 3\n1 0 0 1 0 0 1 1 0 1\n1 1 1\n")


def test_bhistc_default_range_is_whole_tensor(lua):
    # torch7 takes minall/maxall of the whole matrix, not of each row
    out = lua("local x = torch.Tensor{{2, 4, 2, 2, 5, 4}, {3, 5, 1, 5, 3, 5}, {3, 4, 2, 5, 5, 1}}\n"
              "print(torch.bhistc(x, 5))")
    assert out == (" 0  3  0  2  1\n 1  0  2  0  3\n 1  1  1  1  2\n"
                   "[torch.DoubleTensor of size 3x5]\n\n")


def test_multinomial_result_form_through_p_dot(lua):
    out = _lines(lua("local p = torch.Tensor{1, 1, 0.5, 0}\n"
              "torch.manualSeed(3); local res = torch.LongTensor()\n"
              "local r = p.multinomial(res, p, 3, true)\n"
              "torch.manualSeed(3); local ref = torch.multinomial(p, 3, true)\n"
              "print(r == res, res:nElement(), res:equal(ref), torch.type(res))"))
    assert out == "true\t3\ttrue\ttorch.LongTensor\n"


def test_shifts_of_float_tensors_scale_by_powers_of_two(lua, lua_err):
    out = _lines(lua("print(table.concat(torch.lshift(torch.Tensor{1, 3}, 2):totable(), ' '))\n"
              "print(table.concat(torch.rshift(torch.FloatTensor{1, 3}, 1):totable(), ' '))\n"
              "print(table.concat(torch.clshift(torch.Tensor{1, 3}, torch.Tensor{2, 1}):totable(), ' '))\n"
              "print(table.concat(torch.crshift(torch.Tensor{1, 3}, torch.Tensor{2, 1}):totable(), ' '))\n"
              "local x = torch.LongTensor(2, 2):fill(32); x:crshift(torch.LongTensor(2, 2):range(1, 4))\n"
              "print(table.concat(x:view(-1):totable(), ' '))"))
    assert out == "4 12\n0.5 1.5\n4 6\n0.25 1.5\n16 8 4 2\n"
    msg = lua_err("torch.cbitand(torch.Tensor{1}, torch.Tensor{2})")
    assert msg == "test:1: cbitand is only supported for integer type tensors"


def test_lerp_result_tensor_form(lua):
    out = _lines(lua("local M = torch.Tensor()\n"
              "print(torch.lerp(M, torch.Tensor{0, 10}, torch.Tensor{4, 20}, 0.25) == M)\n"
              "print(table.concat(M:totable(), ' '))"))
    assert out == "true\n1 12.5\n"


def test_symeig_eigenvectors_as_lapack_syev(lua):
    # maths.md's example: torch7 calls LAPACK ?syev, whose eigenvector signs differ from ?syevd's
    out = lua("""
local a = torch.Tensor({{ 1.96,  0.00,  0.00,  0.00,  0.00},
                        {-6.49,  3.80,  0.00,  0.00,  0.00},
                        {-0.47, -6.39,  4.17,  0.00,  0.00},
                        {-7.20,  1.50, -1.51,  5.70,  0.00},
                        {-0.65, -6.34,  2.67,  1.80, -7.10}}):t()
local e, v = torch.symeig(a, 'V')
print(v)
""")
    assert out == ("-0.2981 -0.6075  0.4026 -0.3745  0.4896\n"
                   "-0.5078 -0.2880 -0.4066 -0.3572 -0.6053\n"
                   "-0.0816 -0.3843 -0.6600  0.5008  0.3991\n"
                   "-0.0036 -0.4467  0.4553  0.6204 -0.4564\n"
                   "-0.8041  0.4480  0.1725  0.3108  0.1622\n"
                   "[torch.DoubleTensor of size 5x5]\n\n")


def test_svd_signs_as_lapack_gesvd(lua):
    # torch7 calls ?gesvd; numpy's svd (?gesdd) gives this matrix other signs
    out = lua("""
local u, s, v = torch.svd(torch.Tensor{{3, 1, 2}, {1, 0, 1}, {2, 1, 4}, {1, 1, 1}})
print(u); print(v)
""")
    assert out == ("-0.5863  0.7288 -0.1503\n"
                   "-0.2223  0.0589 -0.5533\n"
                   "-0.7327 -0.6614 -0.0079\n"
                   "-0.2647  0.1671  0.8193\n"
                   "[torch.DoubleTensor of size 4x3]\n\n"
                   "-0.6072  0.7401 -0.2889\n"
                   "-0.2591  0.1593  0.9526\n"
                   "-0.7511 -0.6533 -0.0950\n"
                   "[torch.DoubleTensor of size 3x3]\n\n")


def test_reshape_and_renorm_result_tensor_forms(lua):
    out = _lines(lua("""
local x = torch.range(1, 6)
local r = torch.Tensor()
print(torch.reshape(r, x, 2, 3) == r, r:size(1), r:size(2))
r:reshape(x, 3, 2); print(r:size(1), x:reshape(6, 1):size(1), x:dim())
local y = torch.Tensor{{3, 4}, {0.1, 0}}
local n = torch.Tensor()
print(torch.renorm(n, y, 2, 1, 1) == n, ('%.4f %.4f %.4f'):format(n[1][1], n[1][2], n[2][1]))
"""))
    assert out == "true\t2\t3\n3\t6\t1\ntrue\t0.6000 0.8000 0.1000\n"


def test_result_tensor_method_forms(lua):
    # maths.md: "calling a function directly on the tensor ... is equivalent to passing the tensor as
    # the optional resulting tensor": res:f(x, ...) fills res
    out = _lines(lua("""
local x = torch.Tensor{{3, 1, 2}, {0, 5, 4}}
local function flat(t) return table.concat(t:view(-1):totable(), ' ') end
local r, i = torch.Tensor(), torch.LongTensor()
print(r:cumsum(x, 2) == r, flat(r)); print(r:cumprod(x) == r, flat(r))
print(r:std(x, 1, true) == r, flat(r)); print(r:var(x, 2) == r, r:size(1))
print(r:median(x, 2) == r, flat(r)); print(r:mode(i, x, 2) == r, flat(i))
print(r:kthvalue(x, 1, 2) == r, flat(r)); print(r:sort(i, x, 2, true) == r, flat(r), flat(i))
print(r:topk(x, 1, 2, true) == r, flat(r)); print(flat(torch.sort(r, x, 1)))
print(r:cat(x, x, 1) == r, r:size(1)); print(r:cat({x, x}, 2) == r, r:size(2)); print(x:cat(x):size(2))
"""))
    assert out == ("true\t3 4 6 0 5 9\ntrue\t3 1 2 0 5 8\ntrue\t1.5 2 1\ntrue\t2\n"
                   "true\t2 4\ntrue\t2 1\ntrue\t1 0\ntrue\t3 2 1 5 4 0\t1 3 2 2 3 1\n"
                   "true\t3 5\n0 1 2 3 5 4\ntrue\t4\ntrue\t6\n6\n")


def test_lapack_failures_in_torch7s_words(lua_err):
    assert lua_err("torch.inverse(torch.zeros(2, 2))") == "test:1: Lapack Error getrf : U(1,1) is 0, U is singular"
    assert lua_err("torch.gesv(torch.ones(2, 1), torch.zeros(2, 2))") == \
        "test:1: Lapack Error in gesv : U(1,1) is zero, singular U."
    assert lua_err("torch.potrf(torch.Tensor{{1, 0}, {0, -1}})") == \
        "test:1: Lapack Error in potrf : the leading minor of order 2 is not positive definite"
    assert lua_err("torch.trtrs(torch.ones(2, 1), torch.zeros(2, 2))") == \
        "test:1: Lapack Error in trtrs : A(1,1) is zero, singular A"
    assert lua_err("torch.gels(torch.ones(2, 1), torch.zeros(2, 2))") == \
        "test:1: Lapack Error in gels : The 1-th diagonal element of the triangular factor of A is zero"


def test_potrf_reads_only_the_uplo_triangle(lua):
    out = lua("print(torch.potrf(torch.Tensor{{4, 2}, {999, 3}}))\n"
              "print(torch.potrf(torch.Tensor{{4, 999}, {2, 3}}, 'L'))")
    assert out == (" 2.0000  1.0000\n 0.0000  1.4142\n[torch.DoubleTensor of size 2x2]\n\n"
                   " 2.0000  0.0000\n 1.0000  1.4142\n[torch.DoubleTensor of size 2x2]\n\n")


def test_gels_returns_n_rows(lua):
    # torch7's own test (gels_overdetermined): torch.mm(a, x) with x = torch.gels(b, a), a 6x4
    out = _lines(lua("""
local a = torch.Tensor({{ 1.44, -9.96, -7.55,  8.34,  7.08, -5.45},
                        {-7.84, -0.28,  3.24,  8.09,  2.52, -5.70},
                        {-4.39, -3.24,  6.27,  5.28,  0.74, -1.19},
                        {4.53,  3.83, -6.64,  2.06, -2.47,  4.70}}):t()
local b = torch.Tensor({{8.58,  8.26,  8.48, -5.28,  5.72,  8.93},
                        {9.35, -4.43, -0.70, -0.26, -7.36, -2.52}}):t()
local a0, b0 = a:clone(), b:clone()
local x = torch.gels(b, a)
print(x:size(1), x:size(2), ('%.9f'):format((torch.mm(a, x) - b):norm()))
torch.gels(b, a, b, a)
print(b:size(1), ('%.9f'):format((torch.mm(a0, b) - b0):norm()))
"""))
    assert out == "4\t2\t17.390200629\n4\t17.390200629\n"
