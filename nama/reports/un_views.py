"""The UN submission draft of one act: a page and a Word document.

Only for users who may see the victim's identity (the director, monitors in
scope); everyone else 404, analysts too. The draft is shown after the user
states why they need it (GET field ``reason``), and each reading is audited
with that reason. Without the victim's consent to sharing with UN bodies the
page says so and how to record it, shows no identity, and the document
answers 403 with an empty body.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nama.accounts.decorators import verified_staff_required
from nama.core.audit import log_action
from nama.core.forms import AccessibleFormMixin
from nama.core.http import no_store
from nama.monitoring.models import Act, Event, Person
from nama.reports.un_draft import (
    DOCX_CONTENT_TYPE,
    LANGUAGES,
    act_get_for_un_draft,
    un_draft_build,
    un_draft_docx,
    un_sharing_consent,
)


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this draft?"),
        min_length=10,
        max_length=500,
        help_text=_(
            "It shows the victim's identity: your reason is kept in the audit log with "
            "your name and the time."
        ),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the draft"),
        choices=[("ar", _("Arabic")), ("en", _("English"))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def chosen_language(self) -> str:
        language = self.data.get("language") or translation.get_language() or ""
        return language if language in LANGUAGES else LANGUAGES[0]


def _context(act: Act, event: Event, victim: Person) -> dict[str, Any]:
    """What every variant of the page shows: nothing identifying (pseudonym, reference)."""
    return {"act": act, "event": event, "victim": victim}


def _log(user: Any, action: str, act: Act, victim: Person, language: str, reason: str) -> None:
    log_action(
        user,
        action,
        act,
        {"act": act.pk, "event": act.event_id, "person": victim.pk, "language": language},
        reason=reason,
    )


@never_cache
@require_GET
@verified_staff_required
def un_draft(request: HttpRequest, act_id: int) -> HttpResponse:
    act, event, victim = act_get_for_un_draft(user=request.user, act_id=act_id)
    context = _context(act, event, victim)
    consent = un_sharing_consent(victim)
    if consent is None:
        return no_store(render(request, "reports/un/refused.html", context, status=403))
    form = ReasonForm(request.GET if "reason" in request.GET else None)
    if not form.is_valid():
        form.describe_fields()
        status = 400 if form.is_bound else 200
        context["form"] = form
        return no_store(render(request, "reports/un/reason.html", context, status=status))
    language = form.chosen_language()
    reason = form.cleaned_data["reason"]
    draft = un_draft_build(
        user=request.user, act=act, event=event, victim=victim, consent=consent, language=language
    )
    _log(request.user, "reports.un_draft.viewed", act, victim, language, reason)
    query = {"reason": reason}
    other = "en" if language == "ar" else "ar"
    context.update(
        {
            "draft": draft,
            "docx_url": reverse("reports:un_draft_docx", args=[act.pk])
            + "?"
            + urlencode({**query, "language": language}),
            "other_language": other,
            "other_language_url": "?" + urlencode({**query, "language": other}),
        }
    )
    return no_store(render(request, "reports/un/draft.html", context))


@never_cache
@require_GET
@verified_staff_required
def un_draft_docx_download(request: HttpRequest, act_id: int) -> HttpResponse:
    act, event, victim = act_get_for_un_draft(user=request.user, act_id=act_id)
    consent = un_sharing_consent(victim)
    if consent is None:
        return no_store(HttpResponse(b"", status=403, content_type="text/plain"))
    form = ReasonForm(request.GET)
    if not form.is_valid():
        return redirect("reports:un_draft", act_id=act.pk)
    language = form.chosen_language()
    draft = un_draft_build(
        user=request.user, act=act, event=event, victim=victim, consent=consent, language=language
    )
    content = un_draft_docx(draft)
    _log(
        request.user,
        "reports.un_draft.downloaded",
        act,
        victim,
        language,
        form.cleaned_data["reason"],
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    # A name that says nothing about the person.
    filename = f"un-draft-{event.reference}-act-{act.pk}-{language}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)
