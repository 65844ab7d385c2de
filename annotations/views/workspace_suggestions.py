"""The workspace's machine suggestions: accept one (as it is, or edited first) or reject it.

Both answer like every workspace action: the updated sentence partial under htmx, a redirect
back to the sentence for a plain form.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from annotations.forms import SuggestionAcceptForm
from annotations.models import Suggestion
from annotations.request_types import AuthenticatedRequest
from annotations.services import ClaimError
from annotations.services.suggestions import suggestion_accept as accept
from annotations.services.suggestions import suggestion_reject as reject
from annotations.services.undo import workspace_action
from annotations.views.workspace import (
    _form_error,
    _labels,
    _sentence,
    _sentence_response,
)


def _suggestion(request: AuthenticatedRequest, suggestion_id: int) -> Suggestion:
    suggestion = Suggestion.objects.select_related("label").filter(pk=suggestion_id).first()
    if suggestion is None or not suggestion.label.suggestions_enabled:
        raise Http404(_("No such suggestion."))
    # The sentence's checks: the reviewer may annotate, and the article is open to them.
    suggestion.sentence = _sentence(request, suggestion.sentence_id)
    return suggestion


@require_POST
@login_required
def suggestion_accept(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(request, suggestion_id)
    sentence = suggestion.sentence
    form = SuggestionAcceptForm(request.POST, labels=_labels(request))
    if not form.is_valid():
        return _sentence_response(request, sentence, error=_form_error(form), status=422)
    data = form.cleaned_data
    edited = data["edited"]
    try:
        with workspace_action(
            "suggestion.accept", article_id=sentence.article_id, reviewer=request.user
        ):
            accept(
                suggestion=suggestion,
                reviewer=request.user,
                label=data["label"] if edited else None,
                attributed_to=data["attributed_to"] if edited else None,
                note=data["note"] if edited else "",
            )
    except ClaimError as error:
        return _sentence_response(request, sentence, error=str(error), status=422)
    return _sentence_response(request, sentence)


@require_POST
@login_required
def suggestion_reject(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(request, suggestion_id)
    try:
        reject(suggestion=suggestion, reviewer=request.user)
    except ClaimError as error:
        return _sentence_response(request, suggestion.sentence, error=str(error), status=422)
    return _sentence_response(request, suggestion.sentence)
