"""The terminal front end of the luann REPL, on prompt_toolkit.

Prompt `luann> `, continuation `..> `, Lua colouring (pygments), bracket matching, history in
$LUANN_HISTORY or ~/.local/share/luann/history (Ctrl-R search, auto-suggest), Tab completion
(readline-like, as th), Ctrl-L clear, Ctrl-C clears the line or interrupts running code,
Ctrl-D / os.exit() / `exit` quit, a bracketed paste is one chunk.
"""
import os
import sys

BANNER = r"""  ______             __   |  luann: Torch7, in Python
 /_  __/__  ________/ /   |  Scientific computing for Lua, on LuaJIT and numpy.
  / / / _ \/ __/ __/ _ \  |  Type ? for help
 /_/  \___/_/  \__/_//_/  |  https://github.com/torch
                          |  http://torch.ch
"""

PROMPT = "luann> "
CONT = "..> "


def history_path():
    p = os.environ.get("LUANN_HISTORY")
    if p:
        return p
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "luann", "history")


def _want_color(color):
    if color is not None:
        return bool(color)
    if not sys.stdout.isatty():
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return True


def run_repl(rt, color=None, timing=False):
    from .evaluator import Evaluator
    color = _want_color(color)
    ev = Evaluator(rt, color=color, timing=timing)
    try:
        if sys.stdin.isatty() and sys.stdout.isatty():
            return _prompt_toolkit_loop(ev, color)
        return _plain_loop(ev)
    except SystemExit:
        raise
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except BaseException as e:  # never a Python traceback
        try:
            sys.stderr.write("\nluann: %s: %s\n" % (type(e).__name__, e))
        except Exception:
            pass
        return 1


def _quiet_stdout():
    # stdout went away (`luann | head`): don't let Python complain about it at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except Exception:
        pass


def _plain_loop(ev):
    """input()-based loop, for a terminal stdin with a redirected stdout."""
    sys.stdout.write(BANNER)
    chunk = ""
    while True:
        try:
            line = input(CONT if chunk else PROMPT)
        except EOFError:
            sys.stdout.write("\n")
            return 0
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            chunk = ""
            continue
        chunk = chunk + "\n" + line if chunk else line
        if ev.classify(chunk) == "incomplete" and line.strip():
            continue
        try:
            res = ev.eval(chunk, force=True)
        except KeyboardInterrupt:
            sys.stdout.write("\ninterrupted!\n")
            continue
        finally:
            chunk = ""
        if res.status == "exit":
            return 0


def _prompt_toolkit_loop(ev, color):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.completion import Completer, Completion, PathCompleter
    from prompt_toolkit.document import Document
    from prompt_toolkit.filters import Condition, is_searching
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout.processors import HighlightMatchingBracketProcessor
    from prompt_toolkit.shortcuts import CompleteStyle

    class LuaCompleter(Completer):
        def __init__(self):
            self.paths = PathCompleter(expanduser=True)

        def get_completions(self, document, complete_event):
            try:
                line = document.current_line_before_cursor
                frag = _open_string(line)
                if frag is not None:
                    sub = Document(frag, len(frag))
                    yield from self.paths.get_completions(sub, complete_event)
                    return
                prefix, words = ev.complete(document.text_before_cursor)
                for w, sfx in words:
                    yield Completion(w + sfx, start_position=-len(prefix), display=w)
            except Exception:
                return

    kb = KeyBindings()

    @kb.add("enter", filter=~is_searching)
    def _enter(event):
        buf = event.current_buffer
        if buf.complete_state and buf.complete_state.current_completion:
            buf.apply_completion(buf.complete_state.current_completion)
            return
        text = buf.text
        last = text.rsplit("\n", 1)[-1]
        if last.strip() and ev.classify(text) == "incomplete":
            buf.insert_text("\n")
            return
        buf.validate_and_handle()

    @kb.add("c-d", filter=Condition(lambda: False))
    def _never(event):  # Ctrl-D keeps prompt_toolkit's meaning: EOF on an empty line
        pass

    @kb.add(Keys.BracketedPaste)
    def _paste(event):
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        buf = event.current_buffer
        run_now = data.endswith("\n")
        buf.insert_text(data.rstrip("\n") if run_now else data)
        if run_now and ev.classify(buf.text) != "incomplete":
            buf.validate_and_handle()

    path = history_path()
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        history = FileHistory(path)
    except OSError:
        history = InMemoryHistory()

    lexer = None
    if color:
        from prompt_toolkit.lexers import PygmentsLexer
        from pygments.lexers.scripting import LuaLexer
        lexer = PygmentsLexer(LuaLexer)

    session = PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=LuaCompleter(),
        complete_style=CompleteStyle.READLINE_LIKE,
        lexer=lexer,
        multiline=True,
        key_bindings=kb,
        prompt_continuation=lambda width, line_number, is_soft_wrap: CONT,
        input_processors=[HighlightMatchingBracketProcessor(chars="[](){}")],
        enable_history_search=False,
        color_depth=None if color else _mono(),
        mouse_support=False,
    )
    sys.stdout.write(BANNER)
    sys.stdout.flush()
    while True:
        try:
            try:
                text = session.prompt(PROMPT)
            except KeyboardInterrupt:
                continue
            except EOFError:
                sys.stdout.write("\n")
                sys.stdout.flush()
                return 0
            res = ev.eval(text, force=True)
            if res.status == "exit":
                return 0
        except KeyboardInterrupt:  # Ctrl-C between the prompt and the evaluation
            sys.stdout.write("\ninterrupted!\n")


def _mono():
    from prompt_toolkit.output.color_depth import ColorDepth
    return ColorDepth.MONOCHROME


def _open_string(line):
    """The text after an unclosed quote on `line` (a file name being typed), else None."""
    quote, start, i = None, 0, 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote, start = c, i + 1
        elif line.startswith("--", i):
            return None
        i += 1
    return line[start:] if quote else None
