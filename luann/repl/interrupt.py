"""Ctrl-C for code running in the Lua state.

Why this design (checked experimentally, see tests/test_repl_eval.py::test_interrupt_*):
  * Python runs signal handlers only between bytecodes of the main thread, and while LuaJIT
    runs a chunk the main thread executes no bytecode at all, so a plain SIGINT handler (or
    KeyboardInterrupt) never fires during `while true do end`.
  * lupa releases the GIL while Lua runs, and Python's C-level SIGINT handler writes the
    signal number to the `signal.set_wakeup_fd` socket at once.  A daemon watcher thread
    blocked on that socket wakes up and sets an int32 flag whose address Lua holds as an FFI
    pointer.  (The Python-level handler sets the same flag, for the case where the main thread
    is inside a Python kernel, e.g. a long numpy call: the REPL stops right after that call.)
  * A Lua count hook (lua/luann/repl.lua) polls the flag every 1000 VM instructions and raises
    'interrupted!'.  LuaJIT runs no hooks inside compiled traces, so REPL chunks are compiled
    with jit.off(f, true): code typed at the prompt (and functions it defines) is interpreted
    and stoppable, while torch's library code stays JIT-compiled.
The Lua state stays in the main thread and its state stays intact: the error unwinds through
xpcall like any Lua error.
"""
import ctypes
import signal
import socket
import threading


class Interrupter:
    def __init__(self):
        self.flag = ctypes.c_int32(0)
        self.address = ctypes.addressof(self.flag)
        self.interrupted = False
        self._r, self._w = socket.socketpair()
        self._w.setblocking(False)
        self._active = False
        self._old_handler = None
        self._old_fd = -1
        self._thread = threading.Thread(target=self._watch, name="luann-interrupt", daemon=True)
        self._thread.start()

    def _watch(self):
        while True:
            try:
                data = self._r.recv(256)
            except OSError:
                return
            if not data:
                return
            if self._active and signal.SIGINT in data:
                self._trip()

    def _trip(self):
        self.interrupted = True
        self.flag.value = 1

    def _handler(self, signum, frame):
        self._trip()

    def __enter__(self):
        self.flag.value = 0
        self.interrupted = False
        if threading.current_thread() is not threading.main_thread():
            return self
        self._old_handler = signal.signal(signal.SIGINT, self._handler)
        try:
            self._old_fd = signal.set_wakeup_fd(self._w.fileno(), warn_on_full_buffer=False)
        except ValueError:
            self._old_fd = None
        self._active = True
        return self

    def __exit__(self, *exc):
        if not self._active:
            return False
        self._active = False
        if self._old_fd is not None:
            try:
                signal.set_wakeup_fd(self._old_fd)
            except ValueError:
                pass
        signal.signal(signal.SIGINT, self._old_handler or signal.default_int_handler)
        return False
