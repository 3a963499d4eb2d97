"""Translations: the English catalogue is complete and compiled, and the language switch works."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.factories import make_article, make_closed_riddle, make_riddle
from tests.helpers import html_lang, text_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "harzquiz"
TRANSLATIONS = PACKAGE / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
# The same keywords as the documented `pybabel extract ... -k _l -k lazy_gettext` call.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# English entries that may legitimately read exactly like their German msgid.
SAME_IN_ENGLISH = {"Name", "Partner", "Quiz"}
# %(name)s style placeholders, literal %% and any other (stray) percent sign, in that order.
PERCENT_TOKEN = re.compile(r"%\(\w+\)[a-z]|%%|%")
UPDATE_HINT = "run the extract → update → translate → compile steps (CONTRIBUTING.md)"


def read_catalog(path: Path):
    with path.open("rb") as fileobj:
        return read_po(fileobj)


def extracted_messages() -> dict[tuple[str, str | None], str | tuple[str, ...]]:
    """Every message in the sources now, extracted with harzquiz/babel.cfg's method map."""
    with (PACKAGE / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, "babel.cfg")
    found = {}
    for directory in (PACKAGE, ROOT / "templates"):
        for _file, _line, message, _comments, context in extract_from_dir(
            directory, method_map, options_map, keywords=KEYWORDS
        ):
            singular = message[0] if isinstance(message, tuple) else message
            found[(singular, context)] = message
    return found


def english() -> dict[str, str]:
    """msgid → English msgstr for the singular, translated entries of the .po file."""
    return {
        message.id: message.string
        for message in read_catalog(EN_PO)
        if message.id and isinstance(message.id, str) and message.string
    }


def page_text(response) -> str:
    """The response body with entities decoded, so catalogue strings can be searched in it."""
    return html.unescape(response.get_data(as_text=True))


def percent_tokens(text: str) -> Counter:
    return Counter(PERCENT_TOKEN.findall(text))


# --- the catalogue ---------------------------------------------------------------------------


def test_sources_contain_the_ui_strings():
    messages = extracted_messages()
    # Guards the extraction itself: templates, plain gettext and lazy_gettext are all seen.
    assert ("Rätsel der Woche", None) in messages  # templates/base.html
    assert ("Dieser Spitzname ist schon vergeben.", None) in messages  # gettext in Python
    assert ("Seite nicht gefunden", None) in messages  # lazy_gettext in errors.py
    assert len(messages) > 80


def test_every_message_has_an_english_translation():
    catalog = read_catalog(EN_PO)
    problems = []
    for (singular, context), message in sorted(extracted_messages().items(), key=str):
        entry = catalog.get(singular, context)
        if entry is None:
            problems.append(f"missing: {singular!r}")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(form.strip() for form in forms):
            problems.append(f"untranslated or fuzzy: {singular!r}")
        elif isinstance(message, tuple) != isinstance(entry.id, tuple):
            problems.append(f"singular/plural mismatch: {singular!r}")
        elif forms[0] == singular and singular not in SAME_IN_ENGLISH:
            problems.append(f"still German: {singular!r}")
    assert not problems, f"{len(problems)} catalogue problems, {UPDATE_HINT}:\n" + "\n".join(
        problems
    )


def test_committed_template_matches_the_sources():
    with (TRANSLATIONS / "messages.pot").open("rb") as fileobj:
        template = {
            (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(fileobj)
        }
    template.discard(("", None))
    extracted = set(extracted_messages())
    assert extracted - template == set(), f"new strings not in messages.pot: {UPDATE_HINT}"
    assert template - extracted == set(), f"messages.pot has stale strings: {UPDATE_HINT}"


def test_compiled_catalogue_matches_the_po_file():
    po = {
        (m.id, m.context): m.string
        for m in read_catalog(EN_PO)
        if m.id and m.string and not m.fuzzy  # what pybabel compile writes
    }
    with EN_MO.open("rb") as fileobj:
        # read_mo gives plural messages as lists, read_po as tuples: compare them as tuples.
        mo = {
            (m.id if isinstance(m.id, str) else tuple(m.id), m.context): (
                m.string if isinstance(m.string, str) else tuple(m.string)
            )
            for m in read_mo(fileobj)
            if m.id
        }
    assert po, "the .po file has no translations"
    assert mo == po, f"messages.mo is out of date: run pybabel compile ({UPDATE_HINT})"


def test_placeholders_survive_translation():
    problems = []
    for message in read_catalog(EN_PO):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = [percent_tokens(text) for text in ids]
        for text in strings:
            found = percent_tokens(text)
            # A bare % breaks Jinja's newstyle gettext, which %-formats every translation.
            if found["%"] or not any(found == tokens for tokens in expected):
                problems.append(f"{ids[0]!r} → {text!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


# --- the language switch ---------------------------------------------------------------------


def switch_to_english(reader, next_path: str = "/"):
    response = reader.post("/sprache/en", {"next": next_path})
    assert response.status_code == 303
    assert response.headers["Location"] == next_path
    return response


def test_german_is_the_default(client):
    make_riddle()
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    text = page_text(response)
    assert html_lang(text_of(response)) == "de"
    assert "Rätsel der Woche" in text
    assert "Lösung anzeigen" in text
    assert ">English</button>" in text
    assert english()["Rätsel der Woche"] not in text


def test_switching_to_english_translates_the_home_page(reader):
    make_riddle()
    en = english()
    assert en["Rätsel der Woche"] == "Riddle of the week"
    assert en["Rangliste"] == "Leaderboard"

    switch_to_english(reader)
    response = reader.client.get("/")
    text = page_text(response)

    assert response.status_code == 200
    assert html_lang(text_of(response)) == "en"
    assert ">Deutsch</button>" in text
    assert 'action="/sprache/de"' in text
    for german in (
        "Rätsel der Woche",
        "Rangliste",
        "Lösung anzeigen",
        "Deine Antwort",
        "Impressum",
        "Datenschutz",
        "Zurück zum Anfang",
    ):
        assert en[german] in text
        assert german not in text
    # Interpolated messages are translated too.
    assert en["Tipp %(n)s freischalten (kostet %(cost)s Punkte)"] % {"n": 1, "cost": 20} in text


def test_guess_feedback_is_english(reader):
    riddle = make_riddle()
    en = english()
    switch_to_english(reader)

    wrong = reader.guess(riddle.slug, "Bratpfanne")
    text = page_text(wrong)
    assert wrong.status_code == 200
    assert 'data-verdict="wrong"' in text
    assert en["Leider falsch."] == "Sorry, that's wrong."
    assert en["Leider falsch."] in text
    assert en["„%(guess)s“ ist es nicht."] % {"guess": "Bratpfanne"} in text
    assert "Leider falsch." not in text
    assert "ist es nicht" not in text

    empty = reader.guess(riddle.slug, "")
    assert empty.status_code == 422
    assert en["Bitte gib eine Antwort ein."] in page_text(empty)
    assert "Bitte gib eine Antwort ein." not in page_text(empty)


def test_python_side_messages_are_english(reader):
    en = english()
    switch_to_english(reader, "/spitzname")

    # lazy_gettext in a WTForms validator, rendered by the nickname form.
    too_short = reader.post("/spitzname", {"nickname": "x"})
    assert too_short.status_code == 422
    assert en["Der Spitzname muss 3 bis 24 Zeichen lang sein."] in page_text(too_short)
    # lazy_gettext in the error pages' titles.
    missing = reader.client.get("/gibt-es-nicht")
    assert missing.status_code == 404
    assert en["Seite nicht gefunden"] in page_text(missing)
    assert "Seite nicht gefunden" not in page_text(missing)


def test_switching_back_to_german(reader):
    switch_to_english(reader)
    assert html_lang(text_of(reader.client.get("/"))) == "en"

    response = reader.post("/sprache/de", {"next": "/archiv"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/archiv"
    page = reader.client.get("/archiv")
    assert html_lang(text_of(page)) == "de"
    assert "Rätsel-Archiv" in page_text(page)


def test_language_switch_redirects_only_to_local_pages(reader):
    response = reader.post("/sprache/en", {"next": "https://example.org/"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404_and_changes_nothing(reader):
    response = reader.post("/sprache/xx", {"next": "/"})
    assert response.status_code == 404
    assert html_lang(text_of(reader.client.get("/"))) == "de"


def test_language_switch_needs_post_with_csrf(reader, client):
    assert client.get("/sprache/en").status_code == 405
    refused = client.post("/sprache/en", data={"next": "/"})
    assert refused.status_code == 400
    assert html_lang(text_of(client.get("/"))) == "de"


# --- English dates are British ---------------------------------------------------------------


def test_english_dates_are_british(app, reader):
    make_closed_riddle()  # closed Monday 23 November 2026, 06:00 in Berlin
    make_article(slug="artikel")  # published at the same moment
    german = text_of(reader.open("/archiv"))
    assert "23.11.2026" in german
    reader.post("/sprache/en", {"next": "/archiv"})
    archive = text_of(reader.client.get("/archiv"))
    assert "23 Nov 2026" in archive
    assert "Nov 23" not in archive
    assert "11/23/26" not in archive
    assert "23.11.2026" not in archive
    article = text_of(reader.client.get("/artikel/artikel"))
    assert "23 November 2026" in article
    assert "November 23" not in article
