import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# torch7's reference outputs (copied from ../shared so the tests run from any clone)
SHARED = os.path.join(ROOT, "tests", "data", "shared")


@pytest.fixture(scope="session")
def rt():
    """One LuaJIT runtime shared by a test session (tests use fresh globals names)."""
    from luann import Runtime
    return Runtime()


@pytest.fixture
def lua(rt, capfd):
    """Run Lua code; returns what it printed. Raises AssertionError on a Lua error."""
    def run(code):
        capfd.readouterr()
        ok, msg, tb = rt.execute(code, "=test")
        out = capfd.readouterr().out
        if not ok:
            raise AssertionError("Lua error: %s\n%s\noutput so far:\n%s" % (msg, tb, out))
        return out
    return run


@pytest.fixture
def lua_err(rt, capfd):
    """Run Lua code expected to fail; returns the error message."""
    def run(code):
        ok, msg, tb = rt.execute(code, "=test")
        capfd.readouterr()
        assert not ok, "expected a Lua error"
        return msg
    return run


def python_calls(runtime, code, allow=("execute",)):
    """Names of the Python functions called while `runtime` runs the Lua `code` (minus `allow` and
    private helpers): a hot path that must not cross into Python shows []."""
    calls = []

    def prof(frame, event, arg):
        if event == "call":
            calls.append(frame.f_code.co_name)
    sys.setprofile(prof)
    try:
        ok, msg, tb = runtime.execute(code, "=t")
    finally:
        sys.setprofile(None)
    assert ok, (msg, tb)
    return [c for c in calls if c not in allow and not c.startswith("_")]


def run_cli(*args, stdin=None, cwd=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "luann.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)
