"""`luann kernel install [--user | --prefix P | --sys-prefix] [--name N] [--display-name D]`:
register the "Lua (luann)" kernelspec with Jupyter.

kernel.json runs `<this python> -m luann.kernel -f {connection_file}`.  `--name itorch` also
lets notebooks saved by iTorch (kernelspec "itorch") open on luann directly.
"""
import json
import os
import shutil
import sys
import tempfile

USAGE = """usage: luann kernel install [--user | --prefix PREFIX | --sys-prefix] [--name NAME] [--display-name NAME]
       luann kernel spec                 print the kernel.json that would be installed
register the "Lua (luann)" Jupyter kernel (name "luann"); without --user/--prefix it goes to the
system-wide Jupyter data directory.
"""


def kernel_json(display_name="Lua (luann)"):
    return {
        "argv": [sys.executable, "-m", "luann.kernel", "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "lua",
        "interrupt_mode": "signal",
        "env": {},
        "metadata": {"debugger": False},
    }


def write_spec(directory, display_name="Lua (luann)"):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "kernel.json"), "w") as f:
        json.dump(kernel_json(display_name), f, indent=1)
    logo = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "logo-64x64.png")
    if os.path.exists(logo):
        shutil.copy(logo, os.path.join(directory, "logo-64x64.png"))
    return directory


def install(user=False, prefix=None, name="luann", display_name="Lua (luann)"):
    """Install the kernelspec; returns the directory it went to."""
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as td:
        src = write_spec(os.path.join(td, name), display_name)
        return KernelSpecManager().install_kernel_spec(src, kernel_name=name, user=user, prefix=prefix)


def main(argv):
    argv = list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "spec":
        sys.stdout.write(json.dumps(kernel_json(), indent=1) + "\n")
        return 0
    if cmd != "install":
        sys.stderr.write("luann kernel: unknown command %s\n%s" % (cmd, USAGE))
        return 2
    user, prefix, name, display = False, None, "luann", "Lua (luann)"
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "--user":
            user = True
        elif a == "--sys-prefix":
            prefix = sys.prefix
        elif a in ("--prefix", "--name", "--display-name"):
            if i + 1 >= len(rest):
                sys.stderr.write("luann kernel install: %s needs a value\n" % a)
                return 2
            val = rest[i + 1]
            i += 1
            if a == "--prefix":
                prefix = val
            elif a == "--name":
                name = val
            else:
                display = val
        elif a.startswith("--prefix="):
            prefix = a.split("=", 1)[1]
        elif a.startswith("--name="):
            name = a.split("=", 1)[1]
        else:
            sys.stderr.write("luann kernel install: unknown option %s\n%s" % (a, USAGE))
            return 2
        i += 1
    try:
        import jupyter_client  # noqa: F401
    except ImportError:
        sys.stderr.write("luann kernel install: jupyter_client is not installed "
                         "(pip install 'luann[notebook]')\n")
        return 1
    try:
        dest = install(user=user, prefix=prefix, name=name, display_name=display)
    except OSError as e:
        sys.stderr.write("luann kernel install: %s (try --user)\n" % e)
        return 1
    sys.stdout.write("Installed kernelspec %s (%s) in %s\n" % (name, display, dest))
    return 0
