"""Staff pages of network members under /<language>/network/.

Network staff (``access.can_use_network``) read the landing page, the
directory, one member and the counts; the training coordinator and the
director add and edit members, review applications, invite members and link
them to monitoring person records. Everyone else gets 404, like a page that
does not exist. Contacts and protection data are left out of the HTML for
readers who may not see them (not hidden with CSS: absent).

Names never travel in URLs: the directory's name search is a POST.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.audit import log_action
from nama.core.http import no_store
from nama.network import access
from nama.network import member_services as services
from nama.network.member_forms import (
    DeclineForm,
    LinkPersonForm,
    MemberFilterForm,
    MemberForm,
    NameSearchForm,
)
from nama.network.member_selectors import (
    application_list_for_user,
    member_counts,
    member_filter,
    member_get_for_user_or_404,
    member_list_for_user,
)
from nama.network.models import Member, MemberLanguage, MemberStatus
from nama.reports.disclosure import default_threshold

PAGE_SIZE = 50

View = Callable[..., HttpResponseBase]


def _guarded(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @verified_staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


network_staff_required = _guarded(access.can_use_network)
member_manager_required = _guarded(access.can_manage_members)
reviewer_required = _guarded(access.can_review_applications)


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page another part of the app may not have yet, or None."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    user = request.user
    context.setdefault("can_manage", access.can_manage_members(user))
    context.setdefault("can_review", access.can_review_applications(user))
    return no_store(render(request, template, context, status=status))


# ---------------------------------------------------------------------------
# Landing page and counts


@never_cache
@require_GET
@network_staff_required
def home(request: HttpRequest) -> HttpResponse:
    members = member_list_for_user(user=request.user)
    context = {
        "members_count": members.filter(status=MemberStatus.ACCEPTED).count(),
        "applications_count": application_list_for_user(user=request.user).count(),
        "courses_url": optional_url("network:courses"),
        "moderation_url": optional_url("network:moderation"),
    }
    return _render(request, "network/home.html", context)


@never_cache
@require_GET
@network_staff_required
def counts(request: HttpRequest) -> HttpResponse:
    context = {
        "by_governorate": member_counts(by="governorate"),
        "by_area": member_counts(by="area"),
        "threshold": default_threshold(),
    }
    return _render(request, "network/member_counts.html", context)


# ---------------------------------------------------------------------------
# The directory


def _pager(request: HttpRequest, members: QuerySet[Member]) -> dict[str, Any]:
    page = Paginator(members.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "rows": list(page.object_list),
        "number": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "previous": page.previous_page_number() if page.has_previous() else None,
        "next": page.next_page_number() if page.has_next() else None,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@network_staff_required
def members(request: HttpRequest) -> HttpResponse:
    """The directory: GET filters (nothing identifying), POST for a name search."""
    user = request.user
    show_status = access.can_see_all_members(user)
    form = MemberFilterForm(request.GET or None, show_status=show_status)
    name_form = NameSearchForm(request.POST if request.method == "POST" else None)
    name = ""
    if request.method == "POST" and name_form.is_valid():
        name = name_form.cleaned_data["name"]
    chosen = form.values(name=name)
    found = member_filter(member_list_for_user(user=user), chosen)
    if not show_status and not chosen.status:
        found = found.filter(status=MemberStatus.ACCEPTED)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "name_form": name_form,
        "searching_name": bool(name.strip()),
        "pager": _pager(request, found.prefetch_related("areas_of_work")),
        "query": query.urlencode(),
        "can_see_contacts": access.can_see_contacts(user),
    }
    return _render(request, "network/member_list.html", context)


# ---------------------------------------------------------------------------
# One member


@never_cache
@require_GET
@network_staff_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = member_get_for_user_or_404(user=user, pk=pk)
    contacts = access.can_see_contacts(user)
    protection = access.can_see_protection(user)
    if contacts or protection:
        log_action(
            user,
            "network.member.viewed",
            found,
            {"member": found.pk, "contacts": contacts, "protection": protection},
        )
    context = {
        "member": found,
        "areas": list(found.areas_of_work.all()),
        "languages": [
            str(MemberLanguage(code).label)
            for code in found.languages
            if code in MemberLanguage.values
        ],
        "can_invite": _can_invite(user, found),
        "can_see_contacts": contacts,
        "can_see_protection": protection,
        "decline_form": DeclineForm(),
        "link_form": LinkPersonForm(initial={"person": found.person_id}),
        "person_url": optional_url("monitoring:person", found.person_id)
        if found.person_id
        else None,
    }
    return _render(request, "network/member_detail.html", context)


def _can_invite(user: Any, found: Member) -> bool:
    """An accepted member without an account, or whose account has no password yet."""
    if not access.can_review_applications(user):
        return False
    if not found.is_accepted:
        return False
    return found.user is None or not found.user.has_usable_password()


def _render_form(
    request: HttpRequest, form: MemberForm, found: Member | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    return _render(request, "network/member_form.html", {"form": form, "member": found}, status)


@never_cache
@require_http_methods(["GET", "POST"])
@member_manager_required
def member_create(request: HttpRequest) -> HttpResponse:
    protection = access.can_see_protection(request.user)
    if request.method != "POST":
        return _render_form(request, MemberForm(protection=protection), None)
    form = MemberForm(request.POST, protection=protection)
    if not form.is_valid():
        return _render_form(request, form, None, status=400)
    created = services.member_create(
        by=request.user,
        data=form.service_data(),
        areas_of_work=form.cleaned_data["areas_of_work"],
    )
    messages.success(request, _("The member was added."))
    return redirect("network:member", pk=created.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@member_manager_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = member_get_for_user_or_404(user=request.user, pk=pk)
    protection = access.can_see_protection(request.user)
    if request.method != "POST":
        return _render_form(request, MemberForm(member=found, protection=protection), found)
    form = MemberForm(request.POST, member=found, protection=protection)
    if not form.is_valid():
        return _render_form(request, form, found, status=400)
    services.member_update(
        member=found,
        by=request.user,
        data=form.service_data(),
        areas_of_work=form.cleaned_data["areas_of_work"],
    )
    messages.success(request, _("The member was saved."))
    return redirect("network:member", pk=found.pk)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@never_cache
@require_POST
@member_manager_required
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    found = member_get_for_user_or_404(user=request.user, pk=pk)
    services.member_leave(member=found, by=request.user)
    messages.success(request, _("The member was marked as having left the network."))
    return redirect("network:member", pk=found.pk)


@never_cache
@require_POST
@member_manager_required
def member_link_person(request: HttpRequest, pk: int) -> HttpResponse:
    found = member_get_for_user_or_404(user=request.user, pk=pk)
    form = LinkPersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of a monitoring person record."))
        return redirect("network:member", pk=found.pk)
    # A person the user may not read answers 404, like one that does not exist.
    services.member_link_person(
        member=found, by=request.user, person_pk=form.cleaned_data["person"]
    )
    messages.success(request, _("The link to the monitoring record was saved."))
    return redirect("network:member", pk=found.pk)


@never_cache
@require_POST
@reviewer_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    found = member_get_for_user_or_404(user=request.user, pk=pk)
    try:
        services.member_invite(
            member=found, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The invitation was sent by e-mail."))
    return redirect("network:member", pk=found.pk)


# ---------------------------------------------------------------------------
# Applications


@never_cache
@require_GET
@reviewer_required
def applications(request: HttpRequest) -> HttpResponse:
    waiting = application_list_for_user(user=request.user).prefetch_related("areas_of_work")
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "decline_form": DeclineForm(),
        "can_see_contacts": access.can_see_contacts(request.user),
    }
    return _render(request, "network/member_applications.html", context)


def _application(request: HttpRequest, pk: int) -> Member:
    from nama.core.scoping import get_object_for_user_or_404

    return get_object_for_user_or_404(application_list_for_user(user=request.user), pk=pk)


@never_cache
@require_POST
@reviewer_required
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    services.application_accept(member=found, by=request.user)
    messages.success(
        request, _("%(reference)s was accepted into the network.") % {"reference": found.reference}
    )
    return redirect("network:applications")


@never_cache
@require_POST
@reviewer_required
def application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for declining."))
        return redirect("network:applications")
    services.application_decline(member=found, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("%(reference)s was declined.") % {"reference": found.reference})
    return redirect("network:applications")
