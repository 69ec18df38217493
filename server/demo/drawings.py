"""The demo's photos: simple drawn scenes of work places, saved as a tablet camera does.

Each scene is drawn from a seeded random generator, so the same pupil gets the same photos
every time; ``photo`` encodes one as the class tablet would (JPEG with EXIF, a camera
position, and every other photo taken with the tablet turned).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime
from io import BytesIO

from PIL import Image, ImageDraw

from server.demo.canvas import H, W, gradient, person, shade, sign


def photo(scene: str, seed: str, index: int, taken: datetime) -> bytes:
    """Photo ``index`` of ``scene`` as the tablet's camera stores it."""
    image = SCENES[scene](random.Random(f"{seed}/{scene}/{index}"), index)
    # Every other photo is taken with the tablet turned: stored sideways, with an EXIF
    # orientation that tells the pipeline to turn it upright.
    return _jpeg(image, orientation=6 if index % 2 else 1, taken=taken)


def _jpeg(image: Image.Image, orientation: int, taken: datetime) -> bytes:
    if orientation == 6:  # "turn 90° clockwise to view": the sensor saw the scene sideways
        image = image.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Rugzak demo"  # Make
    exif[0x0110] = "Klastablet"  # Model
    exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")  # DateTime
    # A camera position, as tablets write it: the upload pipeline must drop it.
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 55.0, 10.0)
    gps[3], gps[4] = "E", (4.0, 28.0, 40.0)
    out = BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _bakery(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    gradient(d, (0, 0, W, 760), (252, 240, 214), (236, 214, 176))
    d.rectangle((0, 760, W, H), fill=(150, 112, 84))
    for x in range(0, W + 80, 80):
        d.line((x, 760, x - 60, H), fill=(130, 96, 70), width=3)
    sign(d, (360, 30, 840, 120), "BAKKERIJ", (122, 72, 38))
    breads = [(196, 132, 64), (170, 105, 45), (214, 160, 90), (150, 90, 40)]
    for shelf in (290, 450):
        d.rectangle((50, shelf, 1150, shelf + 18), fill=(128, 84, 50))
        x = 70 + rng.randint(0, 30)
        while x < 1060:
            kind, colour = rng.random(), rng.choice(breads)
            edge = shade(colour, 0.68)
            if kind < 0.45:  # a round loaf with cuts
                w = rng.randint(100, 130)
                d.ellipse((x, shelf - 75, x + w, shelf + 4), fill=colour, outline=edge, width=3)
                for k in range(3):
                    cx = x + 25 + k * (w - 50) // 2
                    d.line((cx - 8, shelf - 55, cx + 8, shelf - 20), fill=edge, width=5)
            elif kind < 0.75:  # a long loaf
                w = rng.randint(170, 230)
                box = (x, shelf - 38, x + w, shelf)
                d.rounded_rectangle(box, radius=19, fill=colour, outline=edge, width=3)
                for cx in range(x + 30, x + w - 20, 40):
                    d.line((cx, shelf - 30, cx + 22, shelf - 10), fill=edge, width=4)
            else:  # buns
                w = 0
                for _ in range(3):
                    box = (x + w, shelf - 45, x + w + 60, shelf + 15)
                    d.pieslice(box, 180, 360, fill=(222, 168, 92), outline=(170, 115, 55), width=2)
                    w += 64
            x += w + rng.randint(18, 40)
    if variant % 2 == 1:  # the baker, behind the counter
        person(d, 930 + rng.randint(-40, 40), 700, rng, (250, 250, 250), hat=True)
    d.rectangle((0, 600, W, 770), fill=(112, 72, 46))
    d.rectangle((0, 592, W, 606), fill=(90, 56, 34))
    d.rectangle((60, 520, 720, 640), fill=(214, 234, 240), outline=(150, 170, 180), width=5)
    for i in range(7):
        cx = 110 + i * 88
        cake = rng.choice([(250, 200, 210), (250, 245, 235), (120, 70, 40), (240, 220, 140)])
        d.ellipse((cx - 34, 580, cx + 34, 628), fill=cake, outline=shade(cake, 0.8), width=2)
        d.ellipse((cx - 7, 574, cx + 7, 588), fill=(200, 20, 40))
    if variant % 2 == 0:  # the till
        d.rectangle((820, 480, 1000, 600), fill=(70, 70, 75))
        d.rectangle((840, 440, 980, 486), fill=(40, 40, 45))
        d.rectangle((852, 452, 968, 474), fill=(120, 200, 140))
    return im


def _workshop(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    gradient(d, (0, 0, W, 740), (214, 222, 226), (180, 190, 196))
    d.rectangle((0, 740, W, H), fill=(150, 150, 146))
    board = (206, 172, 122)
    d.rectangle((90, 70, 1110, 430), fill=board, outline=(160, 125, 80), width=6)
    for y in range(95, 420, 36):
        for x in range(115, 1100, 36):
            d.ellipse((x - 3, y - 3, x + 3, y + 3), fill=(150, 118, 76))
    wood, steel = (168, 112, 58), (120, 124, 130)
    # hammer, saw, wrench, screwdrivers
    d.rounded_rectangle((222, 150, 244, 380), radius=8, fill=wood)
    d.rounded_rectangle((180, 118, 290, 162), radius=6, fill=(80, 82, 88))
    d.polygon([(360, 160), (640, 190), (640, 232), (360, 262)], fill=(196, 200, 206), outline=steel)
    for x in range(372, 632, 16):
        y = 262 - (x - 360) * 30 / 280
        d.polygon([(x, y), (x + 8, y + 10), (x + 16, y - 2)], fill=(160, 164, 170))
    d.rounded_rectangle((300, 150, 372, 272), radius=20, fill=(190, 40, 40))
    d.ellipse((320, 186, 352, 236), fill=board)
    d.line((720, 140, 800, 390), fill=steel, width=22)
    d.ellipse((696, 110, 748, 162), fill=steel)
    d.ellipse((712, 124, 732, 146), fill=board)
    d.ellipse((776, 364, 826, 414), fill=steel)
    for i, colour in enumerate([(230, 190, 30), (40, 110, 200), (200, 60, 40)]):
        x = 890 + i * 70
        d.line((x, 130, x, 290), fill=steel, width=8)
        d.rounded_rectangle((x - 16, 270, x + 16, 390), radius=12, fill=colour)
    # the workbench with planks
    d.rectangle((60, 560, 1140, 612), fill=(162, 110, 60), outline=(120, 80, 40), width=4)
    for x in (90, 1080):
        d.rectangle((x, 612, x + 36, 780), fill=(140, 94, 50))
    d.rectangle((300, 620, 700, 700), fill=(150, 100, 55), outline=(120, 80, 40), width=3)
    d.rounded_rectangle((470, 652, 530, 666), radius=6, fill=(80, 80, 80))
    for i in range(3):
        y = 540 - i * 22
        tone = rng.choice([(222, 184, 130), (206, 164, 108), (232, 198, 150)])
        x0 = 120 + rng.randint(0, 40)
        d.rectangle((x0, y, x0 + 460, y + 20), fill=tone, outline=shade(tone, 0.8), width=2)
        for gx in range(x0 + 30, x0 + 440, 70):
            d.arc((gx, y + 4, gx + 50, y + 16), 200, 340, fill=shade(tone, 0.75), width=2)
    if variant % 2 == 0:  # a drill
        green = (40, 120, 70)
        d.rounded_rectangle((760, 470, 940, 530), radius=16, fill=green)
        d.polygon([(820, 525), (870, 525), (850, 600), (800, 600)], fill=green)
        d.rectangle((800, 596, 860, 612), fill=(30, 30, 30))
        d.rectangle((940, 488, 990, 510), fill=(60, 60, 60))
        d.line((990, 499, 1050, 499), fill=steel, width=6)
    else:  # a stool in the making
        seat = [(800, 470), (1040, 470), (1010, 500), (830, 500)]
        d.polygon(seat, fill=(214, 170, 112), outline=(150, 110, 60))
        for x0, x1 in ((840, 815), (1000, 1025), (920, 920)):
            d.line((x0, 500, x1, 560), fill=(190, 140, 80), width=16)
    for _ in range(60):  # sawdust
        x, y = rng.randint(0, W), rng.randint(760, H)
        d.ellipse((x, y, x + rng.randint(4, 12), y + 4), fill=(226, 206, 160))
    return im


def _harbour(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    horizon = 500 + rng.randint(-30, 30)
    gradient(d, (0, 0, W, horizon), (110, 170, 230), (214, 232, 248))
    sun = rng.randint(120, 1080)
    d.ellipse((sun - 46, 54, sun + 46, 146), fill=(255, 228, 130))
    x = 0
    while x < W:  # the city on the far bank
        w, h = rng.randint(40, 110), rng.randint(20, 110)
        d.rectangle((x, horizon - h, x + w, horizon), fill=(150, 164, 180))
        x += w + rng.randint(0, 30)
    gradient(d, (0, horizon, W, H), (48, 98, 148), (20, 50, 92))
    for _ in range(45):
        x, y = rng.randint(-20, W), rng.randint(horizon + 10, H)
        d.arc((x, y, x + 46, y + 14), 200, 340, fill=(170, 200, 230), width=3)
    # a container ship
    ship = rng.randint(420, 520)
    deck = horizon + 60
    hull = rng.choice([(160, 36, 36), (28, 48, 96), (30, 96, 64)])
    d.polygon(
        [(ship, deck), (ship + 660, deck), (ship + 620, deck + 100), (ship + 40, deck + 100)],
        fill=hull,
    )
    d.rectangle((ship + 4, deck, ship + 656, deck + 12), fill=(235, 235, 235))
    palette = [
        (222, 112, 32),
        (32, 92, 172),
        (42, 142, 82),
        (192, 42, 42),
        (132, 132, 138),
        (232, 192, 42),
    ]
    for column in range(8):
        for row in range(rng.randint(1, 4)):
            x0, y1 = ship + 24 + column * 66, deck - row * 36
            colour = rng.choice(palette)
            d.rectangle((x0, y1 - 34, x0 + 62, y1), fill=colour, outline=(40, 40, 40), width=2)
            for rib in range(x0 + 10, x0 + 58, 10):
                d.line((rib, y1 - 30, rib, y1 - 4), fill=shade(colour, 0.75), width=2)
    bridge = ship + 570
    d.rectangle(
        (bridge, deck - 160, bridge + 74, deck), fill=(240, 240, 240), outline=(90, 90, 90), width=2
    )
    for wy in range(deck - 148, deck - 20, 32):
        d.rectangle((bridge + 8, wy, bridge + 66, wy + 12), fill=(40, 60, 92))
    d.rectangle((bridge + 22, deck - 200, bridge + 48, deck - 160), fill=hull)
    # the quay with container cranes
    quay = 730
    d.rectangle((0, quay, 430, H), fill=(126, 126, 130))
    d.line((0, quay, 430, quay), fill=(232, 200, 40), width=8)
    for i in range(2 + variant % 2):
        cx = 40 + i * 150
        colour = (232, 122, 32) if (i + variant) % 2 == 0 else (40, 100, 182)
        top = 250 + rng.randint(-30, 20)
        for leg in (cx, cx + 90):
            d.rectangle((leg, top, leg + 14, quay), fill=colour)
        d.line((cx + 7, quay - 40, cx + 97, top + 40), fill=colour, width=6)
        d.line((cx + 97, quay - 40, cx + 7, top + 40), fill=colour, width=6)
        d.rectangle((cx - 50, top - 22, cx + 480, top), fill=colour)
        d.line((cx + 50, top - 22, cx + 50, top - 90), fill=colour, width=10)
        d.line((cx + 50, top - 90, cx + 480, top - 22), fill=colour, width=4)
        d.line((cx + 50, top - 90, cx - 50, top - 22), fill=colour, width=4)
        d.rectangle((cx + 16, top, cx + 72, top + 38), fill=(60, 60, 64))
        trolley, drop = cx + rng.randint(220, 440), rng.randint(110, 230)
        for side in (-8, 8):
            d.line((trolley + side, top, trolley + side, top + drop), fill=(40, 40, 40), width=3)
        if rng.random() < 0.6:
            box = (trolley - 34, top + drop, trolley + 34, top + drop + 32)
            d.rectangle(box, fill=rng.choice(palette), outline=(40, 40, 40), width=2)
    for _ in range(rng.randint(2, 5)):  # gulls
        x, y = rng.randint(100, 1100), rng.randint(60, horizon - 160)
        d.line([(x - 14, y - 7), (x, y), (x + 14, y - 7)], fill=(70, 70, 70), width=3)
    return im


def _bike_shop(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    gradient(d, (0, 0, W, 760), (238, 232, 220), (214, 208, 196))
    d.rectangle((0, 760, W, H), fill=(110, 110, 116))
    sign(d, (40, 30, 520, 110), "FIETSENMAKER", (30, 110, 150))
    for i in range(4):  # tyres on hooks
        x = 620 + i * 140
        d.line((x + 55, 40, x + 55, 70), fill=(80, 80, 80), width=6)
        d.ellipse((x, 60, x + 110, 250), outline=(30, 30, 30), width=16)
    board, steel = (200, 204, 208), (110, 114, 120)
    d.rectangle((40, 150, 520, 380), fill=board, outline=(150, 150, 156), width=4)
    for i in range(6):  # spanners
        x = 80 + i * 70
        d.line((x, 180, x, 280 + i * 14), fill=steel, width=12)
        d.ellipse((x - 16, 166, x + 16, 198), fill=steel)
        d.ellipse((x - 7, 175, x + 7, 189), fill=board)
    # a bike in the repair stand
    frame = rng.choice([(0, 140, 140), (200, 40, 60), (110, 60, 170), (230, 170, 20)])
    rear, front, radius = (400, 610), (800, 610), 140
    for hx, hy in (rear, front):
        d.ellipse(
            (hx - radius, hy - radius, hx + radius, hy + radius), outline=(25, 25, 25), width=16
        )
        for k in range(16):
            a = k * math.pi / 8
            spoke = (hx + (radius - 10) * math.cos(a), hy + (radius - 10) * math.sin(a))
            d.line((hx, hy, *spoke), fill=(170, 170, 176), width=2)
        d.ellipse((hx - 12, hy - 12, hx + 12, hy + 12), fill=(90, 90, 96))
    bracket, seat, head = (580, 630), (540, 420), (740, 430)
    tubes = (
        (rear, bracket),
        (rear, seat),
        (bracket, seat),
        (seat, head),
        (bracket, head),
        (head, front),
    )
    for a, b in tubes:
        d.line((*a, *b), fill=frame, width=14)
    d.ellipse((550, 600, 610, 660), outline=(60, 60, 60), width=6)
    d.line((400, 610, 580, 640), fill=(60, 60, 60), width=4)
    d.line((540, 420, 530, 380), fill=(60, 60, 60), width=10)
    d.rounded_rectangle((480, 362, 580, 384), radius=10, fill=(30, 30, 30))
    d.line((740, 430, 750, 370), fill=(60, 60, 60), width=10)
    d.line((720, 370, 800, 366), fill=(60, 60, 60), width=10)
    d.line((600, 760, 600, 500), fill=(70, 70, 76), width=18)
    d.rectangle((560, 740, 640, 770), fill=(70, 70, 76))
    d.rounded_rectangle((575, 470, 625, 520), radius=8, fill=(220, 60, 30))
    if variant % 2 == 1:  # an inner tube and tyre levers on the floor
        d.ellipse((860, 800, 1080, 880), outline=(40, 40, 40), width=10)
        for i, colour in enumerate([(30, 120, 220), (250, 200, 0)]):
            d.rounded_rectangle((900 + i * 60, 770, 920 + i * 60, 830), radius=6, fill=colour)
    else:  # a pump
        d.rectangle((960, 560, 990, 770), fill=(200, 40, 40))
        d.rectangle((930, 760, 1020, 780), fill=(60, 60, 60))
        d.line((945, 560, 1005, 560), fill=(30, 30, 30), width=10)
    return im


def _greenhouse(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    gradient(d, (0, 0, W, 560), (190, 222, 236), (232, 242, 236))
    d.rectangle((0, 560, W, H), fill=(176, 164, 140))
    glass = (236, 240, 240)
    for x in range(0, W + 1, 150):
        d.line((x, 0, x, 560), fill=glass, width=8)
        d.line((x, 150, x + 75, 40), fill=glass, width=5)
        d.line((x + 75, 40, x + 150, 150), fill=glass, width=5)
    d.line((0, 150, W, 150), fill=glass, width=6)
    pot, table = (190, 96, 56), (40, 90, 60)
    greens = [(46, 120, 50), (70, 150, 60), (30, 96, 48), (96, 168, 80)]
    flowers = [(230, 60, 110), (250, 210, 40), (200, 40, 40), (150, 80, 200), (255, 255, 255)]
    for top, x0, x1, size in ((470, 80, 1120, 48), (690, 20, 1180, 64)):
        d.rectangle((x0, top, x1, top + 20), fill=table)
        for x in (x0 + 20, x1 - 40):
            d.rectangle((x, top + 20, x + 16, top + 20 + size * 2), fill=table)
        x = x0 + 20
        while x < x1 - size:
            rim = [
                (x, top - size),
                (x + size, top - size),
                (x + size * 0.8, top),
                (x + size * 0.2, top),
            ]
            d.polygon(rim, fill=pot)
            for _ in range(3):
                r = rng.randint(size // 3, size // 2 + 6)
                cx = x + size // 2 + rng.randint(-size // 3, size // 3)
                cy = top - size - size // 3 + rng.randint(-size // 2, 0)
                d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.choice(greens))
            if rng.random() < 0.5:
                colour = rng.choice(flowers)
                for _ in range(3):
                    fx, fy = x + rng.randint(4, size - 4), top - size - rng.randint(size // 3, size)
                    d.ellipse((fx - 7, fy - 7, fx + 7, fy + 7), fill=colour)
            x += size + rng.randint(6, 16)
    can = (40, 140, 70)
    wx = 120 if variant % 2 == 0 else 980
    d.rounded_rectangle((wx, 800, wx + 90, 870), radius=10, fill=can)
    d.line((wx + 90, 830, wx + 150, 790), fill=can, width=10)
    d.arc((wx + 10, 770, wx + 80, 830), 180, 360, fill=can, width=8)
    return im


def _fire_station(rng: random.Random, variant: int) -> Image.Image:
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    gradient(d, (0, 0, W, 120), (150, 196, 236), (200, 224, 244))
    mortar = (200, 190, 180)
    d.rectangle((0, 90, W, 820), fill=(164, 76, 56))
    for row, y in enumerate(range(90, 820, 26)):
        d.line((0, y, W, y), fill=mortar, width=2)
        for x in range(40 * (row % 2), W, 80):
            d.line((x, y, x, y + 26), fill=mortar, width=2)
    sign(d, (330, 118, 870, 198), "BRANDWEER", (250, 250, 250), ink=(200, 20, 20))
    d.rectangle((120, 260, 1080, 820), fill=(56, 58, 64))
    d.rectangle((0, 820, W, H), fill=(170, 170, 170))
    red, chrome = (214, 28, 28), (200, 204, 210)
    d.rectangle((180, 520, 930, 760), fill=red)
    d.polygon([(930, 560), (1040, 580), (1070, 640), (1070, 760), (930, 760)], fill=red)
    d.polygon([(950, 580), (1030, 594), (1054, 646), (950, 646)], fill=(170, 210, 236))
    d.rectangle((180, 660, 1070, 682), fill=(250, 250, 250))
    for x in range(210, 900, 140):
        d.rectangle((x, 560, x + 110, 640), fill=shade(red, 0.85), outline=shade(red, 0.6), width=3)
        d.line((x + 40, 600, x + 70, 600), fill=(220, 220, 220), width=6)
    for y in (486, 506):  # the ladder
        d.line((200, y, 900, y), fill=chrome, width=8)
    for x in range(220, 900, 40):
        d.line((x, 486, x, 506), fill=chrome, width=6)
    d.rectangle((960, 540, 1010, 560), fill=(40, 110, 240))
    for x in (300, 480, 960):
        d.ellipse((x - 56, 704, x + 56, 816), fill=(25, 25, 25))
        d.ellipse((x - 22, 738, x + 22, 782), fill=(170, 170, 176))
    if variant % 2 == 1:
        person(d, 1125, 880, rng, (40, 40, 50))
    return im


SCENES: dict[str, Callable[[random.Random, int], Image.Image]] = {
    "bakkerij": _bakery,
    "werkplaats": _workshop,
    "haven": _harbour,
    "fietsenmaker": _bike_shop,
    "kwekerij": _greenhouse,
    "brandweer": _fire_station,
}
