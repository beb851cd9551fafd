"""Moderation of the members' space, under /<language>/network/moderation/.

For editors, the director and the training coordinator
(``space_access.can_moderate``); everyone else gets 404. Moderators see the
member reference (M-00012) and the pseudonym, not the author's name. Hiding
and removing need a reason, which the audit log keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.http import no_store
from nama.network import space_services as services
from nama.network.models import Post, PostStatus
from nama.network.space_access import can_moderate, can_promote
from nama.network.space_forms import ModerationForm
from nama.network.space_selectors import (
    comment_get_for_moderator,
    moderation_queue,
    post_get_for_moderator,
    reported_comments,
)

View = Callable[..., HttpResponseBase]


def moderator_required(view: View) -> View:
    """Verified moderators; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_moderate(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("can_promote", can_promote(request.user))
    return no_store(render(request, template, context, status=status))


@never_cache
@require_GET
@moderator_required
def moderation(request: HttpRequest) -> HttpResponse:
    """First posts, reported posts and reported comments, oldest first."""
    context = {
        "items": moderation_queue(user=request.user),
        "comments": reported_comments(user=request.user),
    }
    return _render(request, "network/space_moderation.html", context)


def _render_post(
    request: HttpRequest, post: Post, form: ModerationForm | None = None, status: int = 200
) -> HttpResponse:
    form = form or ModerationForm()
    form.describe_fields()
    comments = post.comments.select_related("author").order_by("created_at", "pk")
    context = {"post": post, "form": form, "comments": comments}
    return _render(request, "network/space_moderation_post.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@moderator_required
def moderation_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff view of one post, with the decision form."""
    post = post_get_for_moderator(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_post(request, post)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, form, status=400)
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    try:
        if action == "approve":
            services.post_approve(post=post, by=request.user, reason=reason)
            messages.success(request, _("The post was approved: members see it."))
        elif action == "hide":
            services.post_hide(post=post, by=request.user, reason=reason)
            messages.success(request, _("The post was hidden."))
        else:
            services.post_remove(post=post, by=request.user, reason=reason)
            messages.success(request, _("The post was removed and its photos deleted."))
    except ValidationError as error:
        form.add_error(None, error)
        return _render_post(request, post, form, status=400)
    return redirect("network:moderation")


@never_cache
@require_POST
@moderator_required
def moderation_promote(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft of public news from an approved post (editors and the director)."""
    post = post_get_for_moderator(user=request.user, pk=pk)
    if not can_promote(request.user) or post.status != PostStatus.APPROVED:
        raise Http404
    kind = request.POST.get("kind", "news")
    try:
        item = services.post_promote(post=post, by=request.user, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("network:moderation_post", pk=post.pk)
    messages.success(
        request,
        _("A news draft was made from the post. Review it in the news pages before publishing."),
    )
    try:
        return redirect(reverse("outreach:news_edit", args=[item.pk]))
    except NoReverseMatch:  # the news pages are not wired yet
        return redirect("network:moderation_post", pk=post.pk)


@never_cache
@require_POST
@moderator_required
def moderation_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep, hide or remove a reported comment."""
    comment = comment_get_for_moderator(user=request.user, pk=pk)
    form = ModerationForm(request.POST, for_comment=True)
    if form.is_valid():
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"]
        try:
            if action == "keep":
                services.comment_keep(comment=comment, by=request.user, reason=reason)
            elif action == "hide":
                services.comment_hide(comment=comment, by=request.user, reason=reason)
            else:
                services.comment_remove(comment=comment, by=request.user, reason=reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision on the comment was saved."))
            return redirect("network:moderation")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _render(
        request,
        "network/space_moderation.html",
        {
            "items": moderation_queue(user=request.user),
            "comments": reported_comments(user=request.user),
        },
        status=400,
    )
