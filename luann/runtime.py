"""The LuaJIT state: one per process, with torch loaded, the way `th` starts.

The runtime is plain code with no terminal in it: the script runner, the REPL
and the notebook kernel are thin front ends over `Runtime`.
"""
import os
import sys
from pathlib import Path

from lupa import luajit21

from . import bridge


def _find_lua_dir():
    here = Path(__file__).resolve().parent
    for cand in (here / "lua", here.parent / "lua"):
        if (cand / "torch" / "init.lua").exists():
            return cand
    raise RuntimeError("luann: cannot find the Lua sources (lua/torch/init.lua)")


LUA_DIR = _find_lua_dir()


class LuaError(Exception):
    """An error raised by Lua code, carrying the Lua message and traceback."""

    def __init__(self, message, traceback=""):
        super().__init__(message)
        self.message = message
        self.traceback = traceback


class Runtime:
    """One LuaJIT state with `torch` loaded and th's `print` installed."""

    def __init__(self, script_dir=None):
        self.lua = luajit21.LuaRuntime(
            unpack_returned_tuples=True, register_eval=False, register_builtins=False
        )
        g = self.lua.globals()
        # "./?.lua" (torch7's first entry) comes before the script's directory, so that a module
        # next to the script run from its directory is "./X.lua" in messages, as in torch7
        # The script's directory (a luann convenience; th has none) comes last: the user's
        # LUA_PATH and installed modules win, so torchnet's example/mnist.lua's require 'mnist'
        # finds the mnist package rather than the script itself
        paths = [str(LUA_DIR / "?.lua"), str(LUA_DIR / "?" / "init.lua"), "./?.lua", "./?/init.lua"]
        extra = os.environ.get("LUA_PATH")
        base = g.package.path
        path = ";".join(paths) + ";" + (extra.replace(";;", ";" + base + ";") if extra else base)
        if script_dir:
            path = path.rstrip(";") + ";" + os.path.join(script_dir, "?.lua") + ";" + \
                os.path.join(script_dir, "?", "init.lua")
        g.package.path = path
        g._LUANN_BRIDGE = bridge
        g.python = None
        # lupa 2.7/2.8 bug (scoder/lupa#294): when LuaJIT clears a Python object's userdata from
        # lupa's weak registry but runs its finalizer later, pushing the same object again in
        # between makes that late finalizer drop the new userdata's reference, and Lua ends up
        # holding a freed object ("'numpy.ndarray' object is not callable" after ~10^4 calls).
        # A huge step multiplier makes each collection run to the end, finalizers included, in
        # one step (same total GC work), which closes that window.
        self.lua.execute("collectgarbage('setstepmul', 100000)")
        self.lua.execute("require 'torch'")
        self._runner = self.lua.eval("require('torch.runner')")

    # -- evaluation ---------------------------------------------------------
    def execute(self, code, chunkname="=(luann)"):
        """Run a chunk; return (ok, message, traceback). Never raises for Lua errors."""
        if isinstance(code, str):
            code = code.encode("utf-8")
        ok, msg, tb = self._runner.run_string(code, chunkname)
        return bool(ok), msg, tb

    def set_args(self, path, args=()):
        """The global `arg` table a script sees (arg[0] is the script)."""
        argt = self.lua.table()
        argt[0] = path
        for i, a in enumerate(args, 1):
            argt[i] = a
        self.lua.globals().arg = argt
        return argt

    def run_file(self, path, args=()):
        """Run a script like `th script.lua args`."""
        argt = self.set_args(path, args)
        ok, msg, tb = self._runner.run_file(path, argt)
        return bool(ok), msg, tb

    def execute_repl_line(self, chunk):
        """Run one prompt entry, printing expression values like th.

        Returns (None, None, None) while the chunk is incomplete."""
        ok, msg, tb = self._runner.repl_line(chunk.encode("utf-8"))
        if ok is None:
            return None, None, None
        return bool(ok), msg, tb

    def eval(self, expr):
        return self.lua.eval(expr)

    def globals(self):
        return self.lua.globals()
