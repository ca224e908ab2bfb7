"""WTForms forms (every form carries Flask-WTF's CSRF token)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from archive import service
from web.access import ROLE_LABELS, ROLES

try:  # WTForms >= 3.3 wants SelectChoice objects; older versions take (value, label) pairs
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None


def _choices(pairs: list[tuple[str, str]]) -> list:
    return [SelectChoice(v, label) for v, label in pairs] if SelectChoice else pairs

# Metadata fields a clerk may correct, in the order the form shows them.
EDITABLE_FIELDS: tuple[str, ...] = ("nomor", "tanggal", "perihal", "pengirim", "penerima", "partner",
                                    "sifat", "lampiran")


# The longest value each correctable field takes: the form and the JSON API both enforce these.
FIELD_MAX_LENGTHS: dict[str, int] = {"doc_type": 64, "nomor": 200, "tanggal": 10, "perihal": 1000,
                                     "pengirim": 300, "penerima": 300, "partner": 300, "sifat": 100,
                                     "lampiran": 200}


def _max(name: str) -> Length:
    return Length(max=FIELD_MAX_LENGTHS[name])


class MetadataForm(FlaskForm):
    """Correct a document's metadata and classification (``service.correct_metadata``)."""

    doc_type = SelectField("doc_type", validators=[Optional()])
    nomor = StringField("nomor", validators=[Optional(), _max("nomor")])
    # typed as the office writes dates (22-04-2024, 22 April 2024); the view parses it on the server
    tanggal = StringField("tanggal", validators=[Optional(), Length(max=40)])
    perihal = TextAreaField("perihal", validators=[Optional(), _max("perihal")])
    pengirim = StringField("pengirim", validators=[Optional(), _max("pengirim")])
    penerima = StringField("penerima", validators=[Optional(), _max("penerima")])
    partner = StringField("partner", validators=[Optional(), _max("partner")])
    sifat = StringField("sifat", validators=[Optional(), _max("sifat")])
    lampiran = StringField("lampiran", validators=[Optional(), _max("lampiran")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.doc_type.choices = _choices([("", "—")] + [(t.id, t.label_id) for t in service.document_types()])


class UserForm(FlaskForm):
    """Create a user (admin only)."""

    name = StringField("name", validators=[DataRequired(), Length(min=2, max=64),
                                           Regexp(r"^[A-Za-z0-9_.-]+$", message="a-z, 0-9, _ . -")])
    role = SelectField("role", choices=_choices([(r, ROLE_LABELS[r]) for r in ROLES]), validators=[DataRequired()])
    password = PasswordField("password", validators=[DataRequired(), Length(min=10, max=200)])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token (logout, issue token, …)."""
