"""Process-level helpers for lua/torch/utils.lua: clocks, BLAS threads, ttys."""
import os
import time


def clocks():
    """(wall, user, sys) seconds as plain floats."""
    t = os.times()
    return time.perf_counter(), float(t.user), float(t.system)


_threads = [None]


def _pool():
    try:
        from threadpoolctl import threadpool_limits, threadpool_info
        return threadpool_limits, threadpool_info
    except ImportError:  # pragma: no cover
        return None, None


def set_threads(n):
    limits, _ = _pool()
    n = max(1, int(n))
    _threads[0] = n
    if limits is not None:
        limits(limits=n, user_api="blas")


def get_threads():
    if _threads[0] is not None:
        return _threads[0]
    _, info = _pool()
    if info is not None:
        for lib in info():
            if lib.get("user_api") == "blas":
                return int(lib.get("num_threads", 1))
    return os.cpu_count() or 1


def cpu_count():
    return os.cpu_count() or 1


def isatty(fd):
    try:
        return os.isatty(fd)
    except OSError:
        return False


# -- file system helpers for lua/paths.lua and lua/sys.lua ------------------------------
def isfile(p):
    return os.path.isfile(p)


def isdir(p):
    return os.path.isdir(p)


def listdir(p):
    """Entries of directory p including '.' and '..' (as torch7's paths.dir), joined by
    NUL characters (a Lua string, not a Python list), or None."""
    try:
        names = os.listdir(p)
    except OSError:
        return None
    return "\0".join([".", ".."] + sorted(names))


def mkdir(p):
    try:
        os.mkdir(p)
        return True
    except OSError:
        return False


def rmdir(p):
    try:
        os.rmdir(p)
        return True
    except OSError:
        return False


def rmall(p):
    import shutil
    try:
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.remove(p)
        return True
    except OSError:
        return False


def home():
    return os.path.expanduser("~")


def cwd():
    return os.getcwd()


def tmpname():
    import tempfile
    fd, name = tempfile.mkstemp(prefix="lua_")
    os.close(fd)
    return name


def findprogram(name):
    import shutil
    return shutil.which(name)


def uname():
    import platform
    s = platform.system().lower()
    return {"darwin": "macos"}.get(s, s)


def sleep(s):
    time.sleep(max(0.0, float(s)))


def clock():
    return time.time()


def fexecute(cmd):
    import subprocess
    r = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.stdout.decode("utf-8", "replace"), r.returncode
