"""The "reviewed – no claim" marks API: same permissions, filters and history as claims."""

import pytest

from annotations.models import NoClaimMark, NoClaimMarkEvent

pytestmark = pytest.mark.django_db

MARKS = "/api/no-claim-marks/"


def test_reviewer_marks_a_sentence_and_a_repeat_changes_nothing(client_for, reviewer, sentences):
    client = client_for(reviewer)
    first = client.post(MARKS, {"sentence": sentences[2].pk}, format="json")
    assert first.status_code == 201
    assert first.json()["reviewer"] == reviewer.username
    assert first.json()["created_at"].endswith("Z")
    again = client.post(MARKS, {"sentence": sentences[2].pk}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert NoClaimMark.objects.count() == 1
    assert NoClaimMarkEvent.objects.filter(pgh_label="insert").count() == 1


def test_marking_a_sentence_with_own_claims_is_a_conflict(client_for, reviewer, rita_claim):
    response = client_for(reviewer).post(MARKS, {"sentence": rita_claim.sentence_id}, format="json")
    assert response.status_code == 409
    assert "claims" in response.json()["detail"]
    assert not NoClaimMark.objects.exists()


def test_reviewers_see_their_own_marks_and_data_users_all(
    client_for, reviewer, data_user, otto_no_claim, sentences
):
    from annotations.services import sentence_mark_no_claim

    own = sentence_mark_no_claim(sentence=sentences[1], reviewer=reviewer)
    assert [m["id"] for m in client_for(reviewer).get(MARKS).json()["results"]] == [own.pk]
    every = client_for(data_user).get(MARKS).json()["results"]
    assert {m["id"] for m in every} == {own.pk, otto_no_claim.pk}
    assert client_for(reviewer).get(f"{MARKS}{otto_no_claim.pk}/").status_code == 404


def test_marks_take_the_claim_filters(client_for, data_user, otto_no_claim, reviewer, sentences):
    from annotations.services import sentence_mark_no_claim

    sentence_mark_no_claim(sentence=sentences[1], reviewer=reviewer)
    client = client_for(data_user)
    by_otto = client.get(MARKS, {"reviewer": otto_no_claim.reviewer.username}).json()["results"]
    assert [m["id"] for m in by_otto] == [otto_no_claim.pk]
    assert len(client.get(MARKS, {"label": "opinion"}).json()["results"]) == 2
    assert client.get(MARKS, {"updated_since": "2999-01-01"}).json()["results"] == []
    assert client.get(MARKS, {"lable": "x"}).status_code == 400


def test_only_its_reviewer_deletes_a_mark(client_for, admin_user, otto_no_claim, other_reviewer):
    url = f"{MARKS}{otto_no_claim.pk}/"
    assert client_for(admin_user).delete(url).status_code == 403
    assert client_for(other_reviewer).delete(url).status_code == 204
    assert not NoClaimMark.objects.exists()
    assert NoClaimMarkEvent.objects.filter(pgh_label="delete").count() == 1


def test_data_users_cannot_mark(client_for, data_user, sentences):
    response = client_for(data_user).post(MARKS, {"sentence": sentences[0].pk}, format="json")
    assert response.status_code == 403


def test_unknown_sentence_is_a_bad_request(client_for, reviewer):
    response = client_for(reviewer).post(MARKS, {"sentence": 999999}, format="json")
    assert response.status_code == 400
    assert "sentence" in response.json()
