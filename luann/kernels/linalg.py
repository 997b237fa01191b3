"""torch7's LAPACK functions (gesv, gels, trtrs, symeig, eig, svd, inverse, potrf,
potrs, potri, pstrf, qr, geqrf, orgqr, ormqr) on numpy.linalg, with torch7's
return conventions.  Inputs are numpy views; every function returns new arrays
(float64 or the input's float type); errors are ValueErrors with torch7's words.
"""
import numpy as np


def _f(a):
    a = np.asarray(a)
    return a.astype(np.float64) if a.dtype != np.float32 else a.astype(np.float64)


def _back(x, like):
    return np.ascontiguousarray(x, dtype=np.asarray(like).dtype)


def _square(a, fname):
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError("A should be square (got %s)" % "x".join(map(str, a.shape)))


def _as2d(b):
    return b.reshape(-1, 1) if b.ndim == 1 else b


def _lu(a, singular="Lapack Error in gesv : U(%d,%d) is zero, singular U."):
    """LAPACK getrf: packed LU with partial pivoting; returns (lu, ipiv 1-based), raises `singular`
    (torch7's message of the calling function) if U has a zero pivot."""
    lu = a.copy()
    n = lu.shape[0]
    piv = np.arange(1, n + 1)
    for k in range(n):
        p = k + int(np.argmax(np.abs(lu[k:, k])))
        piv[k] = p + 1
        if lu[p, k] == 0:
            raise ValueError(singular % (k + 1, k + 1))
        if p != k:
            lu[[k, p]] = lu[[p, k]]
        lu[k + 1:, k] /= lu[k, k]
        lu[k + 1:, k + 1:] -= np.outer(lu[k + 1:, k], lu[k, k + 1:])
    return lu, piv


def gesv(b, a):
    a0 = _f(a)
    _square(a0, "gesv")
    b0 = _as2d(_f(b))
    if b0.shape[0] != a0.shape[0]:
        raise ValueError("A,b size incompatible - A has %d rows, b has %d" % (a0.shape[0], b0.shape[0]))
    lu, _ = _lu(a0)
    x = np.linalg.solve(a0, b0)
    return _back(x, a), _back(lu, a)


def gels(b, a):
    a0 = _f(a)
    b0 = _as2d(_f(b))
    m, n = a0.shape
    if b0.shape[0] != m:
        raise ValueError("size incompatible A,b - A has %d rows, b has %d" % (m, b0.shape[0]))
    # LAPACK dgels: Householder QR (m >= n) or LQ (m < n); it fails only on an exactly zero
    # diagonal element of the triangular factor, ill-conditioned systems are solved as they are
    out = np.zeros((max(m, n), b0.shape[1]))
    if m >= n:
        q, r = np.linalg.qr(a0, mode="complete")
        _check_gels_diag(r[:n, :n])
        qtb = q.T @ b0
        out[:n] = _triangular_solve(r[:n, :n], qtb[:n], upper=True)
        # the residual part: Q^T b below row n (its column norms are the residuals)
        out[n:] = qtb[n:]
    else:
        # A = L Q with L = R^T from A^T = Q R: the minimum-norm solution is Q (L^-1 b)
        q, r = np.linalg.qr(a0.T, mode="reduced")
        _check_gels_diag(r)
        out[:n] = q @ _triangular_solve(r.T, b0, upper=False)
    qa = np.linalg.qr(a0, mode="r") if m >= n else np.linalg.qr(a0.T, mode="r").T
    # the last torch7 returns the n x nrhs solution (THTensor_(gels) sets rb's first size to n):
    # the residual rows LAPACK leaves below it are not part of the result
    return _back(out[:n], a), _back(_pad_to(qa, a0.shape), a)


def _check_gels_diag(r):
    zero = np.flatnonzero(np.diag(r) == 0)
    if zero.size:
        raise ValueError("Lapack Error in gels : The %d-th diagonal element of the triangular factor of A is zero"
                         % (zero[0] + 1))


def _triangular_solve(t, b, upper):
    """Back (upper) or forward (lower) substitution, as LAPACK's trtrs."""
    n = t.shape[0]
    x = np.zeros((n, b.shape[1]))
    rows = range(n - 1, -1, -1) if upper else range(n)
    for i in rows:
        s = t[i, i + 1:] @ x[i + 1:] if upper else t[i, :i] @ x[:i]
        x[i] = (b[i] - s) / t[i, i]
    return x


def _pad_to(x, shape):
    out = np.zeros(shape)
    r, c = min(x.shape[0], shape[0]), min(x.shape[1], shape[1])
    out[:r, :c] = x[:r, :c]
    return out


def trtrs(b, a, uplo="U", trans="N", diag="N"):
    a0 = _f(a)
    _square(a0, "trtrs")
    b0 = _as2d(_f(b))
    t = np.triu(a0) if uplo == "U" else np.tril(a0)
    if diag == "U":
        np.fill_diagonal(t, 1.0)
    if trans == "T":
        t = t.T
    if np.any(np.diag(t) == 0):
        k = int(np.nonzero(np.diag(t) == 0)[0][0]) + 1
        raise ValueError("Lapack Error in trtrs : A(%d,%d) is zero, singular A" % (k, k))
    x = np.linalg.solve(t, b0)
    return _back(x, a), _back(a0, a)


_LAPACKE = {}


def _numpy_openblas():
    """ctypes handle of numpy's own OpenBLAS (the LAPACK torch7's usual install had), or None."""
    if "lib" not in _LAPACKE:
        _LAPACKE["lib"] = None
        try:
            import ctypes
            import os
            from threadpoolctl import threadpool_info
            root = os.path.dirname(os.path.dirname(os.path.abspath(np.__file__)))
            for info in threadpool_info():
                fp = os.path.abspath(info.get("filepath") or "")
                if info.get("internal_api") == "openblas" and fp.startswith(root) and "numpy" in fp:
                    _LAPACKE["lib"] = ctypes.CDLL(fp)
                    break
        except Exception:  # noqa: BLE001  (no threadpoolctl / library: numpy's own functions)
            pass
    return _LAPACKE["lib"]


def _lapacke(name, dtype, args):
    """LAPACKE_{s,d}<name> of numpy's OpenBLAS, or None.  args: the ctypes of its arguments, "i" standing
    for LAPACK's integer.  torch7 calls ?syev and ?gesvd, whose signs differ from those of numpy's eigh
    (?syevd) and svd (?gesdd)."""
    key = (name, np.dtype(dtype).char)
    if key not in _LAPACKE:
        import ctypes
        fn = None
        lib = _numpy_openblas()
        base = "LAPACKE_" + ("s" if key[1] == "f" else "d") + name
        for pre, suf, i in (("scipy_", "64_", ctypes.c_int64), ("", "64_", ctypes.c_int64),
                            ("scipy_", "", ctypes.c_int), ("", "", ctypes.c_int)):
            if lib is None:
                break
            try:
                fn = getattr(lib, pre + base + suf)
            except AttributeError:
                continue
            fn.restype = i
            fn.argtypes = [i if t == "i" else t for t in args]
            break
        _LAPACKE[key] = fn
    return _LAPACKE[key]


def _lapacke_syev(dtype):
    import ctypes
    c, p = ctypes.c_char, ctypes.c_void_p
    return _lapacke("syev", dtype, [ctypes.c_int, c, c, "i", p, "i", p])


def _lapacke_gesvd(dtype):
    import ctypes
    c, p = ctypes.c_char, ctypes.c_void_p
    return _lapacke("gesvd", dtype, [ctypes.c_int, c, c, "i", "i", p, "i", p, p, "i", p, "i", p])


def symeig(a, jobz="N", uplo="U"):
    a0 = _f(a)
    _square(a0, "symeig")
    dt = np.float32 if np.asarray(a).dtype == np.float32 else np.float64
    syev = _lapacke_syev(dt)
    n = a0.shape[0]
    if syev is not None and n > 0:
        # as THTensor_(syev): a column-major copy of a, overwritten by the eigenvectors
        # (jobz 'V') or by LAPACK's work (jobz 'N'), returned as V
        v = np.asfortranarray(a0.astype(dt))
        e = np.zeros(n, dtype=dt)
        info = syev(102, jobz.encode(), uplo.encode(), n, v.ctypes.data, n, e.ctypes.data)
        if info > 0:
            raise ValueError("Lapack Error syev : %d off-diagonal elements didn't converge to zero" % info)
        if info == 0:
            return _back(e, a), _back(v, a)
    s = np.triu(a0) + np.triu(a0, 1).T if uplo == "U" else np.tril(a0) + np.tril(a0, -1).T
    if jobz == "V":
        e, v = np.linalg.eigh(s)
    else:
        e, v = np.linalg.eigvalsh(s), a0
    return _back(e, a), _back(v, a)


def eig(a, jobvr="N"):
    a0 = _f(a)
    _square(a0, "eig")
    w, v = np.linalg.eig(a0)
    e = np.stack([w.real, w.imag], axis=1)
    if jobvr == "V":
        # LAPACK packs a complex pair as (re, im) columns j, j+1
        vr = np.empty_like(a0)
        j = 0
        n = a0.shape[0]
        while j < n:
            if w.imag[j] != 0 and j + 1 < n:
                vr[:, j] = v[:, j].real
                vr[:, j + 1] = v[:, j].imag
                j += 2
            else:
                vr[:, j] = v[:, j].real
                j += 1
        return _back(e, a), _back(vr, a)
    return _back(e, a), _back(a0, a)


def svd(a, jobu="S"):
    a0 = _f(a)
    if a0.ndim != 2:
        raise ValueError("A should be 2 dimensional")
    m, n = a0.shape
    dt = np.float32 if np.asarray(a).dtype == np.float32 else np.float64
    gesvd = _lapacke_gesvd(dt)
    if gesvd is not None and m > 0 and n > 0:
        # as THTensor_(gesvd2): ?gesvd on a column-major copy, jobu for both U and V'
        k = min(m, n)
        ucols, vrows = (m, n) if jobu == "A" else (k, k)
        x = np.asfortranarray(a0.astype(dt))
        sv = np.zeros(k, dtype=dt)
        u = np.zeros((m, ucols), dtype=dt, order="F")
        vt = np.zeros((vrows, n), dtype=dt, order="F")
        superb = np.zeros(max(k - 1, 1), dtype=dt)
        j = jobu.encode()
        info = gesvd(102, j, j, m, n, x.ctypes.data, m, sv.ctypes.data, u.ctypes.data, m,
                     vt.ctypes.data, vrows, superb.ctypes.data)
        if info > 0:
            raise ValueError(" Lapack Error gesvd : %d superdiagonals failed to converge." % info)
        if info == 0:
            return _back(u, a), _back(sv, a), _back(vt.T, a)
    u, s, vt = np.linalg.svd(a0, full_matrices=(jobu == "A"))
    return _back(u, a), _back(s, a), _back(vt.T, a)


def inverse(a):
    a0 = _f(a)
    _square(a0, "inverse")
    _lu(a0, "Lapack Error getrf : U(%d,%d) is 0, U is singular")   # torch7's singular-matrix message
    return _back(np.linalg.inv(a0), a)


def potrf(a, uplo="U"):
    a0 = _f(a)
    _square(a0, "potrf")
    # LAPACK reads only the uplo triangle
    s = np.triu(a0) + np.triu(a0, 1).T if uplo == "U" else np.tril(a0) + np.tril(a0, -1).T
    try:
        l = np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        order = next((k for k in range(1, s.shape[0] + 1) if not _is_pd(s[:k, :k])), s.shape[0])
        raise ValueError("Lapack Error in potrf : the leading minor of order %d is not positive definite" % order)
    return _back(l.T if uplo == "U" else l, a)


def _is_pd(s):
    try:
        np.linalg.cholesky(s)
        return True
    except np.linalg.LinAlgError:
        return False


def potrs(b, chol, uplo="U"):
    c = _f(chol)
    _square(c, "potrs")
    b0 = _as2d(_f(b))
    u = np.triu(c) if uplo == "U" else np.tril(c).T
    y = np.linalg.solve(u.T, b0)
    return _back(np.linalg.solve(u, y), chol)


def potri(chol, uplo="U"):
    c = _f(chol)
    _square(c, "potri")
    u = np.triu(c) if uplo == "U" else np.tril(c).T
    ui = np.linalg.inv(u)
    return _back(ui @ ui.T, chol)


def pstrf(a, uplo="U", tol=-1.0):
    """Cholesky with complete pivoting: returns (factor, piv 1-based int32)."""
    s = _f(a).copy()
    _square(s, "pstrf")
    n = s.shape[0]
    piv = np.arange(n)
    l = np.zeros_like(s)
    if tol < 0:
        tol = n * np.finfo(np.float64).eps * max(np.max(np.diag(s)), 0.0)
    rank = n
    for k in range(n):
        d = np.diag(s)[k:]
        j = k + int(np.argmax(d))
        if s[j, j] <= tol:
            rank = k
            break
        if j != k:
            s[[k, j]] = s[[j, k]]
            s[:, [k, j]] = s[:, [j, k]]
            l[[k, j]] = l[[j, k]]
            piv[[k, j]] = piv[[j, k]]
        l[k, k] = np.sqrt(s[k, k])
        l[k + 1:, k] = s[k + 1:, k] / l[k, k]
        s[k + 1:, k + 1:] -= np.outer(l[k + 1:, k], l[k + 1:, k])
    res = l.T if uplo == "U" else l
    return _back(res, a), (piv + 1).astype(np.int32), rank


def geqrf(a):
    a0 = _f(a)
    h, tau = np.linalg.qr(a0, mode="raw")
    return _back(h.T, a), _back(tau, a)


def _householder_q(h, tau, m, k_cols):
    """Q (m x k_cols) from LAPACK's packed reflectors h (m x n) and tau."""
    q = np.eye(m, k_cols)
    for i in range(len(tau) - 1, -1, -1):
        v = np.zeros(m)
        v[i] = 1.0
        v[i + 1:] = h[i + 1:, i]
        q -= tau[i] * np.outer(v, v @ q)
    return q


def orgqr(a, tau):
    h = _f(a)
    t = _f(tau).reshape(-1)
    m, n = h.shape
    return _back(_householder_q(h, t, m, n), a)


def ormqr(a, tau, c, side="L", trans="N"):
    h = _f(a)
    t = _f(tau).reshape(-1)
    c0 = _f(c)
    m = h.shape[0]
    q = _householder_q(h, t, m, m)
    if trans == "T":
        q = q.T
    r = q @ c0 if side == "L" else c0 @ q
    return _back(r, c)


def qr(a):
    a0 = _f(a)
    q, r = np.linalg.qr(a0, mode="reduced")
    return _back(q, a), _back(r, a)


# -- other math without a home ------------------------------------------------------
def bhistc(out, x, nbins, lo, hi):
    """Row-wise histc: x is B x N, out B x nbins."""
    from luann.kernels.reduce import hist_counts, hist_range
    x = np.asarray(x)
    nbins = int(nbins)
    a, b = hist_range(x, lo, hi)   # one range for all rows (minall/maxall), as torch7
    for i in range(x.shape[0]):
        out[i] = hist_counts(x[i], nbins, a, b)


def match(out, m1, m2, gain):
    """out[i][j] = gain * ||m1[i] - m2[j]||^2 (torch7's match)."""
    a = np.asarray(m1, dtype=np.float64)
    b = np.asarray(m2, dtype=np.float64)
    d = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
    out[...] = gain * d


def alias_setup(probs):
    """Walker's alias tables (THTensor_multinomialAliasSetup): J (1-based long), q."""
    p = np.asarray(probs, dtype=np.float64).reshape(-1)
    k = p.size
    q = p * k / p.sum()
    j = np.zeros(k, dtype=np.int64)
    smaller = [i for i in range(k) if q[i] < 1.0]
    larger = [i for i in range(k) if q[i] >= 1.0]
    while smaller and larger:
        s = smaller.pop()
        l = larger.pop()
        j[s] = l + 1
        q[l] = q[l] - (1.0 - q[s])
        if q[l] < 1.0:
            smaller.append(l)
        else:
            larger.append(l)
    for i in smaller + larger:
        q[i] = 1.0
        j[i] = i + 1
    return j, q


def alias_draw(gen, n, j, q):
    """n draws (1-based) from alias tables with the torch generator's uniform stream."""
    j = np.asarray(j, dtype=np.int64).reshape(-1)
    q = np.asarray(q, dtype=np.float64).reshape(-1)
    k = j.size
    u = gen.uniform(2 * n, 0.0, 1.0, "float64")     # per sample: index draw, then bernoulli
    idx = np.minimum(np.floor(u[0::2] * k).astype(np.int64), k - 1)
    take = u[1::2] <= q[idx]
    return np.where(take, idx + 1, j[idx]).astype(np.int64)
