"""Suggestions are stored apart from claims, recomputed without copies, and become claims only
when a reviewer accepts them."""

import pytest

from annotations import services
from annotations.importing import ArticleData
from annotations.models import (
    Annotation,
    ExportChange,
    GoldClaim,
    Suggestion,
    SuggestionDecision,
)
from annotations.services.suggestions import (
    suggestion_accept,
    suggestion_reject,
    suggestions_compute,
)
from tests.suggestion_fakes import DownSource, QuoteSource

pytestmark = pytest.mark.django_db

TEXT = "Merz sagte: »Wir schaffen das 🇩🇪.« Dann ging er.\n\nNiemand widersprach."


@pytest.fixture
def quoted(admin_user):
    return services.article_import(
        data=ArticleData(text=TEXT, title="Zitat", language="de"), imported_by=admin_user
    ).article


def test_compute_stores_each_proposal_with_its_source_reason_and_code_point_spans(quoted):
    report = suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    assert report.stored == 1
    assert suggestion.sentence.position == 0
    assert suggestion.span_texts == ["»Wir schaffen das 🇩🇪.«"]
    assert (suggestion.source, suggestion.version, suggestion.reason) == (
        "fake",
        "1",
        "Zitat in »…«",
    )
    assert suggestion.speaker == "Friedrich Merz"


def test_compute_twice_keeps_one_row_per_proposal(quoted):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    first = Suggestion.objects.get().pk
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    assert list(Suggestion.objects.values_list("pk", flat=True)) == [first]


def test_compute_reports_a_source_that_is_down_and_stores_the_others(quoted):
    report = suggestions_compute(article_ids=[quoted.pk], sources=[DownSource(), QuoteSource()])
    assert Suggestion.objects.count() == 1
    assert report.errors == [
        (quoted.pk, "down: model server at http://127.0.0.1:9 refused the connection")
    ]


def test_suggestions_are_never_claims_gold_or_exported_changes(quoted):
    changes = ExportChange.objects.count()
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    assert not Annotation.objects.exists()
    assert not GoldClaim.objects.exists()
    assert ExportChange.objects.count() == changes


def test_accept_makes_the_reviewers_claim_linked_to_the_suggestion(quoted, reviewer):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    outcome = suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    claim = outcome.annotation
    assert (claim.reviewer, claim.label, claim.spans) == (
        reviewer,
        suggestion.label,
        suggestion.spans,
    )
    assert claim.attributed_to == "Friedrich Merz"
    assert claim.suggestion == suggestion
    decision = SuggestionDecision.objects.get()
    assert (decision.verdict, decision.claim) == ("accepted", claim)


def test_accept_edited_stores_what_the_reviewer_changed(quoted, reviewer, labels):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    claim = suggestion_accept(
        suggestion=suggestion,
        reviewer=reviewer,
        label=labels["opinion"],
        attributed_to="Merz",
        note="eher Meinung",
    ).annotation
    assert (claim.label.slug, claim.attributed_to, claim.note) == (
        "opinion",
        "Merz",
        "eher Meinung",
    )
    assert claim.suggestion == suggestion


def test_reject_is_recorded_per_reviewer_and_makes_no_claim(quoted, reviewer, other_reviewer):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    suggestion_reject(suggestion=suggestion, reviewer=reviewer)
    assert not Annotation.objects.exists()
    assert list(SuggestionDecision.objects.values_list("reviewer", "verdict")) == [
        (reviewer.pk, "rejected")
    ]


def test_reject_after_accepting_is_refused_with_a_reason(quoted, reviewer):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    suggestion_accept(suggestion=suggestion, reviewer=reviewer)
    with pytest.raises(services.ClaimError, match="delete the claim"):
        suggestion_reject(suggestion=suggestion, reviewer=reviewer)


def test_a_decided_suggestion_survives_recomputing_when_the_source_withdraws_it(quoted, reviewer):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestion = Suggestion.objects.get()
    suggestion_reject(suggestion=suggestion, reviewer=reviewer)
    suggestions_compute(article_ids=[quoted.pk], sources=[_Silent()])
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_an_undecided_withdrawn_suggestion_goes(quoted):
    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    suggestions_compute(article_ids=[quoted.pk], sources=[_Silent()])
    assert not Suggestion.objects.exists()


class _Silent(QuoteSource):
    def suggest(self, article):
        return []


def test_suggestions_count_for_no_agreement_figure(quoted):
    from annotations.selectors.agreement import AgreementFilters, agreement_for

    suggestions_compute(article_ids=[quoted.pk], sources=[QuoteSource()])
    report = agreement_for(AgreementFilters(), bootstrap=10).report
    assert report.overall.units == 0
    assert report.reviewers == [] or list(report.reviewers) == []
