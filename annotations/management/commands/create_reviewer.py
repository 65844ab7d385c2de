"""`manage.py create_reviewer`: create a reviewer, admin or data user, optionally with an API token.

With --token the token's key is the last line of the output, alone, so that scripts can read it
with `tail -n 1`.
"""

import pghistory
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from annotations import services
from annotations.models import Language
from annotations.permissions import ADMIN, CURATOR, DATA_USER, REVIEWER, can_manage_team


class Command(BaseCommand):
    help = (
        "Create a user with the Reviewer role (or --admin, --data-user). Without --password a "
        "random password is generated and printed. With --token an API token is created too "
        "and its key printed as the last line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        role = parser.add_mutually_exclusive_group()
        role.add_argument("--admin", action="store_true", help="Give the Admin role.")
        role.add_argument(
            "--data-user", action="store_true", help="Give the Data user role (read-only API)."
        )
        role.add_argument(
            "--curator", action="store_true", help="Give the Curator role (adjudicates gold)."
        )
        parser.add_argument("--password", help="The password; checked by the password rules.")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--language",
            default="",
            choices=["", *Language.values],
            help="Interface language applied at login (default: the browser's).",
        )
        parser.add_argument(
            "--token", action="store_true", help="Also create an API token and print its key last."
        )
        parser.add_argument(
            "--token-name", default="command line", help="What the token is for (its name)."
        )
        parser.add_argument(
            "--actor",
            help="Username of the admin running this, recorded in the audit log.",
        )

    def handle(self, *args, **options) -> None:
        role = (
            ADMIN
            if options["admin"]
            else DATA_USER
            if options["data_user"]
            else CURATOR
            if options["curator"]
            else REVIEWER
        )
        actor = self._actor(options["actor"])
        password = options["password"]
        generated = password is None
        if generated:
            password = services.password_generate()
        # Without a request there is no history context; this one names the command (and the
        # actor, through the services) in the audit log.
        with pghistory.context(command="create_reviewer"):
            try:
                user = services.reviewer_create(
                    username=options["username"],
                    role=role,
                    actor=actor,
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    email=options["email"],
                    language=options["language"],
                    password=password,
                )
                created = (
                    services.token_create(user=user, name=options["token_name"], actor=actor)
                    if options["token"]
                    else None
                )
            except services.TeamError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(user)s with the role %(role)s.")
                % {"user": user.get_username(), "role": role}
            )
        )
        if generated:
            self.stdout.write(_("Password: %(password)s") % {"password": password})
        if created is not None:
            self.stdout.write(
                _("API token %(prefix)s… (%(name)s):")
                % {"prefix": created.token.prefix, "name": created.token.name}
            )
            self.stdout.write(created.key)

    def _actor(self, username: str | None):
        if not username:
            return None
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(
                _("--actor: there is no user named %(username)s.") % {"username": repr(username)}
            )
        if not can_manage_team(actor):
            raise CommandError(
                _("--actor: %(username)s is not an active admin.") % {"username": repr(username)}
            )
        return actor
