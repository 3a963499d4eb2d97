"""The pure picture rules: what an upload may be, and the widths it is stored in."""

from __future__ import annotations

import pytest

from harzquiz.rules.pictures import (
    FILE_NAME,
    MAX_BYTES,
    PictureProblem,
    extension_of,
    image_problem,
    text_problem,
    upload_problem,
    variant_widths,
)


@pytest.mark.parametrize(
    ("filename", "size", "problem"),
    [
        ("foto.jpg", 1000, None),
        ("FOTO.JPEG", 1000, None),
        ("bild.webp", 1000, None),
        ("bild.png", MAX_BYTES, None),
        ("bild.png", MAX_BYTES + 1, PictureProblem.TOO_LARGE),
        ("bild.gif", 1000, PictureProblem.WRONG_EXTENSION),
        ("bild.svg", 1000, PictureProblem.WRONG_EXTENSION),
        ("bild", 1000, PictureProblem.WRONG_EXTENSION),
        ("bild.png.exe", 1000, PictureProblem.WRONG_EXTENSION),
        ("", 1000, PictureProblem.MISSING),
        ("bild.png", 0, PictureProblem.MISSING),
    ],
)
def test_upload_problem(filename, size, problem):
    assert upload_problem(filename, size) is problem


@pytest.mark.parametrize(
    ("filename", "fmt", "width", "height", "problem"),
    [
        ("a.jpg", "JPEG", 4000, 3000, None),
        ("a.jpeg", "JPEG", 8000, 5000, None),  # exactly 40 megapixels
        ("a.jpg", "JPEG", 8000, 5001, PictureProblem.TOO_MANY_PIXELS),
        ("a.png", "PNG", 100_000, 100_000, PictureProblem.TOO_MANY_PIXELS),
        ("a.jpg", "PNG", 10, 10, PictureProblem.EXTENSION_MISMATCH),
        ("a.webp", "WEBP", 10, 10, None),
        ("a.png", "GIF", 10, 10, PictureProblem.WRONG_FORMAT),
        ("a.png", None, 10, 10, PictureProblem.WRONG_FORMAT),
    ],
)
def test_image_problem(filename, fmt, width, height, problem):
    assert image_problem(filename, fmt, width, height) is problem


def test_alt_text_then_credit_are_required():
    assert text_problem("  ", "Foto: X") is PictureProblem.NO_ALT
    assert text_problem("Ein Haus", "") is PictureProblem.NO_CREDIT
    assert text_problem("Ein Haus", "Foto: X") is None


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (100, (100,)),
        (320, (320,)),
        (500, (320, 500)),
        (1200, (320, 640, 960, 1200)),
        (1600, (320, 640, 960, 1280, 1600)),
        (6000, (320, 640, 960, 1280, 1600)),
    ],
)
def test_widths_never_enlarge(width, widths):
    assert variant_widths(width) == widths


def test_extension_of_ignores_folders():
    assert extension_of("C:\\Bilder\\Foto.JPG") == ".jpg"
    assert extension_of("a/b.c/bild") == ""


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("AbCdEfGhIjKlMnOpQrStUv-320.jpg", True),
        ("AbCdEfGhIjKlMnOpQrStUv-1600.png", True),
        ("AbCdEfGhIjKlMnOpQrStUv-320.gif", False),
        ("../etc/passwd-320.jpg", False),
        ("kurz-320.jpg", False),
    ],
)
def test_file_names(name, ok):
    assert bool(FILE_NAME.fullmatch(name)) is ok
