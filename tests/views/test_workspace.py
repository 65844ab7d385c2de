"""The annotation workspace over HTTP: every action with and without htmx, blind by default."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, NoClaimMark
from annotations.services import annotation_create, sentence_mark_no_claim

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sentence(article):
    return article.sentences.get(position=0)  # "Am 15. August traf Trump Putin."


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def workspace_html(client, article) -> str:
    return client.get(reverse("article_detail", args=[article.pk])).content.decode()


def test_workspace_shows_sentences_labels_guidelines_and_progress(reviewer_client, article):
    html = workspace_html(reviewer_client, article)
    assert "Am 15. August traf Trump Putin." in html
    assert "Quoted fact" in html and "Editorial framing" in html
    assert "faktisch … verloren" in html  # the framing guideline with its example
    assert "0 / 3 reviewed" in html


def test_workspace_is_closed_to_users_without_a_role(client, outsider, article):
    client.force_login(outsider)
    assert client.get(reverse("article_detail", args=[article.pk])).status_code == 403


def test_labelling_a_whole_sentence_with_htmx_returns_the_sentence_and_progress(
    reviewer_client, sentence, reviewer
):
    response = reviewer_client.post(
        reverse("claim_create", args=[sentence.pk]), {"label": "opinion"}, headers=HTMX
    )
    html = response.content.decode()
    claim = Annotation.objects.get()
    assert response.status_code == 200
    assert (claim.reviewer, claim.label.slug, claim.spans) == (reviewer, "opinion", [])
    assert html.lstrip().startswith(f'<div class="sentence-row state-claimed" id="s-{sentence.pk}"')
    assert 'id="progress" class="progress" hx-swap-oob="true"' in html
    assert "1 / 3 reviewed" in html
    assert "HX-Request" in response["Vary"]


def test_labelling_without_javascript_redirects_back_to_the_sentence(
    reviewer_client, sentence, article
):
    response = reviewer_client.post(
        reverse("claim_create", args=[sentence.pk]), {"label": "opinion"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/?focus=0#s0"
    assert Annotation.objects.count() == 1


def test_a_discontinuous_claim_is_stored_and_highlighted(reviewer_client, sentence):
    response = reviewer_client.post(
        reverse("claim_create", args=[sentence.pk]),
        {"label": "editorial_framing", "spans": "[[19, 24], [0, 2]]"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert Annotation.objects.get().spans == [[0, 2], [19, 24]]
    assert ">Am</mark>" in html and ">Trump</mark>" in html
    assert "Am … Trump" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "opinion", "spans": "[[0, 99]]"}, "lies outside the sentence"),
        ({"label": "opinion", "spans": "not json"}, "Spans must be JSON"),
        ({"label": "unknown"}, "Select a valid choice"),
    ],
)
def test_invalid_claims_are_refused_with_a_message_in_the_sentence(
    reviewer_client, sentence, data, message
):
    response = reviewer_client.post(reverse("claim_create", args=[sentence.pk]), data, headers=HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Annotation.objects.count() == 0


def test_invalid_claim_without_javascript_shows_the_message_after_redirect(
    reviewer_client, sentence
):
    response = reviewer_client.post(
        reverse("claim_create", args=[sentence.pk]),
        {"label": "opinion", "spans": "[[5, 2]]"},
        follow=True,
    )
    assert "is empty" in response.content.decode()


def test_double_submit_stores_one_claim(reviewer_client, sentence):
    for _ in range(2):
        reviewer_client.post(
            reverse("claim_create", args=[sentence.pk]), {"label": "opinion"}, headers=HTMX
        )
    assert Annotation.objects.count() == 1


def test_no_claim_mark_and_its_removal(reviewer_client, sentence, reviewer):
    html = reviewer_client.post(
        reverse("no_claim_mark", args=[sentence.pk]), headers=HTMX
    ).content.decode()
    assert NoClaimMark.objects.filter(sentence=sentence, reviewer=reviewer).exists()
    assert "state-no-claim" in html and "1 / 3 reviewed" in html
    reviewer_client.post(reverse("no_claim_unmark", args=[sentence.pk]), headers=HTMX)
    assert not NoClaimMark.objects.exists()


def test_editing_a_claim_sets_speaker_and_note(reviewer_client, sentence, reviewer, labels):
    claim = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["quoted_fact"]
    ).annotation
    form = reviewer_client.get(reverse("claim_edit", args=[claim.pk]), headers=HTMX)
    assert 'name="attributed_to"' in form.content.decode()
    response = reviewer_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {
            "label": "quoted_fact",
            "attributed_to": "Donald Trump",
            "note": "Fox News",
            "revision": claim.revision,
        },
        headers=HTMX,
    )
    claim.refresh_from_db()
    assert (claim.attributed_to, claim.note, claim.revision) == ("Donald Trump", "Fox News", 2)
    assert "said by Donald Trump" in response.content.decode()


def test_a_stale_edit_gets_a_conflict_and_the_current_state(
    reviewer_client, sentence, reviewer, labels
):
    claim = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["quoted_fact"]
    ).annotation
    edit = {"label": "quoted_fact", "attributed_to": "Trump", "note": "", "revision": 1}
    reviewer_client.post(reverse("claim_edit", args=[claim.pk]), edit, headers=HTMX)
    response = reviewer_client.post(
        reverse("claim_edit", args=[claim.pk]), {**edit, "attributed_to": "Putin"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed in the meantime" in html
    assert "said by Trump" in html
    assert Annotation.objects.get().attributed_to == "Trump"


def test_deleting_a_claim_removes_it_from_the_workspace(
    reviewer_client, sentence, reviewer, labels
):
    claim = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["opinion"]
    ).annotation
    response = reviewer_client.post(
        reverse("claim_delete", args=[claim.pk]), {"revision": 1}, headers=HTMX
    )
    assert not Annotation.objects.exists()
    assert "state-open" in response.content.decode()


def test_undo_reverts_the_last_action_then_the_one_before(reviewer_client, sentence, article):
    create = reverse("claim_create", args=[sentence.pk])
    reviewer_client.post(create, {"label": "opinion"}, headers=HTMX)
    reviewer_client.post(create, {"label": "quoted_fact"}, headers=HTMX)
    undo = reverse("workspace_undo", args=[article.pk])
    response = reviewer_client.post(undo, headers=HTMX)
    assert response["HX-Retarget"] == f"#s-{sentence.pk}"
    assert list(Annotation.objects.values_list("label__slug", flat=True)) == ["opinion"]
    reviewer_client.post(undo, headers=HTMX)
    assert not Annotation.objects.exists()
    nothing = reviewer_client.post(undo, headers=HTMX)
    assert nothing.status_code == 204
    assert "Nothing to undo" in nothing["HX-Trigger"]


def test_undo_of_a_delete_brings_the_claim_back(reviewer_client, sentence, article):
    reviewer_client.post(
        reverse("claim_create", args=[sentence.pk]),
        {"label": "opinion", "note": "n"},
        headers=HTMX,
    )
    claim = Annotation.objects.get()
    reviewer_client.post(reverse("claim_delete", args=[claim.pk]), headers=HTMX)
    reviewer_client.post(reverse("workspace_undo", args=[article.pk]), headers=HTMX)
    restored = Annotation.objects.get()
    assert (restored.pk, restored.label.slug, restored.note) == (claim.pk, "opinion", "n")


def test_history_lists_changes_with_their_author(reviewer_client, sentence, reviewer):
    create = reverse("claim_create", args=[sentence.pk])
    reviewer_client.post(create, {"label": "quoted_fact"}, headers=HTMX)
    claim = Annotation.objects.get()
    reviewer_client.post(
        reverse("claim_edit", args=[claim.pk]),
        {"label": "quoted_fact", "attributed_to": "Trump", "note": "", "revision": 1},
        headers=HTMX,
    )
    reviewer_client.post(reverse("claim_delete", args=[claim.pk]), headers=HTMX)
    html = reviewer_client.get(reverse("sentence_history", args=[sentence.pk]), headers=HTMX)
    text = html.content.decode()
    assert (
        text.index("deleted “Quoted fact”")
        < text.index("changed “Quoted fact”")
        < text.index("added “Quoted fact”")
    )
    assert "attributed to: “” → “Trump”" in text
    assert f"<strong>{reviewer.username}</strong>" in text


def test_reviewers_work_blind(client, reviewer, other_reviewer, sentence, labels):
    theirs = annotation_create(
        sentence=sentence, reviewer=other_reviewer, label=labels["opinion"], note="secret"
    ).annotation
    client.force_login(reviewer)
    html = workspace_html(client, sentence.article)
    assert "secret" not in html
    assert client.get(reverse("claim_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("claim_edit", args=[theirs.pk]), {"revision": 1}).status_code == 404
    assert client.post(reverse("claim_delete", args=[theirs.pk])).status_code == 404
    history = client.get(reverse("sentence_history", args=[sentence.pk])).content.decode()
    assert other_reviewer.username not in history
    assert Annotation.objects.get() == theirs


def test_staff_see_every_reviewers_claims_side_by_side_and_can_switch(
    client, admin_user, reviewer, other_reviewer, sentence, labels
):
    annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"], note="by rita")
    sentence_mark_no_claim(
        sentence=sentence.article.sentences.get(position=1), reviewer=other_reviewer
    )
    client.force_login(admin_user)
    html = workspace_html(client, sentence.article)
    assert "by rita" in html and "reviewed – no claim" in html
    url = reverse("article_detail", args=[sentence.article.pk])
    only_otto = client.get(url, {"show": "1", "reviewer": other_reviewer.pk}).content.decode()
    assert "by rita" not in only_otto
    assert "reviewed – no claim" in only_otto


def test_staff_split_and_merge_keep_claimed_characters(
    client, admin_user, reviewer, sentence, labels
):
    claim = annotation_create(
        sentence=sentence, reviewer=reviewer, label=labels["opinion"], spans=[[19, 30]]
    ).annotation
    client.force_login(admin_user)
    boundaries = reverse("sentence_boundaries", args=[sentence.article.pk])
    client.post(boundaries, {"number": 1, "action": "split", "offset": 14}, headers=HTMX)
    claim.refresh_from_db()
    assert claim.sentence.text == "traf Trump Putin."
    assert claim.span_texts == ["Trump Putin"]
    client.post(boundaries, {"number": 1, "action": "merge"}, headers=HTMX)
    claim.refresh_from_db()
    assert claim.sentence_id == sentence.pk
    assert claim.span_texts == ["Trump Putin"]
    assert claim.sentence.text == "Am 15. August traf Trump Putin."


def test_a_boundary_fix_is_in_the_sentences_history_with_its_author(client, admin_user, sentence):
    client.force_login(admin_user)
    boundaries = reverse("sentence_boundaries", args=[sentence.article.pk])
    client.post(boundaries, {"number": 1, "action": "split", "offset": 14}, headers=HTMX)
    html = client.get(reverse("sentence_history", args=[sentence.pk]), headers=HTMX)
    text = html.content.decode()
    assert "changed the sentence boundary" in text
    assert "“Am 15. August traf Trump Putin.” → “Am 15. August”" in text
    assert f"<strong>{admin_user.username}</strong>" in text


def test_reviewers_cannot_change_sentence_boundaries(reviewer_client, sentence):
    response = reviewer_client.post(
        reverse("sentence_boundaries", args=[sentence.article.pk]),
        {"number": 1, "action": "split", "offset": 5},
    )
    assert response.status_code == 403


def test_merging_across_a_paragraph_break_is_refused_with_a_reason(client, admin_user, article):
    client.force_login(admin_user)
    response = client.post(
        reverse("sentence_boundaries", args=[article.pk]),
        {"number": 2, "action": "merge"},
        follow=True,
    )
    assert "A paragraph break separates these sentences" in response.content.decode()
    assert article.sentences.count() == 3


def test_next_unreviewed_jumps_to_the_first_open_sentence(reviewer_client, sentence, reviewer):
    sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
    response = reviewer_client.get(reverse("workspace_next", args=[sentence.article.pk]))
    assert response["Location"].endswith("?focus=1#s1")


def test_notes_and_speakers_are_escaped(reviewer_client, sentence, reviewer, labels):
    annotation_create(
        sentence=sentence,
        reviewer=reviewer,
        label=labels["quoted_fact"],
        attributed_to="<img src=x onerror=alert(1)>",
        note="<script>alert(2)</script>",
    )
    html = workspace_html(reviewer_client, sentence.article)
    assert "<img src=x onerror" not in html and "<script>alert(2)" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_claim_actions_require_the_csrf_token(reviewer, sentence):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("claim_create", args=[sentence.pk]), {"label": "opinion"})
    assert response.status_code == 403
    assert Annotation.objects.count() == 0


def test_workspace_page_query_count_does_not_grow_with_sentences(
    reviewer_client, reviewer, labels, django_assert_max_num_queries
):
    from annotations.importing import ArticleData
    from annotations.services import article_import

    long_text = " ".join(f"Satz Nummer {n} steht hier." for n in range(120))
    article = article_import(data=ArticleData(text=long_text)).article
    for sentence in article.sentences.all()[:60]:
        annotation_create(sentence=sentence, reviewer=reviewer, label=labels["opinion"])
    # 13: the page also reads the gold settings (may the reviewer compare with gold?).
    with django_assert_max_num_queries(13):
        reviewer_client.get(reverse("article_detail", args=[article.pk]))
