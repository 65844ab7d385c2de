"""Forms of the HTML pages; they validate query strings as well as posted data."""

from dataclasses import replace
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from annotations import input_checks
from annotations.importing import (
    SUPPORTED_SUFFIXES,
    ArticleData,
    InvalidImport,
    check_url,
    parse_file,
    parse_plain_text,
)
from annotations.models import Label, Language


class ArticleSearchForm(forms.Form):
    """The queue's filters, read from the query string."""

    q = forms.CharField(label=_("Search titles"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Progress"),
        required=False,
        choices=[
            ("", _("All")),
            ("not_started", _("Not started")),
            ("in_progress", _("In progress")),
            ("done", _("Done")),
        ],
    )
    assigned = forms.BooleanField(label=_("Assigned to me"), required=False)


class ExportFilterForm(forms.Form):
    """The exports' filters on the data page, read from the query string; they build links."""

    article: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Article"), required=False, queryset=None, empty_label=_("All articles")
    )
    reviewer: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=None,
        to_field_name="username",
        empty_label=_("Everyone"),
    )
    label = forms.ModelChoiceField(
        label=_("Label"),
        required=False,
        queryset=Label.objects.order_by("order", "name"),
        to_field_name="slug",
        empty_label=_("All labels"),
    )
    updated_since = forms.DateField(
        label=_("Changed since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from annotations.models import Annotation, Article

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["article"]).queryset = Article.objects.order_by(
            "-imported_at"
        )
        # People who made claims: the only reviewers a filter can find anything for.
        cast(forms.ModelChoiceField, self.fields["reviewer"]).queryset = (
            get_user_model()
            .objects.filter(pk__in=Annotation.objects.values("reviewer_id"))
            .order_by("username")
        )

    def query_string(self) -> str:
        """The chosen filters as the exports' query parameters; empty ones left out."""
        data = self.cleaned_data
        params = {
            "article": data["article"].pk if data.get("article") else None,
            "reviewer": data["reviewer"].get_username() if data.get("reviewer") else None,
            "label": data["label"].slug if data.get("label") else None,
            "updated_since": data["updated_since"].isoformat()
            if data.get("updated_since")
            else None,
        }
        return urlencode({key: value for key, value in params.items() if value is not None})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ArticleImportForm(forms.Form):
    """Paste text or upload files; the same parsing and limits as the command line."""

    text = forms.CharField(
        label=_("Paste article text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=False,
        help_text=_("A first line 'date YYYY-MM-DD' sets the published date."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    source = forms.CharField(label=_("Source"), required=False, max_length=200)
    url = forms.CharField(label=_("URL"), required=False, max_length=2000)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    # Declared fields leave the class, so the form's uploaded ``files`` stay what Django set.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Or upload files"),
        required=False,
        help_text=_("Plain text (.txt), JSON (.json) or JSON Lines (.jsonl), UTF-8."),
        widget=MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}),
    )

    def clean_title(self) -> str:
        return _checked_line(self.cleaned_data["title"])

    def clean_source(self) -> str:
        return _checked_line(self.cleaned_data["source"])

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url:
            try:
                check_url(url)
            except InvalidImport as error:
                raise forms.ValidationError(str(error)) from None
        return url

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        pasted = cleaned.get("text", "")
        files = cleaned.get("files") or []
        if not pasted.strip() and not files:
            if "text" not in self.errors:
                self.add_error("text", _("Paste some text or choose at least one file."))
            return cleaned
        articles: list[tuple[str, ArticleData]] = []
        max_bytes = settings.IMPORT_MAX_BYTES
        language = cleaned.get("language") or Language.GERMAN
        if pasted.strip():
            try:
                data = parse_plain_text(pasted, max_bytes=max_bytes, language=language)
            except InvalidImport as error:
                self.add_error("text", str(error))
            else:
                overrides = {k: cleaned[k] for k in ("title", "source", "url") if cleaned.get(k)}
                articles.append((str(_("pasted text")), replace(data, **overrides)))
        for upload in files:
            try:
                parsed = parse_file(
                    upload.name, upload.read(), max_bytes=max_bytes, default_language=language
                )
            except InvalidImport as error:
                self.add_error("files", f"{upload.name}: {error}")
            else:
                articles.extend((upload.name, data) for data in parsed)
        cleaned["articles"] = articles
        return cleaned


def validate_one_line(value: str) -> None:
    """Validator for names and titles: storable, and no invisible direction overrides."""
    problem = input_checks.line_problem(value)
    if problem is not None:
        raise forms.ValidationError(_("This field %(problem)s.") % {"problem": problem})


def _checked_line(value: str) -> str:
    validate_one_line(value)
    return value


class StrictJSONField(forms.JSONField):
    """forms.JSONField parsing with input_checks.loads: what it accepts, jsonb can store."""

    def to_python(self, value):
        if self.disabled or value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        try:
            return input_checks.loads(value, what=str(_("The JSON")))
        except input_checks.UnsafeInput as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def bound_data(self, data, initial):
        if self.disabled or not isinstance(data, str):
            return super().bound_data(data, initial)
        try:
            return input_checks.loads(data)
        except input_checks.UnsafeInput:
            return forms.fields.InvalidJSONInput(data)


class SpansField(forms.CharField):
    """Spans as posted by the workspace: JSON ``[[start, end], ...]``; empty = whole sentence."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        try:
            spans = input_checks.loads(value, what=str(_("Spans")))
        except input_checks.UnsafeInput as error:
            raise forms.ValidationError(
                _("Spans must be JSON like [[0, 5], [9, 14]] (%(error)s).") % {"error": error}
            ) from None
        if not isinstance(spans, list):
            raise forms.ValidationError(_("Spans must be a list of [start, end] pairs."))
        return spans


class LabelChoiceForm(forms.Form):
    """A form with a label chosen by slug among labels the view already read."""

    label = forms.ChoiceField(label=_("Label"))

    def __init__(self, *args, labels: list[Label], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = {label.slug: label for label in labels}
        cast(forms.ChoiceField, self.fields["label"]).choices = [
            (label.slug, label.name) for label in labels
        ]

    def clean_label(self) -> Label:
        return self.labels[self.cleaned_data["label"]]


class ClaimForm(LabelChoiceForm):
    spans = SpansField(required=False, widget=forms.HiddenInput)
    attributed_to = forms.CharField(
        label=_("Attributed to"), required=False, max_length=200, validators=[validate_one_line]
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClaimEditForm(LabelChoiceForm):
    # Suggests the speakers already used (the page's datalist "speaker-suggestions").
    attributed_to = forms.CharField(
        label=_("Attributed to"),
        required=False,
        max_length=200,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"list": "speaker-suggestions", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SuggestionAcceptForm(forms.Form):
    """Accepting a suggestion as it is (no fields), or edited first (label, speaker, note)."""

    label = forms.ChoiceField(label=_("Label"), required=False)
    attributed_to = forms.CharField(
        label=_("Attributed to"),
        required=False,
        max_length=200,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"list": "speaker-suggestions", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    edited = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, labels: list[Label], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = {label.slug: label for label in labels}
        cast(forms.ChoiceField, self.fields["label"]).choices = [("", "")] + [
            (label.slug, label.name) for label in labels
        ]

    def clean_label(self) -> Label | None:
        slug = self.cleaned_data["label"]
        return self.labels[slug] if slug else None


class ClaimDeleteForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class BoundaryForm(forms.Form):
    """Staff fix of a sentence boundary: split sentence N at a character, or merge it with N+1."""

    number = forms.IntegerField(label=_("Sentence number"), min_value=1)
    action = forms.ChoiceField(choices=[("split", _("Split")), ("merge", _("Merge"))])
    offset = forms.IntegerField(
        label=_("Split before character"),
        min_value=1,
        required=False,
        help_text=_("Counted from the start of the sentence."),
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "split" and cleaned.get("offset") is None:
            self.add_error("offset", _("Say before which character to split."))
        return cleaned
