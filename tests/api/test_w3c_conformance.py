"""The W3C export against the MUST rules of the Web Annotation Data Model, and what its ids name.

Each check cites the model's section (https://www.w3.org/TR/annotation-model/).
"""

import json

import pytest

pytestmark = pytest.mark.django_db

ANNO = "http://www.w3.org/ns/anno.jsonld"
PROFILE = f'application/ld+json; profile="{ANNO}"'


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def types_of(node: dict) -> list:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


def is_iri(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def check_annotation(annotation: dict, *, embedded: bool) -> None:
    # 3.1: an Annotation MUST have @context (unless embedded), an IRI id, type "Annotation",
    # and one or more targets.
    if not embedded:
        context = annotation["@context"]
        assert context == ANNO or (isinstance(context, list) and context[0] == ANNO)
    assert is_iri(annotation["id"])
    assert "Annotation" in types_of(annotation)
    targets = annotation["target"]
    assert targets if isinstance(targets, list) else [targets]
    # 3.2.4: a TextualBody MUST have a value; purposes are from the Motivation vocabulary.
    purposes = {
        "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
        "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
        "tagging",
    }  # fmt: skip
    for body in annotation.get("body", []):
        assert body["type"] == "TextualBody" and isinstance(body["value"], str)
        assert body["purpose"] in purposes
    assert annotation["motivation"] in purposes
    for target in targets:
        # 4: a SpecificResource MUST have exactly one source.
        assert target["type"] == "SpecificResource" and is_iri(target["source"])
        for selector in target["selector"]:
            if selector["type"] == "TextPositionSelector":
                # 4.2.5: start and end MUST be non-negative integers, start <= end.
                assert 0 <= selector["start"] <= selector["end"]
            else:
                # 4.2.4: a TextQuoteSelector MUST have exact.
                assert selector["type"] == "TextQuoteSelector"
                assert isinstance(selector["exact"], str) and selector["exact"]


def check_collection(collection: dict) -> None:
    # 5.1: a Collection MUST have @context (when not embedded), an IRI id, the type.
    assert collection["@context"] == ANNO
    assert is_iri(collection["id"])
    assert "AnnotationCollection" in types_of(collection)
    total = collection["total"]
    assert isinstance(total, int) and total >= 0
    if total == 0:
        assert "first" not in collection and "last" not in collection
        return
    # 5.2: a Page MUST have an IRI id, type AnnotationPage, and items; partOf names the
    # collection; pages are never empty.
    page = collection["first"]
    assert is_iri(page["id"])
    assert "AnnotationPage" in types_of(page)
    assert page["items"]
    assert page["partOf"] == collection["id"]
    assert collection["last"] == page["id"]
    assert len(page["items"]) == total
    for annotation in page["items"]:
        check_annotation(annotation, embedded=True)


def test_w3c_export_meets_every_must_of_the_model(
    client_for, data_user, rita_claim, otto_claim, otto_no_claim
):
    check_collection(json.loads(body_of(client_for(data_user).get(
        "/api/export/annotations.w3c.jsonld"
    ))))  # fmt: skip


def _marks(collection: dict) -> list[dict]:
    return [item for item in collection["first"]["items"] if item["motivation"] == "assessing"]


def test_no_claim_marks_are_assessing_annotations_on_the_whole_sentence(
    client_for, data_user, rita_claim, otto_no_claim, sentences
):
    client = client_for(data_user)
    collection = json.loads(body_of(client.get("/api/export/annotations.w3c.jsonld")))
    assert collection["total"] == 2
    (mark,) = _marks(collection)
    assert mark["id"].endswith(f"/api/no-claim-marks/{otto_no_claim.pk}/")
    assert mark["creator"] == {"type": "Person", "nickname": "otto"}
    assert mark["body"] == [{"type": "TextualBody", "purpose": "assessing", "value": "no-claim"}]
    (target,) = mark["target"]
    position, quote = target["selector"]
    third = sentences[2]
    assert (position["start"], position["end"]) == (third.start, third.end)
    assert quote["exact"] == third.text
    # Its id serves the same annotation under the anno profile, JSON otherwise.
    response = client.get(mark["id"], HTTP_ACCEPT=PROFILE)
    assert response["Content-Type"] == PROFILE and "Accept" in response["Vary"]
    served = response.json()
    check_annotation(served, embedded=False)
    assert {k: v for k, v in served.items() if k != "@context"} == mark
    assert client.get(mark["id"]).json()["id"] == otto_no_claim.pk


def test_filters_act_on_marks_in_the_w3c_export_as_in_every_export(
    client_for, data_user, rita_claim, otto_no_claim
):
    client = client_for(data_user)

    def marks(query: str) -> int:
        url = "/api/export/annotations.w3c.jsonld" + query
        collection = json.loads(body_of(client.get(url)))
        return len(_marks(collection)) if collection["total"] else 0

    assert marks("?label=opinion") == 1  # a mark is "no claim of any label"
    assert marks("?reviewer=otto") == 1
    assert marks("?reviewer=rita") == 0
    assert marks("?updated_since=2999-01-01T00:00:00Z") == 0


@pytest.fixture
def gold(curator, rita_claim, otto_claim, labels, sentences):
    """A curator's gold on the first sentence (from rita's claim), automatic gold elsewhere."""
    from annotations.services import GoldClaimInput, gold_decide, gold_settings_update

    gold_settings_update(reviewers_required=1, rule="majority", reviewers_see_gold=False)
    return gold_decide(
        sentence=sentences[0],
        curator=curator,
        claims=[
            GoldClaimInput(
                label=labels["opinion"], attributed_to="Rita 🙂", taken_from=[rita_claim.pk]
            )
        ],
        rationale="Wertung, kein Zitat",
    )


def _tags(annotation: dict) -> set[str]:
    return {body["value"] for body in annotation["body"] if body["purpose"] == "tagging"}


def test_w3c_export_holds_gold_by_its_curator_distinguishable_from_reviewers(
    client_for, data_user, gold, curator, rita_claim
):
    collection = json.loads(
        body_of(client_for(data_user).get("/api/export/annotations.w3c.jsonld"))
    )
    check_collection(collection)
    items = collection["first"]["items"]
    reviewers = [item for item in items if "gold" not in _tags(item)]
    golds = [item for item in items if "gold" in _tags(item)]
    assert len(reviewers) == 2 and all(not _tags(item) for item in reviewers)
    assert all("/api/annotations/" in item["id"] for item in reviewers)
    adjudicated = next(item for item in golds if "gold:curator" in _tags(item))
    assert adjudicated["creator"] == {"type": "Person", "nickname": curator.username}
    assert "/api/gold/claims/" in adjudicated["id"]
    assert {"type": "TextualBody", "purpose": "commenting", "value": "Wertung, kein Zitat"} in (
        adjudicated["body"]
    )
    assert adjudicated["via"] == [
        next(i["id"] for i in reviewers if i["id"].endswith(f"/{rita_claim.pk}/"))
    ]
    # Pre-merge gold (one reviewer suffices here) is the software's, not a person's.
    automatic = [item for item in golds if _tags(item) & {"gold:unanimous", "gold:majority"}]
    assert automatic and all(item["creator"]["type"] == "Software" for item in automatic)


def test_gold_annotation_id_serves_it_under_the_anno_profile(client_for, data_user, gold):
    client = client_for(data_user)
    collection = json.loads(body_of(client.get("/api/export/annotations.w3c.jsonld")))
    exported = next(item for item in collection["first"]["items"] if "gold" in _tags(item))
    response = client.get(exported["id"], HTTP_ACCEPT=PROFILE)
    assert response.status_code == 200
    assert response["Content-Type"] == PROFILE
    served = response.json()
    check_annotation(served, embedded=False)
    assert {k: v for k, v in served.items() if k != "@context"} == exported


def test_unknown_gold_claim_is_a_json_404(client_for, data_user):
    response = client_for(data_user).get("/api/gold/claims/999999/", HTTP_ACCEPT=PROFILE)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_w3c_reviewer_filter_leaves_gold_out(client_for, data_user, gold, rita_claim):
    collection = json.loads(
        body_of(
            client_for(data_user).get("/api/export/annotations.w3c.jsonld", {"reviewer": "rita"})
        )
    )
    check_collection(collection)
    assert [item["id"].rsplit("/", 2)[-2] for item in collection["first"]["items"]] == [
        str(rita_claim.pk)
    ]


def test_empty_w3c_export_is_a_collection_without_pages(client_for, data_user):
    collection = json.loads(
        body_of(client_for(data_user).get("/api/export/annotations.w3c.jsonld"))
    )
    check_collection(collection)
    assert collection["total"] == 0


def test_speaker_describes_the_target_instead_of_identifying_it(client_for, data_user, otto_claim):
    collection = json.loads(
        body_of(client_for(data_user).get("/api/export/annotations.w3c.jsonld"))
    )
    [annotation] = collection["first"]["items"]
    assert {"type": "TextualBody", "purpose": "describing", "value": "Wladimir Putin"} in (
        annotation["body"]
    )
    assert all(body["purpose"] != "identifying" for body in annotation["body"])


def test_annotation_id_serves_the_web_annotation_under_the_anno_profile(
    client_for, data_user, rita_claim
):
    client = client_for(data_user)
    collection = json.loads(body_of(client.get("/api/export/annotations.w3c.jsonld")))
    exported = collection["first"]["items"][0]
    response = client.get(exported["id"], HTTP_ACCEPT=PROFILE)
    assert response.status_code == 200
    assert response["Content-Type"] == PROFILE
    assert "Accept" in response["Vary"]
    served = response.json()
    check_annotation(served, embedded=False)
    assert {k: v for k, v in served.items() if k != "@context"} == exported
    # Plain JSON stays the default.
    assert client.get(exported["id"])["Content-Type"] == "application/json"


def test_target_source_serves_the_text_the_selectors_index(client_for, data_user, rita_claim):
    client = client_for(data_user)
    collection = json.loads(body_of(client.get("/api/export/annotations.w3c.jsonld")))
    for target in collection["first"]["items"][0]["target"]:
        response = client.get(target["source"], HTTP_ACCEPT="text/plain")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        position, quote = target["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_unknown_annotation_under_the_anno_profile_is_a_json_404(client_for, data_user):
    response = client_for(data_user).get("/api/annotations/999999/", HTTP_ACCEPT=PROFILE)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
