"""Team pages for labels: add, rename, recolour, reorder, deactivate; in-use labels stay."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Label
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def label_data(**changes) -> dict:
    return {"name": "Zahl", "description": "", "shortcut": "", "colour": "#123456", **changes}


def test_label_list_shows_labels_in_order_with_usage(admin_client, reviewer, article, labels):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    html = admin_client.get(reverse("team_labels")).content.decode()
    assert html.index("Quoted fact") < html.index("Opinion") < html.index("Editorial framing")
    assert "in use: cannot be deleted" in html


def test_label_create_adds_a_label_at_the_end(admin_client):
    response = admin_client.post(
        reverse("team_label_create"),
        label_data(name="Zahl / Statistik", shortcut="4", description="Zahlenangaben."),
    )
    assert response["Location"] == reverse("team_labels")
    label = Label.objects.get(slug="zahl_statistik")
    assert (label.shortcut, label.order, label.description) == ("4", 4, "Zahlenangaben.")


@pytest.mark.parametrize(
    ("shortcut", "error"),
    [
        ("k", "“k” is reserved by the workspace"),
        ("1", "“1” is already the shortcut of “Quoted fact”."),
        ("!", "A shortcut is one key: 1–9 or a–z."),
    ],
)
def test_label_create_with_an_unusable_shortcut_is_a_form_error(admin_client, shortcut, error):
    response = admin_client.post(reverse("team_label_create"), label_data(shortcut=shortcut))
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Label.objects.filter(name="Zahl").exists()


def test_label_create_with_a_taken_slug_is_a_form_error(admin_client):
    response = admin_client.post(reverse("team_label_create"), label_data(slug="opinion"))
    assert response.status_code == 422
    assert "Another label already has the slug “opinion”." in response.content.decode()


def test_label_create_with_a_bad_colour_is_a_form_error(admin_client):
    response = admin_client.post(reverse("team_label_create"), label_data(colour="blue"))
    assert response.status_code == 422
    assert "six hex digits" in response.content.decode()


def test_label_edit_renames_recolours_rekeys_and_keeps_the_slug(admin_client, labels):
    label = labels["opinion"]
    response = admin_client.post(
        reverse("team_label_edit", args=[label.pk]),
        label_data(name="Meinung", shortcut="m", colour="#00aa00", description="Wertungen."),
    )
    assert response.status_code == 302
    label.refresh_from_db()
    assert (label.slug, label.name, label.shortcut, label.colour, label.description) == (
        "opinion",
        "Meinung",
        "m",
        "#00aa00",
        "Wertungen.",
    )


def test_label_edit_may_keep_its_own_shortcut(admin_client, labels):
    label = labels["opinion"]
    response = admin_client.post(
        reverse("team_label_edit", args=[label.pk]), label_data(name="Opinion", shortcut="2")
    )
    assert response.status_code == 302


def test_label_move_up_with_htmx_returns_the_reordered_list(admin_client, labels):
    response = admin_client.post(
        reverse("team_label_move", args=[labels["opinion"].pk]), {"direction": "up"}, headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="labels">')
    assert html.index("Opinion") < html.index("Quoted fact")


def test_label_move_with_a_plain_post_redirects_to_the_list(admin_client, labels):
    response = admin_client.post(
        reverse("team_label_move", args=[labels["quoted_fact"].pk]), {"direction": "down"}
    )
    assert response["Location"] == reverse("team_labels")
    assert list(Label.objects.values_list("slug", flat=True))[:2] == ["opinion", "quoted_fact"]


def test_label_move_without_a_direction_says_so(admin_client, labels):
    response = admin_client.post(
        reverse("team_label_move", args=[labels["opinion"].pk]), headers=HTMX
    )
    assert response.status_code == 422
    assert "up or down" in response.content.decode()


def test_label_deactivate_and_reactivate(admin_client, labels):
    url = reverse("team_label_active", args=[labels["opinion"].pk])
    off = admin_client.post(url, {"active": "0"}, headers=HTMX).content.decode()
    assert "no longer offered to reviewers" in off
    assert not Label.objects.get(slug="opinion").is_active
    admin_client.post(url, {"active": "1"})
    assert Label.objects.get(slug="opinion").is_active


def test_reactivating_a_label_whose_key_was_taken_explains_the_clash(
    admin_client, admin_user, labels
):
    services.label_deactivate(label=labels["opinion"], actor=admin_user)
    services.label_create(name="Kommentar", shortcut="2", actor=admin_user)
    response = admin_client.post(
        reverse("team_label_active", args=[labels["opinion"].pk]), {"active": "1"}, follow=True
    )
    assert "its shortcut key “2” now belongs to “Kommentar”" in response.content.decode()
    assert not Label.objects.get(slug="opinion").is_active


def test_deleting_a_label_in_use_is_refused_with_advice_to_deactivate(
    admin_client, reviewer, article, labels
):
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    response = admin_client.post(
        reverse("team_label_delete", args=[labels["opinion"].pk]), follow=True
    )
    html = response.content.decode()
    assert "“Opinion” is used by 1 claim and cannot be deleted; deactivate it instead." in html
    assert Label.objects.filter(slug="opinion").exists()


def test_deleting_an_unused_label(admin_client, labels):
    response = admin_client.post(
        reverse("team_label_delete", args=[labels["opinion"].pk]), headers=HTMX
    )
    assert "Label “Opinion” deleted." in response.content.decode()
    assert not Label.objects.filter(slug="opinion").exists()


def test_admins_switch_a_labels_suggestions_and_anchoring_on_the_labels_page(client, admin_user):
    from annotations.models import Label

    client.force_login(admin_user)
    label = Label.objects.get(slug="opinion")
    response = client.post(
        reverse("team_label_edit", args=[label.pk]),
        {
            "name": label.name,
            "description": label.description,
            "shortcut": label.shortcut,
            "colour": label.colour,
            "suggestions_after_review": "on",
        },
    )
    assert response.status_code == 302
    label.refresh_from_db()
    assert (label.suggestions_enabled, label.suggestions_after_review) == (False, True)
