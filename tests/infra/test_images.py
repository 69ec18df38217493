"""Tests for the photo pipeline `server.images.process_image`.

Every input is generated here; no binary fixtures are committed.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pillow_heif
import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFile, JpegImagePlugin

from server.infra import images
from server.infra.images import (
    DISPLAY_SIZE,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    THUMB_SIZE,
    ImageRejected,
    ProcessedImage,
    process_image,
)

SECRET = "GeheimeTablet-1234"  # written into metadata; must never reach the output
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 255, 255)


# --- input builders ----------------------------------------------------------------------------


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    out = BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a tablet camera writes it: orientation, make/model and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = SECRET  # Make
    exif[0x0110] = SECRET  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 5.0, 30.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (4.0, 53.0, 10.0)  # GPSLongitudeRef, GPSLongitude
    return exif


def xmp_packet() -> bytes:
    return (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:GPSLatitude="52,5.5N" exif:UserComment="' + SECRET.encode() + b'"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )


def marked(size: tuple[int, int]) -> Image.Image:
    """White image with a red block in the top-left and a blue block in the bottom-right corner
    (blocks are big, so JPEG artefacts and resizing cannot move them)."""
    im = Image.new("RGB", size, WHITE)
    draw = ImageDraw.Draw(im)
    bw, bh = size[0] // 4, size[1] // 4
    draw.rectangle((0, 0, bw, bh), fill=RED)
    draw.rectangle((size[0] - bw, size[1] - bh, size[0], size[1]), fill=BLUE)
    return im


def photo(size: tuple[int, int] = (800, 600), seed: int = 0) -> Image.Image:
    """Photo-like content: gradients plus noise, so it compresses like a real photo."""
    im = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.effect_noise(size, 40 + seed),
        ),
    )
    return im


def patch_png_size(png: bytes, width: int, height: int) -> bytes:
    """Rewrite the IHDR of a PNG so it declares another size (cheap decompression bomb)."""
    assert png[12:16] == b"IHDR"
    ihdr = struct.pack(">II", width, height) + png[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return png[:16] + ihdr + crc + png[33:]


def patch_jpeg_size(jpeg: bytes, width: int, height: int) -> bytes:
    """Rewrite the SOF0 frame header of a baseline JPEG to declare another size."""
    sof = jpeg.index(b"\xff\xc0")
    # marker(2) length(2) precision(1) height(2) width(2)
    return jpeg[: sof + 5] + struct.pack(">HH", height, width) + jpeg[sof + 9 :]


def riff_chunks(webp: bytes) -> list[bytes]:
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
    chunks, pos = [], 12
    while pos + 8 <= len(webp):
        fourcc, size = webp[pos : pos + 4], struct.unpack("<I", webp[pos + 4 : pos + 8])[0]
        chunks.append(fourcc)
        pos += 8 + size + (size & 1)
    return chunks


def icc_matrix_profile(description: str, primaries: list[tuple[float, float, float]]) -> bytes:
    """A minimal ICC v2 RGB matrix/TRC display profile (gamma 2.2), e.g. Display P3."""

    def s15(*values: float) -> bytes:
        return b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    def xyz(*values: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(*values)

    desc = description.encode("ascii") + b"\0"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">I", len(desc)) + desc + bytes(4 + 4 + 2 + 1 + 67),
        b"cprt": b"text\0\0\0\0" + b"No copyright\0",
        b"wtpt": xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz(*primaries[0]),
        b"gXYZ": xyz(*primaries[1]),
        b"bXYZ": xyz(*primaries[2]),
        b"rTRC": b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233),  # gamma 2.2 (u8Fixed8)
    }
    tags[b"gTRC"] = tags[b"bTRC"] = tags[b"rTRC"]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags.items():
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    header = (
        struct.pack(">I", offset + len(body))
        + b"\0\0\0\0"
        + bytes((2, 0x10, 0, 0))
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + struct.pack(">I", 0)
        + s15(0.9642, 1.0, 0.8249)
        + bytes(4 + 16 + 28)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


DISPLAY_P3 = [(0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841)]


# --- helpers for checking output ---------------------------------------------------------------


def opened(data: bytes) -> Image.Image:
    im = Image.open(BytesIO(data))
    assert im.format == "WEBP"
    im.load()
    return im


def assert_clean(data: bytes) -> None:
    """No EXIF, GPS, XMP or ICC anywhere in a WebP output."""
    im = opened(data)
    assert len(im.getexif()) == 0
    assert not im.getexif().get_ifd(0x8825)
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile"):
        assert key not in im.info
    assert set(riff_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    assert SECRET.encode() not in data
    assert b"Exif" not in data and b"xmpmeta" not in data


def assert_sizes(result: ProcessedImage) -> None:
    display, thumb = opened(result.display), opened(result.thumb)
    assert display.size == (result.width, result.height)
    assert thumb.size == (result.thumb_width, result.thumb_height)
    assert max(display.size) <= DISPLAY_SIZE
    assert max(thumb.size) <= THUMB_SIZE


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel[:3], colour, strict=True))


def rejected(data: bytes) -> ImageRejected:
    with pytest.raises(ImageRejected) as info:
        process_image(data)
    return info.value


# --- metadata ----------------------------------------------------------------------------------


def test_jpeg_exif_gps_xmp_and_icc_are_dropped() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(photo(), "JPEG", exif=gps_exif(orientation=1), xmp=xmp_packet(), icc_profile=srgb)
    source = Image.open(BytesIO(data))
    assert source.getexif().get_ifd(0x8825) and "xmp" in source.info  # the input does have them

    result = process_image(data)

    assert_clean(result.display)
    assert_clean(result.thumb)
    assert (result.width, result.height) == (800, 600)


def test_webp_input_with_exif_is_cleaned() -> None:
    data = encode(photo(), "WEBP", exif=gps_exif(), xmp=xmp_packet())
    assert b"EXIF" in data

    result = process_image(data)

    assert_clean(result.display)
    assert_clean(result.thumb)


# --- orientation -------------------------------------------------------------------------------

# Where the stored top-left (red) and bottom-right (blue) corners land once displayed upright.
ORIENTATIONS = {
    1: ("top_left", "bottom_right"),
    3: ("bottom_right", "top_left"),  # rotated 180°
    6: ("top_right", "bottom_left"),  # stored rotated 90° counter-clockwise (iPad in portrait)
    8: ("bottom_left", "top_right"),  # stored rotated 90° clockwise
}


def corner(im: Image.Image, name: str) -> tuple[int, ...]:
    x = 3 if name.endswith("left") else im.width - 4
    y = 3 if name.startswith("top") else im.height - 4
    return im.convert("RGB").getpixel((x, y))  # type: ignore[return-value]


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
@pytest.mark.parametrize("stored_size", [(600, 300), (4000, 2000)], ids=["small", "large"])
def test_orientation_is_applied(orientation: int, stored_size: tuple[int, int]) -> None:
    data = encode(marked(stored_size), "JPEG", quality=90, exif=gps_exif(orientation))

    result = process_image(data)

    expected = {(600, 300): (600, 300), (4000, 2000): (1600, 800)}[stored_size]
    if orientation in (6, 8):
        expected = expected[::-1]
    assert (result.width, result.height) == expected
    for out in (opened(result.display), opened(result.thumb)):
        red_at, blue_at = ORIENTATIONS[orientation]
        assert near(corner(out, red_at), RED)
        assert near(corner(out, blue_at), BLUE)
        others = {"top_left", "top_right", "bottom_left", "bottom_right"} - {red_at, blue_at}
        for name in others:
            assert near(corner(out, name), WHITE)
    assert_clean(result.display)


# Pillow only warns about corrupt EXIF (pytest here turns warnings into errors).
@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
@pytest.mark.filterwarnings("ignore:Possibly corrupt EXIF data:UserWarning")
def test_garbled_exif_does_not_reject_the_photo() -> None:
    data = encode(photo((300, 200)), "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")

    result = process_image(data)

    assert (result.width, result.height) == (300, 200)


# --- accepted formats and modes ----------------------------------------------------------------


def test_png_with_alpha_keeps_transparency() -> None:
    im = Image.new("RGBA", (300, 200), (0, 0, 255, 255))
    ImageDraw.Draw(im).rectangle((0, 0, 149, 199), fill=(0, 0, 0, 0))

    result = process_image(encode(im, "PNG"))

    out = opened(result.display)
    assert out.mode == "RGBA"
    assert out.getpixel((10, 100))[3] == 0  # type: ignore[index]
    assert near(out.getpixel((290, 100)), BLUE)  # type: ignore[arg-type]
    assert out.getpixel((290, 100))[3] == 255  # type: ignore[index]
    assert_clean(result.display)


@pytest.mark.parametrize(
    ("make", "has_alpha"),
    [
        (lambda: Image.new("P", (300, 200), 3), False),
        (lambda: Image.new("LA", (300, 200), (128, 0)), True),
        (lambda: Image.new("L", (300, 200), 128), False),
        (lambda: Image.new("1", (300, 200), 1), False),
    ],
    ids=["P", "LA", "L", "1"],
)
def test_png_modes_are_converted(make: Callable[[], Image.Image], has_alpha: bool) -> None:
    result = process_image(encode(make(), "PNG"))

    out = opened(result.display)
    assert out.mode == ("RGBA" if has_alpha else "RGB")
    assert (result.width, result.height) == (300, 200)


def test_palette_png_with_transparency_keeps_alpha() -> None:
    im = Image.new("P", (200, 100), 1)
    im.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    ImageDraw.Draw(im).rectangle((0, 0, 99, 99), fill=0)

    result = process_image(encode(im, "PNG", transparency=0))

    out = opened(result.display)
    assert out.mode == "RGBA"
    assert out.getpixel((10, 50))[3] == 0  # type: ignore[index]
    assert near(out.getpixel((190, 50)), BLUE)  # type: ignore[arg-type]


def test_16_bit_grey_png_is_scaled_not_clipped() -> None:
    im = Image.new("I;16", (200, 100), 32768)  # mid-grey in 16 bits

    result = process_image(encode(im, "PNG"))

    value = opened(result.display).convert("L").getpixel((100, 50))
    assert 118 <= value <= 138  # type: ignore[operator]


def test_cmyk_jpeg_becomes_rgb() -> None:
    im = Image.new("CMYK", (200, 100), (0, 255, 255, 0))  # red in CMYK

    result = process_image(encode(im, "JPEG"))

    out = opened(result.display)
    assert out.mode == "RGB"
    assert near(out.getpixel((100, 50)), RED, tolerance=60)  # type: ignore[arg-type]


def test_webp_accepted() -> None:
    result = process_image(encode(photo((1000, 500)), "WEBP"))

    assert (result.width, result.height) == (1000, 500)
    assert (result.thumb_width, result.thumb_height) == (400, 200)


@pytest.mark.skipif(not pillow_heif.libheif_info()["HEIF"], reason="no HEIF encoder here")
@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_heic_accepted_upright_and_cleaned(orientation: int) -> None:
    # iPads store HEIC rotation as HEIF transforms (irot), which libheif applies on decoding;
    # pillow_heif then resets the EXIF tag, so the photo must not be rotated twice.
    exif = gps_exif(orientation).tobytes()  # bytes: pillow_heif turns this into irot
    data = encode(marked((320, 240)), "HEIF", quality=90, exif=exif, xmp=xmp_packet())
    assert Image.open(BytesIO(data)).format == "HEIF"

    result = process_image(data)

    expected = (240, 320) if orientation in (6, 8) else (320, 240)
    assert (result.width, result.height) == expected
    red_at, blue_at = ORIENTATIONS[orientation]
    out = opened(result.display)
    assert near(corner(out, red_at), RED)
    assert near(corner(out, blue_at), BLUE)
    assert_clean(result.display)
    assert_clean(result.thumb)


def test_multi_picture_jpeg_accepted() -> None:
    # Phones and tablets write JPEGs with a second picture (MPF: HDR gain map, depth, preview);
    # Pillow calls them MPO. Only the first picture is used.
    first, second = marked((2400, 1800)), Image.new("RGB", (600, 450), (0, 0, 0))
    data = encode(first, "MPO", save_all=True, append_images=[second], exif=gps_exif(6))
    assert Image.open(BytesIO(data)).format == "MPO"

    result = process_image(data)

    assert (result.width, result.height) == (1200, 1600)
    out = opened(result.display)
    assert near(corner(out, "top_right"), RED)
    assert_clean(result.display)


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_wide_gamut_photo_is_converted_to_srgb(mode: str) -> None:
    # iPads shoot in Display P3. The profile is dropped, so the colours must be converted:
    # a P3 colour is more saturated than the same numbers in sRGB.
    colour = (200, 120, 120, 77)[: len(mode)]
    profile = icc_matrix_profile("Display P3 (test)", DISPLAY_P3)
    data = encode(Image.new(mode, (64, 64), colour), "PNG", icc_profile=profile)

    result = process_image(data)

    pixel = opened(result.display).getpixel((32, 32))
    assert isinstance(pixel, tuple)
    assert pixel[0] - pixel[1] > (colour[0] - colour[1]) + 8
    assert pixel[3:] == colour[3:]  # alpha untouched
    assert_clean(result.display)


def test_unusable_icc_profile_is_ignored() -> None:
    data = encode(photo((200, 100)), "JPEG", icc_profile=b"not an icc profile at all")

    result = process_image(data)

    assert_clean(result.display)


# --- sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "display", "thumb"),
    [
        ((3000, 2000), (1600, 1067), (400, 267)),
        ((2000, 4000), (800, 1600), (200, 400)),
        ((1600, 1200), (1600, 1200), (400, 300)),
        ((1000, 500), (1000, 500), (400, 200)),
        ((300, 200), (300, 200), (300, 200)),  # small: never upscaled
        ((4000, 3), (1600, 1), (400, 1)),  # extreme panorama: no zero-sized side
    ],
)
def test_sizes(size: tuple[int, int], display: tuple[int, int], thumb: tuple[int, int]) -> None:
    result = process_image(encode(photo(size), "PNG"))

    assert (result.width, result.height) == display
    assert (result.thumb_width, result.thumb_height) == thumb
    assert_sizes(result)


def test_large_jpeg_uses_reduced_decoding_and_is_not_blurred(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 4000x3000 decodes at 2000x1500 via draft(); the result must still be 1600 px and sharp:
    # 200 px stripes (80 px on display) keep crisp edges.
    decoded_sizes: list[tuple[int, int]] = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: object) -> object:
        result = original_draft(self, mode, size)  # type: ignore[arg-type]
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    im = Image.new("RGB", (4000, 3000), WHITE)
    draw = ImageDraw.Draw(im)
    for x in range(0, 4000, 400):
        draw.rectangle((x, 0, x + 199, 2999), fill=(0, 0, 0))
    data = encode(im, "JPEG", quality=90)

    result = process_image(data)

    assert decoded_sizes == [(2000, 1500)]
    out = opened(result.display).convert("L")
    assert out.size == (1600, 1200)
    # Stripe edges at 80 px (display scale): 4 px away from an edge it is fully black/white.
    assert out.getpixel((40, 600)) < 20  # type: ignore[operator]
    assert out.getpixel((120, 600)) > 235  # type: ignore[operator]
    assert out.getpixel((76, 600)) < 40  # type: ignore[operator]
    assert out.getpixel((84, 600)) > 215  # type: ignore[operator]


# --- rejections --------------------------------------------------------------------------------


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any image memory gets allocated for decoding."""

    def refuse(self: ImageFile.ImageFile) -> None:
        raise AssertionError(f"tried to decode a {self.size} image")

    monkeypatch.setattr(ImageFile.ImageFile, "load_prepare", refuse)


@pytest.mark.usefixtures("no_decoding")
@pytest.mark.parametrize(
    "size",
    [(20_000, 20_000), (8_000, 8_000), (1, MAX_PIXELS + 1)],
    ids=["over-pillow-limit", "over-our-limit", "one-pixel-wide"],
)
def test_png_bomb_refused_without_decoding(size: tuple[int, int]) -> None:
    png = encode(Image.new("1", (8, 8)), "PNG")

    error = rejected(patch_png_size(png, *size))

    assert error.status == 422


@pytest.mark.usefixtures("no_decoding")
def test_jpeg_bomb_refused_without_decoding() -> None:
    jpeg = encode(Image.new("RGB", (16, 16)), "JPEG")

    assert rejected(patch_jpeg_size(jpeg, 30_000, 30_000)).status == 422
    assert rejected(patch_jpeg_size(jpeg, 9_000, 6_000)).status == 422


@pytest.mark.usefixtures("no_decoding")
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_bomb_refused_even_when_the_warning_is_ignored() -> None:
    # 10000x10000 is over Pillow's warning limit but under its hard error: with the warning
    # silenced, our own size check must still refuse it.
    png = encode(Image.new("1", (8, 8)), "PNG")

    assert rejected(patch_png_size(png, 10_000, 10_000)).status == 422


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_image_refused(fmt: str) -> None:
    data = encode(photo((800, 600)), fmt)

    error = rejected(data[: len(data) // 2])

    assert error.status == 422
    assert "kapot" in error.message


def test_header_only_jpeg_refused_as_broken() -> None:
    data = encode(photo((100, 100)), "JPEG")

    assert rejected(data[:20]).status == 422


def test_load_truncated_images_stays_off() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>',
        encode(Image.new("P", (10, 10)), "GIF"),
        encode(Image.new("RGB", (10, 10)), "BMP"),
        encode(Image.new("RGB", (10, 10)), "TIFF"),
        encode(Image.new("RGB", (10, 10)), "PDF"),
        b"Hallo juf, hier is mijn werkstuk.",
        random.Random(1).randbytes(4096),
        b"",
    ],
    ids=["svg", "gif", "bmp", "tiff", "pdf", "text", "random", "empty"],
)
def test_not_an_accepted_image_refused(data: bytes) -> None:
    error = rejected(data)

    assert error.status == 415
    assert error.message == "Dit bestand is geen foto. Kies een foto (JPG, PNG, WebP of HEIC)."


def test_oversized_upload_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("opened an oversized upload")

    monkeypatch.setattr(images.Image, "open", refuse)
    data = b"\xff\xd8\xff" + bytes(MAX_UPLOAD_BYTES)

    error = rejected(data)

    assert error.status == 413
    assert "20 MB" in error.message


def test_upload_of_exactly_the_limit_is_not_refused_for_size() -> None:
    data = encode(photo((64, 64)), "PNG")
    padded = data + bytes(MAX_UPLOAD_BYTES - len(data))  # trailing bytes after IEND are ignored

    result = process_image(padded)

    assert result.width == 64


def test_messages_are_friendly_dutch() -> None:
    error = ImageRejected("Deze foto is te groot. Een foto mag maximaal 20 MB zijn.", 413)
    assert str(error) == error.message
    assert error.status == 413
    for message in (images.MSG_TOO_LARGE, images.MSG_NOT_AN_IMAGE, images.MSG_BROKEN):
        assert message.endswith(".") and "Error" not in message


# --- concurrency -------------------------------------------------------------------------------


def test_thread_safe() -> None:
    inputs = [encode(photo((900, 700), seed=i), "JPEG", exif=gps_exif(6)) for i in range(6)]
    expected = [process_image(data) for data in inputs]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(process_image, inputs * 3))

    assert results == expected * 3
