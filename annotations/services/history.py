"""How service writes name their actor in the audit history, inside a request or outside one."""

import functools
from collections.abc import Callable
from typing import Any

import pghistory


def records_actor[**P, R](service: Callable[P, R]) -> Callable[P, R]:
    """Run ``service`` inside a history context naming its ``actor`` keyword argument.

    In a request the history middleware has already named the user, and this only restates
    it. From the command line or a test there is no request, and without this the history
    triggers would record the write with no actor.
    """

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor: Any = kwargs.get("actor")
        if actor is None:
            return service(*args, **kwargs)
        with pghistory.context(user=actor.pk):
            return service(*args, **kwargs)

    return wrapper
