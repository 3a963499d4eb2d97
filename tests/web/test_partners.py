"""Partner management: editors only, exact origins, keys, the snippet, the analytics."""

from __future__ import annotations

import re

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Partner
from harzquiz.services.embed_stats import record
from harzquiz.services.partners import ink_on, normalise_origin
from tests.clients import Reader
from tests.factories import NOW, make_partner
from tests.helpers import csp_directives, log_in_as, text_of
from tests.quiz_factories import make_quiz

FORM = {"name": "Goslarsche", "enabled": "y", "accent": "#aa3300"}


def partners() -> list[Partner]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Partner)))


def test_only_editors_manage_partners(app, client):
    partner = make_partner()
    for path in (
        "/redaktion/partner/",
        "/redaktion/partner/neu",
        f"/redaktion/partner/{partner.id}",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    reader_client = app.test_client()
    log_in_as(reader_client, "reader")
    assert reader_client.get("/redaktion/partner/").status_code == 403
    reader = Reader(reader_client)
    reader.open("/")
    old_key = partner.embed_key
    assert reader.post(f"/redaktion/partner/{partner.id}/schluessel").status_code == 403
    assert partners()[0].embed_key == old_key


def test_an_editor_creates_a_partner_with_exact_origins(client):
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open("/redaktion/partner/neu")
    origins = "https://www.goslarsche.de/\nHTTP://Localhost:8080\nhttps://www.goslarsche.de"
    response = reader.post("/redaktion/partner/neu", {**FORM, "origins": origins})
    assert response.status_code == 303
    (partner,) = partners()
    assert partner.origins == ["https://www.goslarsche.de", "http://localhost:8080"]
    assert len(partner.embed_key) == 32 and partner.enabled
    page = text_of(client.get(response.headers["Location"]))
    assert csp_directives(client.get(response.headers["Location"]))["frame-ancestors"] == ["'none'"]
    snippet = f"http://localhost/embed/{partner.embed_key}/"
    assert f"src=&#34;{snippet}&#34;" in page or f"src=&quot;{snippet}&quot;" in page
    assert "loading=&#34;lazy&#34;" in page or "loading=&quot;lazy&quot;" in page
    assert "/static/js/embed.js" in page


def test_bad_partner_input_is_refused_and_nothing_is_stored(client):
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open("/redaktion/partner/neu")
    bad = [
        {"origins": "https://a.example/pfad"},
        {"origins": "https://*.example"},
        {"origins": "ftp://a.example"},
        {"origins": "https://user@a.example"},
        {"origins": "https://a.example:99999"},
        {"accent": "red"},
        {"accent": "#12345"},
        {"name": ""},
    ]
    for change in bad:
        response = reader.post("/redaktion/partner/neu", {**FORM, **change})
        assert response.status_code == 422, change
        assert 'aria-invalid="true"' in text_of(response), change
    assert partners() == []
    make_partner(name="Doppelt")
    taken = reader.post("/redaktion/partner/neu", {**FORM, "name": "Doppelt"})
    assert taken.status_code == 422
    assert "Diesen Namen trägt schon ein anderer Partner." in text_of(taken)


def test_an_editor_edits_disables_and_rekeys_a_partner(client):
    partner = make_partner(embed_key="alter-schluessel")
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open(f"/redaktion/partner/{partner.id}")
    response = reader.post(
        f"/redaktion/partner/{partner.id}",
        {
            "name": "Umbenannt",
            "accent": "#000000",
            "dark": "y",
            "origins": "https://x.example",
        },
    )
    assert response.status_code == 303
    (saved,) = partners()
    assert (saved.name, saved.enabled, saved.scheme) == ("Umbenannt", False, "dark")
    assert client.get("/embed/alter-schluessel/").status_code == 403  # disabled
    assert reader.post(f"/redaktion/partner/{partner.id}/schluessel").status_code == 303
    (rekeyed,) = partners()
    assert rekeyed.embed_key != "alter-schluessel"
    assert client.get("/embed/alter-schluessel/").status_code == 404  # the old snippet is dead


def test_the_analytics_show_each_partner_per_day(client):
    first, second = make_partner(name="Erste"), make_partner(name="Zweite")
    record(first.id, NOW, views=3, guesses=2, solves=1)
    record(first.id, NOW, views=1, reveals=1)
    record(second.id, NOW, views=7)
    log_in_as(client, "editor")
    overview = text_of(client.get("/redaktion/partner/"))
    day = NOW.date().isoformat()
    row = overview.split(f'data-partner="{first.id}" data-day="{day}"')[1].split("</tr>")[0]
    assert [int(n) for n in re.findall(r"<td>(\d+)</td>", row)] == [4, 2, 1, 1]
    own = text_of(client.get(f"/redaktion/partner/{second.id}"))
    assert f'data-partner="{second.id}"' in own and f'data-partner="{first.id}"' not in own


def test_origins_are_normalised_or_refused():
    assert normalise_origin("HTTPS://Example.ORG/") == "https://example.org"
    assert normalise_origin("http://[::1]:8080") == "http://[::1]:8080"
    for bad in (
        "example.org",
        "https://example.org/x",
        "https://ex ample.org",
        "https://a.b?c",
        "https://a.b#x",
        "https://a.b:0",
        "https://a.b; script-src *",
        "'self'",
    ):
        assert normalise_origin(bad) is None, bad


def test_text_on_the_accent_is_black_or_white_whichever_reads_better():
    assert ink_on("#ffffff") == "#000000"
    assert ink_on("#000000") == "#ffffff"
    assert ink_on("#ffd500") == "#000000"
    assert ink_on("#2f6b3a") == "#ffffff"


def test_an_editor_picks_a_quiz_for_its_snippet(client):
    live = make_quiz(slug="harz-quiz", title="Harz-Quiz")
    make_quiz(slug="entwurf-quiz", title="Entwurf", publish_at=None, closes_at=None)
    partner = make_partner()
    log_in_as(client, "editor")
    page = text_of(client.get(f"/redaktion/partner/{partner.id}"))
    assert f'<option value="{live.slug}">' in page and "entwurf-quiz" not in page
    assert 'id="quiz-snippet"' not in page  # nothing picked yet
    picked = text_of(client.get(f"/redaktion/partner/{partner.id}?quiz={live.slug}"))
    src = f"http://localhost/embed/{partner.embed_key}/quiz/{live.slug}"
    assert f"src=&#34;{src}&#34;" in picked or f"src=&quot;{src}&quot;" in picked
    assert "Harz-Quiz" in picked and "selected>Harz-Quiz" in picked
    unknown = text_of(client.get(f"/redaktion/partner/{partner.id}?quiz=entwurf-quiz"))
    assert 'id="quiz-snippet"' not in unknown  # drafts cannot be embedded
