"""What lua/hdf5.lua (torch-hdf5's API) needs from h5py.

Open files live in a table keyed by small integers, so Lua only ever holds numbers and
strings. Every failure is a `ValueError` whose message is the torch-hdf5-worded text; the Lua
side catches it with pcall and raises it at the user's line.
"""
import os

import numpy as np

try:
    import h5py
except ImportError as e:  # pragma: no cover - exercised only without h5py
    h5py = None
    _IMPORT_ERROR = str(e)
else:
    _IMPORT_ERROR = None

_files = {}
_next = [1]

# torch-hdf5 picks the tensor type from the HDF5 class and the element size only (the sign is
# ignored: an int8 dataset reads as a ByteTensor, a uint32 one as an IntTensor); HDF5 converts
# the values into that memory type.
_INT_TYPES = {1: ("Byte", np.uint8), 2: ("Short", np.int16), 4: ("Int", np.int32), 8: ("Long", np.int64)}
_FLOAT_TYPES = {4: ("Float", np.float32), 8: ("Double", np.float64)}
# the file type written for each tensor type (little-endian, as torch-hdf5 writes)
_WRITE_TYPES = {"Byte": "<u1", "Char": "<i1", "Short": "<i2", "Int": "<i4", "Long": "<i8",
                "Float": "<f4", "Double": "<f8"}
_CLASS_NAMES = {"i": "INTEGER", "u": "INTEGER", "f": "FLOAT", "S": "STRING", "U": "STRING", "O": "STRING",
                "V": "COMPOUND", "b": "ENUM", "c": "COMPOUND", "M": "TIME", "m": "TIME"}


def available():
    """None when h5py imports, else the import error's text."""
    return _IMPORT_ERROR


def open_file(path, mode):
    """Open `path` with torch-hdf5's modes ('r', 'r+', 'w', 'w-', 'a'); returns a handle."""
    path = os.path.abspath(os.path.expanduser(path))
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        raise ValueError("HDF5File.open: no such directory " + d)
    if mode == "a":
        mode = "r+" if os.path.exists(path) else "w"
    if mode not in ("r", "r+", "w", "w-"):
        raise ValueError("Unknown mode '%s' for hdf5.open()" % mode)
    if mode in ("r", "r+") and not os.path.exists(path):
        raise ValueError("HDF5File.open: no such file " + path)
    try:
        f = h5py.File(path, mode)
    except (OSError, ValueError) as e:
        raise ValueError("HDF5File.open: cannot open %s (%s)" % (path, e)) from None
    h = _next[0]
    _next[0] += 1
    _files[h] = f
    return h, path


def _file(h):
    f = _files.get(h)
    if f is None:
        raise ValueError("HDF5File: the file is closed")
    return f


def close(h):
    f = _files.pop(h, None)
    if f is not None:
        f.close()


def _norm(path):
    path = "/" + "/".join(p for p in path.split("/") if p)
    return path


def kind(h, path):
    """'group', 'dataset', or None when nothing is at `path`."""
    f = _file(h)
    path = _norm(path)
    if path == "/":
        return "group"
    obj = f.get(path)
    if isinstance(obj, h5py.Group):
        return "group"
    if isinstance(obj, h5py.Dataset):
        return "dataset"
    return None


def children(h, path):
    """The names in a group, as one NUL-separated string (sorted, as HDF5 iterates them)."""
    g = _file(h)[_norm(path)]
    return "\0".join(g.keys())


def _torch_type(dt):
    k = dt.kind
    if k in "iu":
        t = _INT_TYPES.get(dt.itemsize)
        if t is None:
            raise ValueError("Cannot support reading integer data with size = %d bytes" % dt.itemsize)
        return t
    if k == "f":
        t = _FLOAT_TYPES.get(dt.itemsize)
        if t is None:
            raise ValueError("Cannot support reading float data with size = %d bytes" % dt.itemsize)
        return t
    raise ValueError("Reading data of class %s is unsupported" % _CLASS_NAMES.get(k, "UNKNOWN"))


def info(h, path):
    """(tensor type name, *dataspace sizes) of a dataset."""
    d = _file(h)[_norm(path)]
    if h5py.check_dtype(enum=d.dtype) is not None:
        raise ValueError("Reading data of class ENUM is unsupported")
    name, _ = _torch_type(d.dtype)
    return (name,) + tuple(int(s) for s in d.shape)


def read(h, path, ranges):
    """The dataset (or the hyperslab given by `ranges`: "start,stop,..." 0-based half-open pairs,
    one per dimension) as a numpy array of the torch type's dtype."""
    d = _file(h)[_norm(path)]
    _, dtype = _torch_type(d.dtype)
    if ranges is None:
        sel = ()
    else:
        r = [int(x) for x in ranges.split(",")]
        sel = tuple(slice(r[i], r[i + 1]) for i in range(0, len(r), 2))
    if d.shape == ():
        return np.array([d.astype(dtype)[()]], dtype)
    if d.size == 0:
        return np.zeros(d.shape, dtype)
    out = d.astype(dtype)[sel] if sel else d.astype(dtype)[()]
    return np.ascontiguousarray(out)


def write(h, path, arr, tensor_type, chunks, deflate, append):
    """Write `arr` as a dataset at `path` (intermediate groups created); `chunks` is "n1,n2,..."
    or None, `deflate` a gzip level or None. With `append`, an existing dataset grows along its
    first dimension."""
    f = _file(h)
    if f.mode == "r":
        raise ValueError("HDF5File:write() - the file is open read-only")
    path = _norm(path)
    arr = np.asarray(arr).astype(_WRITE_TYPES[tensor_type], copy=False)
    if append and path in f:
        d = f[path]
        if d.shape[1:] != arr.shape[1:]:
            raise ValueError("HDF5DataSet:append() - data of size %s does not match the dataset's %s"
                             % (tuple(arr.shape), tuple(d.shape)))
        n = d.shape[0]
        try:
            d.resize(n + arr.shape[0], axis=0)
        except TypeError:
            raise ValueError("HDF5DataSet:append() - dataset %s was not created for appending" % path) from None
        d[n:] = arr
        return
    if path in f:
        parent, _, name = path.rpartition("/")
        raise ValueError("HDF5Group: error writing '%s' in [HDF5Group: %s] (an object of that name exists)"
                         % (name, parent or "/"))
    kw = {}
    if chunks is not None:
        kw["chunks"] = tuple(int(c) for c in chunks.split(","))
    if deflate is not None:
        kw["compression"] = "gzip"
        kw["compression_opts"] = int(deflate)
    if append:
        kw["maxshape"] = (None,) + arr.shape[1:]
        kw.setdefault("chunks", True)
    f.create_dataset(path, data=arr, **kw)
