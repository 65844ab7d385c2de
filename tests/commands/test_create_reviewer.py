"""`manage.py create_reviewer`: people from the command line, with a token scripts can read."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotations.models import ApiToken, UserEvent, UserPreferences, hash_token
from annotations.permissions import ADMIN, DATA_USER, REVIEWER, role_of
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("create_reviewer", *args, stdout=out, stderr=StringIO())
    return out.getvalue().splitlines()


def test_create_reviewer_prints_a_generated_password(django_user_model):
    lines = run("nora")
    assert lines[0] == "Created nora with the role Reviewer."
    password = lines[1].removeprefix("Password: ")
    user = django_user_model.objects.get(username="nora")
    assert user.check_password(password)
    assert role_of(user) == REVIEWER


def test_create_reviewer_with_a_chosen_password_prints_no_password(django_user_model):
    lines = run("nora", "--password", "a long passphrase of words", "--language", "de")
    assert not any(line.startswith("Password") for line in lines)
    user = django_user_model.objects.get(username="nora")
    assert user.check_password("a long passphrase of words")
    assert UserPreferences.objects.get(user=user).language == "de"


@pytest.mark.parametrize(("flag", "role"), [("--admin", ADMIN), ("--data-user", DATA_USER)])
def test_create_reviewer_gives_other_roles(django_user_model, flag, role):
    run("nora", flag)
    user = django_user_model.objects.get(username="nora")
    assert role_of(user) == role
    assert user.is_staff == (role == ADMIN)


def test_create_reviewer_with_token_prints_the_key_as_the_last_line(django_user_model):
    key = run("dora2", "--data-user", "--token", "--token-name", "nightly export")[-1]
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(key)
    assert token.name == "nightly export"
    assert token.user.username == "dora2"


def test_create_reviewer_refuses_an_existing_username(reviewer):
    with pytest.raises(CommandError, match="A user named “rita” already exists"):
        run("rita")


def test_create_reviewer_refuses_a_weak_password(django_user_model):
    with pytest.raises(CommandError, match="too short"):
        run("nora", "--password", "abc")
    assert not django_user_model.objects.filter(username="nora").exists()


def test_create_reviewer_refuses_two_roles():
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("nora", "--admin", "--data-user")


def test_create_reviewer_refuses_an_actor_who_is_not_an_admin(reviewer, django_user_model):
    with pytest.raises(CommandError, match="not an active admin"):
        run("nora", "--actor", "rita")
    assert not django_user_model.objects.filter(username="nora").exists()


def test_create_reviewer_records_the_actor_and_the_command_in_the_history(admin_user):
    run("nora", "--actor", "alice")
    event = UserEvent.objects.select_related("pgh_context").get(username="nora")
    assert event.pgh_context.metadata == {"user": admin_user.pk, "command": "create_reviewer"}
