"""The article pages: list with search, reading view, and the staff import form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.models import Article

pytestmark = pytest.mark.django_db


def test_article_list_requires_login(client):
    response = client.get(reverse("article_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_article_list_shows_title_date_source_and_sentence_count(client, reviewer, article):
    article.published_on = "2025-08-18"
    article.save()
    client.force_login(reviewer)
    response = client.get(reverse("article_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gipfel in Alaska" in html
    assert "Beispielzeitung" in html
    assert 'datetime="2025-08-18"' in html
    assert '<td class="num">3</td>' in html


def test_article_list_search_filters_by_title(client, reviewer, article):
    client.force_login(reviewer)
    hit = client.get(reverse("article_list"), {"q": "alaska"}).content.decode()
    miss = client.get(reverse("article_list"), {"q": "Moskau"}).content.decode()
    assert "Gipfel in Alaska" in hit
    assert "Gipfel in Alaska" not in miss
    assert "No article title contains" in miss


def test_article_list_with_htmx_returns_only_the_results_partial(client, reviewer, article):
    client.force_login(reviewer)
    response = client.get(reverse("article_list"), {"q": "Gipfel"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_article_list_rejects_an_overlong_search_without_failing(client, reviewer, article):
    client.force_login(reviewer)
    response = client.get(reverse("article_list"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "Gipfel in Alaska" in response.content.decode()


def test_article_detail_shows_sentences_in_reading_order_grouped_in_paragraphs(
    client, reviewer, article
):
    client.force_login(reviewer)
    html = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    first, second, third = (
        html.index("Am 15. August traf Trump Putin."),
        html.index("Es gab keine Erklärung."),
        html.index("Der Krieg blieb Thema."),
    )
    assert first < second < third
    assert html.count('class="paragraph-block"') == 2


def test_article_detail_of_a_missing_article_is_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("article_detail", args=[999999])).status_code == 404


def test_article_text_is_escaped(client, reviewer):
    from annotations.importing import ArticleData
    from annotations.services import article_import

    hostile = ArticleData(text='Böse <script>alert(1)</script> und <img src=x onerror="alert(2)">.')
    article = article_import(data=hostile).article
    client.force_login(reviewer)
    html = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_import_page_is_for_staff_only(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("article_import")).status_code == 403


def test_import_pasted_text_creates_the_article_and_opens_it(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("article_import"),
        {
            "text": "date 2025-08-18 Titelzeile\n\nEin Satz. Noch einer.",
            "language": "de",
            "source": "Zeitung",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article_detail", args=[article.pk])
    assert article.title == "Titelzeile"
    assert article.source == "Zeitung"
    assert str(article.published_on) == "2025-08-18"
    assert article.imported_by == admin_user
    assert article.sentences.count() == 3


def test_import_uploaded_files_of_each_format(client, admin_user):
    client.force_login(admin_user)
    files = [
        SimpleUploadedFile("a.txt", b"Text eins."),
        SimpleUploadedFile("b.json", b'{"text": "Text zwei.", "title": "Zwei"}'),
        SimpleUploadedFile("c.jsonl", b'{"text": "Text drei."}\n{"text": "Text vier."}\n'),
    ]
    response = client.post(
        reverse("article_import"), {"files": files, "language": "de"}, follow=True
    )
    assert Article.objects.count() == 4
    assert "Imported 4 articles." in response.content.decode()


def test_import_of_a_duplicate_says_so_and_changes_nothing(client, admin_user, article):
    client.force_login(admin_user)
    response = client.post(
        reverse("article_import"),
        {"text": article.text, "title": "New", "language": "de"},
        follow=True,
    )
    assert Article.objects.count() == 1
    assert Article.objects.get().title == "Gipfel in Alaska"
    assert (
        "pasted text: already imported as “Gipfel in Alaska”, nothing changed."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": "   "}, "Paste some text or choose at least one file."),
        ({"files": [SimpleUploadedFile("a.pdf", b"%PDF")]}, "a.pdf: unsupported file type"),
        ({"files": [SimpleUploadedFile("a.txt", b"B\xe4r")]}, "a.txt: not valid UTF-8"),
        (
            {"files": [SimpleUploadedFile("a.jsonl", b'{"text": "x"}\n{oops}\n')]},
            "a.jsonl: malformed JSON at line 2",
        ),
    ],
)
def test_import_bad_input_shows_a_form_error_and_imports_nothing(
    client, admin_user, payload, message
):
    client.force_login(admin_user)
    response = client.post(reverse("article_import"), {"language": "de", **payload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_import_text_over_the_configured_limit_is_refused(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(admin_user)
    response = client.post(reverse("article_import"), {"text": "Wort " * 50, "language": "de"})
    assert response.status_code == 400
    assert "more than the limit of 100 bytes" in response.content.decode()
    assert Article.objects.count() == 0


def test_import_form_keeps_the_pasted_text_after_an_error(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 10
    client.force_login(admin_user)
    response = client.post(
        reverse("article_import"), {"text": "Ein langer Text.", "language": "de"}
    )
    assert "Ein langer Text." in response.content.decode()
