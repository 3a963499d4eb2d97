"""How the audit log reads: labels for actions, kinds of content and fields, and an entry's
detail in words (field labels, Berlin times). Entries store the model's own names
(harzquiz/services/audit.py); the labels are German message ids with an English catalogue.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "created": _l("angelegt"),
    "changed": _l("geändert"),
    "published": _l("veröffentlicht"),
    "closed": _l("beendet"),
    "deleted": _l("gelöscht"),
    "imported": _l("per Import geändert"),
    "import_new": _l("per Import angelegt"),
    "enabled": _l("eingeschaltet"),
    "disabled": _l("ausgeschaltet"),
    "new_key": _l("neuer Schlüssel"),
    "accepted": _l("Schreibweise übernommen"),
    "near_miss": _l("Beinahe-Treffer übernommen"),
    "picture": _l("Bild gesetzt"),
    "picture_removed": _l("Bild entfernt"),
    "renamed": _l("umbenannt"),
    "hidden": _l("verborgen"),
    "banned": _l("gesperrt"),
    "withdrawn": _l("Punkte entzogen"),
    "undone": _l("rückgängig gemacht"),
    "settled": _l("erledigt"),
    "prize-setup": _l("Preisrätsel eingerichtet"),
    "prize-draw": _l("Gewinner gezogen"),
    "prize-redraw": _l("Gewinner nachgezogen"),
    "prize-purge": _l("Teilnahmedaten gelöscht"),
}
TARGET_LABELS = {
    "riddle": _l("Rätsel"),
    "article": _l("Artikel"),
    "quiz": _l("Quiz"),
    "partner": _l("Partner"),
    "account": _l("Konto"),
    "crossword": _l("Kreuzworträtsel"),
    "player": _l("Spieler"),
}
FIELD_LABELS = {
    # riddles
    "title": _l("Titel"),
    "slug": _l("Kurzname"),
    "question": _l("Frage"),
    "solution": _l("Lösung"),
    "explanation": _l("Erklärung"),
    "alternatives": _l("weitere Schreibweisen"),
    "near_misses": _l("Beinahe-Treffer"),
    "points": _l("Punkte"),
    "publish_at": _l("Veröffentlichung"),
    "closes_at": _l("Ende"),
    "hints": _l("Tipps"),
    "article": _l("Artikel"),
    # articles
    "kicker": _l("Dachzeile"),
    "teaser": _l("Anreißer"),
    "body_markdown": _l("Text"),
    "author_name": _l("Autor"),
    "author_bio": _l("Über den Autor"),
    "sources_count": _l("Quellen"),
    "social_comments_count": _l("Kommentare"),
    "forum_posts_count": _l("Forenbeiträge"),
    "riddle_id": _l("Rätsel"),
    "published_at": _l("Veröffentlichung"),
    # quizzes
    "intro": _l("Einleitung"),
    "points_per_answer": _l("Punkte je richtiger Antwort"),
    "article_id": _l("Artikel"),
    "questions": _l("Fragen"),
    "question_order": _l("Reihenfolge der Fragen"),
    "choices": _l("Antworten zur Auswahl"),
    "choice_order": _l("Reihenfolge der Antworten"),
    # partners
    "name": _l("Name"),
    "enabled": _l("aktiv"),
    "origins": _l("erlaubte Herkünfte"),
    "accent": _l("Akzentfarbe"),
    "scheme": _l("Darstellung"),
}


def label(labels: dict, key: str) -> str:
    """The label for `key`, or the key itself for one nobody has named (a later kind)."""
    found = labels.get(key)
    return str(found) if found is not None else key


# Actions whose detail is a list of fields (harzquiz/services/audit.py).
FIELD_ACTIONS = frozenset({"created", "changed", "imported", "import_new"})


def detail_text(detail: str, action: str = "changed") -> str:
    """An entry's detail in words: field labels for a list of fields, a Berlin time for a
    time, anything else (a spelling taken over, a moderation note) as written."""
    if not detail:
        return ""
    names = detail.split(", ")
    if action in FIELD_ACTIONS and all(name in FIELD_LABELS for name in names):
        return ", ".join(label(FIELD_LABELS, name) for name in names)
    try:
        moment = datetime.fromisoformat(detail)
    except ValueError:
        return detail
    if moment.tzinfo is None:
        return detail
    return format_datetime(moment, "short")  # the app's zone: Europe/Berlin
