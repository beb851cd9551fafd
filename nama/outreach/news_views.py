"""Staff pages of news and statements, under /<language>/outreach/.

Outreach staff (editors, the director: ``nama.outreach.access``) list, write,
preview and move items through the workflow; everyone else gets 404. A
refused form is shown again (400) with its errors and everything typed,
except the image, which browsers never send back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.forms import add_service_error
from nama.core.http import no_store
from nama.outreach import news_services as services
from nama.outreach.access import can_edit_news, can_publish_news, can_use_outreach
from nama.outreach.models import NewsItem, NewsStatus
from nama.outreach.news_forms import NewsFilterForm, NewsForm, UnpublishForm
from nama.outreach.news_selectors import (
    IMAGE_CSP,
    direction_of,
    image_content_type,
    news_get_for_user,
    news_list_for_user,
    pick_version,
)

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 30

# The outreach landing page: (url name, label, description). Each link is shown
# only when its page exists (other parts of the section may not be there yet).
SECTION_LINKS = (
    (
        "outreach:news",
        gettext_lazy("News and statements"),
        gettext_lazy("Write, review and publish."),
    ),
    (
        "outreach:events",
        gettext_lazy("Public events"),
        gettext_lazy("Debates, workshops, sessions."),
    ),
    (
        "outreach:meetings",
        gettext_lazy("Meetings with officials"),
        gettext_lazy("Meetings and what was said."),
    ),
    (
        "outreach:commitments",
        gettext_lazy("Commitments"),
        gettext_lazy("Open commitments by institution."),
    ),
    (
        "network:moderation",
        gettext_lazy("Members' posts"),
        gettext_lazy("Moderate the members' space."),
    ),
)


def outreach_staff_required(view: View) -> View:
    """Verified outreach staff; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_use_outreach(request.user) or not can_edit_news(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return no_store(render(request, template, context, status=status))


@never_cache
@require_GET
@outreach_staff_required
def home(request: HttpRequest) -> HttpResponse:
    links = []
    for name, label, description in SECTION_LINKS:
        try:
            links.append({"url": reverse(name), "label": label, "description": description})
        except NoReverseMatch:
            continue
    counts = {
        status: news_list_for_user(user=request.user).filter(status=status).count()
        for status in (NewsStatus.DRAFT, NewsStatus.REVIEW)
    }
    return _render(request, "outreach/home.html", {"links": links, "counts": counts})


@never_cache
@require_GET
@outreach_staff_required
def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET or None)
    chosen = form.values() if request.GET else {"status": "", "kind": ""}
    items = news_list_for_user(user=request.user)
    if chosen["status"]:
        items = items.filter(status=chosen["status"])
    if chosen["kind"]:
        items = items.filter(kind=chosen["kind"])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, pick_version(item, request.LANGUAGE_CODE)) for item in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "outreach/news_list.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode()},
    )


def _save(request: HttpRequest, form: NewsForm, item: NewsItem | None) -> NewsItem | None:
    """Call the service; its refusals become form errors."""
    try:
        if item is None:
            return services.news_create(
                by=request.user,
                kind=form.cleaned_data["kind"],
                translations=form.translations(),
                image=form.cleaned_data.get("image"),
                governorate=form.cleaned_data.get("governorate"),
            )
        return services.news_update(
            item=item,
            by=request.user,
            kind=form.cleaned_data["kind"],
            translations=form.translations(),
            governorate=form.cleaned_data.get("governorate"),
            image=form.cleaned_data.get("image"),
            remove_image=bool(form.cleaned_data.get("remove_image")),
        )
    except ValidationError as error:
        add_service_error(form, error)
    except PermissionDenied:
        form.add_error(None, _("Only the director may make this change to a statement."))
    return None


def _form_page(request: HttpRequest, item: NewsItem | None) -> HttpResponse:
    if request.method == "POST":
        form = NewsForm(request.POST, request.FILES, item=item)
        if form.is_valid():
            saved = _save(request, form, item)
            if saved is not None:
                messages.success(request, _("The item was saved."))
                return redirect("outreach:news_item", saved.pk)
        form.describe_fields()
        context = {"form": form, "item": item, "image_again": bool(request.FILES.get("image"))}
        return _render(request, "outreach/news_form.html", context, status=400)
    form = NewsForm(item=item)
    form.describe_fields()
    return _render(request, "outreach/news_form.html", {"form": form, "item": item})


@never_cache
@require_http_methods(["GET", "POST"])
@outreach_staff_required
def news_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@never_cache
@require_http_methods(["GET", "POST"])
@outreach_staff_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = news_get_for_user(user=request.user, pk=pk)
    if item.is_published and not can_publish_news(request.user, item):
        raise Http404
    return _form_page(request, item)


def _detail(
    request: HttpRequest, item: NewsItem, unpublish: UnpublishForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    versions = [
        {"version": v, "direction": direction_of(v.language)} for v in item.translations.all()
    ]
    may_publish = can_publish_news(user, item)
    unpublish = unpublish or UnpublishForm()
    unpublish.describe_fields()
    context = {
        "item": item,
        "versions": versions,
        "may_publish": may_publish,
        "may_edit": not item.is_published or may_publish,
        "unpublish_form": unpublish,
    }
    return _render(request, "outreach/news_item.html", context, status=status)


@never_cache
@require_GET
@outreach_staff_required
def news_item(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: every version as the public would read it, and the workflow buttons."""
    return _detail(request, news_get_for_user(user=request.user, pk=pk))


def _transition(request: HttpRequest, pk: int, action: Callable[..., Any], done: str) -> Any:
    item = news_get_for_user(user=request.user, pk=pk)
    try:
        action(item=item, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("outreach:news_item", item.pk)
    messages.success(request, done)
    return redirect("outreach:news_item", item.pk)


@require_POST
@outreach_staff_required
def news_submit(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _transition(request, pk, services.news_submit_for_review, _("Sent for review."))


@require_POST
@outreach_staff_required
def news_return(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _transition(request, pk, services.news_return_to_draft, _("Back to draft."))


@require_POST
@outreach_staff_required
def news_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _transition(request, pk, services.news_publish, _("Published on the website."))


@require_POST
@outreach_staff_required
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = news_get_for_user(user=request.user, pk=pk)
    if not can_publish_news(request.user, item):
        raise Http404
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, unpublish=form, status=400)
    try:
        services.news_unpublish(item=item, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item was withdrawn from the website."))
    return redirect("outreach:news_item", item.pk)


@require_POST
@outreach_staff_required
def news_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = news_get_for_user(user=request.user, pk=pk)
    try:
        services.news_delete(item=item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("outreach:news_item", item.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("outreach:news")


@never_cache
@require_GET
@outreach_staff_required
def news_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image of any item, for the preview (the public one is ``portal:news_image``)."""
    item = news_get_for_user(user=request.user, pk=pk)
    content_type = image_content_type(item)
    if content_type is None:
        raise Http404
    try:
        handle = item.image.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CSP
    return no_store(response)
