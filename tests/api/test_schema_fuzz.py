"""Property-based run of schemathesis against /api/schema/: no 5xx, no response off the schema.

Every operation gets generated requests with every role's token (and none), checked by all of
schemathesis' checks, on a database holding an article, claims of two reviewers and a
"no claim" mark.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from factcheck.wsgi import application

pytestmark = pytest.mark.django_db


# Every check runs. One is told what OpenAPI cannot say: a schema-valid request may still
# name an article, sentence, label or reviewer that does not exist, or carry a cursor this
# server never issued; those get a 400 (or 404) with the reason, and that is correct.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
            }
        }
    }
)


def _load_schema():
    # The schema view reads no data; loading it at collection needs no database.
    with _host_allowed():
        return schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


class _host_allowed:
    """schemathesis calls the WSGI app as host "localhost"."""

    def __enter__(self):
        from django.conf import settings as django_settings

        self.before = django_settings.ALLOWED_HOSTS
        django_settings.ALLOWED_HOSTS = [*self.before, "localhost"]

    def __exit__(self, *exc):
        from django.conf import settings as django_settings

        django_settings.ALLOWED_HOSTS = self.before


schema = _load_schema()

# Request bodies in JSON Lines are text schemathesis cannot derive from a JSON Schema.
_json_lines = st.lists(
    st.sampled_from(['{"label": "opinion"}', "{}", "[]", "oops", "", '{"spans": "x"}']),
    max_size=3,
).map(lambda lines: "\n".join(lines).encode())
for _media_type in ("application/x-ndjson", "application/jsonl"):
    schemathesis.openapi.media_type(_media_type, _json_lines)


@pytest.fixture(autouse=True)
def _wsgi_in_the_test_transaction(settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    # The real WSGI handler closes the database connection after each request, which would
    # end the test's transaction; Django's test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROLES = ["admin_user", "reviewer", "data_user", None]


@pytest.fixture(params=ROLES, ids=lambda role: role or "anonymous")
def auth_headers(request, token_for, rita_claim, otto_claim, otto_no_claim) -> dict:
    if request.param is None:
        return {}
    user = request.getfixturevalue(request.param)
    return {"Authorization": f"Token {token_for(user)}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case, auth_headers):
    # No ``checks``: every check schemathesis has, not only "no 5xx" and "matches the schema".
    # schemathesis asks for gzip but its WSGI transport does not unpack it; gzip has its tests.
    case.call_and_validate(headers={**auth_headers, "Accept-Encoding": "identity"})
