"""The members' space, under /<language>/members/ (namespace ``space``).

Only accepted members with a verified session get in; the public, staff
without a member record and members who left get 404, the same as for a
page that does not exist. Reads go through ``space_selectors``, writes
through ``space_services``. A refused form is shown again (400, or 429 when
the member wrote too much this hour) with everything typed except the photo.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.accounts.otp import is_verified
from nama.core.forms import add_service_error
from nama.core.http import no_store
from nama.network import space_services as services
from nama.network.models import Member, Post, PostPhoto, PostStatus
from nama.network.space_access import can_moderate, member_of
from nama.network.space_forms import (
    CommentForm,
    FeedFilterForm,
    PostForm,
    ReportForm,
    SpaceSettingsForm,
)
from nama.network.space_selectors import (
    comment_get_for_member,
    comments_for_member,
    post_feed_for_member,
    post_get_for_member,
    post_get_for_moderator,
    space_profile_of,
)

PAGE_SIZE = 20

View = Callable[..., HttpResponseBase]


def member_required(view: View) -> View:
    """Accepted members past the second factor; everyone else gets 404."""

    @wraps(view)
    def check(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if member_of(request.user) is None:
            raise Http404
        return view(request, *args, **kwargs)

    verified = verified_staff_required(check)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            raise Http404
        return verified(request, *args, **kwargs)

    return wrapper


def _member(request: HttpRequest) -> Member:
    member = member_of(request.user)
    assert member is not None  # member_required
    return member


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("me", _member(request))
    return no_store(render(request, template, context, status=status))


def _status_of(error: ValidationError) -> int:
    return 429 if getattr(error, "code", None) == "rate_limited" else 400


@never_cache
@require_GET
@member_required
def home(request: HttpRequest) -> HttpResponse:
    """The feed: approved posts (and the member's own pending ones), newest first."""
    form = FeedFilterForm(request.GET or None)
    chosen = form.values() if request.GET else {"kind": "", "language": ""}
    posts = post_feed_for_member(user=request.user, **chosen)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return _render(request, "network/space_home.html", context)


def _post_context(request: HttpRequest, post: Post, **forms: Any) -> dict[str, Any]:
    pseudonym = space_profile_of(user=request.user).pseudonym
    forms.setdefault("comment_form", CommentForm(pseudonym=pseudonym))
    for form in forms.values():
        form.describe_fields()
    return {"post": post, "comments": comments_for_member(post=post), **forms}


@never_cache
@require_GET
@member_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_get_for_member(user=request.user, pk=pk)
    return _render(request, "network/space_post.html", _post_context(request, post))


def _render_post_form(
    request: HttpRequest, form: PostForm, post: Post | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    context = {
        "form": form,
        "post": post,
        "photo_again": status != 200 and bool(request.FILES.get("photo")),
    }
    return _render(request, "network/space_post_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def post_new(request: HttpRequest) -> HttpResponse:
    pseudonym = space_profile_of(user=request.user).pseudonym
    if request.method != "POST":
        return _render_post_form(request, PostForm(pseudonym=pseudonym), None)
    form = PostForm(request.POST, request.FILES, pseudonym=pseudonym)
    if not form.is_valid():
        return _render_post_form(request, form, None, status=400)
    try:
        post = services.post_create(by=request.user, **form.service_data())
    except ValidationError as error:
        add_service_error(form, error)
        return _render_post_form(request, form, None, status=_status_of(error))
    if post.status == PostStatus.PENDING:
        messages.success(
            request,
            _(
                "Thank you. Your first post is checked by a moderator before other "
                "members see it; you can still change it until then."
            ),
        )
    else:
        messages.success(request, _("Your post is in the members' space."))
    return redirect("space:post", pk=post.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author changes a post still waiting for moderation; anything else is 404."""
    post = post_get_for_member(user=request.user, pk=pk)
    if post.author_id != _member(request).pk or post.status != PostStatus.PENDING:
        raise Http404
    if request.method != "POST":
        initial = {
            "kind": post.kind,
            "language": post.language,
            "title": post.title,
            "body": post.body,
            "pseudonym": post.pseudonym,
            "links": "\n".join(post.links),
        }
        return _render_post_form(request, PostForm(initial=initial), post)
    form = PostForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_post_form(request, form, post, status=400)
    try:
        services.post_update(post=post, by=request.user, **form.service_data())
    except ValidationError as error:
        add_service_error(form, error)
        return _render_post_form(request, form, post, status=_status_of(error))
    messages.success(request, _("Your post was saved."))
    return redirect("space:post", pk=post.pk)


@never_cache
@require_POST
@member_required
def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_get_for_member(user=request.user, pk=pk)
    if post.status != PostStatus.APPROVED:
        raise Http404
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.comment_create(
                post=post,
                by=request.user,
                body=form.cleaned_data["body"],
                pseudonym=form.cleaned_data["pseudonym"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            status = _status_of(error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(reverse("space:post", args=[post.pk]) + "#comments")
    context = _post_context(request, post, comment_form=form)
    return _render(request, "network/space_post.html", context, status=status)


def _report_view(request: HttpRequest, post: Post, comment: Any = None) -> HttpResponse:
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if comment is None:
                    services.post_report(
                        post=post, by=request.user, reason=data["reason"], note=data["note"]
                    )
                else:
                    services.comment_report(
                        comment=comment, by=request.user, reason=data["reason"], note=data["note"]
                    )
            except ValidationError as error:
                add_service_error(form, error)
                status = _status_of(error)
            else:
                messages.success(request, _("Thank you. A moderator will look at it soon."))
                if comment is None and post.status != PostStatus.APPROVED:
                    return redirect("space:home")
                return redirect("space:post", pk=post.pk)
    form.describe_fields()
    context = {"form": form, "post": post, "comment": comment}
    return _render(request, "network/space_report.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_get_for_member(user=request.user, pk=pk)
    if post.status != PostStatus.APPROVED:
        raise Http404
    return _report_view(request, post)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_get_for_member(user=request.user, pk=pk)
    return _report_view(request, comment.post, comment)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def space_settings(request: HttpRequest) -> HttpResponse:
    """The member's default pseudonym and the weekly digest."""
    member = _member(request)
    profile = space_profile_of(user=request.user)
    initial = {"pseudonym": profile.pseudonym, "wants_digest": member.wants_digest}
    form = SpaceSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.space_settings_update(
                by=request.user,
                pseudonym=form.cleaned_data["pseudonym"],
                wants_digest=form.cleaned_data["wants_digest"],
            )
            messages.success(request, _("Your settings were saved."))
            return redirect("space:settings")
        status = 400
    form.describe_fields()
    context = {"form": form, "has_email": bool(member.email)}
    return _render(request, "network/space_settings.html", context, status=status)


@never_cache
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo of a post the member may read (moderators: any post), inline, never cached."""
    if not request.user.is_authenticated:
        raise Http404
    found = PostPhoto.objects.filter(pk=pk).values_list("post_id", flat=True).first()
    if found is None:
        raise Http404
    if member_of(request.user) is not None:
        post = post_get_for_member(user=request.user, pk=found)
    elif can_moderate(request.user) and is_verified(request.user):
        post = post_get_for_moderator(user=request.user, pk=found)
    else:
        raise Http404
    item = post.photos.get(pk=pk)
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    extension = item.content_type.rsplit("/", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="photo-{item.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return no_store(response)
