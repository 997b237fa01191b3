"""The luann REPL: th's prompt (trepl) on prompt_toolkit.

    evaluator.py   Evaluator: chunks, auto-print, errors, timing, completion (no terminal)
    interrupt.py   Ctrl-C for running Lua code (see the design note there)
    frontend.py    the terminal: prompt_toolkit session, colours, history, key bindings
    ../../lua/luann/repl.lua   the Lua half (printing, `$`, `?`, who, import, completion)
"""


_preloader = None


def _import_terminal():
    try:
        from prompt_toolkit import PromptSession  # noqa: F401
        from prompt_toolkit.lexers import PygmentsLexer  # noqa: F401
        from pygments.lexers.scripting import LuaLexer  # noqa: F401
        from . import frontend  # noqa: F401
    except Exception:
        pass


def preload():
    """Import prompt_toolkit and pygments in a thread while the Lua runtime starts (it runs
    with the GIL released for much of its start-up), to bring the first prompt sooner."""
    global _preloader
    import threading
    if _preloader is None:
        _preloader = threading.Thread(target=_import_terminal, name="luann-preload", daemon=True)
        _preloader.start()


def run_repl(rt, color=None, timing=False):
    if _preloader is not None:
        _preloader.join()
    from .frontend import run_repl as _run
    return _run(rt, color=color, timing=timing)


def __getattr__(name):
    if name in ("Evaluator", "EvalResult"):
        from . import evaluator
        return getattr(evaluator, name)
    raise AttributeError(name)
