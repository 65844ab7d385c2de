"""Filters for the team pages and the login lock-out page."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(delta: datetime.timedelta | None) -> str:
    """A length of time in words ("15 minutes"), in the active language."""
    if not delta:
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
