"""Pillow/numpy kernels for lua/image.lua and itorch: reading and writing PNG/JPEG files,
image.scale (torch7's own resampling arithmetic), rotation, and PNG bytes for notebook display.

Arrays cross as C x H x W float64 (values as the tensor holds them); every function returns
arrays or plain Python values, or raises ValueError with a message Lua shows as is."""
import base64
import io
import os

import numpy as np

def _pil():
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow is a dependency of the notebook extra
        raise ValueError("image: Pillow is not installed (pip install pillow)")
    return Image


def load(path, depth=0):
    """Read an image file: (array C x H x W of uint8 values, number of channels)."""
    Image = _pil()
    path = str(path)
    if not os.path.exists(path):
        raise ValueError("image.load: file not found: %s" % path)
    try:
        im = Image.open(path)
        im.load()
    except Exception as e:
        raise ValueError("image.load: cannot read %s (%s)" % (path, e))
    depth = int(depth or 0)
    if depth == 1:
        im = im.convert("L")
    elif depth == 3:
        im = im.convert("RGB")
    elif depth == 4:
        im = im.convert("RGBA")
    elif im.mode not in ("L", "RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.mode else ("L" if im.mode in ("1", "I", "F", "I;16") else "RGB"))
    a = np.asarray(im, dtype=np.uint8)
    if a.ndim == 2:
        a = a[None]
    else:
        a = a.transpose(2, 0, 1)
    return np.ascontiguousarray(a, dtype=np.float64)


def _to_uint8(arr, byte):
    a = np.asarray(arr, dtype=np.float64)
    if not byte:
        a = a * 255.0
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def _to_pil(arr, byte=False):
    Image = _pil()
    a = np.asarray(arr, dtype=np.float64)
    if a.ndim == 3 and a.shape[0] == 1:
        a = a[0]
    if a.ndim == 2:
        return Image.fromarray(_to_uint8(a, byte), "L")
    if a.ndim != 3 or a.shape[0] not in (3, 4):
        raise ValueError("image.save: expected a 2D tensor or a 3D tensor with 1, 3 or 4 channels, got size %s"
                         % "x".join(str(s) for s in np.shape(arr)))
    u = _to_uint8(a, byte).transpose(1, 2, 0)
    return Image.fromarray(np.ascontiguousarray(u), "RGB" if a.shape[0] == 3 else "RGBA")


def save(path, arr, byte=False):
    path = str(path)
    ext = os.path.splitext(path)[1].lower()
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".ppm": "PPM", ".pgm": "PPM", ".bmp": "BMP"}.get(ext)
    if fmt is None:
        raise ValueError("image.save: unknown image format for %s (use .png or .jpg)" % path)
    im = _to_pil(arr, bool(byte))
    if fmt == "JPEG" and im.mode == "RGBA":
        im = im.convert("RGB")
    try:
        im.save(path, fmt)
    except OSError as e:
        raise ValueError("image.save: cannot write %s (%s)" % (path, e))
    return path


# image.scale as torch/image's C kernels compute it: rows first into a temporary of the tensor's
# own type, then columns; positions and weights in float32, arithmetic in the element type
# ("real": float32 for Float, float64 for Double, float32 for integer types), the downscale
# accumulator in float32, and byte results rounded and clamped (FromIntermediate).
def _store(v, kind):
    if kind == "byte":
        v = np.asarray(v, dtype=np.float32) + np.float32(0.5)
        return np.clip(np.trunc(v), 0, 255)
    if kind == "int":
        return np.trunc(v)
    return v


def _linear_1d(x, dst_len, ct, kind):
    """torch7's scaleLinear_rowcol along the last axis of x (values in ct)."""
    f32 = np.float32
    src_len = x.shape[-1]
    out = np.empty(x.shape[:-1] + (dst_len,), dtype=ct)
    if dst_len == src_len:
        out[...] = x
    elif dst_len > src_len:
        if src_len == 1:
            out[..., :-1] = x[..., :1]
        else:
            scale = f32(src_len - 1) / f32(dst_len - 1)
            si_f = np.arange(dst_len - 1).astype(f32) * scale
            si_i = si_f.astype(np.int64)
            frac = si_f - si_i.astype(f32)
            w0 = (f32(1) - frac).astype(ct)
            nxt = np.minimum(si_i + 1, src_len - 1)  # float32 rounding never reads past the end
            out[..., :-1] = _store(w0 * x[..., si_i] + frac.astype(ct) * x[..., nxt], kind)
        out[..., -1] = x[..., -1]
    else:
        scale = f32(src_len) / f32(dst_len)
        si0_i, si0_f = 0, f32(0)
        for di in range(dst_len):
            s1 = f32(di + 1) * scale
            si1_i = int(s1)
            si1_f = f32(s1 - f32(si1_i))
            acc = (ct(f32(1) - si0_f) * x[..., si0_i]).astype(f32)
            n = f32(1) - si0_f
            for si in range(si0_i + 1, min(si1_i, src_len)):
                acc = (acc.astype(ct) + x[..., si]).astype(f32)
                n = f32(n + f32(1))
            if si1_i < src_len:
                acc = (acc.astype(ct) + ct(si1_f) * x[..., si1_i]).astype(f32)
                n = f32(n + si1_f)
            out[..., di] = _store(acc / n, kind)
            si0_i, si0_f = si1_i, si1_f
    return out


def _cubic_1d(x, dst_len, ct, kind):
    """torch7's scaleCubic_rowcol along the last axis of x (values in ct)."""
    f32 = np.float32
    src_len = x.shape[-1]
    out = np.empty(x.shape[:-1] + (dst_len,), dtype=ct)
    if dst_len == src_len:
        out[...] = x
        return out
    if src_len == 1:
        out[...] = x[..., :1]
        return out
    scale = f32(src_len - 1) if dst_len == 1 else f32(src_len - 1) / f32(dst_len - 1)
    si_f = np.arange(dst_len - 1).astype(f32) * scale
    si_i = si_f.astype(np.int64)
    t = (si_f - si_i.astype(f32)).astype(ct)
    p1, p2 = x[..., si_i], x[..., np.minimum(si_i + 1, src_len - 1)]
    p0 = np.where(si_i > 0, x[..., np.maximum(si_i - 1, 0)], ct(2) * p1 - p2)
    p3 = np.where(si_i + 2 < src_len, x[..., np.minimum(si_i + 2, src_len - 1)], ct(2) * p2 - p1)
    a1 = p2 - p0
    a2 = ct(2) * p0 - ct(5) * p1 + ct(4) * p2 - p3
    a3 = ct(3) * (p1 - p2) + p3 - p0
    inner = a1 + t * (a2 + t * a3)
    # `a0 + 0.5 * x * (...)`: the double literal 0.5 lifts the last products to double
    v = (p1.astype(np.float64) + 0.5 * t.astype(np.float64) * inner.astype(np.float64)).astype(ct)
    out[..., :-1] = _store(v, kind)
    out[..., -1] = x[..., -1]
    return out


def scale(arr, width, height, mode="bilinear", kind="double"):
    """image.scale of a C x H x W array to C x height x width, as torch7's image package computes
    it for a tensor of the given kind ('double', 'float', 'byte' or 'int')."""
    mode = str(mode)
    if mode not in ("bilinear", "bicubic", "simple", "nearest"):
        raise ValueError("image.scale: mode must be one of: simple | bicubic | bilinear")
    width, height = int(width), int(height)
    if width < 1 or height < 1:
        raise ValueError("image.scale: the output size must be at least 1x1")
    ct = np.float64 if kind == "double" else np.float32
    a = np.asarray(arr, dtype=np.float64)
    if mode in ("simple", "nearest"):
        f32 = np.float32
        H, W = a.shape[1], a.shape[2]
        scx, scy = f32(W) / f32(width), f32(H) / f32(height)
        ii = np.minimum((np.arange(width).astype(f32) * scx).astype(np.int64), W - 1)
        jj = np.minimum((np.arange(height).astype(f32) * scy).astype(np.int64), H - 1)
        val = a[:, jj][:, :, ii].astype(f32)  # `float val`
        return np.ascontiguousarray(_store(val, kind), dtype=np.float64)
    one = _linear_1d if mode == "bilinear" else _cubic_1d
    x = a.astype(ct)
    tmp = one(x, width, ct, kind)  # rows first, into a tensor of the source's type
    out = one(np.swapaxes(tmp, 1, 2), height, ct, kind)
    return np.ascontiguousarray(np.swapaxes(out, 1, 2), dtype=np.float64)


def _round_half_away(v):
    return np.where(v >= 0, np.floor(v + 0.5), np.ceil(v - 0.5))


def rotate(arr, theta, mode="simple", kind="double"):
    """image.rotate of a C x H x W array by theta radians about its centre, as torch7's rotate
    ('simple': the nearest source pixel) and rotateBilinear compute it; zeros outside."""
    mode = str(mode)
    if mode not in ("simple", "bilinear"):
        raise ValueError("image.rotate: mode must be one of: simple | bilinear")
    f32 = np.float32
    a = np.asarray(arr, dtype=np.float64)
    C, H, W = a.shape
    xc, yc = f32((W - 1) / 2.0), f32((H - 1) / 2.0)
    jd = np.arange(H, dtype=f32)[:, None]
    idx = np.arange(W, dtype=f32)[None, :]
    theta = f32(theta)
    if mode == "simple":
        s, c = f32(np.sin(np.float64(theta))), f32(np.cos(np.float64(theta)))
        ii = _round_half_away((c * (idx - xc) - s * (jd - yc) + xc).astype(np.float64)).astype(np.int64)
        jj = _round_half_away((c * (jd - yc) + s * (idx - xc) + yc).astype(np.float64)).astype(np.int64)
        inside = (ii >= 0) & (ii <= W - 1) & (jj >= 0) & (jj <= H - 1)
        val = a[:, np.clip(jj, 0, H - 1), np.clip(ii, 0, W - 1)].astype(f32)  # `float val`
        val = np.where(inside[None], val, f32(0))
        return np.ascontiguousarray(_store(val, kind), dtype=np.float64)
    tt = np.float64 if kind == "double" else f32  # temp_t
    c, s = np.cos(np.float64(theta)), np.sin(np.float64(theta))
    dx, dy = (idx - xc).astype(np.float64), (jd - yc).astype(np.float64)
    ri = (c * dx - s * dy).astype(tt)
    rj = (c * dy + s * dx).astype(tt)
    ii0 = np.floor(ri + tt(xc)).astype(np.int64)
    jj0 = np.floor(rj + tt(yc)).astype(np.int64)
    ii1, jj1 = ii0 + 1, jj0 + 1
    wi = (ri + tt(xc) - ii0.astype(tt)).astype(tt)
    wj = (rj + tt(yc) - jj0.astype(tt)).astype(tt)
    zero = np.zeros(ri.shape, dtype=bool)
    # the closest pixel on the image's edges, 0 beyond them
    edge = (ii1 == W) & (wi < 0.5)
    zero |= ~edge & (ii1 >= W)
    ii1 = np.where(edge, ii0, ii1)
    edge = (jj1 == H) & (wj < 0.5)
    zero |= ~edge & (jj1 >= H)
    jj1 = np.where(edge, jj0, jj1)
    edge = (ii0 == -1) & (wi > 0.5)
    zero |= ~edge & (ii0 < 0)
    ii0 = np.where(edge, ii1, ii0)
    edge = (jj0 == -1) & (wj > 0.5)
    zero |= ~edge & (jj0 < 0)
    jj0 = np.where(edge, jj1, jj0)
    cl = lambda v, n: np.clip(v, 0, n - 1)
    i0, i1, j0, j1 = cl(ii0, W), cl(ii1, W), cl(jj0, H), cl(jj1, H)
    wi, wj = wi.astype(np.float64), wj.astype(np.float64)
    val = ((1.0 - wi) * (1.0 - wj) * a[:, j0, i0] + wi * (1.0 - wj) * a[:, j0, i1]
           + (1.0 - wi) * wj * a[:, j1, i0] + wi * wj * a[:, j1, i1]).astype(f32)
    val = np.where(zero[None], f32(0), val)
    return np.ascontiguousarray(_store(val, kind), dtype=np.float64)


def png_bytes(arr, byte=False):
    buf = io.BytesIO()
    _to_pil(arr, bool(byte)).save(buf, "PNG")
    return buf.getvalue()


def png_base64(arr, byte=False):
    return base64.b64encode(png_bytes(arr, byte)).decode("ascii")


def file_base64(path):
    with open(str(path), "rb") as f:
        return base64.b64encode(f.read()).decode("ascii")


def lena_path():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(here, "data", "lena.png")


def make_lena(path=None, size=128):
    """The bundled test picture: a smooth colourful pattern with a disc and stripes (not a photo)."""
    y, x = np.mgrid[0:size, 0:size] / float(size - 1)
    r = 0.5 + 0.5 * np.sin(2 * np.pi * (x * 1.5 + 0.1))
    g = 0.5 + 0.5 * np.cos(2 * np.pi * (y * 1.2 - 0.2))
    b = 0.5 + 0.5 * np.sin(2 * np.pi * (x + y))
    disc = ((x - 0.6) ** 2 + (y - 0.4) ** 2) < 0.05
    r[disc], g[disc], b[disc] = 0.95, 0.85, 0.2
    stripes = (y > 0.75) & (np.floor(x * 16) % 2 == 0)
    r[stripes], g[stripes], b[stripes] = 0.1, 0.1, 0.3
    arr = np.stack([r, g, b])
    if path:
        save(path, arr)
    return arr


def rgb2hsl(arr):
    """3 x H x W RGB in [0,1] -> HSL (each in [0,1]), as torch/image's rgb2hsl."""
    r, g, b = np.asarray(arr, dtype=np.float64)[:3]
    mx = np.maximum(np.maximum(r, g), b)
    mn = np.minimum(np.minimum(r, g), b)
    l = (mx + mn) / 2
    d = mx - mn
    with np.errstate(all="ignore"):
        s = np.where(d == 0, 0.0, np.where(l > 0.5, d / (2 - mx - mn), d / (mx + mn)))
        h = np.where(mx == r, (g - b) / d + np.where(g < b, 6, 0),
                     np.where(mx == g, (b - r) / d + 2, (r - g) / d + 4))
    h = np.where(d == 0, 0.0, h / 6)
    return np.stack([h, s, l])


def hsl2rgb(arr):
    h, s, l = np.asarray(arr, dtype=np.float64)[:3]

    def hue(p, q, t):
        t = np.mod(t, 1.0)
        return np.where(t < 1 / 6, p + (q - p) * 6 * t,
                        np.where(t < 1 / 2, q, np.where(t < 2 / 3, p + (q - p) * (2 / 3 - t) * 6, p)))

    q = np.where(l < 0.5, l * (1 + s), l + s - l * s)
    p = 2 * l - q
    r, g, b = hue(p, q, h + 1 / 3), hue(p, q, h), hue(p, q, h - 1 / 3)
    grey = s == 0
    return np.stack([np.where(grey, l, r), np.where(grey, l, g), np.where(grey, l, b)])


def write_output(data, ext, b64=True):
    """Outside a notebook: write one rich output to a new file under the temp dir; returns its path."""
    import tempfile
    d = os.environ.get("LUANN_ITORCH_DIR") or os.path.join(tempfile.gettempdir(), "luann-itorch")
    os.makedirs(d, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix="itorch_", suffix="." + str(ext), dir=d)
    with os.fdopen(fd, "wb") as f:
        f.write(base64.b64decode(data) if b64 else (data.encode("utf-8") if isinstance(data, str) else data))
    return path


def media_html(path, tag):
    """An <audio>/<video> element holding the file's bytes."""
    import mimetypes
    path = str(path)
    if not os.path.exists(path):
        raise ValueError("itorch.%s: file not found: %s" % (tag, path))
    mime = mimetypes.guess_type(path)[0] or ("audio/wav" if tag == "audio" else "video/mp4")
    return '<%s controls src="data:%s;base64,%s"></%s>' % (tag, mime, file_base64(path), tag)
