"""The reader's words for refusals shared by the account pages (registration, password
change, password reset)."""

from __future__ import annotations

from flask_babel import gettext as _


def password_message(problem: str) -> str:
    """The reader's words for a refused new password (services.accounts.password_refusal)."""
    if problem == "password-common":
        return _(
            "Dieses Passwort gehört zu den häufigsten und ist leicht zu erraten. "
            "Bitte wähle ein anderes."
        )
    if problem == "password-simple":
        return _(
            "Dieses Passwort ist zu einfach (zu wenige verschiedene Zeichen oder eine "
            "Folge wie „abcdefghij“). Bitte wähle ein anderes."
        )
    if problem == "password-personal":
        return _("Das Passwort darf weder deine E-Mail-Adresse noch deinen Spitznamen enthalten.")
    return _("Das Passwort muss 10 bis 200 Zeichen lang sein.")
