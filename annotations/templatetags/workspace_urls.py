"""URLs of the workspace's sentences and claims: ``{{ claim.pk|workspace_url:"claim_edit" }}``."""

from functools import cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@cache
def _pattern(name: str, prefix: str, urlconf: str | None) -> str:
    # A page of 300 sentences needs thousands of URLs; formatting them from one reversed pattern
    # per name keeps rendering within the workspace's time budget.
    return reverse(name, urlconf=urlconf, args=[0]).replace("/0/", "/{}/")


@register.filter
def workspace_url(pk: int, name: str) -> str:
    """The URL named ``name`` for the sentence or claim ``pk`` (one integer argument)."""
    return _pattern(name, get_script_prefix(), get_urlconf()).format(pk)
