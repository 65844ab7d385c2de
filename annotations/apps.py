"""App configuration for the annotations app."""

from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations"

    def ready(self) -> None:
        from django.utils.translation import gettext

        from annotations import translatable

        # The pure modules' errors speak the language of the request that shows them.
        translatable.translate = gettext
