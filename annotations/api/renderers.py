"""Renderers that let clients ask for a media type a view streams or writes itself."""

from rest_framework.renderers import BaseRenderer, JSONRenderer


class ErrorsAsJsonRenderer(BaseRenderer):
    """Chosen by content negotiation for its ``media_type``; the view answers successes itself
    (a stream, a file), so only error bodies reach this renderer: they are JSON and say so."""

    charset: str | None = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)
