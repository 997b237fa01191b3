"""LuannKernel: a Jupyter kernel for Lua (luann) on ipykernel's Kernel base class.

Cells run in one persistent LuaJIT state with iTorch's rules (lua/luann/cell.lua).  Text that
Lua prints is sent as `stream` messages while the cell runs; the value of a trailing expression
is the cell's `execute_result` (text/plain, as iTorch printed it); itorch.image/Plot/html send
`display_data`; a Lua error becomes a Jupyter error carrying the Lua traceback.  SIGINT (the
front end's interrupt) stops the running cell, even `while true do end`, and the state lives on.
"""
import sys

from ipykernel.kernelbase import Kernel

from .. import __version__

BANNER = "Lua (luann %s): torch7 on LuaJIT and numpy, with iTorch's notebook rules" % __version__


class LuannKernel(Kernel):
    implementation = "luann"
    implementation_version = __version__
    language = "lua"
    language_version = "5.1"
    language_info = {
        "name": "lua",
        "version": "5.1",
        "mimetype": "text/x-lua",
        "file_extension": ".lua",
        "pygments_lexer": "lua",
        "codemirror_mode": "lua",
    }
    banner = BANNER
    help_links = [{"text": "torch7", "url": "https://github.com/torch/torch7"}]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._runner = None
        self._cell_parent = None

    @property
    def runner(self):
        if self._runner is None:
            from .cells import CellRunner
            self._runner = CellRunner(on_stream=self._send_stream, on_display=self._send_display)
        return self._runner

    # -- iopub from any thread (the iopub socket is ipykernel's thread-safe BackgroundSocket) ----
    def _send_iopub(self, msg_type, content):
        if self._cell_parent is None or self._cell_silent:
            return
        self.session.send(self.iopub_socket, msg_type, content, parent=self._cell_parent,
                          ident=self._topic(msg_type))

    def _send_stream(self, name, text):
        self._send_iopub("stream", {"name": name, "text": text})

    def _send_display(self, bundle):
        data = {k: v for k, v in bundle.items()}
        self._send_iopub("display_data", {"data": data, "metadata": {}, "transient": {}})

    # -- requests --------------------------------------------------------------------------------
    async def do_execute(self, code, silent, store_history=True, user_expressions=None,
                         allow_stdin=False, **kwargs):
        try:
            self._cell_parent = self.get_parent("shell")
        except TypeError:
            self._cell_parent = self.get_parent()
        self._cell_silent = bool(silent)
        ename = "LuaError"
        try:
            res = self.runner.run(code)
        except KeyboardInterrupt:  # an interrupt that came before or after the Lua code ran
            res, ename, err = None, "Interrupted", "interrupted!"
        except BaseException as e:  # never a Python traceback in the notebook
            res = None
            err = ("luann: internal error: %s: %s" % (type(e).__name__, e))
        if res is None:
            content = {"ename": ename, "evalue": err, "traceback": [err]}
            self._send_iopub("error", content)
            self._cell_parent = None
            return dict(status="error", execution_count=self.execution_count, **content)
        if res.status == "ok":
            if res.value is not None:
                self._send_iopub("execute_result", {"execution_count": self.execution_count,
                                                    "data": {"text/plain": res.value}, "metadata": {}})
            self._cell_parent = None
            return {"status": "ok", "execution_count": self.execution_count,
                    "payload": [], "user_expressions": {}}
        content = {"ename": res.ename, "evalue": res.evalue, "traceback": res.traceback}
        self._send_iopub("error", content)
        self._cell_parent = None
        return dict(status="error", execution_count=self.execution_count, **content)

    async def do_complete(self, code, cursor_pos):
        if cursor_pos is None:
            cursor_pos = len(code)
        try:
            matches, start, end = self.runner.complete(code, cursor_pos)
        except Exception:
            matches, start, end = [], cursor_pos, cursor_pos
        return {"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end, "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        if cursor_pos is None:
            cursor_pos = len(code)
        try:
            text = self.runner.help_for(code, cursor_pos)
        except Exception:
            text = None
        if not text:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": text}, "metadata": {}}

    async def do_is_complete(self, code):
        try:
            status = self.runner.is_complete(code)
        except Exception:
            status = "unknown"
        reply = {"status": status}
        if status == "incomplete":
            reply["indent"] = ""
        return reply

    async def do_shutdown(self, restart):
        return {"status": "ok", "restart": restart}


def main(argv=None):
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(argv=argv, kernel_class=LuannKernel)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
