"""Label names and guidelines per interface language: given by admins, shown where people read."""

import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from annotations import services
from annotations.models import Label
from annotations.team_forms import LabelAdminForm
from tests.team_data import fast_password_hashing  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

GERMAN = {"Accept-Language": "de"}
ENGLISH = {"Accept-Language": "en"}


def test_the_seeded_labels_have_german_names_and_guidelines(labels):
    german = labels["opinion"].translations["de"]
    assert german["name"] == "Meinung"
    assert german["description"].startswith("Meinung. Ein wertendes Urteil")
    assert labels["editorial_framing"].translations["de"]["name"] == "Redaktionelle Rahmung"


def test_the_workspace_shows_names_and_guidelines_in_the_readers_language(
    client, reviewer, article, labels
):
    client.force_login(reviewer)
    services.annotation_create(
        sentence=article.sentences.first(), reviewer=reviewer, label=labels["opinion"]
    )
    url = reverse("article_detail", args=[article.pk])
    german = client.get(url, headers=GERMAN).content.decode()
    assert "Zitierte Tatsache" in german and "Meinung" in german
    assert "Ein wertendes Urteil, das weder wahr noch falsch sein kann" in german
    assert (
        '<span class="label-chip"><span class="swatch" aria-hidden="true"></span>Meinung' in german
    )
    english = client.get(url, headers=ENGLISH).content.decode()
    assert "Quoted fact" in english and "Zitierte Tatsache" not in english
    assert (
        '<span class="label-chip"><span class="swatch" aria-hidden="true"></span>Opinion' in english
    )


def test_a_language_without_a_translation_shows_the_labels_own_name(client, reviewer, article):
    label = services.label_create(name="Zahl", actor=None, shortcut="4")
    client.force_login(reviewer)
    html = client.get(reverse("article_detail", args=[article.pk]), headers=GERMAN).content
    assert label.translations == {}
    assert "Zahl" in html.decode()


def test_admins_give_names_and_guidelines_per_language_on_the_label_form(admin_client, labels):
    opinion = labels["opinion"]
    form = admin_client.get(reverse("team_label_edit", args=[opinion.pk])).content.decode()
    assert 'name="name_de"' in form and 'value="Meinung"' in form
    response = admin_client.post(
        reverse("team_label_edit", args=[opinion.pk]),
        {
            "name": "Opinion",
            "description": "An evaluative judgement.",
            "shortcut": "2",
            "colour": "#b35c00",
            "name_de": "Meinungsäußerung 💬",
            "description_de": "Ein Werturteil.",
            "name_en": "",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.translations == {
        "de": {"name": "Meinungsäußerung 💬", "description": "Ein Werturteil."}
    }


def test_a_name_of_two_lines_is_a_form_error_and_changes_nothing(admin_client, labels):
    opinion = labels["opinion"]
    before = opinion.translations
    response = admin_client.post(
        reverse("team_label_edit", args=[opinion.pk]),
        {"name": "Opinion", "shortcut": "2", "colour": "#b35c00", "name_de": "Mei\nnung"},
    )
    assert response.status_code == 422
    opinion.refresh_from_db()
    assert opinion.translations == before


@pytest.mark.parametrize(
    ("translations", "error"),
    [
        ({"fr": {"name": "Avis"}}, "“fr” is not an interface language"),
        ({"de": "Meinung"}, "Give each language a name and a guideline, nothing else."),
        ({"de": {"name": "Meinung", "colour": "#000000"}}, "nothing else"),
        ({"de": {"name": "x" * 101}}, "must be one line of at most 100 characters"),
        (["de"], "Translations must map a language code"),
    ],
)
def test_the_django_admin_refuses_malformed_translations(labels, translations, error):
    opinion = labels["opinion"]
    form = LabelAdminForm(
        data={
            "name": opinion.name,
            "description": opinion.description,
            "translations": json.dumps(translations),
            "shortcut": opinion.shortcut,
            "colour": opinion.colour,
            "order": opinion.order,
            "is_active": True,
        },
        instance=opinion,
    )
    assert not form.is_valid()
    assert error in str(form.errors["translations"])


def test_the_database_refuses_translations_that_are_not_an_object(labels):
    with pytest.raises(IntegrityError), transaction.atomic():
        Label.objects.filter(pk=labels["opinion"].pk).update(translations=["Meinung"])


def test_the_api_lists_every_labels_translations(client, reviewer):
    client.force_login(reviewer)
    data = client.get("/api/labels/").json()
    opinion = next(label for label in data if label["slug"] == "opinion")
    assert opinion["name"] == "Opinion"
    assert opinion["translations"]["de"]["name"] == "Meinung"


def test_the_dataset_card_names_labels_in_the_language_asked_for(client, data_user):
    client.force_login(data_user)
    german = client.get("/api/export/README.md", headers=GERMAN).content.decode()
    assert "| `opinion` | Meinung | Meinung. Ein wertendes Urteil" in german
    english = client.get("/api/export/README.md", headers=ENGLISH).content.decode()
    assert "| `opinion` | Opinion | Meinung. An evaluative judgement" in english
    assert "de: Meinung" in english
