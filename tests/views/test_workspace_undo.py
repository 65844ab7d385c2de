"""Undo in the workspace never overwrites a later change: each such sequence is a 409 that says
what changed and by whom, and the next undo goes on to the action before."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import Annotation, NoClaimMark, WorkspaceAction
from annotations.services import token_create
from tests.concurrent_writes import race
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sentence(article):
    return article.sentences.get(position=0)  # "Am 15. August traf Trump Putin."


@pytest.fixture
def ui(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def api(reviewer, admin_user):
    client = APIClient()
    key = token_create(user=reviewer, name="tests", actor=admin_user).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def label(ui, sentence, slug: str, **fields):
    return ui.post(
        reverse("claim_create", args=[sentence.pk]), {"label": slug, **fields}, headers=HTMX
    )


def edit(ui, claim, **fields):
    data = {"label": claim.label.slug, "attributed_to": "", "note": "", **fields}
    return ui.post(
        reverse("claim_edit", args=[claim.pk]), {"revision": claim.revision, **data}, headers=HTMX
    )


def undo(ui, article):
    return ui.post(reverse("workspace_undo", args=[article.pk]), headers=HTMX)


def toast(response) -> str:
    return json.loads(response["HX-Trigger"])["toast"]["value"]


def test_undo_says_what_it_undid(ui, sentence, article):
    label(ui, sentence, "opinion")
    response = undo(ui, article)
    assert response.status_code == 200
    assert toast(response) == "Undone: adding “Opinion” to sentence 1."


def test_undo_of_an_edit_that_the_api_changed_again_is_a_conflict(ui, api, sentence, article):
    label(ui, sentence, "quoted_fact")
    claim = Annotation.objects.get()
    edit(ui, claim, note="v2")
    changed = api.patch(
        f"/api/annotations/{claim.pk}/",
        {"note": "v3", "attributed_to": "Donald Trump"},
        format="json",
        headers={"If-Match": '"2"'},
    )
    assert changed.status_code == 200
    response = undo(ui, article)
    assert response.status_code == 409
    message = toast(response)
    assert "Could not undo the change of your “Quoted fact” claim on sentence 1" in message
    assert "rita changed the claim" in message
    assert "revision 3" in message and "note “v3”" in message
    assert message in response.content.decode()  # shown at the sentence as well
    claim.refresh_from_db()
    assert (claim.note, claim.attributed_to, claim.revision) == ("v3", "Donald Trump", 3)
    # The overtaken action has left the stack: the next undo takes the one before it.
    assert "Press u again" in message
    before = undo(ui, article)
    assert before.status_code == 409  # creating the claim was overtaken as well
    assert Annotation.objects.filter(note="v3").exists()


def test_undo_of_a_no_claim_removal_after_a_claim_was_added_is_a_conflict(ui, sentence, article):
    ui.post(reverse("no_claim_mark", args=[sentence.pk]), headers=HTMX)
    ui.post(reverse("no_claim_unmark", args=[sentence.pk]), headers=HTMX)
    label(ui, sentence, "opinion")
    assert undo(ui, article).status_code == 200  # the claim goes
    label(ui, sentence, "opinion")
    WorkspaceAction.objects.filter(name="claim.create", undone_at__isnull=True).update(
        undone_at="2026-01-01T00:00Z", outcome="undone"
    )  # as if the reviewer had undone the second claim elsewhere, leaving it in place
    response = undo(ui, article)
    assert response.status_code == 409
    assert "you have added a claim to the sentence since" in toast(response)
    assert Annotation.objects.exists() and not NoClaimMark.objects.exists()


def api_claim(api, sentence, slug: str, **fields) -> int:
    response = api.post(
        "/api/annotations/", {"sentence": sentence.pk, "label": slug, **fields}, format="json"
    )
    assert response.status_code == 201
    return response.json()["id"]


def test_undo_of_a_delete_after_the_claim_was_made_again_is_a_conflict(ui, api, sentence, article):
    label(ui, sentence, "opinion", note="first")
    claim = Annotation.objects.get()
    ui.post(reverse("claim_delete", args=[claim.pk]), {"revision": 1}, headers=HTMX)
    again = api_claim(api, sentence, "opinion", note="again")
    response = undo(ui, article)
    assert response.status_code == 409
    assert "you have added the same claim (“Opinion” on the same words) again" in toast(response)
    assert list(Annotation.objects.values_list("pk", "note")) == [(again, "again")]


def test_undo_of_a_label_change_after_another_claim_took_that_label_is_a_conflict(
    ui, api, sentence, article
):
    label(ui, sentence, "opinion")
    claim = Annotation.objects.get()
    edit(ui, claim, label="quoted_fact")
    api_claim(api, sentence, "opinion")  # "Opinion" on the whole sentence again
    response = undo(ui, article)
    assert response.status_code == 409
    assert "you have the claim it would restore (“Opinion” on the same words)" in toast(response)
    assert sorted(Annotation.objects.values_list("label__slug", flat=True)) == [
        "opinion",
        "quoted_fact",
    ]


def test_undo_of_a_claim_deleted_since_names_who_deleted_it(ui, api, sentence, article):
    label(ui, sentence, "opinion")
    claim = Annotation.objects.get()
    assert api.delete(f"/api/annotations/{claim.pk}/").status_code == 204
    response = undo(ui, article)
    assert response.status_code == 409
    assert "rita deleted the claim" in toast(response)


def test_undo_without_htmx_redirects_with_the_message(ui, sentence, article):
    label(ui, sentence, "opinion")
    response = ui.post(reverse("workspace_undo", args=[article.pk]), follow=True)
    assert "Undone: adding “Opinion” to sentence 1." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_undos_at_once_undo_two_actions_and_never_answer_500(reviewer, article):
    sentence = article.sentences.get(position=0)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    for _ in range(10):
        label(clients[0], sentence, "opinion")
        label(clients[0], sentence, "quoted_fact")
        first, second = race(lambda: undo(clients[0], article), lambda: undo(clients[1], article))
        assert (first.status_code, second.status_code) == (200, 200)
        assert not Annotation.objects.exists()
