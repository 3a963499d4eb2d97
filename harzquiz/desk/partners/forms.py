"""The partner form: name, on/off, exact allowed origins, theme."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, ColorField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from harzquiz.services.partners import DEFAULT_ACCENT, normalise_origin

MAX_ORIGINS = 20


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PartnerForm(FlaskForm):
    """Create or edit a partner site."""

    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Bitte gib einen Namen ein.")),
            Length(min=2, max=120, message=_l("Der Name muss 2 bis 120 Zeichen lang sein.")),
        ],
    )
    enabled = BooleanField(_l("Aktiv: das Widget wird ausgeliefert"), default=True)
    origins = TextAreaField(
        _l("Erlaubte Herkünfte (eine pro Zeile)"),
        validators=[Length(max=2000, message=_l("Zu viele Zeichen."))],
    )
    accent = ColorField(
        _l("Akzentfarbe"),
        default=DEFAULT_ACCENT,
        validators=[
            InputRequired(_l("Bitte wähle eine Akzentfarbe.")),
            Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Bitte als #rrggbb angeben.")),
        ],
    )
    dark = BooleanField(_l("Dunkle Darstellung (für Seiten mit dunklem Hintergrund)"))

    def validate_origins(self, field) -> None:
        """Every line must be an exact origin: scheme://host[:port], nothing more."""
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        cleaned, bad = [], []
        for line in lines:
            origin = normalise_origin(line)
            if origin is None:
                bad.append(line)
            elif origin not in cleaned:
                cleaned.append(origin)
        if bad:
            raise ValidationError(
                _l(
                    "Keine genaue Herkunft (https://host oder https://host:port): %(lines)s",
                    lines=", ".join(bad[:5]),
                )
            )
        if len(cleaned) > MAX_ORIGINS:
            raise ValidationError(_l("Höchstens %(n)s Herkünfte.", n=MAX_ORIGINS))
        self.cleaned_origins = cleaned
