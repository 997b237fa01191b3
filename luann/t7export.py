"""`luann export model.t7 weights.npz`: a torch7 model's parameters as named numpy arrays.

Names follow the module path: `1.weight`, `3.bias`, `2.1.weight` for the first child of the second
module. Exported fields: weight and bias (what Module:parameters() returns) and, for batch
normalisation, running_mean / running_var / running_std. The Lua side (`luann.export(model, path)`,
lua/luann/export.lua) walks live modules the same way and writes through `save_npz`.
"""
import sys

import numpy as np

from .t7 import T7Error, TorchObject, load_t7

FIELDS = ("weight", "bias", "running_mean", "running_var", "running_std")

USAGE = "usage: luann export model.t7 weights.npz [--ascii|--b32]\n"


def _children(mods):
    if isinstance(mods, dict):
        keys = sorted(k for k in mods if isinstance(k, int))
        return [(k, mods[k]) for k in keys]
    if isinstance(mods, (list, tuple)):
        return list(enumerate(mods, 1))
    return []


def model_parameters(model):
    """{path name: numpy array} for every parameter of a model loaded with load_t7."""
    out = {}
    seen = set()

    def walk(obj, prefix):
        if not isinstance(obj, dict) or id(obj) in seen:
            return
        seen.add(id(obj))
        for i, child in _children(obj.get("modules")):
            walk(child, "%s%d." % (prefix, i))
        for f in FIELDS:
            v = obj.get(f)
            if isinstance(v, np.ndarray) and v.size > 0:
                out[prefix + f] = np.array(v)

    walk(model, "")
    return out


def save_npz(path, flat):
    """Called from Lua: flat is a Lua table {name1, array1, name2, array2, ...}."""
    arrays = {}
    n = len(flat)
    for i in range(1, n + 1, 2):
        name = flat[i]
        if isinstance(name, bytes):
            name = name.decode("utf-8")
        arrays[str(name)] = np.array(flat[i + 1])
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return len(arrays)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = [a for a in argv if a.startswith("--")]
    if len(args) != 2 or any(o not in ("--ascii", "--b32", "--b64") for o in opts):
        sys.stderr.write(USAGE)
        return 2
    mode = "binary"
    if "--ascii" in opts:
        mode = "ascii"
    elif "--b32" in opts:
        mode = "b32"
    elif "--b64" in opts:
        mode = "b64"
    src, dst = args
    try:
        model = load_t7(src, mode)
    except (OSError, T7Error) as e:
        sys.stderr.write("luann export: %s\n" % (e,))
        return 1
    if not isinstance(model, TorchObject):
        sys.stderr.write("luann export: %s holds a %s, not a torch module\n" % (src, type(model).__name__))
        return 1
    params = model_parameters(model)
    try:
        with open(dst, "wb") as f:
            np.savez(f, **params)
    except OSError as e:
        sys.stderr.write("luann export: %s\n" % (e,))
        return 1
    for name, a in params.items():
        sys.stdout.write("%-24s %-16s %s\n" % (name, "x".join(str(s) for s in a.shape), a.dtype))
    sys.stdout.write("%d arrays written to %s\n" % (len(params), dst))
    return 0
