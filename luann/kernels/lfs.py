"""What lua/lfs.lua (LuaFileSystem's API) needs from the OS. Plain Python values only."""
import os
import stat as _stat

_MODES = ((_stat.S_ISREG, "file"), (_stat.S_ISDIR, "directory"), (_stat.S_ISLNK, "link"),
          (_stat.S_ISSOCK, "socket"), (_stat.S_ISFIFO, "named pipe"), (_stat.S_ISCHR, "char device"),
          (_stat.S_ISBLK, "block device"))


def _perm(m):
    bits = "rwxrwxrwx"
    return "".join(b if m & (1 << (8 - i)) else "-" for i, b in enumerate(bits))


def attributes(path, follow=True):
    """(mode, size, modification, access, change, permissions, dev, ino, nlink, uid, gid, rdev,
    blocks, blksize), or (None, message)."""
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except OSError as e:
        return None, "cannot obtain information from file '%s': %s" % (path, e.strerror)
    mode = "other"
    for test, name in _MODES:
        if test(st.st_mode):
            mode = name
            break
    return (mode, int(st.st_size), int(st.st_mtime), int(st.st_atime), int(st.st_ctime), _perm(st.st_mode),
            int(st.st_dev), int(st.st_ino), int(st.st_nlink), int(st.st_uid), int(st.st_gid), int(st.st_rdev),
            int(getattr(st, "st_blocks", 0)), int(getattr(st, "st_blksize", 0)))


def _call(f, *args):
    try:
        f(*args)
        return True, None
    except OSError as e:
        return None, e.strerror


def mkdir(path):
    return _call(os.mkdir, path)


def rmdir(path):
    return _call(os.rmdir, path)


def chdir(path):
    return _call(os.chdir, path)


def currentdir():
    return os.getcwd()


def touch(path, atime=None, mtime=None):
    if atime is None and mtime is None:
        return _call(os.utime, path, None)
    atime = float(atime) if atime is not None else float(mtime)
    mtime = float(mtime) if mtime is not None else atime
    return _call(os.utime, path, (atime, mtime))


def listdir(path):
    """Entries joined by NUL ('.' and '..' first), or (None, message)."""
    try:
        names = os.listdir(path)
    except OSError as e:
        return None, "cannot open %s: %s" % (path, e.strerror)
    return "\0".join([".", ".."] + names), None
