"""Pictures ("Bilderrätsel"): what an upload may be, and the sizes a picture is stored in.

Pure: the numbers and names only. Decoding and re-encoding (Pillow) is in
`harzquiz/services/pictures.py`, the files behind `harzquiz/services/picture_store.py`.
"""

from __future__ import annotations

import re
from enum import StrEnum

MAX_BYTES = 10 * 1024 * 1024  # an upload's size, before decoding
MAX_PIXELS = 40_000_000  # width × height; larger is refused before decoding (no bombs)
# The file name's extension and the format its content must have (Pillow's names).
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# Stored widths (px) for srcset; a picture is never enlarged.
WIDTHS = (320, 640, 960, 1280, 1600)
# How wide a picture is shown: the column on wide screens, the screen on phones.
SIZES = "(min-width: 50rem) 44rem, 100vw"
MAX_ALT = 300
MAX_CREDIT = 200
# A stored file's name: a random key (never the upload's name, never the solution), the
# width and the stored format's extension.
KEY_PATTERN = r"[A-Za-z0-9_-]{16,32}"
FILE_NAME = re.compile(rf"(?P<key>{KEY_PATTERN})-(?P<width>[0-9]{{2,4}})\.(?P<ext>jpg|png)")


class PictureProblem(StrEnum):
    """Why an upload is refused (each has its own message in the desk)."""

    MISSING = "missing"
    TOO_LARGE = "too_large"
    WRONG_EXTENSION = "wrong_extension"
    NOT_AN_IMAGE = "not_an_image"
    WRONG_FORMAT = "wrong_format"  # an image, but not JPEG, PNG or WebP
    EXTENSION_MISMATCH = "extension_mismatch"  # e.g. a PNG named .jpg
    TOO_MANY_PIXELS = "too_many_pixels"  # a decompression bomb or simply too big
    NO_ALT = "no_alt"
    NO_CREDIT = "no_credit"


def extension_of(filename: str) -> str:
    """The lower-case extension of an upload's name ("" without one)."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_problem(filename: str, size: int) -> PictureProblem | None:
    """What can be said before decoding: an empty upload, its size, its extension."""
    if not filename or size == 0:
        return PictureProblem.MISSING
    if size > MAX_BYTES:
        return PictureProblem.TOO_LARGE
    if extension_of(filename) not in EXTENSIONS:
        return PictureProblem.WRONG_EXTENSION
    return None


def image_problem(
    filename: str, image_format: str | None, width: int, height: int
) -> PictureProblem | None:
    """What the image's header says: its real format, and its pixel count."""
    if image_format not in EXTENSIONS.values():
        return PictureProblem.WRONG_FORMAT
    if EXTENSIONS[extension_of(filename)] != image_format:
        return PictureProblem.EXTENSION_MISMATCH
    if width * height > MAX_PIXELS:
        return PictureProblem.TOO_MANY_PIXELS
    return None


def text_problem(alt: str, credit: str) -> PictureProblem | None:
    """Alt text and a credit line are required."""
    if not alt.strip():
        return PictureProblem.NO_ALT
    if not credit.strip():
        return PictureProblem.NO_CREDIT
    return None


def variant_widths(width: int) -> tuple[int, ...]:
    """The widths to store for a picture `width` px wide: every standard width below it,
    and the picture itself (capped at the largest): never enlarged."""
    largest = min(width, WIDTHS[-1])
    return tuple(w for w in WIDTHS if w < largest) + (largest,)


def scaled_height(width: int, height: int, to_width: int) -> int:
    """The height at `to_width`, keeping the aspect ratio (at least 1 px)."""
    return max(1, round(height * to_width / width))
