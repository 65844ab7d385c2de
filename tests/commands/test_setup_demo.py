"""`manage.py setup_demo`: first run imports the seeds and prints the demo admin's credentials."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from annotations.models import Article

pytestmark = pytest.mark.django_db


def test_setup_demo_imports_seeds_and_creates_a_working_admin(tmp_path):
    out = StringIO()
    call_command("setup_demo", credentials_file=tmp_path / "pw", stdout=out)
    password = (tmp_path / "pw").read_text().strip()
    admin = User.objects.get(username="admin")
    assert f"Demo admin: username admin  password {password}" in out.getvalue()
    assert admin.is_superuser and admin.check_password(password)
    assert Article.objects.count() == 1


def test_setup_demo_is_idempotent_and_prints_the_same_credentials(tmp_path):
    first, second = StringIO(), StringIO()
    call_command("setup_demo", credentials_file=tmp_path / "pw", stdout=first)
    call_command("setup_demo", credentials_file=tmp_path / "pw", stdout=second)
    assert first.getvalue().strip().splitlines()[-1] == second.getvalue().strip().splitlines()[-1]
    assert Article.objects.count() == 1
    assert User.objects.filter(username="admin").count() == 1


def test_setup_demo_leaves_a_changed_admin_password_alone(tmp_path):
    call_command("setup_demo", credentials_file=tmp_path / "pw", stdout=StringIO())
    admin = User.objects.get(username="admin")
    admin.set_password("chosen by the admin 42")
    admin.save()
    out = StringIO()
    call_command("setup_demo", credentials_file=tmp_path / "pw", stdout=out)
    admin.refresh_from_db()
    assert admin.check_password("chosen by the admin 42")
    assert "left unchanged" in out.getvalue()
