"""Picture uploads: check with Pillow, re-encode without metadata, store in every width,
and attach to what carries it (audited, one transaction): a riddle or one of its hints,
an article, a quiz question.

A picture is described by a small dict stored on its carrier (`Riddle.picture`,
`Hint.picture`, `Article.picture`, `QuizQuestion.picture`): its random key, stored
format, widths, size, alt text and credit. The
files are named from the key alone, so neither a file name nor a URL says anything about
the riddle (let alone its solution); the upload's own name is dropped.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from harzquiz.extensions import db
from harzquiz.models import Article, Hint, Player, Quiz, QuizQuestion, Riddle
from harzquiz.rules.pictures import (
    MAX_ALT,
    MAX_CREDIT,
    PictureProblem,
    image_problem,
    scaled_height,
    text_problem,
    upload_problem,
    variant_widths,
)
from harzquiz.services import audit
from harzquiz.services.picture_store import picture_store

JPEG_QUALITY = 85


@dataclass(frozen=True)
class Encoded:
    """A checked picture, re-encoded in every width: ext ("jpg" | "png") and width -> bytes."""

    ext: str
    width: int
    height: int
    files: dict[int, bytes]


def _decode(filename: str, data: bytes) -> Image.Image | PictureProblem:
    """Open and fully decode an upload, refusing bombs before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=None)
            problem = image_problem(filename, image.format, image.width, image.height)
            if problem:
                return problem
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return PictureProblem.TOO_MANY_PIXELS
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return PictureProblem.NOT_AN_IMAGE
    return image


def _clean(image: Image.Image) -> tuple[Image.Image, str]:
    """Turned upright by its EXIF orientation, then copied pixel by pixel into a new image:
    no EXIF (location), no ICC, no text chunks survive. Transparency keeps PNG."""
    image = ImageOps.exif_transpose(image)
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode, ext = ("RGBA", "png") if alpha else ("RGB", "jpg")
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes()), ext


def encode(filename: str, data: bytes) -> Encoded | PictureProblem:
    """Check an upload and re-encode it in every width; a problem if it is refused."""
    problem = upload_problem(filename, len(data))
    if problem:
        return problem
    decoded = _decode(filename, data)
    if isinstance(decoded, PictureProblem):
        return decoded
    image, ext = _clean(decoded)
    files = {}
    for width in variant_widths(image.width):
        size = (width, scaled_height(image.width, image.height, width))
        variant = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if ext == "jpg":
            variant.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        else:
            variant.save(out, "PNG", optimize=True)
        files[width] = out.getvalue()
    return Encoded(ext=ext, width=image.width, height=image.height, files=files)


def file_names(picture: dict) -> list[str]:
    """The stored files of a picture description."""
    return [f"{picture['key']}-{width}.{picture['ext']}" for width in picture["widths"]]


def _store(encoded: Encoded, alt: str, credit: str) -> dict:
    """Write the files under a new random key; the description to keep."""
    key = secrets.token_urlsafe(16)  # 22 characters, random: says nothing about the riddle
    store = picture_store()
    for width, data in encoded.files.items():
        store.save(f"{key}-{width}.{encoded.ext}", data)
    return {
        "key": key,
        "ext": encoded.ext,
        "widths": sorted(encoded.files),
        "width": encoded.width,
        "height": encoded.height,
        "alt": alt.strip()[:MAX_ALT],
        "credit": credit.strip()[:MAX_CREDIT],
    }


def _forget(picture: dict | None) -> None:
    """Delete a replaced or removed picture's files (after the commit that dropped it)."""
    if picture:
        store = picture_store()
        for name in file_names(picture):
            store.delete(name)


Owner = Riddle | Article | Quiz
Carrier = Riddle | Hint | Article | QuizQuestion


def carriers(owner: Owner) -> list[tuple[str, Carrier]]:
    """What on this desk page can carry a picture, by form prefix: the riddle ("raetsel")
    and its hints ("tipp-2"), the article ("artikel"), a quiz's questions ("frage-3")."""
    if isinstance(owner, Riddle):
        found: list[tuple[str, Carrier]] = [("raetsel", owner)]
        return found + [(f"tipp-{hint.position}", hint) for hint in owner.hints]
    if isinstance(owner, Article):
        return [("artikel", owner)]
    return [(f"frage-{n}", question) for n, question in enumerate(owner.questions, 1)]


def _audit(editor: Player, action: str, owner: Owner, target: str, detail: str) -> None:
    """Riddles and articles are audited as themselves; a quiz under its article."""
    if isinstance(owner, Quiz):
        audit.record(editor, action, owner.article, f"quiz „{owner.title}“, {target} {detail}")
    else:
        audit.record(editor, action, owner, f"{target} {detail}".strip())


def attach(
    owner: Owner, target: str, filename: str, data: bytes, alt: str, credit: str, editor: Player
) -> PictureProblem | None:
    """Check, store and attach a picture to one of the owner's carriers; None when it
    worked. A refused upload stores nothing (no file, no row)."""
    carrier = dict(carriers(owner)).get(target)
    if carrier is None:
        return PictureProblem.MISSING
    problem = text_problem(alt, credit) or upload_problem(filename, len(data))
    encoded = encode(filename, data) if problem is None else problem
    if isinstance(encoded, PictureProblem):
        return encoded
    old, carrier.picture = carrier.picture, _store(encoded, alt, credit)
    _audit(editor, "picture", owner, target, carrier.picture["key"])
    db.session.commit()
    _forget(old)
    return None


def detach(owner: Owner, target: str, editor: Player) -> bool:
    """Remove the picture of one of the owner's carriers; False when there was none."""
    carrier = dict(carriers(owner)).get(target)
    if carrier is None or not carrier.picture:
        return False
    old, carrier.picture = carrier.picture, None
    _audit(editor, "picture_removed", owner, target, "")
    db.session.commit()
    _forget(old)
    return True
