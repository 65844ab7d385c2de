"""Django admin for articles; text and sentences are read-only because offsets depend on them."""

from django.contrib import admin

from annotations.models import Article, Sentence


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ("position", "paragraph", "start", "end", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "published_on", "language", "imported_by", "imported_at")
    list_filter = ("language", "source")
    search_fields = ("title", "source", "author", "url")
    date_hierarchy = "imported_at"
    readonly_fields = ("text", "content_hash", "imported_by", "imported_at", "language")
    fields = (
        "title",
        "source",
        "url",
        "author",
        "published_on",
        "language",
        "metadata",
        "text",
        "content_hash",
        "imported_by",
        "imported_at",
    )
    inlines = [SentenceInline]

    def has_add_permission(self, request) -> bool:
        # Articles enter through the import page or command, which segment them.
        return False
