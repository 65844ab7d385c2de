"""API serializers: explicit input and output shapes for articles, labels and annotations."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.importing import ArticleData, InvalidImport, parse_article_object
from annotations.input_checks import line_problem
from annotations.models import Annotation, Article, Label, Language, Sentence
from annotations.spans import span_texts

# --- articles -------------------------------------------------------------------------------


class SentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = ["id", "position", "paragraph", "start", "end", "text"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    """An article in a list: its metadata without the text."""

    sentence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source",
            "url",
            "author",
            "published_on",
            "language",
            "content_hash",
            "imported_at",
            "metadata",
            "sentence_count",
        ]


class ArticleSerializer(serializers.ModelSerializer):
    """One article with its text and its sentences in reading order."""

    sentences = SentenceSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source",
            "url",
            "author",
            "published_on",
            "language",
            "content_hash",
            "imported_at",
            "metadata",
            "text",
            "sentences",
        ]


class ArticleImportSerializer(serializers.Serializer):
    """The JSON article format of the import page and ``import_articles``; those rules apply."""

    text = serializers.CharField(
        trim_whitespace=False,
        help_text=_("The article text; line endings, Unicode form and outer space normalised."),
    )
    # null means "not given" for every optional field, as in the import files.
    title = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=500)
    source = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.source
        required=False, allow_blank=True, allow_null=True, max_length=200
    )
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=2000,
        help_text=_("An http(s) URL."),
    )
    author = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=300
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.ChoiceField(
        choices=Language.choices, required=False, allow_null=True, help_text=_("Default: de.")
    )
    metadata = serializers.DictField(
        required=False,
        allow_null=True,
        help_text=_("Free-form JSON object kept with the article."),
    )

    def to_internal_value(self, data) -> ArticleData:
        try:
            return parse_article_object(data, max_bytes=settings.IMPORT_MAX_BYTES)
        except InvalidImport as error:
            raise serializers.ValidationError({"detail": str(error)}) from None


# --- labels ---------------------------------------------------------------------------------


class LabelTextSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, help_text=_("The label's name in this language."))
    description = serializers.CharField(
        required=False, help_text=_("The guideline in this language.")
    )


class LabelSerializer(serializers.ModelSerializer):
    translations = serializers.DictField(
        child=LabelTextSerializer(),
        read_only=True,
        help_text=_(
            "Name and guideline per interface language (language code → texts); where a "
            "language or a text is missing, 'name' and 'description' apply."
        ),
    )

    class Meta:
        model = Label
        fields = [
            "slug",
            "name",
            "description",
            "translations",
            "shortcut",
            "colour",
            "order",
            "is_active",
        ]


# --- annotations ----------------------------------------------------------------------------

SPANS_HELP = _(
    "Ranges [[start, end], ...] inside the sentence, counted in Unicode code points from the "
    "sentence's first character, end exclusive; sorted on output. Empty or left out: the whole "
    "sentence."
)


def _span() -> serializers.ListField:
    """One [start, end] pair; a new field each time, as DRF binds a field to one parent."""
    return serializers.ListField(
        child=serializers.IntegerField(min_value=0), min_length=2, max_length=2
    )


class AnnotationSerializer(serializers.ModelSerializer):
    """A claim as the API shows it."""

    article = serializers.IntegerField(source="sentence.article_id", read_only=True)
    label: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True
    )
    reviewer: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    spans = serializers.ListField(child=_span(), read_only=True, help_text=SPANS_HELP)
    whole_sentence = serializers.SerializerMethodField(
        help_text=_("True when the claim is on the whole sentence (spans is empty).")
    )
    quotes = serializers.SerializerMethodField(
        help_text=_("The claimed text, one string per range (the sentence for a whole claim).")
    )
    from_suggestion = serializers.CharField(
        source="suggestion.source",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_(
            "The source of the machine suggestion this claim began as, when the reviewer "
            "accepted one; null otherwise."
        ),
    )

    class Meta:
        model = Annotation
        fields = [
            "id",
            "sentence",
            "article",
            "label",
            "spans",
            "whole_sentence",
            "quotes",
            "attributed_to",
            "note",
            "reviewer",
            "created_at",
            "updated_at",
            "revision",
            "from_suggestion",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_whole_sentence(self, annotation: Annotation) -> bool:
        return not annotation.spans

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_quotes(self, annotation: Annotation) -> list[str]:
        return span_texts(annotation.sentence.text, annotation.spans)


class AnnotationPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text=_("The next page, or null."))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page, or null."))
    results = AnnotationSerializer(many=True)


class ArticlePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text=_("The next page, or null."))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page, or null."))
    results = ArticleSummarySerializer(many=True)


class LabelField(serializers.SlugRelatedField):
    """A label given by its slug; unknown slugs are refused with the list of known ones."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Label.objects.all(), **kwargs)

    def to_internal_value(self, data) -> Label:
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Give the label's slug as a string."))
        # PostgreSQL cannot even compare text holding NUL; such a slug names no label.
        label = None if "\x00" in data else Label.objects.filter(slug=data).first()
        if label is None:
            known = ", ".join(Label.objects.order_by("slug").values_list("slug", flat=True))
            raise serializers.ValidationError(
                _("Unknown label “%(label)s”; labels are: %(known)s.")
                % {"label": data, "known": known}
            )
        return label


def _one_line(value: str) -> None:
    problem = line_problem(value)
    if problem is not None:
        raise serializers.ValidationError(_("This field %(problem)s.") % {"problem": problem})


class AnnotationCreateSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(min_value=1, help_text=_("Id of the sentence."))
    label = LabelField(help_text=_("Slug of an active label."))  # type: ignore[assignment]  # a field, not Field.label
    spans = serializers.ListField(
        child=_span(), required=False, allow_null=True, help_text=SPANS_HELP
    )
    attributed_to = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Who made a quoted claim, e.g. “Olaf Scholz”."),
        validators=[_one_line],
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)

    def validate_sentence(self, value: int) -> Sentence:
        sentence = Sentence.objects.select_related("article").filter(pk=value).first()
        if sentence is None:
            raise serializers.ValidationError(_("No sentence with id %(id)s.") % {"id": value})
        return sentence


class AnnotationUpdateSerializer(serializers.Serializer):
    label = LabelField(required=False, help_text=_("Slug of an active label."))  # type: ignore[assignment]  # a field, not Field.label
    spans = serializers.ListField(
        child=_span(), required=False, allow_null=True, help_text=SPANS_HELP
    )
    attributed_to = serializers.CharField(
        required=False, allow_blank=True, max_length=200, validators=[_one_line]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    revision = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The revision you last saw; if the claim changed since, nothing is saved and the "
            "answer is 409 with the current claim. An If-Match header does the same."
        ),
    )


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = AnnotationSerializer(allow_null=True, help_text=_("The claim as it is now."))


class AnnotationImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("Claims stored."))
    unchanged = serializers.IntegerField(
        help_text=_("Claims that were already there (same sentence, reviewer, label and spans).")
    )
    reviewers_created = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Usernames created as deactivated reviewers for claims by unknown people."),
    )
    no_claim_created = serializers.IntegerField(help_text=_('"Reviewed – no claim" marks stored.'))
    no_claim_unchanged = serializers.IntegerField(
        help_text=_('"Reviewed – no claim" marks that were already there.')
    )


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text=_("Line (JSON Lines) or item (JSON array), from 1."))
    message = serializers.CharField()


class AnnotationImportFailureSerializer(serializers.Serializer):
    detail = serializers.CharField()
    error_count = serializers.IntegerField(
        required=False, help_text=_("How many records are bad (when records were read).")
    )
    errors = ImportErrorSerializer(  # type: ignore[assignment]  # a field, not .errors
        many=True, required=False, help_text=_("The first 100 bad records, in line order.")
    )
