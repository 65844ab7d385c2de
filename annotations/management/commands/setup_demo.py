"""`manage.py setup_demo`: first-run set-up: import the seed articles and ensure a demo admin."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from annotations.services.team import demo_admin_ensure

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Import the seed articles (idempotent) and create the demo admin if missing, then print "
        "its credentials. The generated password is kept in a git-ignored file so later runs can "
        "print it again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--credentials-file",
            type=Path,
            default=settings.BASE_DIR / ".demo-admin-password",
            help="Where the generated demo password is kept.",
        )

    def handle(self, *args, credentials_file: Path, **options) -> None:
        call_command(
            "import_articles",
            settings.SEEDS_DIR,
            quiet=True,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        password = _demo_password(credentials_file)
        if not demo_admin_ensure(username=DEMO_USERNAME, password=password):
            self.stdout.write(
                _(
                    "The demo admin %(username)s exists with a password of its own; it was "
                    "left unchanged."
                )
                % {"username": repr(DEMO_USERNAME)}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo admin: username %(username)s  password %(password)s")
                % {"username": DEMO_USERNAME, "password": password}
            )
        )


def _demo_password(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password
