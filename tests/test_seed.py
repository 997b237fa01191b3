"""examples/seed.lua (the seed notebook as a script) end to end through the CLI."""
import os
import re

import numpy as np

from conftest import ROOT, SHARED, run_cli

SEED = os.path.join(SHARED, "seed", "000_318f10fdadafa23c.txt")


def seed_block(start, end):
    s = open(SEED).read()
    i = s.index(start) + len(start)
    return s[i:s.index(end, i)]


def parse_outputs(out):
    """Tensors (as numpy arrays), numbers and other text blocks, in print order."""
    items = []
    lines = out.split("\n")
    buf = []
    for ln in lines:
        m = re.match(r"\[torch\.DoubleTensor of size ([\dx]+)\]", ln)
        if m:
            shape = [int(v) for v in m.group(1).split("x")]
            vals = [float(v) for row in buf for v in row.split()]
            items.append(np.array(vals).reshape(shape))
            buf = []
        elif ln.startswith("[torch.DoubleTensor with no dimension]"):
            items.append("empty")
            buf = []
        elif re.match(r"^-?\d+\.\d+(e-?\d+)?\t$", ln):
            items.append(float(ln.strip()))
        elif ln.strip() and re.match(r"^[\s\-\d.e]+$", ln):
            buf.append(ln)
        else:
            buf = []
    return items


def test_seed_script_runs_and_matches_notebook_facts():
    r = run_cli(os.path.join(ROOT, "examples", "seed.lua"))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    # the two model displays, exactly as the notebook showed them
    first = seed_block("model:add(nn.Linear(3,4))\n\n", "\n\n\nOuch")
    second = seed_block("In [14]:\nmodel\n\n", "\n\n\nDo you notice")
    assert out.startswith(first + "\n")
    assert second + "\n" in out
    assert "nn.Sequential {\n  [input -> (1) -> output]\n  (1): nn.Linear(3 -> 4)\n}" in out
    assert "[torch.DoubleTensor with no dimension]" in out

    items = parse_outputs(out)
    (X, Y, W, b, WXb, out1, gb0, gw0, gi0, back, gb, n1, n2, n3, gw, W2, rW, gi) = items
    assert X.shape == (3,) and Y.shape == (4,) and W.shape == (4, 3) and b.shape == (4,)
    tol = 2e-4
    assert np.allclose(W @ X + b, Y, atol=1e-3)          # printed to 4 decimals
    assert np.allclose(WXb, Y) and np.allclose(out1, Y)
    assert not gb0.any() and not gw0.any() and gi0 == "empty"
    assert np.all(gb == 2)
    assert np.allclose([n1, n2, n3], 2 * X, atol=tol)
    assert np.allclose(gw, np.tile(2 * X, (4, 1)), atol=1e-3)
    assert np.allclose(W2, W)
    assert rW.shape == (1, 3)
    assert np.allclose(rW[0], back) and np.allclose(gi, back)
    assert np.allclose(np.full(4, 2.0) @ W, back, atol=1e-3)
