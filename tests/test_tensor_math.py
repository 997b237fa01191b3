"""Each math function against numpy on seeded random shapes and types, plus the
LAPACK, convolution and alias-sampling functions."""
import math
import zlib

import numpy as np
import pytest
from conftest import python_calls

TYPES = {"Double": np.float64, "Float": np.float32, "Long": np.int64, "Int": np.int32,
         "Short": np.int16, "Char": np.int8, "Byte": np.uint8}
FLOATS = ("Double", "Float")

HELPERS = r"""
function _lit(ty, vals, ...)
   local t = torch[ty .. 'Tensor'](torch[ty .. 'Storage'](vals))
   if select('#', ...) > 0 then t = t:view(...) end
   return t
end
function _dump(x)
   if type(x) == 'number' then return 'N ' .. string.format('%.17g', x) end
   if type(x) == 'boolean' then return 'B ' .. tostring(x) end
   local c = x:contiguous():view(-1)
   local p = {torch.typename(x), table.concat(torch.totable(x:size()), 'x')}
   local n = x:nElement()
   for i = 1, n do p[#p + 1] = string.format('%.17g', c[i]) end
   return table.concat(p, ' ')
end
"""


@pytest.fixture(scope="module")
def L(rt):
    ok, msg, tb = rt.execute(HELPERS, "=helpers")
    assert ok, msg

    def lit(a, ty):
        a = np.asarray(a)
        vals = ",".join(repr(float(v)) if ty in FLOATS else str(int(v)) for v in a.reshape(-1))
        shape = ",".join(str(s) for s in a.shape)
        return "_lit('%s', {%s}%s)" % (ty, vals, (", " + shape) if a.ndim > 1 else "")

    def run(expr, **tensors):
        code = "\n".join("local %s = %s" % (k, lit(*v)) for k, v in tensors.items())
        code += "\n_OUT = _dump(%s)" % expr
        ok, msg, tb = rt.execute(code, "=prop")
        assert ok, msg + "\n" + code[:500]
        s = rt.eval("_OUT")
        parts = s.split(" ")
        if parts[0] == "N":
            return float(parts[1])
        if parts[0] == "B":
            return parts[1] == "true"
        tname, shape = parts[0], parts[1]
        dt = TYPES[tname[len("torch."):-len("Tensor")]]
        shape = tuple(int(x) for x in shape.split("x")) if shape else (0,)
        return np.array([float(v) for v in parts[2:]]).astype(dt).reshape(shape), tname
    run.lit = lit
    return run


def rand_array(rng, ty, shape, lo=-5, hi=5, positive=False):
    if ty in FLOATS:
        a = rng.uniform(0.1 if positive else lo, hi, size=shape)
        return a.astype(TYPES[ty])
    if ty == "Byte":
        lo = max(lo, 0)
    a = rng.integers(1 if positive else lo, hi + 1, size=shape)
    return a.astype(TYPES[ty])


def shapes(rng, n=4):
    out = [(1,), (7,)]
    while len(out) < n:
        nd = int(rng.integers(1, 4))
        out.append(tuple(int(s) for s in rng.integers(1, 5, size=nd)))
    return out


UNARY = {
    "log": (np.log, True), "exp": (np.exp, False), "sqrt": (np.sqrt, True), "sin": (np.sin, False),
    "cos": (np.cos, False), "tan": (np.tan, False), "tanh": (np.tanh, False), "atan": (np.arctan, False),
    "sinh": (np.sinh, False), "cosh": (np.cosh, False), "log1p": (np.log1p, True), "expm1": (np.expm1, False),
    "floor": (np.floor, False), "ceil": (np.ceil, False), "trunc": (np.trunc, False),
    "neg": (np.negative, False), "abs": (np.abs, False), "sign": (np.sign, False),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), False), "rsqrt": (lambda x: 1 / np.sqrt(x), True),
    "cinv": (lambda x: 1 / x, True), "frac": (lambda x: x - np.trunc(x), False),
    "round": (lambda x: np.sign(x) * np.floor(np.abs(x) + 0.5), False),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("ty", FLOATS)
def test_unary_vs_numpy(L, name, ty):
    f, positive = UNARY[name]
    rng = np.random.default_rng(zlib.crc32(("%s/%s" % (name, ty)).encode()))
    tol = 1e-12 if ty == "Double" else 1e-5
    for shape in shapes(rng):
        a = rand_array(rng, ty, shape, -3, 3, positive)
        got, tn = L("torch.%s(a)" % name, a=(a, ty))
        assert tn == "torch.%sTensor" % ty
        np.testing.assert_allclose(got, f(a.astype(np.float64)).astype(TYPES[ty]), rtol=tol, atol=tol)
        # the method form works in place and returns self
        got2, _ = L("(function() local r = a:%s(); assert(r == a); return a end)()" % name, a=(a, ty))
        np.testing.assert_allclose(got2, got, rtol=tol, atol=tol)


BINARY = {
    "cmul": np.multiply, "add": np.add, "cmax": np.maximum, "cmin": np.minimum,
    "csub": np.subtract,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("ty", sorted(TYPES))
def test_binary_vs_numpy(L, name, ty):
    rng = np.random.default_rng(zlib.crc32(("%s/%s" % (name, ty)).encode()))
    for shape in shapes(rng):
        a = rand_array(rng, ty, shape, 0, 9)
        b = rand_array(rng, ty, shape, 0, 9)
        got, tn = L("torch.%s(a, b)" % name, a=(a, ty), b=(b, ty))
        with np.errstate(all="ignore"):
            want = BINARY[name](a, b).astype(TYPES[ty])   # integer wrap-around as C
        np.testing.assert_allclose(got, want, rtol=1e-6)
        assert tn == "torch.%sTensor" % ty


@pytest.mark.parametrize("ty", sorted(TYPES))
def test_scalar_ops_truncate_and_wrap(L, ty):
    a = np.array([1, 2, 250], dtype=TYPES[ty]) if ty == "Byte" else np.array([1, 2, 3], dtype=TYPES[ty])
    got, _ = L("a:clone():add(10.7)", a=(a, ty))
    if ty in FLOATS:
        np.testing.assert_allclose(got, (a + 10.7).astype(TYPES[ty]))
    else:
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(got, (a.astype(np.int64) + 10).astype(TYPES[ty]))
    got, _ = L("a:clone():mul(2)", a=(a, ty))
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(got, (a.astype(np.float64) * 2).astype(np.int64).astype(TYPES[ty]) if ty not in FLOATS else a * 2)


REDUCE = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min}


@pytest.mark.parametrize("name", sorted(REDUCE))
@pytest.mark.parametrize("ty", ("Double", "Float", "Long", "Int"))
def test_reductions_vs_numpy(L, name, ty):
    # a fixed seed per case (hash() of a str changes with every interpreter), and sums compared relative
    # to the sum of magnitudes: a float sum near zero cancels, so its relative error is unbounded
    rng = np.random.default_rng(zlib.crc32(("%s/%s" % (name, ty)).encode()))
    for shape in shapes(rng):
        a = rand_array(rng, ty, shape, -3, 3)
        a64 = a.astype(np.float64)
        got = L("a:%s()" % name, a=(a, ty))
        scale = float(np.abs(a64).sum()) if name == "sum" else 0.0
        assert got == pytest.approx(float(REDUCE[name](a64)), rel=1e-5, abs=1e-6 * scale)
        for d in range(len(shape)):
            got, tn = L("a:%s(%d)" % (name, d + 1), a=(a, ty))
            want = REDUCE[name](a64, axis=d, keepdims=True)
            tol = 1e-5 * np.abs(want) + (1e-6 * np.abs(a64).sum(axis=d, keepdims=True) if name == "sum" else 0)
            assert got.shape == want.shape and np.all(np.abs(got.astype(np.float64) - want) <= tol), (name, ty, d)
            assert tn == "torch.%sTensor" % ty


@pytest.mark.parametrize("ty", FLOATS)
def test_mean_std_var_norm(L, ty):
    rng = np.random.default_rng(7)
    for shape in shapes(rng):
        a = rand_array(rng, ty, shape)
        a64 = a.astype(np.float64)
        assert L("a:mean()", a=(a, ty)) == pytest.approx(a64.mean(), rel=1e-5)
        assert L("a:norm()", a=(a, ty)) == pytest.approx(np.sqrt((a64 ** 2).sum()), rel=1e-5)
        if a.size > 1:
            assert L("a:std()", a=(a, ty)) == pytest.approx(a64.std(ddof=1), rel=1e-4)
            assert L("a:var(true)", a=(a, ty)) == pytest.approx(a64.var(), rel=1e-4)
        got, _ = L("a:mean(1)", a=(a, ty))
        np.testing.assert_allclose(got, a64.mean(axis=0, keepdims=True), rtol=1e-5)


@pytest.mark.parametrize("ty", sorted(TYPES))
def test_blas_vs_numpy(L, ty):
    rng = np.random.default_rng(3)
    a = rand_array(rng, ty, (3, 4), 0, 3)
    b = rand_array(rng, ty, (4, 2), 0, 3)
    v = rand_array(rng, ty, (4,), 0, 3)
    got, _ = L("torch.mm(a, b)", a=(a, ty), b=(b, ty))
    np.testing.assert_allclose(got, (a.astype(np.int64 if ty not in FLOATS else np.float64) @ b).astype(TYPES[ty]), rtol=1e-5)
    got, _ = L("torch.mv(a, v)", a=(a, ty), v=(v, ty))
    np.testing.assert_allclose(got, (a.astype(np.float64) @ v).astype(TYPES[ty]), rtol=1e-5)
    assert L("torch.dot(v, v)", v=(v, ty)) == pytest.approx(float((v.astype(np.float64) ** 2).sum()))


def test_comparisons_and_cumsum(L):
    rng = np.random.default_rng(5)
    a = rng.integers(0, 4, size=(3, 4)).astype(np.float64)
    b = rng.integers(0, 4, size=(3, 4)).astype(np.float64)
    for op, f in (("lt", np.less), ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal),
                  ("eq", np.equal), ("ne", np.not_equal)):
        got, tn = L("torch.%s(a, b)" % op, a=(a, "Double"), b=(b, "Double"))
        assert tn == "torch.ByteTensor"
        np.testing.assert_array_equal(got, f(a, b).astype(np.uint8))
    got, _ = L("torch.cumsum(a, 2)", a=(a, "Double"))
    np.testing.assert_array_equal(got, np.cumsum(a, axis=1))
    got, _ = L("torch.sort(a, 2)", a=(a, "Double"))
    np.testing.assert_array_equal(got, np.sort(a, axis=1))


# -- LAPACK -----------------------------------------------------------------------
def test_lapack_reconstructions(L):
    rng = np.random.default_rng(11)
    a = rng.normal(size=(4, 4))
    spd = a @ a.T + 4 * np.eye(4)
    b = rng.normal(size=(4, 2))
    x, _ = L("torch.gesv(b, a)", a=(a, "Double"), b=(b, "Double"))
    np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-10)
    inv, _ = L("torch.inverse(a)", a=(a, "Double"))
    np.testing.assert_allclose(inv, np.linalg.inv(a), rtol=1e-8, atol=1e-10)
    u, _ = L("torch.potrf(s)", s=(spd, "Double"))
    np.testing.assert_allclose(u.T @ u, spd, rtol=1e-10)
    lo, _ = L("torch.potrf(s, 'L')", s=(spd, "Double"))
    np.testing.assert_allclose(lo, u.T, atol=1e-12)
    sol, _ = L("torch.potrs(b, torch.potrf(s))", s=(spd, "Double"), b=(b, "Double"))
    np.testing.assert_allclose(sol, np.linalg.solve(spd, b), rtol=1e-9)
    pi, _ = L("torch.potri(torch.potrf(s))", s=(spd, "Double"))
    np.testing.assert_allclose(pi, np.linalg.inv(spd), rtol=1e-9)
    e, _ = L("torch.symeig(s)", s=(spd, "Double"))
    np.testing.assert_allclose(e, np.linalg.eigvalsh(spd), rtol=1e-10)
    v, _ = L("select(2, torch.symeig(s, 'V'))", s=(spd, "Double"))
    np.testing.assert_allclose(v @ np.diag(e) @ v.T, spd, atol=1e-10)
    s, _ = L("select(2, torch.svd(a))", a=(a, "Double"))
    np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), rtol=1e-10)
    r = L("(function() local u, s, v = torch.svd(a); return (u * torch.diag(s) * v:t()):dist(a) end)()", a=(a, "Double"))
    assert r < 1e-10
    r = L("(function() local q, r = torch.qr(a); return (q * r):dist(a) + torch.tril(r, -1):abs():sum() end)()", a=(a, "Double"))
    assert r < 1e-10
    r = L("(function() local m, tau = torch.geqrf(a); local q = torch.orgqr(m, tau); local q2 = torch.qr(a); "
          "return q:dist(q2) + torch.ormqr(m, tau, torch.eye(4)):dist(q) end)()", a=(a, "Double"))
    assert r < 1e-10
    ev, _ = L("torch.eig(s)", s=(spd, "Double"))
    assert ev.shape == (4, 2)
    np.testing.assert_allclose(np.sort(ev[:, 0]), np.linalg.eigvalsh(spd), rtol=1e-10)
    tri = np.triu(a) + 3 * np.eye(4)
    x, _ = L("torch.trtrs(b, t)", t=(tri, "Double"), b=(b, "Double"))
    np.testing.assert_allclose(tri @ x, b, atol=1e-10)


def test_lapack_result_first_and_float(L):
    rng = np.random.default_rng(12)
    a = (rng.normal(size=(3, 3)) + 3 * np.eye(3)).astype(np.float32)
    got, tn = L("(function() local r = torch.FloatTensor(); local r2 = torch.inverse(r, a); assert(r2 == r); return r end)()",
                a=(a, "Float"))
    assert tn == "torch.FloatTensor"
    np.testing.assert_allclose(got, np.linalg.inv(a), rtol=1e-4)
    got, tn = L("select(2, torch.pstrf(a:t() * a))", a=(a, "Float"))
    assert tn == "torch.IntTensor"
    assert sorted(got.tolist()) == [1, 2, 3]


def test_lapack_errors(lua_err):
    assert "gesv" in lua_err("torch.gesv(torch.randn(3, 2), torch.randn(2, 3))")
    e = lua_err("torch.inverse(torch.zeros(3, 3))")
    assert "Lapack Error getrf" in e and "singular" in e   # torch7 names the LAPACK routine
    assert "potrf" in lua_err("torch.potrf(-torch.eye(3))")
    assert "torch.DoubleTensor or torch.FloatTensor" in lua_err("torch.inverse(torch.LongTensor(2, 2))")


def test_gels_solves_ill_conditioned_systems_as_lapack(L, lua_err):
    # dgels (Householder QR / LQ) refuses only an exactly zero diagonal of the triangular factor;
    # a full-rank but badly scaled system (lswolfe's cubic fits) is solved, not called rank-deficient
    a = np.array([[1e9, 1e6, 1e3, 1], [1e12, 1e8, 1e4, 1], [3e6, 2e3, 1, 0], [3e8, 2e4, 1, 0]])
    b = np.array([[14.609], [14.607], [-2.59e-7], [-2.59e-7]])
    x, _ = L("torch.gels(b, a)", a=(a, "Double"), b=(b, "Double"))
    np.testing.assert_allclose(a @ x, b, rtol=1e-9, atol=1e-12)
    over = np.array([[1.0, 2], [3, 4], [5, 6]])
    y = np.array([[1.0], [2], [4]])
    x, _ = L("torch.gels(b, a)", a=(over, "Double"), b=(y, "Double"))
    # the last torch7 returns the n x nrhs solution, not LAPACK's residual rows below it
    assert x.shape == (2, 1)
    np.testing.assert_allclose(x, np.linalg.lstsq(over, y, rcond=None)[0], rtol=1e-12)
    under = over.T
    x, _ = L("torch.gels(b, a)", a=(under, "Double"), b=(y[:2], "Double"))
    np.testing.assert_allclose(x, np.linalg.lstsq(under, y[:2], rcond=None)[0], rtol=1e-12)
    e = lua_err("torch.gels(torch.ones(2, 1), torch.Tensor{{1, 0}, {0, 0}})")
    assert "gels" in e and "2-th diagonal element of the triangular factor of A is zero" in e


# -- conv, histograms, match, alias ---------------------------------------------------
def _xcorr2_valid(x, k):
    kh, kw = k.shape
    oh, ow = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = (x[i:i + kh, j:j + kw] * k).sum()
    return out


def test_conv2_xcorr2(L):
    rng = np.random.default_rng(13)
    x = rng.normal(size=(6, 5))
    k = rng.normal(size=(3, 2))
    got, _ = L("torch.xcorr2(x, k)", x=(x, "Double"), k=(k, "Double"))
    np.testing.assert_allclose(got, _xcorr2_valid(x, k), rtol=1e-10)
    got, _ = L("torch.conv2(x, k)", x=(x, "Double"), k=(k, "Double"))
    np.testing.assert_allclose(got, _xcorr2_valid(x, k[::-1, ::-1]), rtol=1e-10)
    got, _ = L("torch.conv2(x, k, 'F')", x=(x, "Double"), k=(k, "Double"))
    assert got.shape == (8, 6)
    xp = np.pad(x, ((2, 2), (1, 1)))
    np.testing.assert_allclose(got, _xcorr2_valid(xp, k[::-1, ::-1]), rtol=1e-10)
    got, _ = L("torch.xcorr3(x, k)", x=(x.reshape(1, 6, 5), "Double"), k=(k.reshape(1, 3, 2), "Double"))
    np.testing.assert_allclose(got.reshape(4, 4), _xcorr2_valid(x, k), rtol=1e-10)


def test_conv2_errors(lua_err):
    assert "conv2" in lua_err("torch.conv2(torch.randn(2, 2), torch.randn(3, 3))")
    assert "conv2" in lua_err("torch.conv2(torch.randn(5), torch.randn(3))")


def test_bhistc_match_alias(L, lua):
    x = np.array([[1, 2, 2, 3], [0, 0, 1, 1]], dtype=np.float64)
    got, _ = L("torch.bhistc(x, 3, 0, 3)", x=(x, "Double"))
    np.testing.assert_array_equal(got, [[0, 1, 3], [2, 2, 0]])
    a = np.array([[0, 0], [1, 1]], dtype=np.float64)
    b = np.array([[1, 0], [2, 2], [0, 0]], dtype=np.float64)
    got, _ = L("torch.match(a, b)", a=(a, "Double"), b=(b, "Double"))
    np.testing.assert_array_equal(got, [[1, 8, 0], [1, 2, 2]])
    out = lua("""
torch.manualSeed(1)
local state = torch.multinomialAliasSetup(torch.Tensor{0.1, 0.0, 0.9})
local s = torch.multinomialAlias(torch.LongTensor(2000), state)
local c1, c2, c3 = s:eq(1):sum(), s:eq(2):sum(), s:eq(3):sum()
print(c2, c1 > 120 and c1 < 280, c3 > 1700)
""")
    assert out == "0\ttrue\ttrue\t\n"


# -- the LuaJIT fast paths for small tensors must agree with the general (numpy) path --
@pytest.mark.parametrize("ty", FLOATS)
@pytest.mark.parametrize("n", [1, 5, 64, 65, 640, 1024, 1025])
def test_small_fast_paths_match_numpy(L, ty, n):
    rng = np.random.default_rng(n)
    a = rand_array(rng, ty, (n,))
    b = rand_array(rng, ty, (n,))
    dt = TYPES[ty]
    for expr, want in (
        ("a:clone():add(b)", a + b),
        ("a:clone():add(0.1)", a + dt(0.1)),
        ("a:clone():mul(0.3)", a * dt(0.3)),
        ("a:clone():cmul(b)", a * b),
        ("a:clone():fill(0.7)", np.full(n, 0.7, dtype=dt)),
        ("a:clone():copy(b)", b),
        ("torch.add(a, b)", a + b),
    ):
        got, tn = L(expr, a=(a, ty), b=(b, ty))
        assert tn == "torch.%sTensor" % ty
        np.testing.assert_array_equal(got, want.astype(dt), err_msg=expr)


def test_small_fast_paths_fall_through(lua, lua_err):
    out = lua("""
local x = torch.range(1, 6):view(2, 3)
local t = x:t()                        -- not contiguous: the general path
t:add(torch.ones(3, 2)); t:mul(2); t:fill(1):add(1)
print(x:sum())
local y = torch.Tensor(2, 3):copy(torch.FloatTensor{1, 2, 3, 4, 5, 6})   -- mixed types copy
print(y[2][3], torch.LongTensor{1, 2}:add(torch.LongTensor{3, 4})[2], torch.IntTensor{5}:mul(2.7)[1])
local z = torch.Tensor{1, 2, 3}
print(z:add(2, torch.Tensor{1, 1, 1})[1], z:add(z)[3])
""")
    assert out == "12\t\n6\t6\t10\t\n3\t10\t\n"
    assert "inconsistent tensor size" in lua_err("torch.Tensor(3):add(torch.Tensor(4))")
    assert "torch.FloatTensor" in lua_err("torch.Tensor(3):add(torch.FloatTensor(3))")
    assert "cmul" in lua_err("torch.Tensor(3):cmul(torch.Tensor(4))")
    assert "number expected" in lua_err("torch.Tensor(3):fill('a')")


def test_reduction_result_tensor_method_form(lua):
    # res:sum(t, d) / res:norm(t, p, d) write into res (torch7's [res] argument)
    out = lua("""
local x = torch.Tensor{{3, 4}, {6, 8}}
local r = torch.Tensor()
local ret = r:norm(x, 2, 2)
print(rawequal(ret, r), r:size(1), r:size(2), r[1][1], r[2][1])
local s = torch.Tensor()
s:sum(x, 1)
print(s:size(1), s:size(2), s[1][1], s[1][2])
print(x:norm(), x:sum())
""")
    assert out == "true\t2\t1\t5\t10\t\n1\t2\t9\t12\t\n11.180339887499\t21\t\n"


def test_row_strided_copy(rt, capfd):
    # copies between same-size 2-D slices whose rows are contiguous (SplitTable's
    # gradInput:select(2, i):copy(g) in an LSTM) are one memcpy a row: no Python call, right values;
    # column-strided sources take the general path
    ok, msg, tb = rt.execute("""
    rsc_wide = torch.zeros(10, 4, 64); rsc_src = torch.randn(10, 64)
    rsc_fw = torch.FloatTensor(5, 9):zero(); rsc_fs = torch.FloatTensor(5, 8):uniform()
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(rt, "rsc_wide:select(2, 3):copy(rsc_src); rsc_fw:narrow(2, 3, 6):copy(rsc_fs:narrow(2, 2, 6))") == []
    capfd.readouterr()
    ok, msg, tb = rt.execute("""
    print(torch.equal(rsc_wide:select(2, 3), rsc_src), rsc_wide:select(2, 1):abs():sum(),
          rsc_wide:select(2, 2):abs():sum(), rsc_wide:select(2, 4):abs():sum())
    print(torch.equal(rsc_fw:narrow(2, 3, 6), rsc_fs:narrow(2, 2, 6)), rsc_fw:narrow(2, 1, 2):sum(),
          rsc_fw:select(2, 9):sum())
    local t = torch.FloatTensor(6, 5):uniform():t()            -- 5x6, column-strided
    local w = torch.FloatTensor(5, 9):zero()
    w:narrow(2, 2, 6):copy(t)
    print(torch.equal(w:narrow(2, 2, 6), t), w:select(2, 1):sum(), w:narrow(2, 8, 2):sum())
    """, "=t")
    assert ok, (msg, tb)
    assert capfd.readouterr().out == "true\t0\t0\t0\t\ntrue\t0\t0\t\ntrue\t0\t0\t\n"



# -- the same fast paths on 2-D slices whose rows are contiguous but spaced out (an RNN's
# gates[{{}, t, {1, H}}]): LuaJIT loops a row at a time, same values as numpy, other columns untouched --
ROWS = [
    ("w[{{}, 2, {3, 7}}]:add(b[{{}, 3, {1, 5}}])", lambda w, a, b: w[:, 1, 2:7].__iadd__(b[:, 2, 0:5])),
    ("w[{{}, 2, {3, 7}}]:add(-1, b[{{}, 3, {1, 5}}])", lambda w, a, b: w[:, 1, 2:7].__isub__(b[:, 2, 0:5])),
    ("w[{{}, 2, {3, 7}}]:add(1, b[{{}, 3, {1, 5}}])", lambda w, a, b: w[:, 1, 2:7].__iadd__(b[:, 2, 0:5])),
    ("w[{{}, 1, {2, 8}}]:add(0.1)", lambda w, a, b: w[:, 0, 1:8].__iadd__(w.dtype.type(0.1))),
    ("w[{{}, 3, {1, 4}}]:mul(0.3)", lambda w, a, b: w[:, 2, 0:4].__imul__(w.dtype.type(0.3))),
    ("w[{{}, 2, {4, 8}}]:fill(0.7)", lambda w, a, b: w[:, 1, 3:8].fill(0.7)),
    ("w[{{}, 2, {4, 8}}]:zero()", lambda w, a, b: w[:, 1, 3:8].fill(0)),
    ("w[{{}, 2, {4, 8}}]:cmul(b[{{}, 1, {2, 6}}])", lambda w, a, b: w[:, 1, 3:8].__imul__(b[:, 0, 1:6])),
    ("w[{{}, 2, {4, 8}}]:cmul(a[{{}, 1, {2, 6}}], b[{{}, 3, {1, 5}}])",
     lambda w, a, b: w[:, 1, 3:8].__setitem__(slice(None), a[:, 0, 1:6] * b[:, 2, 0:5])),
    ("w[{{}, 2, {4, 4}}]:add(b[{{}, 1, {2, 2}}])", lambda w, a, b: w[:, 1, 3:4].__iadd__(b[:, 0, 1:2])),
]


@pytest.mark.parametrize("ty", FLOATS)
@pytest.mark.parametrize("case", range(len(ROWS)))
def test_row_strided_fast_paths_match_numpy(L, ty, case):
    rng = np.random.default_rng(case)
    a = rand_array(rng, ty, (6, 3, 8))
    b = rand_array(rng, ty, (6, 3, 8))
    expr, f = ROWS[case]
    got, tn = L("(function() local w = a:clone(); %s; return w end)()" % expr, a=(a, ty), b=(b, ty))
    want = a.copy()
    f(want, a, b)
    assert tn == "torch.%sTensor" % ty
    np.testing.assert_array_equal(got, want, err_msg=expr)
    # a contiguous tensor and a spaced-out one of the same rows x cols
    got, _ = L("(function() local g = b[{{}, 1, {1, 5}}]:clone(); g:add(a[{{}, 2, {2, 6}}]); "
               "g:cmul(a[{{}, 3, {3, 7}}]); return g end)()", a=(a, ty), b=(b, ty))
    np.testing.assert_array_equal(got, (b[:, 0, 0:5] + a[:, 1, 1:6]) * a[:, 2, 2:7])


def test_row_strided_fast_paths_fall_through(lua, lua_err):
    out = lua("""
local x = torch.range(1, 24):view(2, 3, 4)
local r = torch.Tensor(8)
r:cmul(x[{{}, 2}], x[{{}, 3}])            -- res of another shape: resized as the first operand
print(r:dim(), r:size(1), r:size(2), r[2][4])
local s = x[{{}, 1}]:clone():add(2, x[{{}, 2}])   -- other scales: the general path
print(s[1][1], s[2][4])
local t = x[{{}, {}, 1}]                  -- 2x3, column-strided rows: general path
t:fill(0)
print(x:sum())
""")
    lines = out.splitlines()
    assert lines[0] == "2\t2\t4\t%d\t" % (20 * 24)
    assert lines[1] == "%d\t%d\t" % (1 + 2 * 5, 16 + 2 * 20)
    assert lines[2] == "%d\t" % (sum(range(1, 25)) - sum(range(1, 25, 4)))
    assert "inconsistent tensor size" in lua_err("torch.Tensor(2, 3):add(torch.Tensor(3, 3):narrow(2, 1, 1))")
    assert "cmul" in lua_err("local x = torch.Tensor(4, 6); x:narrow(2, 1, 3):cmul(x:narrow(2, 2, 2))")


def test_lstm_step_pointwise_ops_stay_in_luajit(rt):
    # torch-rnn's LSTM backward step on (N, 4H) gate slices: fill / add(-1, x) / cmul / 3-argument cmul / add
    ok, msg, tb = rt.execute("""
    lsp_g = torch.FloatTensor(10, 20, 256):uniform(); lsp_a = torch.FloatTensor(10, 256):zero()
    lsp_n = torch.FloatTensor(10, 64):uniform(); lsp_h = torch.FloatTensor(10, 20, 64):uniform()
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(rt, """
    local i, o = lsp_g[{{}, 3, {1, 64}}], lsp_g[{{}, 3, {129, 192}}]
    local ai, ao = lsp_a[{{}, {1, 64}}], lsp_a[{{}, {129, 192}}]
    lsp_n:add(lsp_h[{{}, 3}])
    ai:cmul(i, i)
    ao:fill(1):add(-1, o):cmul(o):cmul(lsp_n)
    lsp_a[{{}, {65, 128}}]:zero()
    """) == []


# -- small conversions between element types done in LuaJIT (exact or one rounding) agree with astype --
EXACT = [("Byte", "Short"), ("Byte", "Long"), ("Char", "Int"), ("Short", "Long"), ("Int", "Long"),
         ("Byte", "Float"), ("Char", "Double"), ("Int", "Float"), ("Int", "Double"), ("Long", "Double"),
         ("Float", "Double"), ("Double", "Float"), ("Long", "Float"), ("Double", "Long"), ("Long", "Byte")]


@pytest.mark.parametrize("src,dst", EXACT)
def test_small_conversions_match_numpy(L, src, dst):
    rng = np.random.default_rng(len(src) * 7 + len(dst))
    if src in FLOATS:
        a = (rng.standard_normal((3, 7)) * 1e3).astype(TYPES[src])
    else:
        info = np.iinfo(TYPES[src])
        hi = 255 if dst == "Byte" else min(int(info.max), 2 ** 40)
        a = rng.integers(max(int(info.min), -2 ** 40) if dst != "Byte" else 0, hi, size=(3, 7),
                         endpoint=True).astype(TYPES[src])
    for expr in ("a:%s()" % dst.lower(), "a:type('torch.%sTensor')" % dst, "torch.%sTensor(3, 7):copy(a)" % dst):
        got, tn = L(expr, a=(a, src))
        assert tn == "torch.%sTensor" % dst
        np.testing.assert_array_equal(got, a.astype(TYPES[dst]), err_msg=expr)


def test_small_conversions_and_zero_stay_in_luajit(rt):
    # char-rnn's per-step byte targets and one-hot rows: target:long(), a Float -> Double copy and a
    # zeroed output; only the new tensor's storage is allocated on the Python side
    ok, msg, tb = rt.execute("""
    scz_b = torch.ByteTensor{3, 1, 2}; scz_f = torch.FloatTensor(10, 82):fill(0.5)
    scz_d = torch.Tensor(10, 82); scz_z = torch.randn(50, 100)
    """, "=t")
    assert ok, (msg, tb)
    assert python_calls(rt, "scz_l = scz_b:long(); scz_d:copy(scz_f); scz_z:zero()", allow=("execute", "alloc")) == []
    assert rt.eval("torch.type(scz_l) == 'torch.LongTensor' and scz_l[1] == 3 and scz_l[3] == 2")
    assert rt.eval("scz_d:sum() == 410 and scz_z:abs():sum() == 0")


def test_number_forms_of_two_and_three_argument_math(lua, lua_err):
    # torch7's wrappers have real-valued forms: torch.atan2(y, x), torch.lerp(a, b, w)
    out = lua("print(torch.atan2(1, -1), torch.lerp(2, 6, 0.25), torch.atan2(torch.ones(1), torch.ones(1))[1])")
    assert out == "%.14g\t3\t%.14g\t\n" % (math.atan2(1, -1), math.pi / 4)
    assert "bad argument #1 to 'lerp' (tensor expected, got string)" in lua_err("torch.lerp('a', 1, 2)")


def test_index_rows_in_luajit(rt, L):
    # t:index(1, idx) of contiguous tensors (OneHot's identity rows, embeddings) copies rows in LuaJIT:
    # numpy's answer, and only the result's storage is allocated on the Python side
    rng = np.random.default_rng(11)
    for ty in ("Double", "Float", "Long", "Byte"):
        a = rand_array(rng, ty, (6, 3, 2))
        got, tn = L("a:index(1, torch.LongTensor{6, 1, 1, 4})", a=(a, ty))
        assert tn == "torch.%sTensor" % ty
        np.testing.assert_array_equal(got, a[[5, 0, 0, 3]])
    ok, msg, tb = rt.execute("irl_eye = torch.eye(82):float(); irl_idx = torch.LongTensor{3, 82, 1, 3}", "=t")
    assert ok, (msg, tb)
    assert python_calls(rt, "irl_r = irl_eye:index(1, irl_idx)", allow=("execute", "alloc")) == []
    assert rt.eval("irl_r:size(1) == 4 and irl_r[2][82] == 1 and irl_r[3][1] == 1 and irl_r:sum() == 4")
