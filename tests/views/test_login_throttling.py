"""Login throttling locks one account from one address, so nobody can lock out anyone else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME, ATTACKER = "198.51.100.7", "203.0.113.9"


def _login(client, username: str, password: str, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_failures_with_made_up_names_do_not_lock_others_behind_the_address(
    client, reviewer, password, settings
):
    for number in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, f"nobody{number}", "guess", REMOTE_ADDR=HOME)
    assert _login(client, "rita", password, REMOTE_ADDR=HOME).status_code == 302


def test_guessing_a_named_account_does_not_lock_its_owner_out(client, reviewer, password, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "rita", "guess", REMOTE_ADDR=ATTACKER)
    locked = _login(client, "rita", password, REMOTE_ADDR=ATTACKER)
    assert locked.status_code == 429
    assert "logins to this account from your address are paused" in locked.content.decode()
    client.logout()
    assert _login(client, "rita", password, REMOTE_ADDR=HOME).status_code == 302


def test_behind_the_proxy_each_client_is_its_own_address(client, reviewer, password, settings):
    settings.BEHIND_HTTPS_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        # A client may send its own X-Forwarded-For; the proxy appends the real address.
        _login(client, "rita", "guess", **proxy, HTTP_X_FORWARDED_FOR=f"{HOME}, {ATTACKER}")
    locked = _login(client, "rita", password, **proxy, HTTP_X_FORWARDED_FOR=f"1.1.1.1, {ATTACKER}")
    assert locked.status_code == 429
    client.logout()
    assert _login(client, "rita", password, **proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 302


def test_without_the_proxy_setting_forwarded_addresses_are_ignored(
    client, reviewer, password, settings
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client, "rita", "guess", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{number}"
        )
    assert _login(client, "rita", password, REMOTE_ADDR=ATTACKER).status_code == 429
