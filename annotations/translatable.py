"""Error messages of the pure modules (spans, importing, input_checks), translated when shown.

Those modules import no Django. They mark each message with ``gettext_noop`` (makemessages
collects it) and raise a ``TranslatableError`` (or return a ``Message``) with the message and its
parameters; the text is put together when it is turned into a string, through ``translate``,
which the app sets to Django's gettext when it starts (AnnotationsConfig.ready). Outside the app
they read in English.
"""

from collections.abc import Callable


class Marked(str):
    """A message marked for translation, as a parameter of another message."""


def gettext_noop(message: str) -> Marked:
    return Marked(message)


def _identity(message: str) -> str:
    return message


# Set by the app to django.utils.translation.gettext; English until then.
translate: Callable[[str], str] = _identity


class Message:
    """A message and its parameters, put together in the active language when shown."""

    def __init__(self, message: str, **params: object):
        self.message, self.params = message, params

    def __str__(self) -> str:
        return _composed(self.message, self.params)

    def __repr__(self) -> str:
        return f"Message({self.message!r}, **{self.params!r})"


class TranslatableError(ValueError):
    """An error whose message is translated into the active language when shown."""

    def __init__(self, message: str, **params: object):
        super().__init__(message, params)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return _composed(self.message, self.params)


def _composed(message: str, params: dict[str, object]) -> str:
    text = translate(message)
    if not params:
        return text
    return text % {name: _shown(value) for name, value in params.items()}


def _shown(value: object) -> object:
    if isinstance(value, Marked):
        return translate(value)
    if isinstance(value, (BaseException, Message)):
        return str(value)
    return value
