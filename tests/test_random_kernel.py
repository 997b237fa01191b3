"""Bit-exactness tests for luann.kernels.random against real torch7 output.

REFERENCE_OUT is a verbatim copy of reference/random.out, printed by real
torch7 running reference/random.lua (see the script's calls, transcribed in
_replay_seed_block / test_nn_initialisation).  Values are compared as parsed
doubles, so a float32 tie printed as ...563 by LuaJIT and ...562 by glibc still
compares equal.  No Lua is needed.
"""
import importlib.util
import math
import os
import pickle

import numpy as np
import pytest

try:
    from luann.kernels import random as R
except Exception:   # the rest of the package (lupa runtime) is not needed here
    _path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                         "luann", "kernels", "random.py")
    _spec = importlib.util.spec_from_file_location("luann_kernels_random", _path)
    R = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(R)

Generator = R.Generator

REFERENCE_OUT = """\
seed	1	1	
rand 0.41702199843712151 0.99718480813317001 0.72032448928803205 0.93255736120045185 0.00011438108049333096
randn 0.58811666366989312 0.61167334879458324 0.56338943744847869 -0.0033965017378921 0.0384261239841295
uniform -0.017096369294449687 -1.068698943592608 -0.060446298914030194
normal 1.2192550900212278 0.57948870639062044 1.6140984651257391
randperm 7 5 2 3 1 6 4 8
bernoulli 0 1 0 0 1 1
exponential 0.38222912622551541 0.55504015927511763 1.2264832401106986
geometric 1 1 2
cauchy -0.22122333401723565 -2.1184201038184418
logNormal 9.3273783671329156 1.6553390348824184
multinomial 3 3 3 3 3 2
multinomial_noreplace 1 4 3
random 2 5 5
random2 5 6 5
scalars 0.039054784225299954 -0.088053937773184113 2.118486394174397 4 2879896008
rand_odd 0.60373593727660491 1.0929977195240519 0.77689262317251007
float_rand 0.42110762000083923 0.6716541051864624 0.95788955688476563
float_randn -1.0495394468307495 0.64963597059249878 0.49656835198402405
rng state restore	true	
seed	42	42	
rand 0.37454011430963874 0.79654298420064151 0.95071431156247854 0.18343478767201304 0.73199393833056092
randn 0.25062210257993223 -1.3278078473851456 -0.47789601184708436 -0.33296416958026293 -0.54899599288825573
uniform -1.5001253974623978 -1.7095819446258247 0.29624443920329213
normal 1.097205956334814 1.3004573362284997 0.66423299611648456
randperm 4 8 6 5 3 2 1 7
bernoulli 0 0 0 1 1 1
exponential 2.4275576182943217 0.10130571145042776 0.48048914005770854
geometric 1 2 2
cauchy -45.038734738780256 -0.21711938675306675
logNormal 14.042115969077281 3.4543117295685719
multinomial 3 3 2 1 1 2
multinomial_noreplace 4 2 1
random 4 8 1
random2 5 6 5
scalars 0.51423443621024489 1.3323497558753858 2.9335257969796658 3 3693415908
rand_odd -0.14090276431202595 -1.178362481181862 -0.94459169513043539
float_rand 0.17052412033081055 0.4504992663860321 0.065051592886447906
float_randn 2.4302585124969482 0.20302312076091766 2.4270570278167725
rng state restore	true	
seed	123456789	123456789	
rand 0.53283302299678326 0.99064914043992758 0.53413660498335958 0.013154497602954507 0.50955303618684411
randn -0.25849318948648142 -1.5600198116301462 0.50932147284844254 0.57853892901403969 0.57468634823653586
uniform -1.6853229927364737 2.4193959014955908 2.3065261049196124
normal 0.2151448942743478 1.6434389850992441 1.9455015157218507
randperm 4 5 2 3 7 8 6 1
bernoulli 1 0 0 1 0 1
exponential 0.21615827786664696 0.13120838569563678 0.10564219082152013
geometric 1 1 1
cauchy -1.2759871303773209 -1.5194248193618844
logNormal 51.347146290517472 0.37196714989499291
multinomial 3 3 2 3 3 2
multinomial_noreplace 4 2 3
random 8 1 2
random2 5 7 6
scalars 0.25224168528802693 -1.2808411057367717 3.2351469355635345 1 346574938
rand_odd 0.15805360920822215 1.6090414505971768 -1.5837927861393271
float_rand 0.48033186793327332 0.26817527413368225 0.28332588076591492
float_randn -0.49786791205406189 2.051166296005249 1.7215721607208252
rng state restore	true	
Linear.weight -0.32101463468396235 -0.51363375405461342 0.42808479041827241 0.38258443521343044 -0.33865155074208531 -0.15734308026746763
Linear.bias 0.48337023664258927 0.55361539687271455
SpatialConvolution.weight -0.0081945261451870643 -0.29004032828013904 0.079014842276743935 -0.073018245799349957 0.1880252510674606 -0.10313997906897621 0.013023486496071324 -0.0094483619611607783 -0.14368374733670319 0.34706280950836599 -0.22081443862300598 0.21798807096186545 -0.29646069189224705 0.10568338711255765 0.16860274866732428 0.2259013804921699
SpatialConvolution.bias -0.041500645785535417 -0.18205142393106624
LookupTable.weight 0.92625793326683614 1.4258517914620656 0.35331911819329265 -0.33205188307638961 -0.10188490507710742 0.66807223333490062
Dropout 2 2 2 0 0 0
generator 0.55079790437594056 0.070724880322813988 0.70814782218076289
"""

_SHARED_REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shared", "reference", "random.out")


def _parse():
    blocks, tail, cur = [], {}, None
    for line in REFERENCE_OUT.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "seed":
            cur = {}
            blocks.append((int(parts[1]), int(parts[2]), cur))
        elif parts[0] == "rng":
            cur["rng_restore"] = parts[-1]
        elif parts[0].split(".")[0] in ("Linear", "SpatialConvolution",
                                        "LookupTable", "Dropout", "generator"):
            tail[parts[0]] = [float(x) for x in parts[1:]]
        else:
            cur[parts[0]] = [float(x) for x in parts[1:]]
    return blocks, tail


BLOCKS, TAIL = _parse()


def _replay_seed_block(g, seed):
    """The calls of reference/random.lua's seed loop, as kernel calls."""
    g.manual_seed(seed)
    got = {"initial_seed": g.initial_seed()}
    got["rand"] = g.uniform(5)
    got["randn"] = g.normal(5)
    got["uniform"] = g.uniform(3, -2, 3)
    got["normal"] = g.normal(3, 1, 0.5)
    got["randperm"] = g.randperm(8)
    got["bernoulli"] = g.bernoulli(6, 0.3)
    got["exponential"] = g.exponential(3, 2)
    got["geometric"] = g.geometric(3, 0.5)
    got["cauchy"] = g.cauchy(2, 0, 1)
    got["logNormal"] = g.log_normal(2, 1, 2)
    got["multinomial"] = g.multinomial(np.array([0.2, 0.3, 0.5]), 6, True)
    got["multinomial_noreplace"] = g.multinomial(np.array([0.2, 0.3, 0.5, 1.0]), 3)
    got["random"] = g.random(3, 10)
    got["random2"] = g.random(3, 5, 7)
    # Lua evaluates the string.format arguments left to right
    got["scalars"] = [g.uniform_scalar(), g.normal_scalar(), g.uniform_scalar(2, 4),
                      g.random_scalar(6), g.random_scalar()]
    got["rand_odd"] = g.normal(3)
    got["float_rand"] = g.uniform(3, dtype="float32")
    got["float_randn"] = g.normal(3, dtype="float32")
    state = g.get_state()
    a = g.uniform(2)
    g.set_state(state)
    b = g.uniform(2)
    got["rng_restore"] = "true" if np.array_equal(a, b) else "false"
    return got


def _as_list(v):
    return v.tolist() if isinstance(v, np.ndarray) else list(v)


def test_reference_copy_is_current():
    if not os.path.exists(_SHARED_REF):
        pytest.skip("shared reference not present")
    with open(_SHARED_REF) as f:
        assert f.read() == REFERENCE_OUT


@pytest.mark.parametrize("idx", range(3))
def test_reference_seed_blocks(idx):
    seed, initial, ref = BLOCKS[idx]
    got = _replay_seed_block(Generator(0), seed)
    assert got["initial_seed"] == initial
    assert set(ref) == set(got) - {"initial_seed"}
    for name, want in ref.items():
        if name == "rng_restore":
            assert got[name] == want
            continue
        assert _as_list(got[name]) == want, name


def test_float_variants_are_double_draws_rounded_to_float32():
    # torch7's FloatTensor uniform/normal compute in double then cast
    g = Generator(1)
    u = g.uniform(7, dtype="float32")
    assert u.dtype == np.float32
    g.manual_seed(1)
    assert np.array_equal(u, g.uniform(7).astype(np.float32))
    g.manual_seed(1)
    n = g.normal(7, 0.5, 2.0, dtype="float32")
    assert n.dtype == np.float32
    g.manual_seed(1)
    assert np.array_equal(n, g.normal(7, 0.5, 2.0).astype(np.float32))


def test_nn_initialisation():
    """nn.Linear / SpatialConvolution / LookupTable / Dropout after manualSeed(5)."""
    g = Generator(0)
    g.manual_seed(5)
    s = 1 / math.sqrt(3)                       # Linear(3, 2): weight, then bias
    lw = g.uniform(6, -s, s)
    lb = g.uniform(2, -s, s)
    s = 1 / math.sqrt(2 * 2 * 2)               # SpatialConvolution(2, 2, 2, 2)
    cw = g.uniform(16, -s, s)
    cb = g.uniform(2, -s, s)
    lt = g.normal(6, 0, 1)                     # LookupTable(3, 2)
    drop = g.bernoulli(6, 1 - 0.5) / (1 - 0.5)  # Dropout(0.5) on ones(6)
    assert lw.tolist() == TAIL["Linear.weight"]
    assert lb.tolist() == TAIL["Linear.bias"]
    assert cw.tolist() == TAIL["SpatialConvolution.weight"]
    assert cb.tolist() == TAIL["SpatialConvolution.bias"]
    assert lt.tolist() == TAIL["LookupTable.weight"]
    assert drop.tolist() == TAIL["Dropout"]
    gen = Generator(3)                         # torch.Generator + manualSeed(gen, 3)
    assert gen.uniform(3).tolist() == TAIL["generator"]
    # the separate generator leaves another one untouched
    g.manual_seed(5)
    Generator(3).uniform(10)
    assert g.uniform(6, -1 / math.sqrt(3), 1 / math.sqrt(3)).tolist() == \
        TAIL["Linear.weight"]


def test_raw_stream_and_uniform_formula():
    g = Generator(123)
    raw = g.raw(700)                            # crosses an MT regeneration
    assert raw.dtype == np.uint64 and raw.shape == (700,)
    bg = np.random.MT19937()
    bg._legacy_seeding(123)
    assert np.array_equal(raw, bg.random_raw(700))
    g.manual_seed(123 + (7 << 32))              # only the low 32 bits seed MT
    assert g.initial_seed() == 123 + (7 << 32)
    assert np.array_equal(g.raw(5), raw[:5])
    g.manual_seed(1)
    assert g.uniform_scalar() == 0.41702199843712151   # torch-api.md 1.10 example


def test_normal_cache_sequential_semantics():
    """Bulk normal == sequence of scalar calls, for every split of the counts."""
    seq_gen = Generator(42)
    seq = [seq_gen.normal_scalar(0.25, 1.5) for _ in range(40)]
    for splits in ([40], [1] * 40, [3, 4, 1, 7, 2, 5, 18], [2, 1, 1, 2, 3, 31],
                   [0, 5, 0, 35]):
        g = Generator(42)
        parts = [g.normal(k, 0.25, 1.5) for k in splits]
        assert np.concatenate(parts).tolist() == seq, splits


def test_normal_cache_mixed_with_scalars_and_log_normal():
    a = Generator(7)
    b = Generator(7)
    out_a = list(a.normal(3)) + [a.normal_scalar()] + list(a.log_normal(3, 0.5, 0.25))
    out_b = [b.normal_scalar() for _ in range(4)] + \
        [math.exp(b.normal_scalar(0.5, 0.25)) for _ in range(3)]
    assert [float(x) for x in out_a] == out_b
    # both consumed the same number of raw draws and left the same cache
    assert a.get_state() == b.get_state()


def test_manual_seed_resets_normal_cache():
    g = Generator(1)
    first = g.normal(1).tolist()
    g.normal(1)
    g.normal(1)                        # leaves a cached value
    g.manual_seed(1)
    assert g.normal(1).tolist() == first


def test_state_round_trip_includes_normal_cache():
    g = Generator(99)
    g.uniform(630)
    g.normal(1)                        # odd: a sin value is cached
    st = g.get_state()
    assert isinstance(st, bytes)
    want = (g.normal(5).tolist(), g.raw(3).tolist(), g.initial_seed())
    g.manual_seed(3)
    g.normal(4)
    g.set_state(st)
    assert (g.normal(5).tolist(), g.raw(3).tolist(), g.initial_seed()) == want
    h = Generator(0)
    h.set_state(st)
    assert h.normal(5).tolist() == want[0]
    assert pickle.loads(pickle.dumps(st)) == st
    with pytest.raises(ValueError):
        g.set_state(b"garbage")


def test_seed_and_default_generator():
    g = Generator()
    s = g.seed()
    assert type(s) is int and 0 <= s < 2 ** 32 and g.initial_seed() == s
    h = Generator(s)
    assert g.raw(4).tolist() == h.raw(4).tolist()
    assert isinstance(R.default_generator, Generator)


def test_randperm():
    g = Generator(5)
    p = g.randperm(1000)
    assert p.dtype == np.int64
    assert sorted(p.tolist()) == list(range(1, 1001))
    # the loop from THTensorRandom.c, written out
    g.manual_seed(5)
    raw = g.raw(999).tolist()
    r = list(range(1000))
    for i in range(999):
        z = raw[i] % (1000 - i) + i
        r[i], r[z] = r[z], r[i]
    assert p.tolist() == [x + 1 for x in r]
    assert g.randperm(1).tolist() == [1]
    with pytest.raises(ValueError):
        g.randperm(0)


def test_random_variants():
    g = Generator(11)
    raw = Generator(11).raw(9).tolist()
    assert g.random(3).tolist() == raw[:3]
    assert g.random(3, 6).tolist() == [x % 6 + 1 for x in raw[3:6]]
    assert g.random(3, -4, 4).tolist() == [x % 9 - 4 for x in raw[6:9]]
    g.manual_seed(11)
    assert g.random(3, dtype="float32").tolist() == [x % (2 ** 24 + 1) for x in raw[:3]]
    g.manual_seed(11)
    assert g.random(3, 0, 2 ** 40).tolist() == raw[:3]
    with pytest.raises(ValueError):
        g.random(2, 0)
    with pytest.raises(ValueError):
        g.random(2, 5, 4)


def test_other_distributions_follow_formulas():
    raw = Generator(2).raw(40)
    u = (raw.astype(np.float64) / 2.0 ** 32).tolist()
    g = Generator(2)
    assert g.exponential(10, 3.0).tolist() == [-1.0 / 3.0 * math.log(1 - x) for x in u[:10]]
    assert g.cauchy(10, 1.0, 2.0).tolist() == \
        [1.0 + 2.0 * math.tan(math.pi * (x - 0.5)) for x in u[10:20]]
    assert g.geometric(10, 0.3).tolist() == \
        [float(int(math.log(1 - x) / math.log(0.3)) + 1) for x in u[20:30]]
    assert g.bernoulli(10, 0.4).tolist() == [float(x <= 0.4) for x in u[30:40]]


def test_bernoulli_tensor():
    p = np.array([[0.0, 1.0, 0.5], [0.2, 0.9, 0.7]])
    g = Generator(8)
    out = g.bernoulli_tensor(p)
    assert out.shape == (2, 3) and out.dtype == np.float64
    u = Generator(8).raw(6).astype(np.float64) / 2.0 ** 32
    assert out.ravel().tolist() == (u <= p.ravel()).astype(float).tolist()
    assert out[0, 0] == 0.0 and out[0, 1] == 1.0
    with pytest.raises(ValueError):
        g.bernoulli_tensor(np.array([0.5, 1.5]))


def _multinomial_reference(u_iter, probs, n_sample, replacement):
    """THTensor_(multinomial) for one row, transcribed statement by statement."""
    cum, total = [], 0.0
    for v in probs:
        total += v
        cum.append(total)
    cum = [c / total for c in cum]
    out = []
    for j in range(n_sample):
        u = next(u_iter)
        cum[-1] = 1.0
        left, right = 0, len(cum)
        while right - left > 0:
            mid = left + (right - left) // 2
            if cum[mid] < u:
                left = mid + 1
            else:
                right = mid
        out.append(left + 1)
        if not replacement and j < n_sample - 1:
            prev = cum[left - 1] if left else 0.0
            diff = cum[left] - prev
            s = 1.0 - diff
            cum = [((c - diff) if k >= left else c) / s for k, c in enumerate(cum)]
    return out


@pytest.mark.parametrize("replacement", [True, False])
def test_multinomial_matches_transcription(replacement):
    rs = np.random.RandomState(0)
    probs = rs.rand(3, 9)
    probs[1, 4] = 0.0
    g = Generator(17)
    out = g.multinomial(probs, 6, replacement)
    assert out.shape == (3, 6) and out.dtype == np.int64
    u = iter((Generator(17).raw(18).astype(np.float64) / 2.0 ** 32).tolist())
    want = [_multinomial_reference(u, row.tolist(), 6, replacement) for row in probs]
    assert out.tolist() == want
    if not replacement:
        assert all(len(set(r)) == 6 for r in out.tolist())
        assert 5 not in out[1].tolist()
    one = Generator(3).multinomial(probs[0].astype(np.float32), 4, replacement)
    assert one.shape == (4,)


def test_multinomial_errors():
    g = Generator(1)
    with pytest.raises(ValueError, match="without replacement"):
        g.multinomial(np.array([0.5, 0.5]), 3)
    with pytest.raises(ValueError, match="sum of probabilities"):
        g.multinomial(np.zeros(3), 1, True)
    with pytest.raises(ValueError, match="< 0"):
        g.multinomial(np.array([0.5, -0.1]), 1, True)
    with pytest.raises(ValueError, match="infinity or NaN"):
        g.multinomial(np.array([0.5, np.inf]), 1, True)
    with pytest.raises(ValueError, match="not enough"):
        g.multinomial(np.array([0.5, 0.0, 0.5]), 3)
    with pytest.raises(ValueError):
        g.multinomial(np.array([0.5, 0.5]), 0, True)


def test_argument_errors_do_not_consume_draws():
    g = Generator(4)
    ref = Generator(4).raw(1).tolist()
    for call in (lambda: g.normal(3, 0, 0), lambda: g.normal(3, 0, -1),
                 lambda: g.log_normal(2, 1, 0), lambda: g.bernoulli(2, 1.5),
                 lambda: g.bernoulli(2, -0.1), lambda: g.geometric(2, 0),
                 lambda: g.geometric(2, 1), lambda: g.normal_scalar(0, 0)):
        with pytest.raises(ValueError):
            call()
    assert g.raw(1).tolist() == ref


def test_return_types():
    g = Generator(1)
    for v in (g.uniform_scalar(), g.uniform_scalar(-1, 1), g.normal_scalar(),
              g.normal_scalar(2, 3)):
        assert type(v) is float
    for v in (g.random_scalar(), g.random_scalar(5), g.random_scalar(-3, 3),
              g.initial_seed()):
        assert type(v) is int
    arrays = [g.raw(3), g.uniform(3), g.normal(3), g.exponential(3), g.cauchy(3),
              g.log_normal(3), g.geometric(3, 0.5), g.bernoulli(3), g.random(3),
              g.randperm(3), g.multinomial(np.ones(3), 2), g.uniform(0), g.normal(0),
              g.bernoulli_tensor(np.full((2, 2), 0.5)), g.multinomial(np.ones((2, 3)), 2)]
    for a in arrays:
        assert isinstance(a, np.ndarray) and a.flags.c_contiguous and a.flags.owndata
    assert g.geometric(3, 0.5).dtype == np.float64
    assert g.bernoulli(3).dtype == np.float64
    assert g.random(3).dtype == np.int64


def test_large_draws_are_vectorised_and_consistent():
    g = Generator(21)
    big = g.normal(20001)
    h = Generator(21)
    assert big[-5:].tolist() == h.normal(20001)[-5:].tolist()
    h.manual_seed(21)
    h.normal(19996)
    assert h.normal(5).tolist() == big[-5:].tolist()
    assert abs(float(big.mean())) < 0.05 and abs(float(big.std()) - 1) < 0.05
