"""Partners: the snippet at the public address with a copy button, the accent on links and
focus rings (readable), and a confirmation before a new key."""

from __future__ import annotations

import html

import pytest

from harzquiz.extensions import db
from harzquiz.models import Partner
from harzquiz.services.partners import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    contrast,
    link_colour,
)
from tests.clients import Reader
from tests.factories import make_partner
from tests.helpers import log_in_as, text_of


@pytest.fixture
def desk(client) -> Reader:
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open("/redaktion/partner/")
    return reader


@pytest.mark.parametrize("setting", ["PUBLIC_URL", "SITE_URL"])
def test_the_snippet_uses_the_public_address_not_the_desk_host(app, desk, setting):
    app.config[setting] = "https://quiz.example.org/"
    partner = make_partner()
    page = html.unescape(desk.client.get(f"/redaktion/partner/{partner.id}").get_data(as_text=True))
    assert f'src="https://quiz.example.org/embed/{partner.embed_key}/"' in page
    assert 'src="https://quiz.example.org/static/js/embed.js' in page
    assert "http://localhost/embed" not in page


def test_the_snippet_box_is_large_and_has_a_copy_button(app, desk):
    partner = make_partner()
    page = desk.client.get(f"/redaktion/partner/{partner.id}").get_data(as_text=True)
    assert 'rows="8"' in page and 'id="snippet"' in page
    assert 'data-copy="snippet"' in page and "Code kopieren" in page
    assert 'role="status" data-copy-status="snippet"' in page
    assert "/static/js/copy.js" in page


@pytest.mark.parametrize("accent", ["#2f6b3a", "#ff0000", "#ffd500", "#ffffff", "#000000"])
def test_links_take_the_accent_in_a_readable_shade(accent):
    light, dark = link_colour(accent, LIGHT_BACKGROUND), link_colour(accent, DARK_BACKGROUND)
    assert all(contrast(light, background) >= 4.5 for background in LIGHT_BACKGROUND)
    assert all(contrast(dark, background) >= 4.5 for background in DARK_BACKGROUND)
    if all(contrast(accent, background) >= 4.5 for background in LIGHT_BACKGROUND):
        assert light == accent  # a readable accent is used as it is


def test_the_theme_colours_links_and_focus_rings(app, client):
    partner = make_partner(accent="#cc0000")
    css = client.get(f"/embed/{partner.embed_key}/theme.css").get_data(as_text=True)
    red = link_colour("#cc0000", LIGHT_BACKGROUND)
    assert red.startswith("#") and red != "#1f5f3a"
    assert f"--link: {red}; --focus: {red};" in css
    assert f"--link: {link_colour('#cc0000', DARK_BACKGROUND)}" in css


def test_a_new_key_asks_first(app, desk):
    partner = make_partner(embed_key="alter-schluessel")
    page = desk.client.get(f"/redaktion/partner/{partner.id}/schluessel")
    assert page.status_code == 200
    assert "hört sofort auf zu funktionieren" in text_of(page)
    db.session.rollback()
    assert db.session.get(Partner, partner.id).embed_key == "alter-schluessel"
    assert desk.post(f"/redaktion/partner/{partner.id}/schluessel").status_code == 303
    db.session.rollback()
    assert db.session.get(Partner, partner.id).embed_key != "alter-schluessel"
