"""Forms of the team pages (people, assignments, labels, tokens, audit, settings).

Filter forms validate query strings too; a filter that does not validate is ignored and its
error shown. Rules that the services enforce are not repeated here: views turn a TeamError
into an error on the field it names.
"""

from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from annotations.forms import validate_one_line
from annotations.models import Article, Label
from annotations.permissions import REVIEWER, ROLE_DEFINITIONS
from annotations.selectors.assignments import AssignmentStatus
from annotations.selectors.audit import KINDS
from annotations.selectors.team import (
    NO_ROLE,
    MemberStatus,
    assignable_reviewers,
    assignment_holders,
    token_holders,
)
from annotations.services import TeamError
from annotations.services.labels import check_colour, check_shortcut, check_translations

ROLE_CHOICES = [(role.name, role.summary) for role in ROLE_DEFINITIONS]
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LANGUAGE_CHOICES = [("", _("Browser default")), *settings.LANGUAGES]


def _model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's model choice field ``name``, to scope its queryset when the form is made."""
    return cast(forms.ModelChoiceField, form.fields[name])


def add_team_error(form: forms.Form, error: TeamError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[
            ("", _("Any role")),
            *((role.name, role.title) for role in ROLE_DEFINITIONS),
            (NO_ROLE, _("No role")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Active and deactivated")),
            (MemberStatus.ACTIVE, _("Active")),
            (MemberStatus.INACTIVE, _("Deactivated")),
        ],
    )


class PasswordChoice:
    GENERATE = "generate"
    SET = "set"
    LINK = "link"


class MemberDetailsForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), required=False, max_length=150, validators=[validate_one_line]
    )
    last_name = forms.CharField(
        label=_("Last name"), required=False, max_length=150, validators=[validate_one_line]
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    language = forms.ChoiceField(
        label=_("Interface language"),
        required=False,
        choices=LANGUAGE_CHOICES,
        help_text=_("Applied when they log in; they can still switch in the page header."),
    )


def password_choice_field(label: "StrOrPromise", link_text: "StrOrPromise") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[
            (PasswordChoice.GENERATE, _("Generate one and show it to me once")),
            (PasswordChoice.SET, _("I choose it")),
            (PasswordChoice.LINK, link_text),
        ],
        initial=PasswordChoice.GENERATE,
        widget=forms.RadioSelect,
    )


class PasswordResetForm(forms.Form):
    """A password set for someone: generated and shown once, chosen here, or theirs via a link."""

    password_choice = password_choice_field(_("New password"), _("Link: they choose their own"))
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Only when you choose it."),
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("password_choice") == PasswordChoice.SET and not cleaned.get("password"):
            self.add_error("password", _("Enter the password, or choose another option."))
        return cleaned


class MemberCreateForm(MemberDetailsForm, PasswordResetForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ROLE_CHOICES, initial=REVIEWER, widget=forms.RadioSelect
    )
    password_choice = password_choice_field(
        _("First password"), _("Invitation link: they choose their own (valid for days)")
    )

    field_order = ["username", "first_name", "last_name", "email", "language", "role"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)


class AssignmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Article title"), required=False, max_length=200)
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Anyone"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (AssignmentStatus.NOT_STARTED, _("Not started")),
            (AssignmentStatus.IN_PROGRESS, _("In progress")),
            (AssignmentStatus.DONE, _("Done")),
            (AssignmentStatus.OVERDUE, _("Overdue")),
        ],
    )
    due_before = forms.DateField(
        label=_("Due by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People who can take work, and anyone who still holds some (a former reviewer).
        _model_choices(self, "reviewer").queryset = assignment_holders()


class AssignMode:
    EVERYONE = "everyone"
    BALANCED = "balanced"


class ArticlePickerForm(forms.Form):
    """The article search of the bulk assignment page (a query string)."""

    q = forms.CharField(label=_("Search titles"), required=False, max_length=200)
    unassigned = forms.BooleanField(label=_("Only articles nobody is assigned"), required=False)


class BulkAssignForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(
        label=_("Articles"),
        queryset=Article.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_matching = forms.BooleanField(
        label=_("All articles matching the search"),
        required=False,
        help_text=_("Instead of ticking them one by one."),
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one reviewer.")},
    )
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            (AssignMode.EVERYONE, _("Every selected reviewer gets every selected article")),
            (AssignMode.BALANCED, _("Each article to a number of them, spreading the load")),
        ],
        initial=AssignMode.EVERYONE,
        widget=forms.RadioSelect,
    )
    per_article = forms.IntegerField(
        label=_("Reviewers per article"), min_value=1, max_value=50, initial=2, required=False
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choices(self, "reviewers").queryset = assignable_reviewers()

    def clean_due_on(self):
        return _due_date_not_past(self.cleaned_data.get("due_on"))

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if not cleaned.get("articles") and not cleaned.get("all_matching"):
            self.add_error("articles", _("Select at least one article."))
        if cleaned.get("mode") == AssignMode.BALANCED and not cleaned.get("per_article"):
            self.add_error("per_article", _("Say how many reviewers each article gets."))
        return cleaned


class ArticleAssignForm(forms.Form):
    """Assign one article to one more reviewer, on the article's assignment panel."""

    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), empty_label=_("Choose a reviewer")
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choices(self, "reviewer").queryset = assignable_reviewers().exclude(
            assignments__article=article
        )

    def clean_due_on(self):
        return _due_date_not_past(self.cleaned_data.get("due_on"))


class AssignmentDueForm(forms.Form):
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class LabelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, validators=[validate_one_line])
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=50,
        required=False,
        help_text=_("Identifier for the API; made from the name when empty. Cannot change later."),
    )
    description = forms.CharField(
        label=_("Guideline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown to reviewers: when to use this label, with examples."),
    )
    shortcut = forms.CharField(
        label=_("Shortcut key"),
        max_length=1,
        required=False,
        help_text=_("One key, 1–9 or a–z, not one the workspace reserves."),
    )
    colour = forms.CharField(
        label=_("Colour"),
        max_length=7,
        initial="#1f77b4",
        widget=forms.TextInput({"type": "color"}),
    )
    suggestions_enabled = forms.BooleanField(
        label=_("Show suggestions"),
        required=False,
        initial=True,
        help_text=_("Reviewers see machine suggestions of this label, to accept or reject."),
    )
    suggestions_after_review = forms.BooleanField(
        label=_("Only after the reviewer's own judgement"),
        required=False,
        help_text=_(
            "Keep this label's suggestions hidden on a sentence until the reviewer has labelled "
            "it once (a claim or “no claim”), so the machine does not anchor their judgement."
        ),
    )

    def __init__(self, *args, label: Label | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label
        if label is not None:
            del self.fields["slug"]
        # A name and a guideline per interface language, after the label's own.
        given = label.translations if label is not None else {}
        for code, language in settings.LANGUAGES:
            entry = given.get(code, {})
            self.fields[f"name_{code}"] = forms.CharField(
                label=format_lazy(_("Name in {language}"), language=language),
                max_length=100,
                required=False,
                initial=entry.get("name", ""),
                validators=[validate_one_line],
                help_text=_("Shown in this interface language; empty: the name above."),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=format_lazy(_("Guideline in {language}"), language=language),
                required=False,
                initial=entry.get("description", ""),
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Shown in this interface language; empty: the guideline above."),
            )

    def clean_shortcut(self) -> str:
        return _service_check(check_shortcut, self.cleaned_data["shortcut"], label=self.label)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        translations = {
            code: {
                "name": cleaned.pop(f"name_{code}", "") or "",
                "description": cleaned.pop(f"description_{code}", "") or "",
            }
            for code, _language in settings.LANGUAGES
        }
        cleaned["translations"] = _service_check(check_translations, translations)
        return cleaned

    def clean_colour(self) -> str:
        return _service_check(check_colour, self.cleaned_data["colour"])


class LabelAdminForm(forms.ModelForm):
    """The Django admin's label form, with the same readable errors as the team pages."""

    class Meta:
        model = Label
        fields = [
            "slug",
            "name",
            "description",
            "translations",
            "shortcut",
            "colour",
            "order",
            "is_active",
            "suggestions_enabled",
            "suggestions_after_review",
        ]

    def clean_colour(self) -> str:
        return _service_check(check_colour, self.cleaned_data["colour"])

    def clean_translations(self) -> dict:
        return _service_check(check_translations, self.cleaned_data["translations"] or {})

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if "shortcut" in cleaned:
            # Whether the key may clash depends on the active flag this same form sets.
            probe = Label(pk=self.instance.pk, is_active=cleaned.get("is_active", False))
            try:
                cleaned["shortcut"] = check_shortcut(cleaned["shortcut"], label=probe)
            except TeamError as error:
                self.add_error("shortcut", str(error))
        return cleaned


class TokenCreateForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("For"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        help_text=_("The token acts as this person, with their role."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What it is for, e.g. “nightly export”."),
        validators=[validate_one_line],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choices(self, "user").queryset = token_holders()


class TokenFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("revoked", _("Revoked"))],
    )
    user = forms.ModelChoiceField(
        label=_("Person"),
        required=False,
        queryset=User.objects.order_by("username"),
        empty_label=_("Anyone"),
    )


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *((kind, title) for kind, (title, _m) in KINDS.items())],
    )
    actor = forms.ModelChoiceField(
        label=_("Done by"),
        required=False,
        queryset=User.objects.order_by("username"),
        empty_label=_("Anyone"),
    )
    subject = forms.ModelChoiceField(
        label=_("About"),
        required=False,
        queryset=User.objects.order_by("username"),
        empty_label=_("Anyone"),
        help_text=_("Changes to this person's account, roles, assignments and tokens."),
    )


class WorkspaceSettingsForm(forms.Form):
    reviewers_may_open_unassigned = forms.BooleanField(
        label=_("Reviewers may open articles not assigned to them"),
        required=False,
        help_text=_(
            "When off, reviewers see and open only their assignments. Admins always see everything."
        ),
    )


def _due_date_not_past(due_on):
    if due_on is not None and due_on < timezone.localdate():
        raise forms.ValidationError(_("The due date is in the past."))
    return due_on


def _service_check(check, value, **kwargs):
    try:
        return check(value, **kwargs)
    except TeamError as error:
        raise forms.ValidationError(str(error)) from None
