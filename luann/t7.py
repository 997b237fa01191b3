"""torch7 .t7 files from Python, without a Lua state: `load_t7(path)` and `save_t7(path, obj)`.

What Python sees:
  * numbers -> float (int when integral and the value came from a table key), strings -> str
    (bytes when not UTF-8), booleans -> bool, nil -> None;
  * tables -> dict (cycles and shared tables stay shared: the same dict object);
  * tensors -> numpy arrays that are views on their storage's 1-D array, so tensors sharing a storage
    share memory; storages -> 1-D numpy arrays (GPU types load as the matching CPU dtype);
  * torch class instances (nn.Linear, ...) -> TorchObject, a dict of their fields with `.typename`;
  * functions are refused unless allow_functions=True; they then load as T7Function (bytecode kept,
    never run from Python).

Reading is bounded like the Lua reader: every size is checked against the bytes left, nesting is
limited, and failures raise T7Error("<path>: corrupt at byte N: ...").

`save_t7` writes binary (or ascii) files torch7 reads: dict/list/tuple -> table, numpy array -> tensor
(float64 -> DoubleTensor, float32 -> FloatTensor, int64 -> LongTensor, ...), TorchObject -> torch
object with its fields, str/bytes -> string.
"""
import struct
import sys
import warnings

import numpy as np

__all__ = ["load_t7", "save_t7", "loads_t7", "dumps_t7", "TorchObject", "T7Storage", "T7Function", "T7Error"]

TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE, TYPE_TORCH, TYPE_BOOLEAN = 0, 1, 2, 3, 4, 5
TYPE_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION, TYPE_RECUR_FUNCTION = 6, 7, 8
MAX_DEPTH = 1000
MAX_DIM = 64

DTYPES = {"Byte": np.uint8, "Char": np.int8, "Short": np.int16, "Int": np.int32, "Long": np.int64,
          "Float": np.float32, "Double": np.float64, "Half": np.float16}
NAME_OF_DTYPE = {np.dtype(v): k for k, v in DTYPES.items()}
NAME_OF_DTYPE[np.dtype(np.bool_)] = "Byte"
ASCII_FMT = {"Float": "%.9g", "Double": "%.17g", "Half": "%.9g"}


class T7Error(ValueError):
    pass


class TorchObject(dict):
    """A torch class instance: its fields as a dict, its class name in `.typename`."""

    def __init__(self, typename, fields=(), version=1):
        dict.__init__(self, fields)
        self.typename = typename
        self.version = version

    def __repr__(self):
        return "TorchObject(%r, %s)" % (self.typename, dict.__repr__(self))

    __hash__ = object.__hash__
    __eq__ = object.__eq__


class T7Storage(np.ndarray):
    """A torch storage: a 1-D array (tensors loaded from the same file are views on it)."""


class T7Function:
    def __init__(self, bytecode, upvalues=None):
        self.bytecode = bytecode
        self.upvalues = upvalues

    def __repr__(self):
        return "<T7Function: %d bytes of LuaJIT bytecode>" % len(self.bytecode)


def _cpu_name(name):
    for kind in ("Tensor", "Storage"):
        if name.startswith("torch.Cuda") and name.endswith(kind):
            mid = name[len("torch.Cuda"):-len(kind)]
            return "torch.%s%s" % (mid or "Float", kind)
    if name.startswith("cudnn."):
        return "nn." + name[len("cudnn."):]
    return name


class _Reader:
    def __init__(self, data, name, mode="binary", long_size=8, allow_functions=False):
        self.data = memoryview(data)
        self.n = len(data)
        self.pos = 0
        self.name = name
        self.binary = mode == "binary"
        self.long_size = long_size
        self.allow_functions = allow_functions
        self.objects = {}
        self.depth = 0

    def corrupt(self, msg, pos=None):
        raise T7Error("%s: corrupt at byte %d: %s" % (self.name, self.pos if pos is None else pos, msg))

    # primitives
    def _skipws(self):
        d, p, n = self.data, self.pos, self.n
        while p < n and d[p] in b" \t\n\r\f\v":
            p += 1
        self.pos = p

    def _token(self):
        self._skipws()
        d, p, n = self.data, self.pos, self.n
        e = p
        while e < n and d[e] not in b" \t\n\r\f\v" and e - p < 512:
            e += 1
        return bytes(d[p:e])

    def _eatnl(self):
        if self.pos < self.n and self.data[self.pos] == 10:
            self.pos += 1

    def ints(self, k, size=4):
        """k integers (int: size 4; long: size 8 or the file's long size)."""
        start = self.pos
        if self.binary:
            es = size if size == 4 else self.long_size
            if self.pos + es * k > self.n:
                self.corrupt("read error: read %d blocks instead of %d" % ((self.n - self.pos) // es, k), start)
            fmt = "<%d%s" % (k, "i" if es == 4 else "q")
            vals = struct.unpack_from(fmt, self.data, self.pos)
            self.pos += es * k
            return list(vals)
        out = []
        for _ in range(k):
            tok = self._token()
            num = tok
            i = 1 if num[:1] in (b"+", b"-") else 0
            while i < len(num) and 48 <= num[i] <= 57:
                i += 1
            num = num[:i]
            if not num.lstrip(b"+-"):
                self.corrupt("read error: read %d blocks instead of %d" % (len(out), k), start)
            self.pos += len(num)
            out.append(int(num))
        if k:
            self._eatnl()
        return out

    def int(self):
        return self.ints(1)[0]

    def long(self):
        return self.ints(1, 8)[0]

    def double(self):
        start = self.pos
        if self.binary:
            if self.pos + 8 > self.n:
                self.corrupt("read error: read 0 blocks instead of 1", start)
            v = struct.unpack_from("<d", self.data, self.pos)[0]
            self.pos += 8
            return v
        tok = self._token()
        try:
            v = float(tok)
        except ValueError:
            self.corrupt("read error: read 0 blocks instead of 1", start)
        self.pos += len(tok)
        self._eatnl()
        return v

    def raw(self, k):
        start = self.pos
        if k < 0 or self.pos + k > self.n:
            self.corrupt("%d bytes wanted but %d remain" % (k, self.n - self.pos), start)
        b = bytes(self.data[self.pos:self.pos + k])
        self.pos += k
        if not self.binary and k:
            self._eatnl()
        return b

    def short_string(self):
        pos = self.pos
        k = self.int()
        if k < 0 or k > 1024 or k > self.n - self.pos:
            self.corrupt("bad string length %d" % k, pos)
        return self.raw(k).decode("latin-1")

    # objects
    def read(self):
        if self.depth >= MAX_DEPTH:
            self.corrupt("objects nested deeper than %d levels" % MAX_DEPTH)
        self.depth += 1
        try:
            return self._read()
        finally:
            self.depth -= 1

    def _read(self):
        tpos = self.pos
        tag = self.int()
        if tag == TYPE_NIL:
            return None
        if tag == TYPE_NUMBER:
            return self.double()
        if tag == TYPE_BOOLEAN:
            return self.int() == 1
        if tag == TYPE_STRING:
            lpos = self.pos
            k = self.int()
            if k < 0 or k > self.n - self.pos:
                self.corrupt("string of %d bytes but %d remain" % (k, self.n - self.pos), lpos)
            b = self.raw(k)
            try:
                return b.decode("utf-8")
            except UnicodeDecodeError:
                return b
        if tag in (TYPE_FUNCTION, TYPE_RECUR_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION):
            if not self.allow_functions:
                self.corrupt("the file holds a Lua function; refused unless allowed (allow_functions=True)", tpos)
            index = None
            if tag != TYPE_FUNCTION:
                index = self.int()
                if index in self.objects:
                    return self.objects[index]
            lpos = self.pos
            k = self.int()
            if k < 0 or k > self.n - self.pos:
                self.corrupt("function of %d bytes" % k, lpos)
            f = T7Function(self.raw(k))
            if index is not None:
                self.objects[index] = f
            f.upvalues = self.read()
            return f
        if tag not in (TYPE_TABLE, TYPE_TORCH):
            self.corrupt("unknown object type %d" % tag, tpos)
        index = self.int()
        if index in self.objects:
            return self.objects[index]
        if tag == TYPE_TABLE:
            npos = self.pos
            size = self.int()
            if size < 0 or size * (8 if self.binary else 4) > self.n - self.pos:
                self.corrupt("table of %d entries in %d bytes" % (size, self.n - self.pos), npos)
            obj = {}
            self.objects[index] = obj
            for _ in range(size):
                kpos = self.pos
                k = self.read()
                if k is None or (isinstance(k, float) and k != k):
                    self.corrupt("table key is nil or NaN", kpos)
                if isinstance(k, float) and k.is_integer():
                    k = int(k)
                try:
                    hash(k)
                except TypeError:
                    k = _Key(k)
                obj[k] = self.read()
            return obj
        vpos = self.pos
        version = self.short_string()
        if version.startswith("V ") and _isnum(version[2:]):
            vnum = float(version[2:])
            cpos = self.pos
            cname = self.short_string()
        else:
            vnum, cname, cpos = 0, version, vpos
        if not cname or not all(c.isalnum() or c in "_." for c in cname):
            self.corrupt("bad class name %r" % cname[:64], cpos)
        name = _cpu_name(cname)
        kind = name[len("torch."):] if name.startswith("torch.") else ""
        if kind.endswith("Storage") and kind[:-len("Storage")] in DTYPES:
            arr = self._storage(kind[:-len("Storage")], cpos).view(T7Storage)
            self.objects[index] = arr
            return arr
        if kind.endswith("Tensor") and kind[:-len("Tensor")] in DTYPES:
            arr = self._tensor(kind[:-len("Tensor")], cpos)
            self.objects[index] = arr
            return arr
        obj = TorchObject(name, version=int(vnum) if float(vnum).is_integer() else vnum)
        self.objects[index] = obj
        fpos = self.pos
        fields = self.read()
        if not isinstance(fields, dict) or isinstance(fields, TorchObject):
            self.corrupt("fields of <%s> are not a table" % name, fpos)
        obj.update(fields)
        return obj

    def _storage(self, tname, pos):
        dt = np.dtype(DTYPES[tname])
        npos = self.pos
        k = self.long()
        left = self.n - self.pos
        if self.binary:
            es = 4 if (tname == "Long" and self.long_size == 4) else dt.itemsize
            need = k * es
        elif tname in ("Byte", "Char"):
            need = k
        else:
            need = 2 * k - 1
        if k < 0 or need > left:
            self.corrupt("torch.%sStorage of %d elements needs %d bytes but only %d remain" % (tname, k, need, left),
                         npos)
        if self.binary:
            if tname == "Long" and self.long_size == 4:
                arr = np.frombuffer(self.data, "<i4", k, self.pos).astype(np.int64)
            else:
                arr = np.frombuffer(self.data, dt.newbyteorder("<"), k, self.pos).astype(dt)
            self.pos += need
            return arr
        if tname in ("Byte", "Char"):
            return np.frombuffer(self.raw(k), dt).copy()
        if k == 0:
            return np.zeros(0, dt)
        self._skipws()
        nl = bytes(self.data[self.pos:self.pos + 64 * k + 4096]).find(b"\n")
        if nl > 0:
            arr, _, got = parse_ascii_run(bytes(self.data[self.pos:self.pos + nl]), k, dt)
            if arr is not None and got == k:
                self.pos += nl + 1
                return arr
        vals = []
        start = self.pos
        for _ in range(k):
            tok = self._token()
            try:
                vals.append(float(tok) if dt.kind == "f" else int(tok))
            except ValueError:
                self.corrupt("read error: read %d blocks instead of %d" % (len(vals), k), start)
            self.pos += len(tok)
        self._eatnl()
        return np.array(vals, dt)

    def _tensor(self, tname, pos):
        dt = np.dtype(DTYPES[tname])
        nd = self.int()
        if nd < 0 or nd > MAX_DIM:
            self.corrupt("tensor with %d dimensions" % nd, pos)
        gpos = self.pos
        sizes = self.ints(nd, 8) if nd else []
        strides = self.ints(nd, 8) if nd else []
        off = self.long()
        spos = self.pos
        st = self.read()
        if st is not None and (not isinstance(st, np.ndarray) or st.dtype != dt or st.ndim != 1):
            self.corrupt("torch.%sTensor with a storage that is not a torch.%sStorage" % (tname, tname), spos)
        if any(s < 0 for s in sizes) or any(s < 0 for s in strides):
            self.corrupt("negative size or stride", gpos)
        count = 1 if nd else 0
        for sz in sizes:
            count *= sz
        if count > 2 ** 48:
            self.corrupt("tensor of %d elements" % count, gpos)
        if count == 0:
            return np.zeros([0] if nd == 0 or max(sizes) > 2 ** 31 else sizes, dt)
        if st is None:
            self.corrupt("tensor of %d elements without a storage" % count, spos)
        last = off - 1 + sum((s - 1) * r for s, r in zip(sizes, strides))
        if off < 1 or last >= st.shape[0]:
            self.corrupt("tensor view outside its storage of %d elements" % st.shape[0], gpos)
        return np.ndarray(sizes, dt, buffer=st, offset=(off - 1) * dt.itemsize,
                          strides=[r * dt.itemsize for r in strides])


class _Key:
    """A table key that Python cannot hash (a table used as a key)."""

    def __init__(self, v):
        self.value = v

    def __repr__(self):
        return "_Key(%r)" % (self.value,)


def _isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def parse_ascii_run(line, n, dtype):
    """For the Lua reader: n ascii numbers of one line as an array, its address and the count
    (None when the line is not exactly n numbers)."""
    if isinstance(line, str):
        line = line.encode("latin-1", "replace")
    dt = np.dtype(dtype)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.fromstring(line, dtype=np.float64 if dt.kind == "f" else np.int64, sep=" ")
    except ValueError:
        return None, 0, -1
    if arr.size != n:
        return None, 0, int(arr.size)
    arr = arr.astype(dt)
    arr = np.ascontiguousarray(arr)
    return arr, arr.__array_interface__["data"][0], n


def loads_t7(data, mode="binary", name="<bytes>", allow_functions=False):
    """Parse .t7 bytes. mode: 'binary', 'ascii', 'b32' (4-byte longs) or 'b64'."""
    if mode not in ("binary", "ascii", "b32", "b64"):
        raise ValueError("mode must be 'binary', 'ascii', 'b32' or 'b64'")
    r = _Reader(bytes(data), name, "ascii" if mode == "ascii" else "binary", 4 if mode == "b32" else 8,
                allow_functions)
    old = sys.getrecursionlimit()
    if old < 4 * MAX_DEPTH + 200:
        sys.setrecursionlimit(4 * MAX_DEPTH + 200)
    try:
        return r.read()
    except (ValueError, OverflowError, struct.error, MemoryError, RecursionError, IndexError) as e:
        if isinstance(e, T7Error):
            raise
        raise T7Error("%s: corrupt at byte %d: %s" % (name, r.pos, e)) from None
    finally:
        sys.setrecursionlimit(old)


def load_t7(path, mode="binary", allow_functions=False):
    """Read a torch7 file; see the module docstring for what comes back."""
    with open(path, "rb") as f:
        data = f.read()
    return loads_t7(data, mode, str(path), allow_functions)


# writing --------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, mode):
        self.binary = mode == "binary"
        self.out = []
        self.index = {}
        self.n = 0
        self.keep = []

    def ints(self, vals, size=4):
        if self.binary:
            self.out.append(struct.pack("<%d%s" % (len(vals), "i" if size == 4 else "q"), *[int(v) for v in vals]))
        elif vals:
            self.out.append((" ".join("%d" % int(v) for v in vals) + "\n").encode())

    def double(self, v):
        if self.binary:
            self.out.append(struct.pack("<d", v))
        else:
            self.out.append(b"%s\n" % _fmt_double(v).encode())

    def raw(self, b):
        self.out.append(b)
        if not self.binary and b:
            self.out.append(b"\n")

    def string(self, b):
        self.ints([len(b)])
        self.raw(b)

    def _ref(self, obj, key):
        """(index, first time?)"""
        if key in self.index:
            return self.index[key], False
        self.n += 1
        self.index[key] = self.n
        self.keep.append(obj)
        return self.n, True

    def write(self, obj):
        if obj is None:
            self.ints([TYPE_NIL])
        elif isinstance(obj, (bool, np.bool_)):
            self.ints([TYPE_BOOLEAN])
            self.ints([1 if obj else 0])
        elif isinstance(obj, (int, float, np.integer, np.floating)) and not isinstance(obj, np.ndarray):
            self.ints([TYPE_NUMBER])
            self.double(float(obj))
        elif isinstance(obj, (str, bytes)):
            b = obj.encode("utf-8") if isinstance(obj, str) else obj
            self.ints([TYPE_STRING])
            self.string(b)
        elif isinstance(obj, T7Storage):
            self._storage(obj)
        elif isinstance(obj, np.ndarray):
            self._tensor(obj)
        elif isinstance(obj, TorchObject):
            self.ints([TYPE_TORCH])
            idx, first = self._ref(obj, id(obj))
            self.ints([idx])
            if first:
                self.string(("V %d" % obj.version).encode())
                self.string(obj.typename.encode())
                self._table(dict(obj), fresh=True)
        elif isinstance(obj, (dict, list, tuple)):
            self._table(obj)
        elif isinstance(obj, _Key):
            self.write(obj.value)
        else:
            raise TypeError("save_t7: cannot write a %s" % type(obj).__name__)

    def _table(self, obj, fresh=False):
        self.ints([TYPE_TABLE])
        idx, first = self._ref(obj, ("fresh", id(obj)) if fresh else id(obj))
        self.ints([idx])
        if not first:
            return
        items = list(enumerate(obj, 1)) if isinstance(obj, (list, tuple)) else list(obj.items())
        items = [(k, v) for k, v in items if v is not None]
        self.ints([len(items)])
        for k, v in items:
            self.write(k)
            self.write(v)

    def _storage_of(self, a):
        root = a
        while isinstance(root.base, np.ndarray):
            root = root.base
        if (root.ndim == 1 and root.dtype == a.dtype and root.flags.c_contiguous and root.size > 0
                and a.size > 0):
            it = a.dtype.itemsize
            off = (a.__array_interface__["data"][0] - root.__array_interface__["data"][0])
            if off % it == 0 and all(s % it == 0 and s >= 0 for s in a.strides):
                return root, off // it, [s // it for s in a.strides]
        c = np.ascontiguousarray(a).reshape(-1)
        return c, 0, [s // a.dtype.itemsize for s in np.ascontiguousarray(a).strides]

    def _tensor(self, a):
        if a.dtype not in NAME_OF_DTYPE:
            raise TypeError("save_t7: no torch tensor type for numpy dtype %s" % a.dtype)
        tname = NAME_OF_DTYPE[a.dtype]
        if a.dtype == np.bool_:
            a = a.astype(np.uint8)
        self.ints([TYPE_TORCH])
        idx, first = self._ref(a, id(a))
        self.ints([idx])
        if not first:
            return
        self.string(b"V 1")
        self.string(("torch.%sTensor" % tname).encode())
        if a.ndim == 0:
            a = a.reshape(1)
        if a.size == 0:
            self.ints([0])
            self.ints([1], 8)
            self.ints([TYPE_NIL])
            return
        st, off, strides = self._storage_of(a)
        self.ints([a.ndim])
        self.ints(list(a.shape), 8)
        self.ints(strides, 8)
        self.ints([off + 1], 8)
        self._storage(st)

    def _storage(self, st):
        root = st
        while isinstance(root.base, np.ndarray):
            root = root.base
        if root.ndim != 1 or root.dtype != st.dtype or root.size != st.size:
            root = np.ascontiguousarray(st).reshape(-1)
        st = root
        if st.dtype not in NAME_OF_DTYPE:
            raise TypeError("save_t7: no torch storage type for numpy dtype %s" % st.dtype)
        tname = NAME_OF_DTYPE[st.dtype]
        self.ints([TYPE_TORCH])
        sidx, sfirst = self._ref(st, ("storage", id(st)))
        self.ints([sidx])
        if not sfirst:
            return
        self.string(b"V 1")
        self.string(("torch.%sStorage" % tname).encode())
        self.ints([st.size], 8)
        if self.binary:
            self.out.append(np.ascontiguousarray(st, st.dtype.newbyteorder("<")).tobytes())
        elif tname in ("Byte", "Char"):
            self.raw(st.tobytes())
        elif tname in ASCII_FMT:
            fmt = ASCII_FMT[tname]
            self.out.append((" ".join(fmt % float(v) if np.isfinite(v) else _fmt_double(float(v))
                                      for v in st) + "\n").encode())
        else:
            self.out.append((" ".join("%d" % v for v in st.tolist()) + "\n").encode())


def _fmt_double(v):
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return "%.17g" % v


def dumps_t7(obj, mode="binary"):
    if mode not in ("binary", "ascii"):
        raise ValueError("mode must be 'binary' or 'ascii'")
    w = _Writer(mode)
    w.write(obj)
    return b"".join(w.out)


def save_t7(path, obj, mode="binary"):
    """Write obj as a torch7 file (atomically: a temporary file renamed into place)."""
    import os
    import tempfile
    data = dumps_t7(obj, mode)
    d = os.path.dirname(os.path.abspath(str(path)))
    fd, tmp = tempfile.mkstemp(prefix=".luann-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, str(path))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
