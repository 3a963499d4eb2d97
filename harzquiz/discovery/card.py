"""The link-preview picture (OpenGraph / Twitter card): 1200×630 PNG in the site's look.

It shows the site name, a label ("Rätsel der Woche", "Quiz") and a title: text readers can
already see on the page, never an answer. The fonts (DejaVu, with every German letter) ship
in harzquiz/data/fonts, so no system fonts are needed."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = "#f6f3ee"  # site.css --bg
GREEN = "#1f5f3a"  # site.css --green
INK = "#1e1e1c"  # site.css --ink
MUTED = "#55514b"  # site.css --muted
TITLE_SIZES = (84, 72, 60, 50)  # the largest that fits in MAX_TITLE_LINES
MAX_TITLE_LINES = 3
FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"


@cache
def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def render_card(site_name: str, label: str, title: str) -> bytes:
    """The preview picture as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=GREEN)  # the header's green top border
    draw.text((MARGIN, 70), site_name, fill=GREEN, font=_font(56))
    draw.text((MARGIN, 170), label.upper(), fill=MUTED, font=_font(32, bold=False))
    font, lines = _fit(draw, title)
    y = 240
    for line in lines:
        draw.text((MARGIN, y), line, fill=INK, font=font)
        y += int(font.size * 1.2)
    draw.rectangle((MARGIN, HEIGHT - 70, MARGIN + 160, HEIGHT - 62), fill=GREEN)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fit(draw: ImageDraw.ImageDraw, title: str):
    """The largest font whose word-wrapped title fits; the last size cuts with an ellipsis."""
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(draw, title, font)
        if len(lines) <= MAX_TITLE_LINES:
            return font, lines
    lines = lines[:MAX_TITLE_LINES]
    lines[-1] = lines[-1].rstrip(" .,") + "…"
    return font, lines


def _wrap(draw: ImageDraw.ImageDraw, text: str, font) -> list[str]:
    """Greedy word wrap to the card's text width."""
    width = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
