"""A small suggestion source for tests: proposes a quoted fact for every »…« quotation.

Usable in the test process and, through SUGGESTION_SOURCES=fake=python:tests.suggestion_fakes.
QuoteSource, in a worker subprocess.
"""

import re

from annotations.suggesters.base import ArticleText, SourceUnavailable, Suggestion

QUOTE = re.compile(r"»[^«]+«")


class QuoteSource:
    name = "fake"
    version = "1"

    def suggest(self, article: ArticleText) -> list[Suggestion]:
        return [
            Suggestion(
                sentence=index,
                label="quoted_fact",
                spans=((match.start(), match.end()),),
                speaker="Friedrich Merz",
                reason="Zitat in »…«",
                score=0.9,
                source=self.name,
                version=self.version,
            )
            for index, text in enumerate(article.sentences)
            for match in QUOTE.finditer(text)
        ]


class DownSource:
    name = "down"
    version = "1"

    def suggest(self, article: ArticleText) -> list[Suggestion]:
        raise SourceUnavailable("down: model server at http://127.0.0.1:9 refused the connection")
