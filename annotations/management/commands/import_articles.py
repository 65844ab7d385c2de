"""`manage.py import_articles`: import .txt, .json and .jsonl files or folders, in batches."""

import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from annotations import services
from annotations.importing import SUPPORTED_SUFFIXES, ArticleData, InvalidImport, parse_file
from annotations.models import BackgroundJob
from annotations.segmentation import SUPPORTED_LANGUAGES
from annotations.selectors.jobs import job_errors
from annotations.services.bulk_import import BATCH_SIZE, BulkImportReport, BulkRecord
from annotations.services.jobs import import_job_create, jobs_recover, suggest_job_create
from annotations.translatable import gettext_noop


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .json and .jsonl files; folders are searched recursively. "
        "Articles are stored in batches (one transaction each); a file with a bad record is "
        "reported and skipped, texts already imported are reported as duplicates and left "
        "unchanged. Exits non-zero if any file failed. Suggestions for the new articles are "
        "computed by the background workers; with --queue the workers store the articles too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import.")
        parser.add_argument(
            "--language",
            default="de",
            help="Language of .txt files and of JSON articles that do not name one (de, en).",
        )
        parser.add_argument("--user", help="Username recorded as the importer.")
        parser.add_argument(
            "--quiet", action="store_true", help="Only print failures and the summary."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Articles stored per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Store through the background workers (a job with progress) instead of here.",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="With --queue: print the job's id and return without following its progress.",
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        language: str,
        user: str | None,
        quiet: bool,
        batch_size: int,
        queue: bool = False,
        no_wait: bool = False,
        **options,
    ) -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise CommandError(
                _("unsupported language %(language)s") % {"language": repr(language)}
            )
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1"))
        importer = _find_user(user) if user else None
        files = list(_expand(paths))
        failed = 0
        records: list[BulkRecord] = []
        reading = tqdm(
            files, unit="file", disable=len(files) < 2 or quiet, file=self.stderr._out, leave=False
        )
        for path in reading:
            try:
                articles = self._read(path, language)
            except InvalidImport as error:
                failed += 1
                reading.clear()
                self.stderr.write(
                    _("failed: %(origin)s: %(error)s") % {"origin": path, "error": error}
                )
                continue
            records.extend(BulkRecord(origin=str(path), data=article) for article in articles)
        reading.close()
        if queue:
            self._queue(records, importer, failed, wait=not no_wait, quiet=quiet)
            return

        storing = tqdm(
            total=len(records),
            unit="article",
            disable=len(records) < 2 or quiet,
            file=self.stderr._out,
            leave=False,
        )
        shown = {"imported": 0, "duplicates": 0, "failed": 0}

        def show(report: BulkImportReport, done: int) -> None:
            storing.clear()
            for outcome in report.failed[shown["failed"] :]:
                self.stderr.write(
                    _("failed: %(origin)s: %(error)s")
                    % {"origin": outcome.origin, "error": outcome.error}
                )
            if not quiet:
                for outcome in report.imported[shown["imported"] :]:
                    self.stdout.write(
                        _("imported: %(origin)s -> article %(id)d (%(count)d sentences)")
                        % {
                            "origin": outcome.origin,
                            "id": outcome.article_id,
                            "count": outcome.sentence_count,
                        }
                    )
                for outcome in report.duplicates[shown["duplicates"] :]:
                    self.stdout.write(
                        _("duplicate: %(origin)s -> already article %(id)d, unchanged")
                        % {"origin": outcome.origin, "id": outcome.article_id}
                    )
            # Each stored batch goes to the workers at once: suggestions are computed while
            # the next batches are stored, and the first articles get theirs within seconds.
            suggest_job_create(
                article_ids=[
                    o.article_id
                    for o in report.imported[shown["imported"] :]
                    if o.article_id is not None
                ],
                created_by=importer,
            )
            shown.update(
                imported=len(report.imported),
                duplicates=len(report.duplicates),
                failed=len(report.failed),
            )
            storing.update(done - storing.n)

        report = services.articles_import_bulk(
            records=records, imported_by=importer, batch_size=batch_size, on_batch=show
        )
        storing.close()
        failed += len(report.failed)
        summary = _("%(imported)d imported, %(duplicates)d duplicate(s), %(failed)d failed.") % {
            "imported": len(report.imported),
            "duplicates": len(report.duplicates),
            "failed": failed,
        }
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _queue(
        self, records: list[BulkRecord], importer, failed_files: int, *, wait: bool, quiet: bool
    ) -> None:
        job = import_job_create(records=records, created_by=importer)
        self.stdout.write(
            _("queued: job %(job)d, %(count)d article(s)") % {"job": job.pk, "count": job.total}
        )
        if not wait:
            return
        bar = tqdm(
            total=job.total, unit="article", disable=quiet, file=self.stderr._out, leave=False
        )
        while job.finished_at is None:
            time.sleep(0.5)
            # The command may be the only process watching: it hands out lost units too.
            jobs_recover()
            job = BackgroundJob.objects.get(pk=job.pk)
            bar.update(job.done - bar.n)
        bar.close()
        for error in job_errors(job=job):
            self.stderr.write(
                _("failed: %(origin)s: %(error)s")
                % {"origin": error["origin"], "error": error["detail"]}
            )
        failed = failed_files + job.failed
        summary = _("%(imported)d imported, %(duplicates)d duplicate(s), %(failed)d failed.") % {
            "imported": job.imported,
            "duplicates": job.duplicates,
            "failed": failed,
        }
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _read(self, path: Path, language: str) -> list[ArticleData]:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InvalidImport(
                gettext_noop("cannot read: %(error)s"), error=error.strerror
            ) from None
        return parse_file(
            path.name, data, max_bytes=settings.IMPORT_MAX_BYTES, default_language=language
        )


def _expand(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            # Named files are tried even when missing or of another type: the failure is reported.
            yield path


def _find_user(username: str):
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("no user named %(username)s") % {"username": repr(username)}) from None
