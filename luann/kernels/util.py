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
