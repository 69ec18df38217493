"""The drawing kit of the demo's photos: canvas size, palettes and a few shapes."""

from __future__ import annotations

import random

from PIL import ImageDraw, ImageFont

Colour = tuple[int, int, int]

W, H = 1200, 900
SKIN = [(255, 224, 196), (241, 194, 150), (198, 134, 88), (141, 85, 54), (92, 58, 40)]
HAIR = [(40, 30, 20), (90, 60, 30), (20, 20, 20), (150, 110, 60)]


def gradient(d: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: Colour, bottom: Colour):
    x0, y0, x1, y1 = box
    span = max(1, y1 - y0 - 1)
    for y in range(y0, y1):
        t = (y - y0) / span
        d.line(
            (x0, y, x1, y),
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def shade(colour: Colour, factor: float) -> Colour:
    r, g, b = (max(0, min(255, round(c * factor))) for c in colour)
    return r, g, b


def sign(
    d: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    text: str,
    fill: Colour,
    ink: Colour = (255, 255, 255),
) -> None:
    d.rounded_rectangle(box, radius=14, fill=fill, outline=shade(fill, 0.6), width=4)
    x0, y0, x1, y1 = box
    font = ImageFont.load_default(size=int((y1 - y0) * 0.62))
    d.text(((x0 + x1) / 2, (y0 + y1) / 2), text, fill=ink, font=font, anchor="mm")


def person(
    d: ImageDraw.ImageDraw, x: int, floor: int, rng: random.Random, shirt: Colour, hat: bool = False
) -> None:
    """A simple standing figure, no face: just a shape."""
    d.rounded_rectangle((x - 20, floor - 150, x + 20, floor), radius=10, fill=(60, 60, 80))
    d.rounded_rectangle((x - 45, floor - 320, x + 45, floor - 140), radius=28, fill=shirt)
    d.ellipse((x - 34, floor - 400, x + 34, floor - 332), fill=rng.choice(SKIN))
    if hat:
        d.rounded_rectangle(
            (x - 32, floor - 440, x + 32, floor - 392), radius=18, fill=(250, 250, 250)
        )
        d.rectangle((x - 36, floor - 400, x + 36, floor - 388), fill=(235, 235, 235))
    else:
        d.chord((x - 36, floor - 404, x + 36, floor - 350), 180, 360, fill=rng.choice(HAIR))
