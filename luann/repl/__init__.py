"""The luann REPL: th's prompt (trepl) on prompt_toolkit.

    evaluator.py   Evaluator: chunks, auto-print, errors, timing, completion (no terminal)
    interrupt.py   Ctrl-C for running Lua code (see the design note there)
    frontend.py    the terminal: prompt_toolkit session, colours, history, key bindings
    ../../lua/luann/repl.lua   the Lua half (printing, `$`, `?`, who, import, completion)
"""


def run_repl(rt, color=None, timing=False):
    from .frontend import run_repl as _run
    return _run(rt, color=color, timing=timing)


def __getattr__(name):
    if name in ("Evaluator", "EvalResult"):
        from . import evaluator
        return getattr(evaluator, name)
    raise AttributeError(name)
