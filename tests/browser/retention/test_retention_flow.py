"""Issue 16 "Done when", in Chromium: a reader registers and opts into mail (asked once,
right after registering), confirms the address through a real SMTP server, solves the
prize riddle, copies its spoiler-free share text and enters the prize draw the editor set
up on the desk; the riddle page carries OpenGraph/Twitter meta and a 1200×630 preview
image without the solution; axe finds nothing on the new pages. Without JavaScript the
share text is a readonly field and the entry is a plain form POST."""

from __future__ import annotations

import io
import re
import secrets
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.models import Player, Riddle
from harzquiz.services import prize_draw, subscriptions
from tests.browser.conftest import (
    DEMO_SLUG,
    LiveServer,
    wait_for_htmx_ready,
    wait_for_htmx_settle,
)
from tests.browser.retention.conftest import EDITOR_EMAIL
from tests.browser.test_accessibility import assert_accessible
from tests.factories import NOW, PASSWORD, make_account, make_riddle

pytestmark = pytest.mark.browser

SLUG = DEMO_SLUG
PRIZE = "Ein Kugel-Wanderführer durch den Harz"
WRONG_GUESS = "Sonnenschirm"


def spoilers(live_server: LiveServer, slug: str) -> list[str]:
    """Everything that would give the riddle away: solution, alternatives, hint texts."""
    with live_server.app.app_context():
        riddle = db.session.scalar(sa.select(Riddle).where(Riddle.slug == slug))
        assert riddle is not None
        words = [riddle.solution, *riddle.alternatives, *(hint.text for hint in riddle.hints)]
        db.session.remove()
    return words


def riddle_id(live_server: LiveServer, slug: str) -> int:
    with live_server.app.app_context():
        found = db.session.scalar(sa.select(Riddle.id).where(Riddle.slug == slug))
        db.session.remove()
    assert found is not None
    return found


def log_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/anmelden?next={next_path}")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def guess(page: Page, slug: str, text: str) -> None:
    page.locator(f"#guess-{slug}").fill(text)
    page.locator(f"#play-{slug} .guess-form button[type=submit]").click()


def test_share_opt_in_and_prize_entry_with_javascript(open_page, live_server, mailbox):
    # The editor makes the riddle of the week a prize riddle on the desk.
    desk_path = f"/redaktion/raetsel/{riddle_id(live_server, SLUG)}/preisraetsel"
    editor = open_page()
    log_in(editor, EDITOR_EMAIL, desk_path)
    wait_for_htmx_ready(editor)
    assert_accessible(editor)  # the empty form
    editor.get_by_label("Preis", exact=True).fill(PRIZE)
    editor.get_by_label("Anzahl der Gewinner").fill("2")
    editor.get_by_label("Teilnahmebedingungen (Markdown)").fill(
        "Teilnehmen kann, wer das Rätsel löst, solange es läuft. Der Rechtsweg ist ausgeschlossen."
    )
    editor.get_by_role("button", name="Speichern").click()
    expect(editor.locator(".flash--success")).to_contain_text("Preisrätsel gespeichert.")
    expect(editor.locator("main")).to_contain_text("0 Teilnahmen.")
    assert_accessible(editor)  # with the commitment and "Gewinner ziehen"

    # A new reader registers; the site asks once about mail, and they say yes.
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    nickname = f"Preisfan{secrets.token_hex(2)}"
    email = f"{nickname.lower()}@example.org"
    page.goto("/registrieren")
    page.get_by_label("Spitzname").fill(nickname)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page).to_have_url(re.compile(r"/benachrichtigungen\?next="))
    expect(page.get_by_role("heading", name="Benachrichtigungen")).to_be_visible()
    expect(page.locator("main p[role=status]")).to_contain_text("noch nicht entschieden")
    expect(page.locator("main .notice")).to_contain_text("nur an bestätigte Adressen")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, bitte per E-Mail benachrichtigen").click()
    expect(page).to_have_url(re.compile(r"/profil$"))
    expect(page.locator(".profile__notifications")).to_contain_text(
        "Neue Rätsel: Du bekommst eine Mail."
    )

    # The address is confirmed with the link that arrived at the SMTP server.
    page.goto(mailbox.last_to(email).link())
    page.get_by_role("button", name="Adresse bestätigen").click()
    expect(page.locator(".flash--success")).to_contain_text("ist bestätigt")
    expect(page.locator("main")).to_contain_text(f"{email} (bestätigt)")
    expect(page.locator(".profile__notifications")).to_contain_text(
        "Neue Rätsel: Du bekommst eine Mail."
    )
    page.goto("/benachrichtigungen")
    expect(page.locator("main p[role=status]")).to_contain_text("Zurzeit: Du bekommst eine Mail")
    expect(page.locator("main .notice")).to_have_count(0)  # confirmed: no warning any more
    assert_accessible(page)

    # The prize riddle: before the solve the box says who may enter.
    page.goto(f"/raetsel/{SLUG}")
    wait_for_htmx_ready(page)
    box = page.locator("#gewinnspiel")
    expect(box.get_by_role("heading", name=f"Preisrätsel: {PRIZE}")).to_be_visible()
    expect(box).to_contain_text("verlosen wir 2 Gewinne")
    expect(box).to_contain_text("Teilnehmen kann, wer das Rätsel gelöst hat")
    expect(box.locator(".prize__commitment")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    page.evaluate("window.__noReload = 1")  # survives htmx swaps, not a page load
    guess(page, SLUG, WRONG_GUESS)
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Tipp 1 freischalten")).click()
    expect(page.locator(f"#hint-{SLUG}-1")).to_be_visible()
    guess(page, SLUG, "Kugelgrill")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=correct]")).to_be_visible()

    # The share text arrived with the solve; the copy button puts it on the clipboard.
    share = page.locator(f"#riddle-{SLUG}-share")
    expect(share).to_have_attribute("readonly", "")
    text = share.input_value()
    assert "Rätsel Nr." in text and "„Aus einer Boje entstanden“" in text
    assert "Gelöst: 2 Versuche, 1 Tipp, 70 Punkte" in text
    assert text.rstrip().endswith(f"/raetsel/{SLUG}")
    for spoiler in [WRONG_GUESS, *spoilers(live_server, SLUG)]:
        assert spoiler.lower() not in text.lower(), f"the share text gives away {spoiler!r}"
    copy = page.get_by_role("button", name="Text kopieren")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".quiz-share__status")).to_have_text("Kopiert!")
    assert page.evaluate("() => navigator.clipboard.readText()") == text

    # The prize box beside the riddle brought its entry form along, without a reload.
    expect(box.get_by_role("button", name="Teilnehmen")).to_be_visible()
    wait_for_htmx_settle(page)
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"
    assert_accessible(page)  # after the solve: share section and prize box with its form
    box.get_by_label(re.compile(r"Ich habe die Teilnahmebedingungen gelesen")).check()
    box.get_by_role("button", name="Teilnehmen").click()
    expect(page.locator(".flash--success")).to_contain_text("Du nimmst an der Verlosung teil")
    expect(box.get_by_role("status")).to_contain_text("Du nimmst an der Verlosung teil (Nr.")
    expect(box.get_by_role("button", name="Teilnehmen")).to_have_count(0)
    wait_for_htmx_ready(page)
    assert_accessible(page)

    with live_server.app.app_context():
        account = db.session.scalar(sa.select(Player).where(Player.email == email))
        assert account is not None and account.email_confirmed_at is not None
        riddle = db.session.scalar(sa.select(Riddle).where(Riddle.slug == SLUG))
        draw = prize_draw.draw_for(riddle)  # type: ignore[arg-type]
        assert draw is not None
        entry = prize_draw.entry_of(draw, account)
        assert entry is not None and "Teilnahmebedingungen" in entry.consent_text
        token = subscriptions.unsubscribe_token(account.id)
        db.session.remove()

    editor.reload()
    expect(editor.locator("main")).to_contain_text("1 Teilnahme.")

    # The unsubscribe page from the mails: one button, and the profile says so afterwards.
    page.goto(f"/benachrichtigungen/abbestellen/{token}")
    wait_for_htmx_ready(page)
    assert_accessible(page)
    page.get_by_role("button", name="Abbestellen").click()
    expect(page.locator("main p[role=status]")).to_contain_text("Erledigt")
    assert_accessible(page)
    page.goto("/profil")
    expect(page.locator(".profile__notifications")).to_contain_text(
        "Neue Rätsel: Du bekommst keine Mail."
    )


def meta(page: Page, attribute: str, name: str) -> str:
    content = page.locator(f'meta[{attribute}="{name}"]').get_attribute("content")
    assert content, f"no {name} meta"
    return content


def test_riddle_page_meta_and_preview_image(page: Page, live_server):
    page.goto(f"/raetsel/{SLUG}")
    expect(page).to_have_title(re.compile("Aus einer Boje entstanden"))
    assert "Aus einer Boje entstanden" in meta(page, "property", "og:title")
    assert meta(page, "property", "og:description").startswith("Ursprünglich wurde es")
    assert meta(page, "name", "description") == meta(page, "property", "og:description")
    assert urlsplit(meta(page, "property", "og:url")).path == f"/raetsel/{SLUG}"
    assert (
        meta(page, "property", "og:image:width"),
        meta(page, "property", "og:image:height"),
    ) == ("1200", "630")
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "name", "twitter:title") == meta(page, "property", "og:title")
    image_url = meta(page, "property", "og:image")
    assert meta(page, "name", "twitter:image") == image_url
    path = urlsplit(image_url).path
    assert path == f"/vorschau/raetsel/{SLUG}.png"

    response = page.request.get(path)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    body = response.body()
    image = Image.open(io.BytesIO(body))
    assert image.format == "PNG" and image.size == (1200, 630)
    disposition = response.headers.get("content-disposition", "")
    for spoiler in spoilers(live_server, SLUG):
        for form in {spoiler, spoiler.lower(), spoiler.upper()}:
            assert form not in image_url and form not in disposition
            assert form.encode() not in body, f"the image's bytes hold {form!r}"
        # Nor in any text chunk (PNG metadata) or in the decoded pixels as bytes.
        assert all(spoiler.lower() not in str(value).lower() for value in image.info.values())
        assert spoiler.lower().encode() not in image.tobytes().lower()


def test_share_field_and_prize_entry_without_javascript(open_page, live_server):
    with live_server.app.app_context():
        riddle = make_riddle(slug="preis-ohne-skript", title="Preisrätsel ohne Skript")
        prize_draw.set_up(
            riddle,
            prize="Zwei Karten für die Brockenbahn",
            winner_count=1,
            entries_close_at=riddle.closes_at,
            conditions="Teilnahme ab 18 Jahren.",
            actor=None,
        )
        account = make_account(email_confirmed_at=NOW)
        email, prize_riddle_id = account.email, riddle.id
        db.session.remove()
    slug = "preis-ohne-skript"
    page = open_page(javascript=False)
    log_in(page, email, f"/raetsel/{slug}")

    page.locator(f"#guess-{slug}").fill("Kugelgrill")
    page.locator(f"#play-{slug} .guess-form button[type=submit]").click()
    # Right after the solve the feedback is the one success message (issue 16's polish).
    expect(page.locator(f"#feedback-{slug}")).to_contain_text("Richtig!")

    share = page.locator(f"#riddle-{slug}-share")
    expect(share).to_be_visible()
    expect(share).to_have_attribute("readonly", "")
    text = share.input_value()
    assert "„Preisrätsel ohne Skript“" in text and "1 Versuch, 0 Tipps, 100 Punkte" in text
    assert "kugelgrill" not in text.lower()
    expect(page.get_by_role("button", name="Text kopieren")).to_be_hidden()

    box = page.locator("#gewinnspiel")
    consent = box.get_by_label(re.compile(r"Ich habe die Teilnahmebedingungen gelesen"))
    expect(consent).to_have_attribute("required", "")  # the browser asks for the tick first
    expect(consent).not_to_be_checked()
    consent.check()
    box.get_by_role("button", name="Teilnehmen").click()
    expect(page).to_have_url(re.compile(rf"/raetsel/{slug}#gewinnspiel$"))
    expect(page.locator(".flash--success")).to_contain_text("Du nimmst an der Verlosung teil")
    expect(box.get_by_role("status")).to_contain_text("Du nimmst an der Verlosung teil (Nr.")
    with live_server.app.app_context():
        draw = prize_draw.draw_for(db.session.get(Riddle, prize_riddle_id))  # type: ignore[arg-type]
        assert draw is not None and len(draw.entries) == 1
        db.session.remove()
