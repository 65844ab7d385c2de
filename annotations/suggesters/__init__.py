"""Machine suggestions for claims: what a source proposes, never anyone's judgement until accepted.

Pure Python (no Django), like ``segmentation.py``: the rule suggester, the HTTP client for a
newsroom's own model and the benchmark share these types, and the Django side (task queue,
workspace, agreement pages) turns them into rows. Offsets are code points relative to the
sentence's text and always fall on grapheme boundaries (``annotations.graphemes``), the same
rule the reviewer's own claims follow.
"""

from annotations.suggesters.base import (
    ArticleText,
    Source,
    SourceUnavailable,
    Suggestion,
)

__all__ = ["ArticleText", "Source", "SourceUnavailable", "Suggestion"]
