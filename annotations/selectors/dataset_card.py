"""The dataset card (README.md) of an export: Hugging Face YAML metadata and a description.

Its ``dataset_info`` gives every config's features, so ``datasets.load_dataset`` on a folder
holding the card and downloaded exports reads them with these types and label names and
infers nothing: JSON Lines whose first rows have nulls load like any others.
"""

import pyarrow as pa
import yaml
from django.conf import settings

from annotations.agreement import Alpha, Report
from annotations.models import Article, Label
from annotations.selectors.agreement import AgreementFilters, agreement_for
from annotations.selectors.parquet_exports import (
    annotation_schema,
    gold_schema,
    hf_features,
    sentence_schema,
)

# Resamples of the card's 95 % intervals: the API's default.
CARD_BOOTSTRAP = 1000


def _jsonl_features(schema: pa.Schema) -> dict:
    """The features of the JSON Lines records: as in Parquet, with labels as slugs."""
    return hf_features(_labels_as_strings(schema), ())


def _labels_as_strings(schema: pa.Schema) -> pa.Schema:
    def retype(field: pa.Field) -> pa.Field:
        kind = field.type
        if field.name == "label":
            return field.with_type(pa.string())
        if field.name == "labels":
            return field.with_type(pa.list_(pa.string()))
        if pa.types.is_struct(kind):
            return field.with_type(pa.struct([retype(child) for child in kind]))
        if pa.types.is_list(kind):
            return field.with_type(pa.list_(retype(kind.value_field)))
        return field

    return pa.schema([retype(field) for field in schema])


def card_features(features: dict) -> list[dict]:
    """Features in the dataset card's YAML form (``dataset_info.features``)."""
    return [_card_feature(name, feature) for name, feature in features.items()]


def _card_feature(name: str, feature) -> dict:
    if isinstance(feature, list):
        item = feature[0]
        if item.get("_type") in ("ClassLabel", "Value"):
            # A list of one value: its dtype stands for the list's item (datasets' YAML form).
            return {"name": name, "list": _card_feature(name, item)["dtype"]}
        return {"name": name, "list": card_features(item)}
    if feature.get("_type") == "ClassLabel":
        names = {str(index): label for index, label in enumerate(feature["names"])}
        return {"name": name, "dtype": {"class_label": {"names": names}}}
    if feature.get("_type") == "Value":
        return {"name": name, "dtype": feature["dtype"]}
    return {"name": name, "struct": card_features(feature)}


# The card's configurations: (name, downloaded file pattern, schema). datasets reads a folder
# with one builder, chosen by file type, so the card describes the Parquet files; the JSON
# Lines features are published by dataset_features() for load_dataset("json", features=…).
CONFIGS = (
    ("annotations", "*annotations*.parquet", annotation_schema),
    ("sentences", "*sentences*.parquet", sentence_schema),
    ("gold", "*gold*.parquet", gold_schema),
)


def dataset_features() -> dict[str, dict]:
    """Features (Features.from_dict form) of every Parquet and JSON Lines export."""
    names = tuple(Label.objects.order_by("id").values_list("slug", flat=True))
    return {
        "annotations.parquet": hf_features(annotation_schema(), names),
        "sentences.parquet": hf_features(sentence_schema(), names),
        "gold.parquet": hf_features(gold_schema(), names),
        "annotations.jsonl": _jsonl_features(annotation_schema()),
        "sentences.jsonl": _jsonl_features(sentence_schema()),
        "gold.jsonl": _jsonl_features(gold_schema()),
    }


def dataset_card() -> str:
    """README.md for a folder of downloaded exports: YAML header, then a description.

    Call ``services.gold_refresh()`` first: the agreement figures compare reviewers with gold.
    """
    labels = list(Label.objects.order_by("id"))
    names = tuple(label.slug for label in labels)
    languages = sorted(set(Article.objects.values_list("language", flat=True))) or ["de"]
    header = {
        "pretty_name": settings.DATASET_NAME,
        "license": settings.DATASET_LICENSE,
        "language": languages,
        "task_categories": ["text-classification", "token-classification"],
        "configs": [
            {"config_name": name, "data_files": pattern, **({"default": True} if i == 0 else {})}
            for i, (name, pattern, _schema) in enumerate(CONFIGS)
        ],
        "dataset_info": [
            {"config_name": name, "features": card_features(hf_features(schema(), names))}
            for name, _pattern, schema in CONFIGS
        ],
    }
    # Names and guidelines in the language the card was asked for (Accept-Language), else the
    # labels' own; every other language's name follows.
    label_rows = "\n".join(
        f"| {index} | `{label.slug}` | {_cell(label.shown_name)} | {_cell(label.shown_guideline)} |"
        f" {_cell(_other_names(label))} | {'yes' if label.is_active else 'no (retired)'} |"
        for index, label in enumerate(labels)
    )
    body = f"""# {settings.DATASET_NAME}

Claims in news articles labelled by reviewers in factcheck: each claim is a whole sentence or
ranges inside it, with its label, the speaker it is attributed to, a note, the reviewer and
the times it was made and last changed. "Reviewed – no claim" marks record sentences a
reviewer read and found nothing to label in: the negative examples.

Licence: `{settings.DATASET_LICENSE}`.

## Labels

`label` is a class index into these names (`ClassLabel`); the JSON Lines files give the slug.

| index | slug | name | guideline | other languages | in use |
|---|---|---|---|---|---|
{label_rows}

## Files and configurations

Put this README next to the downloaded exports and load them by configuration; the features
above are used as they are, nothing is inferred:

```python
from datasets import load_dataset

claims = load_dataset("path/to/folder", "annotations", split="train")
sentences = load_dataset("path/to/folder", "sentences", split="train")
gold = load_dataset("path/to/folder", "gold", split="train")
```

| configuration | files | one row per |
|---|---|---|
| `annotations` | `factcheck-annotations-*.parquet` | claim |
| `sentences` | `factcheck-sentences-*.parquet` | reviewed sentence, with all its claims and marks |
| `gold` | `factcheck-gold-*.parquet` | sentence, with its gold, provenance, reviews and split |

In `gold`, `split` (train, dev, test) is decided per article, so no article is in two
splits; `reviews[].labels` are class indices like `label`.

The JSON Lines exports load with their published features (`/api/export/features.json`), so
files whose first rows have nulls load together like any others:

```python
import json

from datasets import Features, load_dataset

features = Features.from_dict(json.load(open("features.json"))["annotations.jsonl"])
claims = load_dataset("json", data_files="factcheck-annotations-*.jsonl", features=features)
```

Offsets count Unicode code points, end exclusive; `spans[].start/end` are relative to the
sentence, `article_start/article_end` to the article text (`articles.jsonl`). Times are UTC.

{agreement_section(agreement_for(AgreementFilters(), bootstrap=CARD_BOOTSTRAP).report)}"""
    front = yaml.safe_dump(header, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _interval(alpha: Alpha) -> str:
    return "–" if alpha.interval is None else "{:.3f} to {:.3f}".format(*alpha.interval)


def _alpha_cells(alpha: Alpha) -> str:
    return f"{_figure(alpha.alpha)} | {_interval(alpha)} | {alpha.units}"


def agreement_section(report: Report) -> str:
    """The card's agreement figures, as ``GET /api/agreement/`` gives them without filters."""
    label_rows = "\n".join(
        f"| `{figures.label}` | {_alpha_cells(figures.alpha)} | {figures.prevalence:.1%} |"
        f" {_figure(figures.span_f1.exact)} | {_figure(figures.span_f1.relaxed)} |"
        f" {figures.span_f1.claims} |"
        for figures in report.labels
    )
    pair_rows = "\n".join(
        f"| {pair.reviewers[0]} | {pair.reviewers[1]} | {_figure(pair.kappa)} |"
        f" {_figure(pair.observed)} | {pair.units} |"
        for pair in report.pairs
    )
    warnings = [
        caveat.message
        for caveat in [
            *report.warnings,
            *report.overall.warnings,
            *(c for figures in report.labels for c in figures.alpha.warnings),
            *(c for pair in report.pairs for c in pair.warnings),
        ]
    ]
    warning_lines = "\n".join(f"- {message}" for message in dict.fromkeys(warnings)) or "- none"
    return f"""## Agreement

How far the reviewers agree, computed when this card was made over every review (a sentence a
reviewer has not reviewed is missing, not "no claim"): {report.units} sentences reviewed,
{report.pairable_units} of them by two or more of {len(report.reviewers)} reviewers. Units are
those sentences; intervals are 95 % bootstrap intervals over them.

Overall Krippendorff's α over each reviewer's set of labels (MASI distance):
{_figure(report.overall.alpha)} (95 % interval {_interval(report.overall)},
{report.overall.units} units).

Per label: α (nominal: did the reviewer put the label on the sentence), its prevalence among
the judgements, and span F1 over reviewer pairs with one-to-one matching, exact (same
characters) and relaxed (Dice overlap ≥ 0.5), with the claims compared:

| label | α | 95 % interval | units | prevalence | span F1 exact | span F1 relaxed | claims |
|---|---|---|---|---|---|---|---|
{label_rows or "| – | – | – | 0 | – | – | – | 0 |"}

Cohen's κ per pair of reviewers over their label sets on shared sentences:

| reviewer | reviewer | κ | identical label sets | shared sentences |
|---|---|---|---|---|
{pair_rows or "| – | – | – | – | 0 |"}

Warnings, where figures mislead:

{warning_lines}
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "–"


def _other_names(label: Label) -> str:
    """``de: Meinung; …``: the names given in languages other than the one shown."""
    shown = label.shown_name
    return "; ".join(
        f"{code}: {entry['name']}"
        for code, entry in sorted(label.translations.items())
        if entry.get("name") and entry["name"] != shown
    )
