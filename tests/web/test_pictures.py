"""Pictures ("Bilderrätsel", issue 15 item 6): uploads in the desk, checked with Pillow;
refusals one by one, each with its message and nothing stored; stored files carry no EXIF;
a picture riddle works for readers on the site, in an embed and in the archive; neither
file names nor URLs give anything away."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Riddle
from tests.clients import Reader
from tests.database import base_config
from tests.factories import NOW, make_article, make_partner, make_riddle
from tests.helpers import log_in_as, text_of
from tests.quiz_factories import make_quiz
from tests.quiz_helpers import QuizReader

SOLUTION = "Kugelgrill"
ALT = "Ein runder Gegenstand auf drei Beinen im Garten"
CREDIT = "Foto: Anna Beispiel"


@pytest.fixture
def uploads(tmp_path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def app_config(uploads):
    return {**base_config(), "PICTURE_UPLOAD_DIR": str(uploads)}


def jpeg_with_location(size=(1200, 800)) -> bytes:
    """A photo with EXIF: camera, orientation and a GPS position (the Brocken)."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera-Hersteller"
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 48.0, 0.0), 3: "E", 4: (10.0, 37.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size=(500, 300), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


class Desk:
    """An editor on the picture page of a riddle (or an article, or a quiz)."""

    def __init__(self, client, riddle, kind: str = "raetsel", log_in: bool = True):
        self.client = client
        self.path = f"/redaktion/{kind}/{riddle.id}/bilder"
        if log_in:
            log_in_as(client, "editor")

    def token(self) -> str:
        body = text_of(self.client.get(self.path))
        return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)

    def upload(self, data: bytes, filename: str, target="raetsel", alt=ALT, credit=CREDIT):
        fields = {
            "csrf_token": self.token(),
            "ziel": target,
            f"{target}-picture": FileStorage(io.BytesIO(data), filename),
            f"{target}-alt": alt,
            f"{target}-credit": credit,
        }
        # Encoded here so the (spooled, for large bodies) stream is closed afterwards.
        stream, length, boundary = stream_encode_multipart(fields)
        try:
            return self.client.post(
                self.path,
                input_stream=stream,
                content_length=length,
                content_type=f"multipart/form-data; boundary={boundary}",
            )
        finally:
            stream.close()


@pytest.fixture
def riddle(app):
    return make_riddle()


@pytest.fixture
def desk(client, riddle):
    return Desk(client, riddle)


def stored(uploads: Path) -> list[Path]:
    return sorted(uploads.glob("*")) if uploads.exists() else []


def picture_of(riddle_id: int):
    db.session.rollback()
    return db.session.get(Riddle, riddle_id).picture


# --- refusals, one by one ----------------------------------------------------------------


REFUSALS = {
    "not an image": (b"Das ist kein Bild, nur Text.\n" * 10, "raetsel.jpg", "kein lesbares Bild"),
    "wrong extension": (png_bytes(), "raetsel.gif", "Nur Bilder im Format JPEG, PNG oder WebP"),
    "extension does not fit the format": (png_bytes(), "raetsel.jpg", "Dateiendung passt nicht"),
    "a GIF named .png": (
        (lambda out: (Image.new("P", (10, 10)).save(out, "GIF"), out.getvalue())[1])(io.BytesIO()),
        "raetsel.png",
        "Nur Bilder im Format JPEG, PNG oder WebP.",
    ),
    # 10,000 × 5,000 pixels in a few kilobytes: refused from its header, never decoded.
    "decompression bomb": (png_bytes((10_000, 5_000), mode="1"), "bombe.png", "zu viele Pixel"),
    "oversized file": (b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024), "gross.jpg", "zu groß"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_each_refused_upload_says_why_and_stores_nothing(app, desk, riddle, uploads, case):
    data, filename, message = REFUSALS[case]
    response = desk.upload(data, filename)
    assert response.status_code == 422
    assert message in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)  # the message sits beside its field
    assert stored(uploads) == []
    assert picture_of(riddle.id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize(
    ("alt", "credit", "message"),
    [("", CREDIT, "Alternativtext"), (ALT, " ", "Bildnachweis an")],
    ids=["no alt text", "no credit"],
)
def test_alt_text_and_credit_are_required(app, desk, riddle, uploads, alt, credit, message):
    response = desk.upload(jpeg_with_location(), "foto.jpg", alt=alt, credit=credit)
    assert response.status_code == 422
    assert message in text_of(response)
    assert stored(uploads) == []
    assert picture_of(riddle.id) is None


def test_a_body_beyond_the_upload_limit_is_refused_before_reading(app, desk, uploads):
    response = desk.upload(b"\0" * (11 * 1024 * 1024), "riesig.jpg")
    assert response.status_code == 413
    assert stored(uploads) == []


def test_readers_cannot_upload(app, riddle, uploads):
    client = app.test_client()
    reader = Reader(client)
    reader.open("/")
    response = reader.post(f"/redaktion/raetsel/{riddle.id}/bilder", {"ziel": "raetsel"})
    assert response.status_code in (302, 303)  # a guest is sent to log in
    assert stored(uploads) == []


# --- what is stored ------------------------------------------------------------------------


def test_a_stored_picture_is_re_encoded_in_every_width_without_exif(app, desk, riddle, uploads):
    response = desk.upload(jpeg_with_location(), f"{SOLUTION}-Garten.JPG")
    assert response.status_code == 303
    picture = picture_of(riddle.id)
    assert picture["widths"] == [320, 640, 960, 1200]  # never enlarged
    assert (picture["alt"], picture["credit"]) == (ALT, CREDIT)
    files = stored(uploads)
    assert [f.name for f in files] == sorted(f"{picture['key']}-{w}.jpg" for w in picture["widths"])
    for file in files:
        data = file.read_bytes()
        assert b"Exif" not in data
        assert b"Kamera-Hersteller" not in data
        with Image.open(file) as image:
            assert image.format == "JPEG"
            assert dict(image.getexif()) == {}
            assert "exif" not in image.info
            assert image.width in picture["widths"]
    # Nothing of the solution or of the upload's name in the key or a file name.
    assert SOLUTION.lower() not in " ".join(f.name.lower() for f in files)
    assert "garten" not in " ".join(f.name.lower() for f in files)
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "picture"


def test_transparency_stays_png(app, desk, riddle, uploads):
    assert desk.upload(png_bytes(), "umriss.png").status_code == 303
    assert {f.suffix for f in stored(uploads)} == {".png"}
    assert picture_of(riddle.id)["widths"] == [320, 500]


def test_replacing_and_removing_delete_the_old_files(app, desk, riddle, uploads):
    desk.upload(jpeg_with_location(), "eins.jpg")
    first = picture_of(riddle.id)["key"]
    desk.upload(png_bytes(), "zwei.png")
    second = picture_of(riddle.id)["key"]
    assert first != second
    assert all(f.name.startswith(second) for f in stored(uploads))
    response = desk.client.post(
        f"{desk.path}/entfernen", data={"csrf_token": desk.token(), "ziel": "raetsel"}
    )
    assert response.status_code == 303
    assert picture_of(riddle.id) is None
    assert stored(uploads) == []


# --- readers -------------------------------------------------------------------------------


def image_urls(body: str) -> list[str]:
    return re.findall(r'(/bilder/[^" ,]+)', body)


def test_a_picture_riddle_is_solved_as_a_reader(app, desk, riddle):
    desk.upload(jpeg_with_location(), f"{SOLUTION}.jpg")
    reader = Reader(app.test_client())
    page = text_of(reader.open(f"/raetsel/{riddle.slug}"))
    assert f'alt="{ALT}"' in page
    assert CREDIT in page
    assert 'srcset="' in page and "320w" in page and "1200w" in page
    urls = image_urls(page)
    assert urls and all(SOLUTION.lower() not in url.lower() for url in urls)
    served = reader.client.get(urls[0])
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in served.headers
    solved = reader.guess(riddle.slug, SOLUTION)
    assert "Richtig!" in text_of(solved)


def test_the_picture_shows_in_an_embed_and_in_the_archive(app, desk, riddle):
    desk.upload(jpeg_with_location(), "foto.jpg")
    partner = make_partner()
    embedded = text_of(app.test_client().get(f"/embed/{partner.embed_key}/raetsel/{riddle.slug}"))
    assert f'alt="{ALT}"' in embedded
    assert image_urls(embedded)
    closed = db.session.get(Riddle, riddle.id)
    closed.closes_at = NOW - timedelta(hours=1)
    db.session.commit()
    archive = text_of(app.test_client().get("/archiv"))
    assert f'alt="{ALT}"' in archive
    assert CREDIT in archive


def test_a_hint_picture_stays_hidden_until_the_hint_is_unlocked(app, desk, riddle):
    response = desk.upload(png_bytes(), "tipp.png", target="tipp-1", alt="Ein Deckel von oben")
    assert response.status_code == 303
    reader = Reader(app.test_client())
    before = text_of(reader.open(f"/raetsel/{riddle.slug}"))
    assert "Ein Deckel von oben" not in before
    assert image_urls(before) == []
    unlocked = reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True)
    assert "Ein Deckel von oben" in text_of(unlocked)
    assert image_urls(text_of(unlocked))


@pytest.mark.parametrize(
    "name", ["AAAAAAAAAAAAAAAAAAAAAA-320.jpg", "..%2Fconfig.py", "x.jpg", "kugelgrill-320.jpg"]
)
def test_unknown_or_malformed_picture_names_are_404(app, name):
    assert app.test_client().get(f"/bilder/{name}").status_code == 404


# --- articles and quiz questions -------------------------------------------------------------


def test_an_article_carries_a_picture(app, client, uploads):
    article = make_article(slug="mit-bild")
    desk = Desk(client, article, kind="artikel")
    page = text_of(client.get(desk.path))
    assert "Bild zum Artikel" in page
    assert desk.upload(jpeg_with_location(), "artikel.jpg", target="artikel").status_code == 303
    shown = text_of(app.test_client().get("/artikel/mit-bild"))
    assert f'alt="{ALT}"' in shown
    assert CREDIT in shown
    assert stored(uploads)


def test_a_quiz_question_carries_a_picture_for_its_readers(app, client, uploads):
    quiz = make_quiz(slug="bilder-quiz")
    desk = Desk(client, quiz, kind="quizze")
    assert "Bild zu Frage 5" in text_of(client.get(desk.path))
    response = desk.upload(png_bytes(), "frage.png", target="frage-1", alt="Ein Berg im Nebel")
    assert response.status_code == 303
    player = QuizReader(app.test_client(), quiz)
    question = text_of(player.open())
    assert 'alt="Ein Berg im Nebel"' in question
    assert image_urls(question)
    entry = db.session.scalar(sa.select(AuditEntry))
    assert entry.action == "picture"
    assert "frage-1" in entry.detail


def test_a_target_that_is_not_on_the_page_is_refused(app, desk, uploads):
    response = desk.upload(png_bytes(), "x.png", target="tipp-9")
    assert response.status_code == 400
    assert stored(uploads) == []


def test_webp_is_accepted_and_a_truncated_file_is_not(app, desk, riddle, uploads):
    out = io.BytesIO()
    Image.new("RGB", (700, 400), (10, 20, 30)).save(out, "WEBP")
    assert desk.upload(out.getvalue()[:300], "kaputt.webp").status_code == 422
    assert stored(uploads) == []
    assert desk.upload(out.getvalue(), "foto.webp").status_code == 303
    assert picture_of(riddle.id)["widths"] == [320, 640, 700]
    assert {f.suffix for f in stored(uploads)} == {".jpg"}  # re-encoded
