"""Photo upload pipeline: untrusted bytes in, two clean WebP images out.

Pure functions only (no web framework, no disk I/O), so routes can run `process_image` in a
thread pool. Every upload is decoded and re-encoded: the original bytes and all metadata (EXIF,
GPS, XMP, ICC) are dropped, because children's photos must never carry a location.
"""

from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageCms, ImageFile, ImageOps
from pillow_heif import register_heif_opener

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# 50 MP covers 48 MP phone/tablet cameras; bigger is a bomb or a panorama we do not need.
MAX_PIXELS = 50_000_000
DISPLAY_SIZE = 1600  # long side, px
THUMB_SIZE = 400  # long side, px
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")

DISPLAY_QUALITY = 80
THUMB_QUALITY = 75
# method=0 is libwebp's fastest effort: ~4x faster than Pillow's default 4, barely larger files.
WEBP_METHOD = 0

MSG_TOO_LARGE = "Deze foto is te groot. Een foto mag maximaal 20 MB zijn."
MSG_NOT_AN_IMAGE = "Dit bestand is geen foto. Kies een foto (JPG, PNG, WebP of HEIC)."
MSG_BROKEN = "Deze foto is kapot of niet helemaal verstuurd. Probeer het nog een keer."
MSG_TOO_MANY_PIXELS = "Deze foto is te groot om te openen. Kies een andere foto."

# iPads save HEIC. Depth maps and auxiliary images are never used, so don't even parse them;
# embedded thumbnails stay on so `draft()` may use one when it is big enough.
register_heif_opener(depth_images=False, aux_images=False)

# Belt and braces: Pillow warns above its own (higher) limit; make that an error process-wide.
# The real guard is the explicit size check in `_open`, which does not depend on warning
# filters (those are process-global and not thread-safe to change per call).
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

# Errors Pillow and its plugins raise on corrupt or truncated data.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    RuntimeError,
    struct.error,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)

# Magic bytes of the accepted formats: if Pillow cannot identify a file that starts like a
# photo, it is a broken photo (422), not a wrong kind of file (415).
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


class ImageRejected(Exception):
    """The upload is not usable; `message` is friendly Dutch for the pupil."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ProcessedImage:
    display: bytes  # WebP, long side <= DISPLAY_SIZE
    thumb: bytes  # WebP, long side <= THUMB_SIZE
    width: int  # of display
    height: int
    thumb_width: int
    thumb_height: int


def process_image(data: bytes) -> ProcessedImage:
    """Validate, decode, orient, resize and re-encode an uploaded photo.

    Raises ImageRejected with status 413 (too many bytes), 415 (not an accepted image format)
    or 422 (broken, truncated or a decompression bomb).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(MSG_TOO_LARGE, 413)
    # A truncated file must fail loudly instead of being padded with grey.
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("ImageFile.LOAD_TRUNCATED_IMAGES must stay False")

    try:
        with _open(data) as im:
            target = _fit(im.size, DISPLAY_SIZE)
            # JPEG: let libjpeg decode at 1/2, 1/4 or 1/8 scale, the smallest that is still at
            # least `target` (HEIF: use an embedded thumbnail only if it is that big). A 12 MP
            # photo decodes at 2000x1500 instead of 4000x3000: about twice as fast.
            if target != im.size:
                im.draft(None, target)
            im.load()
            # Orientation before resizing would transpose 4x the pixels; the long side (and so
            # `target`) does not depend on it, so transpose the small image afterwards.
            display = _resize(_normalise_mode(im), DISPLAY_SIZE)
            display = _to_srgb(display, im.info.get("icc_profile"))
            display = _apply_orientation(display, im)
    except ImageRejected:
        raise
    except _DECODE_ERRORS as exc:
        raise ImageRejected(MSG_BROKEN, 422) from exc

    # The thumbnail comes from the (already small, upright) display image, not the original.
    thumb = _resize(display, THUMB_SIZE)
    return ProcessedImage(
        display=_encode(display, DISPLAY_QUALITY),
        thumb=_encode(thumb, THUMB_QUALITY),
        width=display.width,
        height=display.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )


def _open(data: bytes) -> ImageFile.ImageFile:
    """Open (parse headers only) and refuse other formats and bombs before any decoding."""
    try:
        im = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.UnidentifiedImageError as exc:
        status, message = (422, MSG_BROKEN) if _looks_like_photo(data) else (415, MSG_NOT_AN_IMAGE)
        raise ImageRejected(message, status) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(MSG_TOO_MANY_PIXELS, 422) from exc
    width, height = im.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        im.close()
        raise ImageRejected(MSG_TOO_MANY_PIXELS, 422)
    return im


def _looks_like_photo(data: bytes) -> bool:
    if data.startswith(_SIGNATURES):
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """Size scaled down (never up) so the long side is at most `long_side`."""
    width, height = size
    longest = max(width, height)
    if longest <= long_side:
        return size
    scale = long_side / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def _normalise_mode(im: Image.Image) -> Image.Image:
    """RGB, or RGBA when the image has transparency: what WebP stores and resizing handles well.

    Converting before resizing matters: palette images would otherwise be resized with
    nearest-neighbour, and 16-bit greyscale would be clipped to white.
    """
    if im.mode in ("RGB", "RGBA"):
        return im
    if im.mode.startswith("I"):
        # 16/32-bit greyscale: scale 0..65535 down to 0..255 instead of clipping.
        return im.convert("I").point(lambda v: v / 256).convert("L").convert("RGB")
    if im.mode in ("LA", "PA", "La", "RGBa") or im.has_transparency_data:
        return im.convert("RGBA")
    return im.convert("RGB")  # L, 1, P, CMYK (Pillow undoes Adobe's inversion), YCbCr, ...


def _resize(im: Image.Image, long_side: int) -> Image.Image:
    size = _fit(im.size, long_side)
    if size == im.size:
        return im
    # BILINEAR in Pillow is a real (antialiased) convolution; reducing_gap first box-averages
    # by an integer factor, which is fast and looks the same as LANCZOS at these sizes.
    return im.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _to_srgb(im: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert wide-gamut photos (iPad: Display P3) to sRGB, so dropping the profile is safe."""
    if not icc_profile or im.mode not in ("RGB", "RGBA"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        if source.profile.xcolor_space.strip() != "RGB":
            return im
        if "srgb" in (ImageCms.getProfileDescription(source) or "").lower():
            return im
        # A fresh sRGB profile per call (microseconds): LittleCMS profile handles are mutable
        # C objects, so none is shared between threads.
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(im, source, srgb, outputMode=im.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # An unusable profile: keep the pixels as they are.
    assert converted is not None  # inPlace=False always returns an image
    return converted


def _apply_orientation(im: Image.Image, source: Image.Image) -> Image.Image:
    """Apply `source`'s EXIF/XMP orientation to `im` (a resized copy of it)."""
    # Pillow reads orientation from the image's own EXIF (or XMP); the resized copy carries the
    # same `info`, so exif_transpose sees the original's orientation tag.
    im.info = dict(source.info)
    try:
        return ImageOps.exif_transpose(im)  # always a new image, so closing `source` is safe
    except (ValueError, TypeError, KeyError, struct.error, SyntaxError, OSError):
        # Garbled EXIF is common on cheap devices: keep the photo as stored, don't refuse it.
        return im.copy()


def _encode(im: Image.Image, quality: int) -> bytes:
    # Pillow's WebP writer takes EXIF/XMP/ICC only from explicit save() arguments, and none are
    # passed; clearing `info` as well makes sure nothing from the upload can ever leak through.
    im.info = {}
    out = BytesIO()
    im.save(out, "WEBP", quality=quality, method=WEBP_METHOD)
    return out.getvalue()
