"""How a machine suggestion reads in the workspace: its reason in the reader's language."""

from django import template
from django.utils.translation import gettext

from annotations.suggesters.rules import translated_reason

register = template.Library()


@register.filter
def shown_reason(reason: str) -> str:
    """The rule suggester's cues translated ("Konjunktiv I: habe … zugesagt"); words as quoted."""
    return translated_reason(reason, gettext)
