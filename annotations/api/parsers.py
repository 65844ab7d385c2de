"""The API's JSON body parser: DRF's, but refusing what cannot be stored (see input_checks)."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from annotations import input_checks


class StrictJSONParser(JSONParser):
    """JSON bodies as UTF-8, checked by input_checks.loads; a 400 says what and where."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        if stream is None:
            raise ParseError(_("The body is empty; send a JSON document."))
        raw = stream.read()
        if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                raw = raw.decode(encoding).encode("utf-8", "surrogatepass")
            except (LookupError, UnicodeError) as error:
                raise ParseError(
                    _("The body cannot be read as %(encoding)s: %(error)s")
                    % {"encoding": encoding, "error": error}
                ) from None
        try:
            return input_checks.loads(raw, what=_("the body"))
        except input_checks.UnsafeInput as error:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": error}) from None
