"""`manage.py import_articles`: import .txt, .json and .jsonl files or folders of them."""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from annotations import services
from annotations.importing import SUPPORTED_SUFFIXES, InvalidImport, parse_file
from annotations.segmentation import SUPPORTED_LANGUAGES


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .json and .jsonl files; folders are searched recursively. "
        "Each article is stored in its own transaction; texts already imported are reported as "
        "duplicates and left unchanged. Exits non-zero if any file failed."
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

    def handle(
        self, *args, paths: list[Path], language: str, user: str | None, quiet: bool, **options
    ) -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise CommandError(f"unsupported language {language!r}")
        importer = _find_user(user) if user else None
        files = list(_expand(paths))
        counts = {"imported": 0, "duplicate": 0, "failed": 0}
        progress = tqdm(
            files, unit="file", disable=len(files) < 2 or quiet, file=self.stderr._out, leave=False
        )
        for path in progress:
            for status, message in self._import_file(path, language, importer):
                counts[status] += 1
                if status == "failed":
                    progress.clear()
                    self.stderr.write(message)
                elif not quiet:
                    progress.clear()
                    self.stdout.write(message)
        progress.close()
        summary = (
            f"{counts['imported']} imported, {counts['duplicate']} duplicate(s), "
            f"{counts['failed']} failed."
        )
        if counts["failed"]:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _import_file(self, path: Path, language: str, importer) -> Iterator[tuple[str, str]]:
        try:
            data = path.read_bytes()
        except OSError as error:
            yield "failed", f"failed: {path}: cannot read: {error.strerror}"
            return
        try:
            articles = parse_file(
                path.name, data, max_bytes=settings.IMPORT_MAX_BYTES, default_language=language
            )
        except InvalidImport as error:
            yield "failed", f"failed: {path}: {error}"
            return
        for data_item in articles:
            outcome = services.article_import(data=data_item, imported_by=importer)
            article = outcome.article
            if outcome.created:
                count = article.sentences.count()
                yield "imported", f"imported: {path} -> article {article.pk} ({count} sentences)"
            else:
                yield "duplicate", f"duplicate: {path} -> already article {article.pk}, unchanged"


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
        raise CommandError(f"no user named {username!r}") from None
