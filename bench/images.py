"""Benchmark: a 12 MP tablet photo through `process_image` vs a naive Pillow pipeline.

Run from anywhere: /tmp/venv0/bin/python bench/images.py
Both pipelines run interleaved in one process (machines here are noisy; compare the ratio).
The last line is `speedup_vs_naive: <x>`; the goal is >= 4.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageOps

from server.infra.images import DISPLAY_SIZE, THUMB_SIZE, process_image

WIDTH, HEIGHT = 4000, 3000
REPEATS = 9


def make_photo() -> bytes:
    """A 4000x3000 JPEG (quality 90) with gradients, shapes and sensor-like noise, EXIF
    orientation 6 and a GPS position, like a tablet camera writes it."""
    size = (WIDTH, HEIGHT)
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    blue = red.transpose(Image.Transpose.ROTATE_180)
    im = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(im)
    for i in range(40):
        x, y = (i * 397) % WIDTH, (i * 211) % HEIGHT
        colour = ((i * 53) % 256, (i * 97) % 256, (i * 31) % 256)
        draw.ellipse((x, y, x + 300 + i * 7, y + 200 + i * 5), fill=colour)
    noise = Image.effect_noise(size, 10).convert("RGB")
    im = ImageChops.add(im, noise, scale=1.0, offset=-128)

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "Tablet"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 5.0, 30.0)
    gps[3], gps[4] = "E", (4.0, 53.0, 10.0)
    out = BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _lanczos_fit(im: Image.Image, long_side: int) -> Image.Image:
    scale = long_side / max(im.size)
    return im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)


def naive(data: bytes) -> tuple[bytes, bytes]:
    """What you write without thinking about speed: full decode, rotate the full image, LANCZOS
    from the full photo to both sizes, WebP with Pillow's default settings (method=4)."""
    im = ImageOps.exif_transpose(Image.open(BytesIO(data)))
    return _webp(_lanczos_fit(im, DISPLAY_SIZE)), _webp(_lanczos_fit(im, THUMB_SIZE))


def naive_chained(data: bytes) -> tuple[bytes, bytes]:
    """Naive, but the thumbnail is made from the display image (for reference only)."""
    display = _lanczos_fit(ImageOps.exif_transpose(Image.open(BytesIO(data))), DISPLAY_SIZE)
    return _webp(display), _webp(_lanczos_fit(display, THUMB_SIZE))


def _webp(im: Image.Image) -> bytes:
    out = BytesIO()
    im.save(out, "WEBP")
    return out.getvalue()


def timed(fn: Callable[[bytes], object], data: bytes) -> float:
    start = time.perf_counter()
    fn(data)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    data = make_photo()
    print(f"input: {WIDTH}x{HEIGHT} JPEG, {len(data) / 1e6:.1f} MB")
    result = process_image(data)
    naive_display, _ = naive(data)  # warm-up, and sizes for the report
    print(
        f"output: display {result.width}x{result.height} {len(result.display) / 1e3:.0f} kB"
        f" (naive {len(naive_display) / 1e3:.0f} kB),"
        f" thumb {result.thumb_width}x{result.thumb_height} {len(result.thumb) / 1e3:.0f} kB"
    )

    runs: dict[str, list[float]] = {"fast": [], "naive": [], "chained": []}
    for _ in range(REPEATS):  # interleaved, so drift in machine load hits all alike
        runs["fast"].append(timed(process_image, data))
        runs["naive"].append(timed(naive, data))
        runs["chained"].append(timed(naive_chained, data))
    fast, slow, chained = (statistics.median(runs[k]) for k in ("fast", "naive", "chained"))
    print(f"naive_median_ms: {slow:.1f}")
    print(f"naive_thumb_from_display_median_ms: {chained:.1f} (speedup {chained / fast:.2f})")
    print(f"process_image_median_ms: {fast:.1f}")
    print(f"speedup_vs_naive: {slow / fast:.2f}")


if __name__ == "__main__":
    main()
