"""OpenAPI pieces shared by the API views: the token scheme, error responses and examples.

Importing this module registers the token authentication with drf-spectacular; the views
import it, so the schema always documents the scheme.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "annotations.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An API token, sent as `Authorization: Token <key>`. Admins create tokens in "
                "the app (Team → API tokens) or with `manage.py create_reviewer USERNAME "
                "--data-user --token`; the key is shown once. A token acts with the role of "
                "its user and stops working when it is revoked or the user is deactivated."
            ),
        }


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Why the request was refused."))


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: 'detail', or one list of messages per bad field or query parameter."""

    detail = serializers.CharField(required=False, help_text=_("Why the request was refused."))


class DuplicateArticleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    id = serializers.IntegerField(help_text=_("The article that already holds this text."))


def _error(serializer, description: str, example: dict) -> OpenApiResponse:
    return OpenApiResponse(
        serializer, description=description, examples=[OpenApiExample("Error", value=example)]
    )


BAD_REQUEST = _error(
    ValidationErrorSerializer,
    "Bad input: the body names each bad field, or 'detail' says what is wrong. Unknown query "
    "parameters are refused too.",
    {"label": ["Unknown label “fact”; labels are: editorial_framing, opinion, quoted_fact."]},
)
UNAUTHENTICATED = _error(
    DetailSerializer,
    "No credentials, or a token that is unknown, revoked or belongs to a deactivated user.",
    {"detail": "This token has been revoked."},
)
FORBIDDEN = _error(
    DetailSerializer,
    "Your role does not allow this.",
    {"detail": "Exports need the Admin or Data user role."},
)
NOT_FOUND = _error(
    DetailSerializer,
    "No such object, or not one you may see.",
    {"detail": "No Annotation matches the given query."},
)
TOO_LARGE = _error(
    DetailSerializer,
    "The body is larger than the server accepts; 'detail' states the limit.",
    {"detail": "The request is too large: at most 9,437,184 bytes (9.0 MB) are accepted. …"},
)


class ERRORS:
    """Error responses by kind of operation, to spread into extend_schema(responses=...)."""

    read = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN}
    read_one = {**read, 404: NOT_FOUND}
    write = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 413: TOO_LARGE}
    write_one = {**write, 404: NOT_FOUND}
    duplicate_article = DuplicateArticleSerializer


example_sentences = [
    {
        "id": 101,
        "position": 0,
        "paragraph": 0,
        "start": 0,
        "end": 31,
        "text": "Am 15. August traf Trump Putin.",
    },
    {
        "id": 102,
        "position": 1,
        "paragraph": 0,
        "start": 32,
        "end": 55,
        "text": "Es gab keine Erklärung.",
    },
]

example_article_summary = {
    "id": 12,
    "title": "Gipfel in Alaska",
    "source": "Beispielzeitung",
    "url": "https://example.org/gipfel",
    "author": "",
    "published_on": "2025-08-16",
    "language": "de",
    "content_hash": "5f2b0c8e6d1a4b3c9e7f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
    "imported_at": "2025-08-16T07:12:44.123456Z",
    "metadata": {"section": "Politik"},
    "sentence_count": 2,
}

example_article = {
    **{key: value for key, value in example_article_summary.items() if key != "sentence_count"},
    "text": "Am 15. August traf Trump Putin. Es gab keine Erklärung.",
    "sentences": example_sentences,
}

example_annotation = {
    "id": 5021,
    "sentence": 101,
    "article": 12,
    "label": "editorial_framing",
    "spans": [[0, 2], [19, 24]],
    "whole_sentence": False,
    "quotes": ["Am", "Trump"],
    "attributed_to": "",
    "note": "Framing durch Wortwahl",
    "reviewer": "rita",
    "created_at": "2025-08-16T08:02:11.532101Z",
    "updated_at": "2025-08-16T08:05:40.001200Z",
    "revision": 2,
    "from_suggestion": None,
}

example_web_annotation = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://factcheck.example.org/api/annotations/5021/",
    "type": "Annotation",
    "motivation": "classifying",
    "created": "2025-08-16T08:02:11.532101Z",
    "modified": "2025-08-16T08:05:40.001200Z",
    "creator": {"type": "Person", "nickname": "rita"},
    "body": [{"type": "TextualBody", "purpose": "classifying", "value": "editorial_framing"}],
    "target": [
        {
            "type": "SpecificResource",
            "source": "https://factcheck.example.org/api/articles/12/",
            "selector": [
                {"type": "TextPositionSelector", "start": 0, "end": 2},
                {"type": "TextQuoteSelector", "exact": "Am", "prefix": "", "suffix": " 15. Aug"},
            ],
        }
    ],
}


def responses_in_their_real_media_types(result: dict, generator, request, public) -> dict:
    """drf-spectacular hook: every response is declared in the media type it is sent in.

    drf-spectacular offers each response in every media type the view can render, but error
    bodies are always JSON (whatever was asked for), and a 204 has no body.
    """
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content")
                if not content or not str(code).isdigit() or int(code) < 400:
                    continue
                json_content = content.get("application/json") or next(iter(content.values()))
                response["content"] = {"application/json": json_content}
    return result
