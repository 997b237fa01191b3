"""Start-up of the luann REPL: wall time from exec to the first `luann>` prompt, in a pty.

    python bench/repl_startup.py [runs]

Also reports the floor (`python -c "import numpy, lupa.luajit21"`) and the runtime alone
(`luann -e ''`), so the REPL's own share is visible.  Target: prompt within 300 ms.
"""
import os
import resource
import statistics
import subprocess
import sys
import time

import pexpect


def prompt_time():
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", LUANN_HISTORY=os.devnull)
    t0 = time.perf_counter()
    c = pexpect.spawn(sys.executable, ["-m", "luann.cli"], env=env, encoding="utf-8", timeout=30)
    c.expect("luann>")
    t = time.perf_counter() - t0
    c.sendcontrol("d")
    c.expect(pexpect.EOF)
    c.close()
    return t


def cmd_time(args):
    t0 = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - t0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    prompt_time()  # warm the page cache
    rows = [
        ("floor: python -c 'import numpy, lupa.luajit21'",
         lambda: cmd_time([sys.executable, "-c", "import numpy, lupa.luajit21"])),
        ("runtime: luann -e ''", lambda: cmd_time([sys.executable, "-m", "luann.cli", "-e", ""])),
        ("REPL: exec to first prompt (pty)", prompt_time),
    ]
    # CPU time (user + sys of the child) is reported too: the wall time on a shared, loaded
    # machine mostly measures the other tenants
    for name, f in rows:
        ts, cs = [], []
        for _ in range(n):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            ts.append(f())
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cs.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        ts.sort()
        cs.sort()
        print("%-42s wall median %6.1f ms  min %6.1f ms | cpu median %6.1f ms  min %6.1f ms"
              % (name, statistics.median(ts) * 1e3, ts[0] * 1e3, statistics.median(cs) * 1e3, cs[0] * 1e3))


if __name__ == "__main__":
    main()
