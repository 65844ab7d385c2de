"""`manage.py segment`: print the sentences of a text file, or segment JSON Lines in bulk."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from annotations.importing import InvalidImport, decode_utf8
from annotations.segmentation import SUPPORTED_LANGUAGES, split_sentences
from annotations.translatable import gettext_noop


class Command(BaseCommand):
    help = (
        "Split FILE's text (UTF-8, as read) into sentences, one per line or as JSON; "
        "with --jsonl, read lines {id, text, language?} and write {id, sentences} per line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A UTF-8 text file, or - for standard input.")
        parser.add_argument("--language", default="de", help="Language of the text (de, en).")
        output = parser.add_mutually_exclusive_group()
        output.add_argument(
            "--json", action="store_true", help="Print a JSON array of {start, end, text}."
        )
        output.add_argument(
            "--jsonl", action="store_true", help="FILE holds JSON Lines {id, text, language?}."
        )

    def handle(self, *args, file: str, language: str, json: bool, jsonl: bool, **options) -> None:
        _check_language(language)
        text = _read_text(file)
        if jsonl:
            self._segment_lines(text, language)
            return
        spans = split_sentences(text, language)
        if json:
            items = [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]
            self.stdout.write(_dumps(items))
        else:
            for start, end in spans:
                self.stdout.write(" ".join(text[start:end].split("\n")))

    def _segment_lines(self, content: str, default_language: str) -> None:
        failures = 0
        for number, line in enumerate(content.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                document_id, text, language = _parse_line(line, default_language)
            except InvalidImport as error:
                failures += 1
                self.stderr.write(
                    _("line %(number)d: %(error)s") % {"number": number, "error": error}
                )
                continue
            sentences = [list(span) for span in split_sentences(text, language)]
            self.stdout.write(_dumps({"id": document_id, "sentences": sentences}))
        if failures:
            raise CommandError(
                _("%(count)d line(s) could not be segmented; see the messages above.")
                % {"count": failures}
            )


def _parse_line(line: str, default_language: str) -> tuple[object, str, str]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise InvalidImport(
            gettext_noop("malformed JSON at column %(column)d: %(error)s"),
            column=error.colno,
            error=error.msg,
        ) from None
    if not isinstance(item, dict) or "id" not in item or "text" not in item:
        raise InvalidImport(gettext_noop('expected an object with "id" and "text"'))
    if not isinstance(item["text"], str):
        raise InvalidImport(gettext_noop('"text" must be a string'))
    language = item.get("language", default_language)
    if language not in SUPPORTED_LANGUAGES:
        raise InvalidImport(
            gettext_noop("unsupported language %(language)s"), language=repr(language)
        )
    return item["id"], item["text"], language


def _read_text(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        raise CommandError(
            _("cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
        ) from None
    try:
        return decode_utf8(data)
    except InvalidImport as error:
        raise CommandError(_("%(file)s: %(error)s") % {"file": file, "error": error}) from None


def _check_language(language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise CommandError(
            _("unsupported language %(language)s; use one of %(languages)s")
            % {"language": repr(language), "languages": ", ".join(sorted(SUPPORTED_LANGUAGES))}
        )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
