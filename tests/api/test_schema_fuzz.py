"""Property-based run of schemathesis against /api/schema/: no 5xx, no response off the schema.

Every operation gets a few generated requests as an admin (the role allowed the most), on a
database holding an article, claims of two reviewers and a "no claim" mark.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factcheck.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load_schema():
    # The schema view reads no data; loading it at collection needs no database.
    with _host_allowed():
        return schemathesis.openapi.from_wsgi("/api/schema/", application)


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


@pytest.fixture
def admin_key(token_for, admin_user, rita_claim, otto_claim, otto_no_claim) -> str:
    return token_for(admin_user)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case, admin_key):
    # schemathesis asks for gzip but its WSGI transport does not unpack it; gzip has its tests.
    headers = {"Authorization": f"Token {admin_key}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
