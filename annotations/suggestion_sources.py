"""The suggestion sources this installation uses, built once per process from SUGGESTION_SOURCES."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from annotations.suggesters.base import Source


def configured_sources() -> list[Source]:
    """Every configured source, in the order given; empty when suggestions are off."""
    return list(_build(tuple(settings.SUGGESTION_SOURCES), settings.SUGGESTION_HTTP_TIMEOUT))


@cache
def _build(entries: tuple[str, ...], timeout: int) -> tuple[Source, ...]:
    return tuple(_source(entry, timeout) for entry in entries)


def _source(entry: str, timeout: int) -> Source:
    if entry == "rules":
        from annotations.suggesters.rules import RuleSuggester

        return RuleSuggester()
    name, _, target = entry.partition("=")
    name, target = name.strip(), target.strip()
    if not name or not target:
        raise ImproperlyConfigured(
            f"SUGGESTION_SOURCES: {entry!r} is neither 'rules', NAME=https://... nor "
            "NAME=python:module.Class"
        )
    if target.startswith(("http://", "https://")):
        from annotations.suggesters.http import HttpSource

        return HttpSource(name, target, timeout)
    if target.startswith("python:"):
        try:
            factory = import_string(target.removeprefix("python:"))
        except ImportError as error:
            raise ImproperlyConfigured(f"SUGGESTION_SOURCES: {entry!r}: {error}") from None
        source: Source = factory()
        source.name = name
        return source
    raise ImproperlyConfigured(
        f"SUGGESTION_SOURCES: {entry!r}: the target must start with https://, http:// or python:"
    )
