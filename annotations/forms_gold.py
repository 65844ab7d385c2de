"""Forms of the curators' pages: queue filters, decisions on a sentence, pre-merge settings."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from annotations.models import Article, GoldSentence, GoldSettings, Label

SPAN = re.compile(r"^\s*(\d{1,9})\s*[-–]\s*(\d{1,9})\s*$")


class QueueFilterForm(forms.Form):
    article = forms.ModelChoiceField(
        queryset=Article.objects.order_by("title"), required=False, label=_("Article")
    )
    label = forms.ModelChoiceField(
        queryset=Label.objects.all(), required=False, to_field_name="slug", label=_("Label")
    )
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        to_field_name="username",
        label=_("Reviewer"),
    )
    state = forms.ChoiceField(
        choices=[
            ("open", _("disputed and stale")),
            ("disputed", _("disputed")),
            ("stale", _("stale")),
        ],
        required=False,
        label=_("State"),
    )


def parse_spans(text: str) -> list[list[int]]:
    """'0-5, 10-12' (code points of the sentence, end exclusive) as [[0, 5], [10, 12]]."""
    spans = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text or ""))):
        match = SPAN.match(part)
        if not match:
            raise forms.ValidationError(
                _(
                    "Write ranges as start-end, separated by commas, e.g. 0-5, 10-12 "
                    "(got “%(part)s”)."
                )
                % {"part": part[:40]}
            )
        spans.append([int(match[1]), int(match[2])])
    return spans


class DecisionForm(forms.Form):
    """One curator action on a sentence; ``action`` says which, the other fields its details."""

    ACTIONS = (
        "take_reviewer",
        "take_claim",
        "proposal",
        "no_claim",
        "add",
        "remove",
        "confirm",
        "reopen",
    )
    # "take_reviewer:5": a button names the action and what it acts on in one value.
    action = forms.CharField(max_length=40)
    version = forms.IntegerField(min_value=1, required=False)
    reviewer = forms.IntegerField(min_value=1, required=False)
    claim = forms.IntegerField(min_value=1, required=False)
    gold_claim = forms.IntegerField(min_value=1, required=False)
    label = forms.ModelChoiceField(
        queryset=Label.objects.active(), required=False, label=_("Label")
    )
    spans = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Characters"),
        help_text=_("Empty: the whole sentence. Else ranges like 0-5, 10-12; select text to fill."),
    )
    attributed_to = forms.CharField(required=False, max_length=200, label=_("Speaker"))
    rationale = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Rationale"),
    )
    error_category = forms.ChoiceField(
        choices=[("", "—"), *GoldSentence.ErrorCategory.choices],
        required=False,
        label=_("Error category"),
    )

    def clean_spans(self) -> list[list[int]]:
        return parse_spans(self.cleaned_data.get("spans", ""))

    def clean(self):
        data = super().clean() or {}
        action, _sep, argument = (data.get("action") or "").partition(":")
        needs = {
            "take_reviewer": "reviewer",
            "take_claim": "claim",
            "add": "label",
            "remove": "gold_claim",
        }
        if action not in self.ACTIONS:
            self.add_error("action", _("Unknown action."))
            return data
        data["action"] = action
        if argument:
            if not argument.isdigit() or action not in ("take_reviewer", "take_claim", "remove"):
                self.add_error("action", _("Unknown action."))
                return data
            data[needs[action]] = int(argument)
        if action in needs and not data.get(needs[action]):
            self.add_error(needs[action], _("This action needs this field."))
        return data


class GoldSettingsForm(forms.ModelForm):
    class Meta:
        model = GoldSettings
        fields = ["reviewers_required", "rule", "reviewers_see_gold"]
        widgets = {"rule": forms.RadioSelect}

    def clean_reviewers_required(self) -> int:
        value = self.cleaned_data["reviewers_required"]
        if not 1 <= value <= 20:
            raise forms.ValidationError(_("Between 1 and 20 reviewers."))
        return value


class AgreementFilterForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.order_by("title"), required=False, label=_("Articles")
    )
    since = forms.DateField(
        required=False, label=_("Reviewed from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("until (exclusive)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            self.add_error("until", _("Must be later than the start."))
        return data
