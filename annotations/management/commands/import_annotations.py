"""`manage.py import_annotations`: load an annotations.jsonl export from another instance."""

import sys
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annotations.services import AnnotationImportFailed, annotations_import
from annotations.services.annotation_import import json_lines


class Command(BaseCommand):
    help = (
        "Import the claims of an annotations.jsonl export (GET /api/export/annotations.jsonl). "
        "Articles must be imported first; they are found by content hash. Reviewers missing "
        "here are created deactivated. All or nothing: any bad line is reported with its "
        "number, nothing is stored and the exit status is non-zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .jsonl export, or - to read standard input.")
        parser.add_argument(
            "--user", help="Username recorded as the importer in the audit history."
        )

    def handle(self, *args, file: str, user: str | None, **options) -> None:
        actor = _find_user(user) if user else None
        try:
            if file == "-":
                report = annotations_import(records=json_lines(sys.stdin), actor=actor)
            else:
                with _open(Path(file)) as lines:
                    report = annotations_import(records=json_lines(lines), actor=actor)
        except AnnotationImportFailed as failure:
            for error in failure.errors:
                if error.line:
                    self.stderr.write(
                        _("line %(number)d: %(error)s")
                        % {"number": error.line, "error": error.message}
                    )
                else:
                    self.stderr.write(error.message)
            hidden = failure.error_count - len(failure.errors)
            if hidden:
                self.stderr.write(_("… and %(count)d more") % {"count": hidden})
            raise CommandError(
                ngettext(
                    "%(count)d bad line; nothing was imported.",
                    "%(count)d bad lines; nothing was imported.",
                    failure.error_count,
                )
                % {"count": failure.error_count}
            ) from None
        except UnicodeDecodeError as error:
            byte = error.object[error.start]
            raise CommandError(
                _("%(file)s: not UTF-8 (byte 0x%(byte)02x); save it as UTF-8")
                % {"file": file, "byte": byte}
            ) from None
        summary = _("%(created)d imported, %(unchanged)d already present.") % {
            "created": report.created,
            "unchanged": report.unchanged,
        }
        if report.no_claim_created or report.no_claim_unchanged:
            summary += " " + _(
                '"Reviewed – no claim" marks: %(created)d imported, %(unchanged)d already present.'
            ) % {"created": report.no_claim_created, "unchanged": report.no_claim_unchanged}
        if report.reviewers_created:
            summary += " " + _("Created deactivated reviewers: %(names)s") % {
                "names": ", ".join(report.reviewers_created)
            }
        self.stdout.write(summary)


def _open(path: Path):
    try:
        # utf-8-sig: a BOM written by a spreadsheet or an editor is not part of the first line.
        return path.open(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(
            _("%(path)s: cannot read: %(error)s") % {"path": path, "error": error.strerror}
        ) from None


def _find_user(username: str):
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("no user named %(username)s") % {"username": repr(username)}) from None
