"""An editor uploads a picture riddle's picture in the desk; a reader sees it and solves the
riddle, with JavaScript on and off; axe finds nothing serious on either page (it runs
with JavaScript on: axe-core is a script)."""

from __future__ import annotations

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.pictures.conftest import SLUG
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

axe = Axe()
ALT = "Ein runder Grill mit Deckel auf einer Terrasse"


def blocking(page: Page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 90, 30)).save(out, "JPEG")
    return out.getvalue()


def upload(page: Page, editor: str, riddle_id: int, javascript: bool) -> None:
    path = f"/redaktion/raetsel/{riddle_id}/bilder"
    page.goto(f"/anmelden?next={path}")
    page.get_by_label("E-Mail-Adresse").fill(editor)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    if javascript:  # axe-core runs as a script: only where scripts run (same markup)
        assert blocking(page) == []
    section = page.locator("#raetsel")
    section.get_by_label("Bild (JPEG, PNG oder WebP, höchstens 10 MB)").set_input_files(
        {"name": "kugelgrill.jpg", "mimeType": "image/jpeg", "buffer": photo()}
    )
    section.get_by_label("Alternativtext (was zu sehen ist)").fill(ALT)
    section.get_by_label("Bildnachweis").fill("Foto: Redaktion")
    section.get_by_role("button", name=re.compile("^Bild (hochladen|ersetzen)$")).click()
    expect(page.get_by_text("Das Bild ist gespeichert.")).to_be_visible()
    expect(page.locator("#raetsel img")).to_have_attribute("alt", ALT)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_picture_riddle_is_uploaded_and_solved(open_page, editor, riddle_id, javascript):
    upload(open_page(javascript=javascript), editor, riddle_id, javascript)
    reader = open_page(javascript=javascript)
    reader.goto(f"/raetsel/{SLUG}")
    image = reader.locator(f"#riddle-{SLUG} figure img")
    expect(image).to_have_attribute("alt", ALT)
    srcset = image.get_attribute("srcset") or ""
    assert "kugelgrill" not in srcset.lower()
    served = reader.request.get(image.get_attribute("src") or "")
    assert served.status == 200
    assert served.headers["content-type"] == "image/jpeg"
    if javascript:
        assert blocking(reader) == []
    reader.get_by_label(re.compile("Deine Antwort")).fill("Kugelgrill")
    reader.get_by_role("button", name="Raten", exact=True).click()
    expect(reader.locator("[data-verdict=correct]")).to_be_visible()
