"""The `luann` command: `th` for luann.

    luann script.lua a b     run a script (arg[0]='script.lua', arg[1]='a', ...)
    luann -e "lua code"      run a statement
    luann -                  run standard input
    luann -i script.lua      run, then stay in the interactive prompt
    luann -l nn script.lua   require a library first
    luann                    interactive prompt (or run stdin when it is not a terminal)
"""
import os
import signal
import sys

USAGE = """usage: luann [options] [script.lua [args]]
   -e stmt       run a statement
   -l lib        require a library first
   -i            enter the interactive prompt after the script or -e
   -             run standard input as a script
   --no-color    plain output in the interactive prompt
   --timing      print the time taken by each command in the prompt
   -h, --help    this help
subcommands:
   luann export model.t7 weights.npz    write a model's parameters as numpy arrays
   luann kernel install [--user]        register the Jupyter kernel
   luann notebook run|check in.ipynb    run or check an iTorch notebook
"""


def _report(ok, msg, tb):
    if ok:
        return 0
    sys.stdout.flush()
    sys.stderr.write("luann: %s\n" % (msg,))
    if tb:
        sys.stderr.write("%s\n" % tb.strip("\n"))
    sys.stderr.flush()
    return 1


def _subcommand(argv):
    if not argv:
        return None
    name = argv[0]
    if name == "export":
        from .t7export import main as export_main
        return export_main(argv[1:])
    if name == "kernel":
        from .kernel.install import main as kernel_main
        return kernel_main(argv[1:])
    if name == "notebook":
        from .notebook import main as notebook_main
        return notebook_main(argv[1:])
    return None


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    sub = _subcommand(argv) if argv and not argv[0].startswith("-") and not os.path.exists(argv[0]) else None
    if sub is not None:
        return sub

    stmts, libs, interactive, script, script_args = [], [], False, None, []
    opts = {"color": None, "timing": False}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if a == "-e":
            if i + 1 >= len(argv):
                sys.stderr.write("luann: -e needs an argument\n")
                return 2
            stmts.append(argv[i + 1])
            i += 2
            continue
        if a.startswith("-l"):
            lib = a[2:] or (argv[i + 1] if i + 1 < len(argv) else None)
            if lib is None:
                sys.stderr.write("luann: -l needs an argument\n")
                return 2
            libs.append(lib)
            i += 1 if a[2:] else 2
            continue
        if a == "-i":
            interactive = True
            i += 1
            continue
        if a == "--no-color":
            opts["color"] = False
            i += 1
            continue
        if a == "--timing":
            opts["timing"] = True
            i += 1
            continue
        if a == "-" or not a.startswith("-"):
            script = a
            script_args = argv[i + 1:]
            break
        sys.stderr.write("luann: unknown option %s\n%s" % (a, USAGE))
        return 2

    if (interactive or (script is None and not stmts)) and sys.stdin.isatty() and sys.stdout.isatty():
        try:  # the REPL is coming: import its terminal libraries while the runtime starts
            from .repl import preload
            preload()
        except ImportError:
            pass
    from .runtime import Runtime

    script_dir = os.path.dirname(os.path.abspath(script)) if script and script != "-" else None
    rt = Runtime(script_dir=script_dir)

    code = 0
    for lib in libs:
        code = _report(*rt.execute("require %r" % lib, "=(-l %s)" % lib))
        if code:
            return code
    for s in stmts:
        code = _report(*rt.execute(s, "=(command line)"))
        if code and not interactive:
            return code

    if script == "-":
        src = sys.stdin.buffer.read()
        rt.set_args("-", script_args)
        code = _report(*rt.execute(src, "=stdin"))
    elif script is not None:
        if not os.path.exists(script):
            sys.stderr.write("luann: cannot open %s\n" % script)
            return 1
        # like th, Ctrl-C in a script ends it
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        code = _report(*rt.run_file(script, script_args))
        signal.signal(signal.SIGINT, signal.default_int_handler)

    if interactive or (script is None and not stmts):
        if not interactive and not sys.stdin.isatty():
            return _report(*rt.execute(sys.stdin.buffer.read(), "=stdin"))
        return _repl(rt, opts)
    sys.stdout.flush()
    return code


def _repl(rt, opts):
    try:
        from .repl import run_repl
    except ImportError:
        run_repl = None
    if run_repl is not None:
        return run_repl(rt, **opts)
    return _plain_repl(rt)


def _plain_repl(rt):
    """A minimal prompt used until the full REPL is available."""
    while True:
        try:
            line = input("luann> ")
        except EOFError:
            sys.stdout.write("\n")
            return 0
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            continue
        chunk = line
        while True:
            ok, msg, tb = rt.execute_repl_line(chunk)
            if ok is None:
                try:
                    chunk += "\n" + input("..> ")
                except EOFError:
                    return 0
                continue
            if not ok:
                _report(ok, msg, tb)
            break


if __name__ == "__main__":
    sys.exit(main())
