"""Compressed responses (web.compression): pages and partials on the fly when the browser
asks and they are large enough, static files from precompressed variants, and the cache
headers of fingerprinted and other static URLs."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import Response, make_response
from itsdangerous import timed
from werkzeug.test import Client

from harzquiz import create_app
from harzquiz.extensions import db
from harzquiz.web.compression import FingerprintedStatic, precompress
from harzquiz.web.static_files import content_hash
from tests.database import base_config
from tests.factories import make_riddle
from tests.helpers import HTMX

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
TOKEN = re.compile(r'(name="csrf_token" value="|name="csrf-token" content="|"X-CSRFToken": ")[^"]+')
HTMX_SCRIPT = "/static/vendor/htmx-2.0.11.min.js"


def without_tokens(html: str) -> str:
    """The page with every CSRF token blanked (each request signs its own)."""
    return TOKEN.sub(r"\1", html)


def decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return DECODE[encoding](body) if encoding else body


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}


@pytest.fixture
def riddle(app):
    return make_riddle(slug="kugel")


# --- pages and partials --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_page_is_compressed_when_asked_and_decodes_to_the_same_html(client, riddle, encoding):
    plain = client.get("/raetsel/kugel")
    packed = client.get("/raetsel/kugel", headers={"Accept-Encoding": encoding})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert "accept-encoding" in vary(plain) and "accept-encoding" in vary(packed)
    assert without_tokens(decoded(packed).decode()) == without_tokens(plain.get_data(True))
    assert "Kugel" in decoded(packed).decode() or riddle.title in decoded(packed).decode()


def test_brotli_is_preferred_when_the_browser_takes_both(client, riddle):
    response = client.get("/raetsel/kugel", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.headers["Content-Encoding"] == "br"
    refused = client.get("/raetsel/kugel", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["Content-Encoding"] == "gzip"
    identity = client.get("/raetsel/kugel", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in identity.headers


def test_an_htmx_partial_is_compressed_and_keeps_its_headers(client, riddle):
    plain = client.get("/rangliste", headers=HTMX)
    packed = client.get("/rangliste", headers={**HTMX, "Accept-Encoding": "br"})
    assert "<html" not in plain.get_data(True)  # a partial
    assert len(plain.get_data()) >= client.application.config["COMPRESS_MIN_SIZE"]
    assert packed.headers["Content-Encoding"] == "br"
    assert {"hx-request", "accept-encoding"} <= vary(packed)
    assert packed.headers["Cache-Control"] == plain.headers["Cache-Control"]
    assert packed.headers["Content-Security-Policy"] == plain.headers["Content-Security-Policy"]
    assert decoded(packed) == plain.get_data()


def test_the_shared_page_cache_serves_compressed_and_plain_readers_alike(app, riddle):
    """The cache keeps the uncompressed page; each reader gets it as they asked."""
    first, second, third = (app.test_client() for _ in range(3))
    stored = first.get("/raetsel/kugel", headers={"Accept-Encoding": "br"})  # fills the cache
    plain = second.get("/raetsel/kugel")
    packed = third.get("/raetsel/kugel", headers={"Accept-Encoding": "gzip"})
    assert stored.headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    html = without_tokens(plain.get_data(True))
    assert without_tokens(decoded(stored).decode()) == html
    assert without_tokens(decoded(packed).decode()) == html
    # each reader's own token went into their copy
    tokens = {TOKEN.search(decoded(r).decode()).group(0) for r in (stored, plain, packed)}
    assert len(tokens) == 3


def test_small_responses_stay_uncompressed(app, client):
    threshold = app.config["COMPRESS_MIN_SIZE"]
    app.add_url_rule("/klein/<int:size>", "small", lambda size: "<p>" + "x" * (size - 7) + "</p>")
    below = client.get(f"/klein/{threshold - 1}", headers={**HTMX, "Accept-Encoding": "br"})
    at = client.get(f"/klein/{threshold}", headers={**HTMX, "Accept-Encoding": "br"})
    assert len(below.get_data()) == threshold - 1
    assert "Content-Encoding" not in below.headers
    assert at.headers["Content-Encoding"] == "br"
    health = client.get("/healthz", headers={"Accept-Encoding": "br"})  # a real small one
    assert len(health.get_data()) < threshold
    assert "Content-Encoding" not in health.headers


def test_a_head_request_gets_the_headers_of_the_compressed_get(client, riddle):
    get = client.get("/raetsel/kugel", headers={"Accept-Encoding": "br"})
    head = client.head("/raetsel/kugel", headers={"Accept-Encoding": "br"})
    assert head.status_code == 200
    assert head.headers["Content-Encoding"] == "br"
    assert head.get_data() == b""
    # the same page, each with its own token: the compressed lengths differ by a few bytes
    assert abs(int(head.headers["Content-Length"]) - len(get.get_data())) < 40


def test_a_streamed_response_goes_out_as_it_is(app, client):
    chunks = ["<p>" + "Harz " * 200 + "</p>"] * 5

    def streamed():
        return Response(iter(chunks), mimetype="text/html")

    app.add_url_rule("/strom", "streamed", streamed)
    response = client.get("/strom", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data(True) == "".join(chunks)


def test_an_etag_names_the_encoding(app, client):
    """No view sets one today; if one does, the compressed body is another representation
    with a tag of its own (conditional requests are not evaluated by the compressor:
    COMPRESS_EVALUATE_CONDITIONAL_REQUEST, docs/performance.md#compression)."""

    def tagged():
        response = make_response("<p>" + "Brocken " * 200 + "</p>")
        response.set_etag("brocken-1")
        return response

    app.add_url_rule("/mit-etag", "tagged", tagged)
    packed = client.get("/mit-etag", headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert packed.headers["ETag"] == '"brocken-1:br"'
    plain = client.get("/mit-etag", headers={"If-None-Match": '"brocken-1:br"'})
    assert plain.status_code == 200
    assert plain.headers["ETag"] == '"brocken-1"'


def test_the_csrf_token_in_a_page_is_signed_anew_every_second(client, riddle, monkeypatch):
    """What the BREACH decision rests on (docs/performance.md#compression): the part of the
    token that stays the same for a session is useless without the server's signature, and
    the signature covers a timestamp, so it changes every second."""
    now = [1_800_000_000]
    monkeypatch.setattr(timed.TimestampSigner, "get_timestamp", lambda self: now[0])
    first = TOKEN.search(client.get("/raetsel/kugel").get_data(True)).group(0)
    again = TOKEN.search(client.get("/raetsel/kugel").get_data(True)).group(0)
    now[0] += 1
    later = TOKEN.search(client.get("/raetsel/kugel").get_data(True)).group(0)
    payload, stamp, signature = first.split('"')[-1].split(".")
    assert again == first  # within one second, the same token
    later_payload, later_stamp, later_signature = later.split('"')[-1].split(".")
    assert later_payload == payload  # the session's raw token
    assert (later_stamp, later_signature) != (stamp, signature)


# --- static files --------------------------------------------------------------------------


def static_urls(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_fingerprinted_assets_come_precompressed_and_immutable(app, client, encoding):
    urls = static_urls(client)
    assert any(HTMX_SCRIPT in url for url in urls)
    static = Path(app.static_folder or "")
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == encoding, url
        assert "accept-encoding" in vary(response), url
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}, (url, directives)
        assert int(response.headers["Content-Length"]) == len(response.get_data())
        original = (static / url.split("?")[0].removeprefix("/static/")).read_bytes()
        assert decoded(response) == original, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def test_assets_without_the_current_fingerprint_are_revalidated(client):
    for url in (HTMX_SCRIPT, f"{HTMX_SCRIPT}?v=000000000000"):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"  # still compressed
        assert not response.cache_control.immutable, url
        assert response.cache_control.max_age == 0, url
        etag = response.headers["ETag"]
        response.close()
        again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
        assert again.status_code == 304


def test_an_asset_without_compression_asked_is_sent_as_it_is(app, client):
    url = next(url for url in static_urls(client) if "site.css" in url)
    response = client.get(url)
    assert "Content-Encoding" not in response.headers
    assert "accept-encoding" in vary(response)
    assert response.cache_control.immutable
    assert response.get_data() == (Path(app.static_folder or "") / "css/site.css").read_bytes()
    response.close()
    head = client.head(url, headers={"Accept-Encoding": "br"})
    assert head.headers["Content-Encoding"] == "br"
    assert head.get_data() == b""


# --- making the variants -------------------------------------------------------------------


def serve(static: Path, folder: Path) -> Client:
    def fallback(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not here"]

    app = FingerprintedStatic(
        fallback,
        static=static,
        folder=folder,
        prefix="/static/",
        extra_headers=[],
        autorefresh=False,
    )
    return Client(app)


def test_variants_are_made_once_and_never_outlive_an_edit(tmp_path):
    static, folder = tmp_path / "static", tmp_path / "compressed"
    (static / "css").mkdir(parents=True)
    sheet = static / "css" / "a.css"
    sheet.write_text("body { color: black; }\n" * 100)
    (static / "logo.png").write_bytes(b"\x89PNG" + bytes(2000))  # images are not tried
    (static / "tiny.js").write_text("x")  # too small to gain: a marker, no variant
    assert precompress(static, folder) == 2
    first = content_hash(sheet.read_bytes())
    assert sorted(p.name for p in (folder / "css").iterdir()) == [
        f"a.css.{first}.br",
        f"a.css.{first}.gz",
    ]
    assert not list(folder.glob("logo.png*"))
    assert [p.name for p in folder.glob("tiny.js*")] == [f"tiny.js.{content_hash(b'x')}.none"]
    assert precompress(static, folder) == 0  # nothing missing: nothing made

    sheet.write_text("body { color: red; }\n" * 100)  # edited after the variants were made
    client = serve(static, folder)
    response = client.get("/static/css/a.css", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in response.headers  # the old variant is not served
    assert response.get_data() == sheet.read_bytes()
    response.close()

    assert precompress(static, folder) == 2  # the next start makes them for the new content
    second = content_hash(sheet.read_bytes())
    assert sorted(p.name for p in (folder / "css").iterdir()) == [
        f"a.css.{second}.br",
        f"a.css.{second}.gz",
    ]
    response = serve(static, folder).get(
        f"/static/css/a.css?v={second}", headers={"Accept-Encoding": "br"}
    )
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.get_data()) == sheet.read_bytes()
    assert "immutable" in response.headers["Cache-Control"]
    response.close()
    assert serve(static, folder).get("/static/nope.css").status_code == 404  # to the app


def test_the_app_makes_missing_variants_when_it_starts(tmp_path):
    """So a fresh machine needs no manual step (`harzquiz-setup` creates the app too)."""
    folder = tmp_path / "fresh"
    app = create_app({**base_config(), "STATIC_COMPRESSED_DIR": str(folder)})
    assert list(folder.glob("vendor/htmx-2.0.11.min.js.*.br"))
    assert list(folder.glob("css/site.css.*.gz"))
    response = app.test_client().get(HTMX_SCRIPT, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    response.close()
    with app.app_context():
        db.engine.dispose()
