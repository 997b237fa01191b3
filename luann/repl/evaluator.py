"""The REPL without a terminal: one prompt entry in, th's output out.

`Evaluator.eval(chunk)` prints what th would print (values, errors with their Lua traceback,
the timing line) to standard output and returns an `EvalResult`; `classify` says whether a
chunk is complete; `complete` lists completions.  The prompt_toolkit front end and the tests
both sit on top of this class.
"""
import os
import sys
import time
from collections import namedtuple

from .interrupt import Interrupter

EvalResult = namedtuple("EvalResult", "status message traceback elapsed")

TIMING_FMT = " " * 70 + "[%0.04fs]"


class Evaluator:
    def __init__(self, rt=None, color=False, timing=False, out=None):
        if rt is None:
            from ..runtime import Runtime
            rt = Runtime()
        self.rt = rt
        self.color = bool(color)
        self.timing = bool(timing)
        self.out = out
        self.R = rt.lua.eval("require('luann.repl')")
        self.interrupter = Interrupter()
        self.R.set_flag_address(self.interrupter.address)
        self.R.set_color(self.color)
        self.R.install_globals()
        self.R.snapshot_globals()
        self._lua_flush = rt.lua.eval("function() io.stdout:flush() end")

    # -- chunks --------------------------------------------------------------------------------
    def classify(self, chunk):
        """'empty', 'complete', 'incomplete' or 'error' (a syntax error more lines can't fix)."""
        try:
            return str(self.R.classify(chunk))
        except Exception:
            return "complete"

    def set_color(self, on):
        self.color = bool(on)
        self.R.set_color(self.color)

    def _write(self, s):
        try:
            out = self.out or sys.stdout
            out.write(s)
            out.flush()
        except Exception:
            pass

    def eval(self, chunk, force=True):
        """Run one prompt entry.  `force` runs an incomplete chunk anyway (th does that after an
        empty continuation line), reporting the syntax error."""
        try:
            sys.stdout.flush()
        except Exception:
            pass
        t0 = time.perf_counter()
        try:
            with self.interrupter:
                status, msg, tb = self.R.eval(chunk, force)
        except BaseException as e:  # an error of the REPL itself: report it, never a traceback
            status, msg, tb = "error", "luann: internal error: %s: %s" % (type(e).__name__, e), ""
        elapsed = time.perf_counter() - t0
        try:
            self._lua_flush()
        except Exception:
            pass
        status = str(status)
        if status == "error":
            text = str(msg)
            if tb:
                text += "\n" + str(tb).strip("\n")
            if self.color:
                text = "\x1b[0;31m" + text + "\x1b[0m"
            self._write(text + "\n")
        if self.timing and status in ("ok", "error"):
            line = TIMING_FMT % elapsed
            if self.color:
                line = "\x1b[1;30m" + line + "\x1b[0m"
            self._write(line + "\n")
        return EvalResult(status, None if msg is None else str(msg),
                          None if tb is None else str(tb), elapsed)

    # -- completion ----------------------------------------------------------------------------
    def complete(self, line):
        """Completions for the Lua identifier chain ending `line`: (prefix, [(word, suffix)])."""
        try:
            res, prefix = self.R.complete(line)
        except Exception:
            return "", []
        words = []
        for i in range(1, len(res) + 1):
            item = res[i]
            words.append((str(item[1]), str(item[2])))
        prefix = str(prefix)
        # packages that load their classes lazily (nn.Linear lives in lua/nn/Linear.lua)
        chain = line[len(line.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")):]
        head = line[: len(line) - len(chain)]
        if head.endswith(".") and not head.endswith(".."):
            pkg = head[:-1]
            j = len(pkg)
            while j > 0 and (pkg[j - 1].isalnum() or pkg[j - 1] == "_"):
                j -= 1
            if j == 0 or pkg[j - 1] not in ".:":
                words = self._lazy_modules(pkg[j:], prefix, words)
        return prefix, words

    def _lazy_modules(self, pkg, prefix, words):
        if not pkg:
            return words
        from ..runtime import LUA_DIR
        d = os.path.join(str(LUA_DIR), pkg)
        if not os.path.isdir(d) or not os.path.exists(os.path.join(d, "init.lua")):
            return words
        try:
            loaded = self.rt.lua.eval("package.loaded[%r] ~= nil" % pkg)
        except Exception:
            loaded = False
        if not loaded:
            return words
        have = {w for w, _ in words}
        for f in os.listdir(d):
            name = f[:-4]
            if f.endswith(".lua") and name != "init" and name[:1].isalpha() and name.startswith(prefix) and name not in have:
                words.append((name, ""))
        words.sort()
        return words
