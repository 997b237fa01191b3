"""What Lua sees of Python: numpy, the kernels, and a few allocation helpers.

The runtime hands this module to Lua as `_LUANN_BRIDGE`; `lua/torch/init.lua`
keeps it in a local and removes the global, so user code never reaches Python.
Every function here returns plain Python numbers (never numpy scalars), because
lupa passes numpy scalar types to Lua as opaque objects.
"""
import importlib

import numpy as np

from .kernels import tensor as K  # noqa: F401  (Lua reads bridge.K)

np_ = np
# torch7 computes in C: overflow, 0/0 and log(0) give inf/nan silently, never a warning
np.seterr(all="ignore")


def pyimport(name):
    return importlib.import_module(name)


def alloc(dtype, n):
    """A zeroed 1-D array of n elements and the address of its first element."""
    a = np.zeros(int(n), dtype)
    return a, a.__array_interface__["data"][0]


def address(a):
    return a.__array_interface__["data"][0]


def wrap_address(dtype, addr, n):
    """A 1-D array of n elements of `dtype` over raw memory at `addr` (torch.Storage(size, pointer)):
    it neither copies nor owns the memory, as torch7's storage over a foreign pointer."""
    import ctypes
    dt = np.dtype(dtype)
    if n <= 0:
        return np.empty(0, dt)
    buf = (ctypes.c_char * (int(n) * dt.itemsize)).from_address(int(addr))
    return np.frombuffer(buf, dt)


def adopt(arr, dtype=None):
    """Make a contiguous 1-D copy-or-view of `arr` that a storage can own.

    Returns (flat, address, nelement, ndim, *shape)."""
    a = np.asarray(arr)
    if dtype is not None and a.dtype != np.dtype(dtype):
        a = a.astype(dtype)
    a = np.ascontiguousarray(a)
    flat = a.reshape(-1)
    return (flat, flat.__array_interface__["data"][0], int(flat.size), a.ndim) + tuple(int(s) for s in a.shape)


def dtype_name(a):
    return np.asarray(a).dtype.name
