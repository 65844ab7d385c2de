"""The change feed: a copy kept in sync through it alone equals a fresh full export."""

import json
import random

import pytest
from django.contrib.auth import get_user_model

from annotations.importing import ArticleData
from annotations.models import Annotation, GoldSentence, GoldSentenceEvent, Label, Sentence
from annotations.services import (
    ClaimError,
    GoldClaimInput,
    GoldError,
    annotation_create,
    annotation_delete,
    annotation_update,
    article_import,
    gold_decide,
    gold_reopen,
    gold_settings_update,
    sentence_mark_no_claim,
    sentence_unmark_no_claim,
)
from annotations.services.segmentation_fixes import (
    SegmentationFixError,
    sentence_merge_with_next,
    sentence_split,
)

FEED = "/api/export/changes.jsonl"


def lines(response) -> list[dict]:
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


class Copy:
    """What a data user keeps: records by kind and id, and the cursor to continue from."""

    def __init__(self):
        self.records: dict[str, dict[int, dict]] = {
            "article": {},
            "sentence": {},
            "annotation": {},
            "no_claim": {},
            "gold": {},
        }
        self.cursor: str | None = None

    def sync(self, client) -> list[dict]:
        url = FEED if self.cursor is None else f"{FEED}?since={self.cursor}"
        feed = lines(client.get(url))
        assert feed[-1]["kind"] == "cursor"
        for line in feed[:-1]:
            if line["deleted"]:
                self.records[line["kind"]].pop(line["id"], None)
            else:
                self.records[line["kind"]][line["id"]] = line["record"]
        self.cursor = feed[-1]["cursor"]
        return feed[:-1]


def full_export(client) -> dict[str, dict[int, dict]]:
    """The full exports, split into the feed's kinds of records."""
    articles, sentences = {}, {}
    for record in lines(client.get("/api/export/articles.jsonl")):
        for sentence in record.pop("sentences"):
            sentences[sentence["id"]] = {**sentence, "article_id": record["id"]}
        articles[record["id"]] = record
    return {
        "article": articles,
        "sentence": sentences,
        "annotation": {r["id"]: r for r in lines(client.get("/api/export/annotations.jsonl"))},
        "no_claim": {r["id"]: r for r in lines(client.get("/api/export/no_claim.jsonl"))},
        "gold": {r["id"]: r for r in lines(client.get("/api/export/gold.jsonl"))},
    }


def _random_step(rng: random.Random, reviewers, labels, curator) -> None:
    sentences = list(Sentence.objects.all())
    claims = list(Annotation.objects.select_related("sentence"))
    step = rng.choice(
        [
            *("claim", "claim", "edit", "delete", "mark", "unmark", "split", "merge", "rename"),
            *("decide", "decide", "reopen", "premerge", "rename_curator"),
        ]
    )
    sentence = rng.choice(sentences)
    reviewer = rng.choice(reviewers)
    try:
        if step == "claim":
            length = sentence.end - sentence.start
            spans = None
            if length > 1 and rng.random() < 0.5:
                start = rng.randrange(0, length - 1)
                spans = [[start, rng.randrange(start + 1, length)]]
            annotation_create(
                sentence=sentence, reviewer=reviewer, label=rng.choice(labels), spans=spans
            )
        elif step == "edit" and claims:
            annotation_update(
                annotation=rng.choice(claims),
                expected_revision=None,
                note=f"Notiz {rng.random():.6f} 🙂",
            )
        elif step == "delete" and claims:
            annotation_delete(annotation=rng.choice(claims))
        elif step == "mark":
            sentence_mark_no_claim(sentence=sentence, reviewer=reviewer)
        elif step == "unmark":
            sentence_unmark_no_claim(sentence=sentence, reviewer=reviewer)
        elif step == "split":
            sentence_split(sentence=sentence, offset=rng.randrange(1, len(sentence.text)))
        elif step == "merge":
            sentence_merge_with_next(sentence=sentence)
        elif step == "rename":
            label = rng.choice(labels)
            Label.objects.filter(pk=label.pk).update(
                slug=f"{label.slug.split('-')[0]}-{rng.randrange(99)}"
            )
        elif step == "decide":
            # The curator's own claim or "no claim", on any sentence (reviewed or not).
            own = [GoldClaimInput(label=rng.choice(labels), attributed_to="Olaf Scholz")]
            no_claim = rng.random() < 0.3
            gold_decide(
                sentence=sentence,
                curator=curator,
                claims=() if no_claim else own,
                no_claim=no_claim,
                rationale=f"Begründung {rng.random():.6f}",
            )
        elif step == "reopen":
            decided = list(GoldSentence.objects.filter(curator__isnull=False))
            if decided:
                gold_reopen(sentence=rng.choice(decided).sentence, curator=curator)
        elif step == "premerge":
            gold_settings_update(
                reviewers_required=rng.choice([1, 2]),
                rule=rng.choice(["unanimous", "majority"]),
                reviewers_see_gold=False,
            )
        elif step == "rename_curator":
            type(curator).objects.filter(pk=curator.pk).update(
                username=f"carla-{rng.randrange(999)}"
            )
    except (ClaimError, SegmentationFixError, GoldError):
        pass  # refused writes change nothing, which the comparison checks too


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_copy_synced_through_feed_equals_full_export(
    seed, client_for, data_user, admin_user, curator
):
    rng = random.Random(seed)
    user_model = get_user_model()
    reviewers = [user_model.objects.create(username=f"r{n}") for n in range(3)]
    labels = list(Label.objects.all())
    for n in range(2):
        article_import(
            data=ArticleData(
                text=(
                    f"Artikel {n}: 😀 Merkel sagte, die Lage sei ernst. Es gab Kritik. "
                    "Die Opposition widersprach heftig. Am Ende blieb alles offen."
                ),
                title=f"Artikel {n}",
                language="de",
            ),
            imported_by=admin_user,
        )
    # One reviewer suffices at first, so pre-merge makes gold from the start.
    gold_settings_update(reviewers_required=1, rule="majority", reviewers_see_gold=False)
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    for _round in range(8):
        for _step in range(rng.randrange(2, 8)):
            _random_step(rng, reviewers, labels, curator)
        copy.sync(client)
        assert copy.records == full_export(client)
    # The steps did reach gold: some curator decided, and automatic gold was made.
    assert GoldSentenceEvent.objects.filter(curator__isnull=False).exists()
    assert GoldSentenceEvent.objects.filter(state="agreed").exists()


@pytest.mark.django_db(transaction=True)
def test_feed_after_its_cursor_holds_only_what_changed(
    client_for, data_user, rita_claim, otto_claim
):
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    assert copy.sync(client) == []
    annotation_update(annotation=rita_claim, expected_revision=None, note="neu")
    assert [(line["kind"], line["id"]) for line in copy.sync(client)] == [
        ("annotation", rita_claim.pk)
    ]
    assert copy.sync(client) == []


@pytest.mark.django_db(transaction=True)
def test_feed_reports_deleted_claims_marks_and_merged_sentences_as_tombstones(
    client_for, data_user, rita_claim, otto_no_claim, sentences
):
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    annotation_delete(annotation=rita_claim)
    sentence_unmark_no_claim(sentence=sentences[2], reviewer=otto_no_claim.reviewer)
    sentence_merge_with_next(sentence=sentences[0])
    tombstones = [(line["kind"], line["id"]) for line in copy.sync(client) if line["deleted"]]
    assert tombstones == [
        ("gold", sentences[1].pk),  # a sentence's gold record goes with it
        ("no_claim", otto_no_claim.pk),
        ("annotation", rita_claim.pk),
        ("sentence", sentences[1].pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_feed_sends_a_sentence_gold_record_when_a_curator_decides_and_withdraws(
    client_for, data_user, curator, rita_claim, labels, sentences
):
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    gold_decide(
        sentence=sentences[0],
        curator=curator,
        claims=[GoldClaimInput(label=labels["opinion"], taken_from=[rita_claim.pk])],
        rationale="Wertung, kein Zitat",
    )
    assert [(line["kind"], line["id"]) for line in copy.sync(client)] == [("gold", sentences[0].pk)]
    gold = copy.records["gold"][sentences[0].pk]["gold"]
    assert (gold["origin"], gold["curator"], gold["rationale"]) == (
        "curator",
        curator.username,
        "Wertung, kein Zitat",
    )
    gold_reopen(sentence=sentences[0], curator=curator)
    assert [(line["kind"], line["id"]) for line in copy.sync(client)] == [("gold", sentences[0].pk)]
    assert copy.records["gold"][sentences[0].pk]["gold"] is None
    assert copy.records == full_export(client)


@pytest.mark.django_db(transaction=True)
def test_feed_resends_gold_records_naming_a_renamed_label_or_curator(
    client_for, data_user, curator, rita_claim, labels, sentences
):
    gold_decide(
        sentence=sentences[1],
        curator=curator,
        claims=[GoldClaimInput(label=labels["quoted_fact"])],
    )
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    Label.objects.filter(pk=labels["quoted_fact"].pk).update(slug="zitat")
    assert ("gold", sentences[1].pk) in {(line["kind"], line["id"]) for line in copy.sync(client)}
    assert copy.records["gold"][sentences[1].pk]["gold"]["claims"][0]["label"] == "zitat"
    type(curator).objects.filter(pk=curator.pk).update(username="carla2")
    assert [(line["kind"], line["id"]) for line in copy.sync(client)] == [("gold", sentences[1].pk)]
    assert copy.records == full_export(client)


@pytest.mark.django_db(transaction=True)
def test_merging_sentences_voids_their_gold_and_the_feed_says_so(
    client_for, data_user, curator, labels, sentences
):
    for sentence in sentences[:2]:
        gold_decide(sentence=sentence, curator=curator, no_claim=True)
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    sentence_merge_with_next(sentence=sentences[0])
    sent = {(line["kind"], line["id"], line["deleted"]) for line in copy.sync(client)}
    assert {("gold", sentences[0].pk, False), ("gold", sentences[1].pk, True)} <= sent
    assert copy.records["gold"][sentences[0].pk]["gold"] is None
    assert copy.records == full_export(client)


@pytest.mark.django_db(transaction=True)
def test_feed_resends_the_claims_of_a_renamed_label(
    client_for, data_user, rita_claim, otto_claim, labels
):
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    Label.objects.filter(pk=labels["quoted_fact"].pk).update(slug="zitat")
    assert [(line["kind"], line["id"]) for line in copy.sync(client)] == [
        ("annotation", otto_claim.pk),
        ("gold", otto_claim.sentence_id),  # its reviews name the label
    ]
    assert copy.records["annotation"][otto_claim.pk]["label"] == "zitat"


@pytest.mark.django_db(transaction=True)
def test_feed_resends_a_split_sentence_its_claims_and_the_sentences_after_it(
    client_for, data_user, rita_claim, otto_claim, sentences
):
    client = client_for(data_user)
    copy = Copy()
    copy.sync(client)
    sentence_split(sentence=sentences[0], offset=19)
    sent = {(line["kind"], line["id"]) for line in copy.sync(client)}
    new = Sentence.objects.get(article=sentences[0].article, position=1)
    assert sent >= {
        ("sentence", sentences[0].pk),
        ("sentence", new.pk),
        ("sentence", sentences[1].pk),  # its position moved
        ("sentence", sentences[2].pk),
        ("annotation", rita_claim.pk),
        ("annotation", otto_claim.pk),  # its sentence's position is in the record
    }
    assert copy.records == full_export(client)


@pytest.mark.django_db
def test_every_export_names_the_cursor_to_continue_from(client_for, data_user, rita_claim):
    response = client_for(data_user).get("/api/export/annotations.jsonl")
    assert int(response["X-Change-Cursor"]) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "99999999999999999"])
def test_feed_refuses_a_cursor_it_did_not_give(client_for, data_user, since):
    response = client_for(data_user).get(f"{FEED}?since={since}")
    assert response.status_code == 400
    assert "since" in response.json()


@pytest.mark.django_db
def test_feed_is_for_exporters_only(client_for, reviewer):
    assert client_for(reviewer).get(FEED).status_code == 403
