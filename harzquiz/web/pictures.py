"""What a template needs to show a stored picture: src, srcset, sizes, alt, credit."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from harzquiz.rules.pictures import SIZES, scaled_height


@dataclass(frozen=True)
class PictureView:
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str
    credit: str


def picture_view(picture: dict | None) -> PictureView | None:
    """The view of a picture description (Riddle.picture, Hint.picture), or None."""
    if not picture:
        return None

    def url(width: int) -> str:
        return url_for("pictures.picture", name=f"{picture['key']}-{width}.{picture['ext']}")

    widths = picture["widths"]
    largest = widths[-1]
    return PictureView(
        src=url(largest),
        srcset=", ".join(f"{url(width)} {width}w" for width in widths),
        sizes=SIZES,
        width=largest,
        height=scaled_height(picture["width"], picture["height"], largest),
        alt=picture["alt"],
        credit=picture["credit"],
    )
