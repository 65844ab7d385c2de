"""Writes for labels: create, rename, recolour, reorder, deactivate; delete only when unused.

The database enforces the shortcut and colour rules (annotations/models/labels.py); the checks
here say the same in words an admin understands, before the database has to refuse.
"""

import re
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annotations.models import RESERVED_SHORTCUTS, Annotation, Label
from annotations.services.history import records_actor
from annotations.services.team import TeamError

SHORTCUT_PATTERN = re.compile(r"^[1-9a-z]$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


@records_actor
def label_create(
    *,
    name: str,
    actor: User | None,
    slug: str = "",
    description: str = "",
    shortcut: str = "",
    colour: str = "#1f77b4",
    translations: dict | None = None,
    suggestions_enabled: bool = True,
    suggestions_after_review: bool = False,
) -> Label:
    """Add a label at the end of the list."""
    name = _check_name(name)
    slug = (slug.strip() or slugify(name).replace("-", "_"))[:50]
    if not slug:
        raise TeamError(_("Enter a slug of letters, digits and underscores."), field="slug")
    if Label.objects.filter(slug=slug).exists():
        raise TeamError(
            _("Another label already has the slug “%(slug)s”.") % {"slug": slug}, field="slug"
        )
    label = Label(
        slug=slug,
        name=name,
        description=description.strip(),
        shortcut=check_shortcut(shortcut, label=None),
        colour=check_colour(colour),
        order=(Label.objects.aggregate(last=Max("order"))["last"] or 0) + 1,
        translations=check_translations(translations or {}),
        suggestions_enabled=suggestions_enabled,
        suggestions_after_review=suggestions_after_review,
    )
    _save(label)
    return label


@records_actor
def label_update(
    *,
    label: Label,
    actor: User | None,
    name: str,
    description: str,
    shortcut: str,
    colour: str,
    translations: dict | None = None,
    suggestions_enabled: bool | None = None,
    suggestions_after_review: bool | None = None,
) -> Label:
    """Rename, recolour, rekey or re-explain a label, or switch its suggestions; its slug
    stays, the API relies on it.

    ``translations`` replaces the names and guidelines per language when given."""
    label.name = _check_name(name)
    label.description = description.strip()
    label.shortcut = check_shortcut(shortcut, label=label)
    label.colour = check_colour(colour)
    fields = ["name", "description", "shortcut", "colour"]
    if translations is not None:
        label.translations = check_translations(translations)
        fields.append("translations")
    if suggestions_enabled is not None:
        label.suggestions_enabled = suggestions_enabled
        fields.append("suggestions_enabled")
    if suggestions_after_review is not None:
        label.suggestions_after_review = suggestions_after_review
        fields.append("suggestions_after_review")
    _save(label, fields=fields)
    return label


@records_actor
def label_move(*, label: Label, direction: Literal["up", "down"], actor: User | None) -> None:
    """Swap the label with its neighbour in the workspace's label list."""
    labels = list(Label.objects.order_by("order", "name", "pk"))
    index = next(i for i, other in enumerate(labels) if other.pk == label.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(labels):
        return
    labels[index], labels[neighbour] = labels[neighbour], labels[index]
    with transaction.atomic():
        # Renumber 1..n so that equal orders from older data cannot make a swap a no-op;
        # only labels whose number changes are written (and appear in the audit log).
        for number, item in enumerate(labels, start=1):
            if item.order != number:
                item.order = number
                item.save(update_fields=["order"])
    label.refresh_from_db(fields=["order"])


@records_actor
def label_deactivate(*, label: Label, actor: User | None) -> Label:
    """Hide a label from the workspace; claims made with it keep it."""
    if label.is_active:
        label.is_active = False
        _save(label, fields=["is_active"])
    return label


@records_actor
def label_reactivate(*, label: Label, actor: User | None) -> Label:
    if not label.is_active:
        clash = _active_label_with_shortcut(label.shortcut, label=label)
        if clash is not None:
            raise TeamError(
                _(
                    "“%(label)s” cannot be reactivated: its shortcut key “%(key)s” now belongs "
                    "to “%(other)s”. Change one of the two keys first."
                )
                % {"label": label.shown_name, "key": label.shortcut, "other": clash.shown_name}
            )
        label.is_active = True
        _save(label, fields=["is_active"])
    return label


@records_actor
def label_delete(*, label: Label, actor: User | None) -> None:
    """Delete a label nobody has used yet (a typo); labels in use can only be deactivated."""
    try:
        with transaction.atomic():
            label.delete()
    except ProtectedError:
        raise TeamError(label_deletion_refusal(label)) from None


def label_deletion_refusal(label: Label) -> str:
    claims = Annotation.objects.filter(label=label).count()
    return ngettext(
        "“%(label)s” is used by %(count)d claim and cannot be deleted; deactivate it instead. "
        "Reviewers then no longer see it, and the claim keeps it.",
        "“%(label)s” is used by %(count)d claims and cannot be deleted; deactivate it instead. "
        "Reviewers then no longer see it, and the claims keep it.",
        claims,
    ) % {"label": label.shown_name, "count": claims}


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TeamError(_("Enter a name."), field="name")
    return name


def check_translations(translations: object) -> dict[str, dict[str, str]]:
    """Names and guidelines per interface language as stored: known languages only, one-line
    names of at most 100 characters, blank entries left out (they fall back to the label's own)."""
    languages = dict(settings.LANGUAGES)
    if not isinstance(translations, dict):
        raise TeamError(_("Translations must map a language code to a name and a guideline."))
    cleaned: dict[str, dict[str, str]] = {}
    for language, entry in translations.items():
        if language not in languages:
            raise TeamError(
                _("“%(code)s” is not an interface language (choose from: %(codes)s).")
                % {"code": language, "codes": ", ".join(languages)}
            )
        if not isinstance(entry, dict) or set(entry) - {"name", "description"}:
            raise TeamError(_("Give each language a name and a guideline, nothing else."))
        name, description = entry.get("name", ""), entry.get("description", "")
        if not isinstance(name, str) or not isinstance(description, str):
            raise TeamError(_("Give each language a name and a guideline, nothing else."))
        name, description = name.strip(), description.strip()
        if len(name) > 100 or "\n" in name or "\r" in name:
            raise TeamError(
                _("The %(language)s name must be one line of at most 100 characters.")
                % {"language": languages[language]},
                field=f"name_{language}",
            )
        kept = {
            key: value for key, value in (("name", name), ("description", description)) if value
        }
        if kept:
            cleaned[language] = kept
    return cleaned


def check_shortcut(shortcut: str, *, label: Label | None) -> str:
    """The shortcut as stored (lower case), or TeamError saying why it cannot be used."""
    shortcut = shortcut.strip().lower()
    if not shortcut:
        return ""
    if not SHORTCUT_PATTERN.match(shortcut):
        raise TeamError(_("A shortcut is one key: 1–9 or a–z."), field="shortcut")
    if shortcut in RESERVED_SHORTCUTS:
        raise TeamError(
            _("“%(key)s” is reserved by the workspace (reserved keys: %(keys)s).")
            % {"key": shortcut, "keys": " ".join(RESERVED_SHORTCUTS)},
            field="shortcut",
        )
    if label is None or label.is_active:
        clash = _active_label_with_shortcut(shortcut, label=label)
        if clash is not None:
            raise TeamError(
                _("“%(key)s” is already the shortcut of “%(other)s”.")
                % {"key": shortcut, "other": clash.name},
                field="shortcut",
            )
    return shortcut


def check_colour(colour: str) -> str:
    """The colour as stored (#rrggbb), or TeamError saying what is expected."""
    colour = colour.strip()
    if not COLOUR_PATTERN.match(colour):
        raise TeamError(_("Enter a colour as # and six hex digits, e.g. #1f77b4."), field="colour")
    return colour.lower()


def _active_label_with_shortcut(shortcut: str, *, label: Label | None) -> Label | None:
    if not shortcut:
        return None
    others = Label.objects.active().filter(shortcut=shortcut)
    if label is not None:
        others = others.exclude(pk=label.pk)
    return others.first()


def _save(label: Label, fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            label.save(update_fields=fields)
    except IntegrityError as error:
        # Another admin took the key or slug between our check and this write.
        if "shortcut" in str(error):
            raise TeamError(
                _("That shortcut key was just given to another label; choose another."),
                field="shortcut",
            ) from None
        if "slug" in str(error):
            raise TeamError(_("That slug was just taken; choose another."), field="slug") from None
        raise
