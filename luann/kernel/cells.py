"""Running notebook cells in one LuaJIT state: the part shared by the Jupyter kernel
(luann/kernel/kernel.py) and `luann notebook run|check` (luann/notebook.py).

* The cell rules are iTorch's (lua/luann/cell.lua).
* Output: Lua writes to C's stdout, so while a cell runs file descriptors 1 and 2 are pipes; a
  reader thread hands the text to `on_stream(name, text)` as it comes (C stdout is line-buffered
  for that).  Before rich output (itorch.image, ...) the pipes are drained so the order holds.
* Ctrl-C / the kernel's interrupt: the REPL's Interrupter (luann/repl/interrupt.py), whose flag
  lua/luann/cell.lua polls from a count hook.
"""
import codecs
import fcntl
import os
import select
import struct
import sys
import termios
import threading
import time
from collections import namedtuple

CellResult = namedtuple("CellResult", "status value ename evalue traceback")


def _lua_to_py(obj):
    """A Lua table of strings (a mime bundle) as a dict."""
    try:
        items = obj.items()
    except AttributeError:
        return obj
    out = {}
    for k, v in items:
        if isinstance(k, bytes):
            k = k.decode("utf-8", "replace")
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        out[str(k)] = v
    return out


class FdCapture:
    """Redirect fds 1 and 2 into pipes while active; forward their text to on_stream."""

    def __init__(self, on_stream):
        self.on_stream = on_stream
        self._lock = threading.Lock()
        self._active = False

    def __enter__(self):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        self._saved = {}
        self._readers = {}
        self._decoders = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            r, w = os.pipe()
            self._saved[fd] = os.dup(fd)
            os.dup2(w, fd)
            os.close(w)
            os.set_blocking(r, False)
            self._readers[r] = name
            self._decoders[r] = codecs.getincrementaldecoder("utf-8")("replace")
        self._stop_r, self._stop_w = os.pipe()
        self._active = True
        self._thread = threading.Thread(target=self._pump, name="luann-cell-output", daemon=True)
        self._thread.start()
        return self

    def _forward(self, r, data):
        text = self._decoders[r].decode(data, final=not data)
        if text:
            try:
                self.on_stream(self._readers[r], text)
            except Exception:
                pass

    def _read(self, r):
        try:
            return os.read(r, 65536)
        except BlockingIOError:
            return None

    def _pump(self):
        open_fds = set(self._readers)
        stopping = False
        while open_fds:
            try:
                ready, _, _ = select.select(list(open_fds) + [self._stop_r], [], [])
            except (OSError, ValueError):
                return
            if self._stop_r in ready:
                stopping = True
            with self._lock:
                for r in list(open_fds):
                    if r not in ready and not stopping:
                        continue
                    # drain what is there now, waiting a few ms for the rest of a line so that
                    # one print is one message
                    buf, t_end = b"", time.monotonic() + 0.02
                    while True:
                        data = self._read(r)
                        if data is None:
                            if buf and not buf.endswith(b"\n") and not stopping and time.monotonic() < t_end:
                                select.select([r], [], [], 0.002)
                                continue
                            break
                        if not data:
                            open_fds.discard(r)
                            break
                        buf += data
                        if len(buf) >= 65536:
                            break
                    if buf:
                        self._forward(r, buf)
                    if r not in open_fds:
                        self._forward(r, b"")
            if stopping:
                return

    def _pending(self):
        n = 0
        for r in self._readers:
            buf = fcntl.ioctl(r, termios.FIONREAD, b"\0\0\0\0")
            n += struct.unpack("i", buf)[0]
        return n

    def sync(self):
        """Wait until everything written so far has been handed to on_stream."""
        if not self._active:
            return
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            with self._lock:
                if self._pending() == 0:
                    return
            time.sleep(0.0005)

    def __exit__(self, *exc):
        for fd in (1, 2):
            os.dup2(self._saved[fd], fd)
            os.close(self._saved[fd])
        # the write ends are closed now: the reader sees EOF after the last bytes
        os.write(self._stop_w, b"x")
        self._thread.join(10)
        self._active = False
        for r in list(self._readers) + [self._stop_r, self._stop_w]:
            try:
                os.close(r)
            except OSError:
                pass
        return False


class CellRunner:
    """One Lua state running notebook cells.

    on_stream(name, text) gets printed text as it is produced; on_display(bundle) gets rich
    outputs (a dict mime type -> data, images base64).  `run(code)` returns a CellResult."""

    def __init__(self, rt=None, on_stream=None, on_display=None, itorch=True):
        if rt is None:
            from ..runtime import Runtime
            rt = Runtime()
        self.rt = rt
        self.on_stream = on_stream or (lambda name, text: None)
        self.on_display = on_display or (lambda bundle: None)
        from ..repl.evaluator import Evaluator
        # the REPL's evaluator gives completion, help, chunk classification and the interrupter
        self.evaluator = Evaluator(rt, color=False)
        self.interrupter = self.evaluator.interrupter
        self.cell = rt.lua.eval("require('luann.cell')")
        self.cell.set_flag_address(self.interrupter.address)
        self.cell.install(self._display_from_lua, bool(itorch))
        rt.lua.execute("io.stdout:setvbuf('line')")
        self._flush = rt.lua.eval("function() io.stdout:flush(); io.stderr:flush() end")
        self._after = rt.lua.eval(
            "function() local g = package.loaded.gnuplot; "
            "if type(g) == 'table' and g._notebook_flush then g._notebook_flush() end end")
        self._capture = None
        self.displayed = 0

    # -- output ---------------------------------------------------------------------------------
    def _display_from_lua(self, bundle):
        bundle = _lua_to_py(bundle)
        try:
            self._flush()
        except Exception:
            pass
        if self._capture is not None:
            self._capture.sync()
        self.displayed += 1
        self.on_display(bundle)

    # -- running --------------------------------------------------------------------------------
    def run(self, code):
        """Run one cell.  A cell whose only value is iTorch's empty line (e.g. `itorch.image(x)`,
        which returns nothing) but which showed rich output gets no value text."""
        value = None
        self.displayed = 0
        self._capture = FdCapture(self.on_stream)
        try:
            with self._capture:
                try:
                    with self.interrupter:
                        res = self.cell.eval(code)
                        res = tuple(res) if isinstance(res, tuple) else (res,)
                        status, a, b = (res + (None, None, None))[:3]
                        if str(status) == "ok":
                            try:
                                self._after()
                            except Exception:
                                pass
                except BaseException as e:  # never a Python traceback for the user
                    status, a, b = "error", "luann: internal error: %s: %s" % (type(e).__name__, e), ""
                try:
                    self._flush()
                except Exception:
                    pass
        finally:
            self._capture = None
        status = str(status)
        if status == "ok":
            if a is not None:
                value = a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a)
                if value == "\n" and self.displayed:
                    value = None
            return CellResult("ok", value, None, None, None)
        msg = "" if a is None else (a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a))
        tb = "" if b is None else (b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b))
        interrupted = msg.endswith("interrupted!")
        ename = "Interrupted" if interrupted else "LuaError"
        lines = [msg] + [ln for ln in tb.split("\n") if ln.strip()]
        return CellResult("error", None, ename, msg, lines)

    # -- front-end helpers ---------------------------------------------------------------------
    def is_complete(self, code):
        kind = self.evaluator.classify(code)
        return {"empty": "complete", "complete": "complete", "incomplete": "incomplete",
                "error": "invalid"}.get(kind, "unknown")

    def complete(self, code, cursor_pos):
        line = code[:cursor_pos]
        prefix, words = self.evaluator.complete(line)
        matches = [w + (s if s in ("(", ".", ":") else "") for w, s in words]
        return matches, cursor_pos - len(prefix), cursor_pos

    def help_for(self, code, cursor_pos):
        """Help text for the name at the cursor (the REPL's `? sym`), or None."""
        n = len(code)
        cursor_pos = min(max(cursor_pos, 0), n)
        ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:"
        i = cursor_pos
        while i > 0 and code[i - 1] in ok:
            i -= 1
        j = cursor_pos
        while j < n and code[j] in ok:
            j += 1
        sym = code[i:j].strip(".:")
        if not sym:
            return None
        try:
            text = self.evaluator.R.help_text(sym)
        except Exception:
            return None
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        if text.strip() == "undocumented symbol":
            return None
        return text
