"""Every write about network members: staff edits, the public join form, review,
leaving, portal invitations and links to monitoring person records.

All functions are atomic and keyword-only, take the acting user as ``by=`` (or
nothing for the public form) and write an audit entry that names fields and
ids, never values: names, contacts, motivation and protection notes stay out
of the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nama.accounts.models import User
from nama.core import ratelimit
from nama.core.audit import log_action
from nama.core.models import Term
from nama.core.roles import has_any_role
from nama.network.access import can_manage_members, can_review_applications, can_see_protection
from nama.network.models import Member, MemberStatus

__all__ = [
    "JOIN_SCOPE",
    "ApplicationThrottled",
    "InvitationTokenGenerator",
    "application_accept",
    "application_decline",
    "application_submit",
    "invitation_token",
    "member_create",
    "member_invite",
    "member_leave",
    "member_link_person",
    "member_update",
]

JOIN_SCOPE = "network.join"

# What staff may set on a member; protection fields only for can_see_protection.
EDITABLE_FIELDS = (
    "kind",
    "name",
    "email",
    "phone",
    "sex",
    "birth_year",
    "governorate",
    "organisation",
    "languages",
    "skills",
    "motivation",
    "wants_digest",
)
PROTECTION_FIELDS = ("risk_level", "protection_notes")
# Fields whose values identify someone: the audit log records that they
# changed, never what they became.
PUBLIC_FORM_FIELDS = (
    "kind",
    "name",
    "email",
    "phone",
    "governorate",
    "organisation",
    "languages",
    "skills",
    "motivation",
)

NEEDS_CONTACT = gettext_lazy("Give an e-mail address or a phone number.")
NEEDS_REASON = gettext_lazy("Give a reason for declining.")
NOT_WAITING = gettext_lazy("This application was already reviewed.")
NO_EMAIL = gettext_lazy("This member has no e-mail address to send an invitation to.")
HAS_ACCOUNT = gettext_lazy("This member already has a portal account.")
NOT_ACCEPTED = gettext_lazy("Only accepted members can be invited.")


class ApplicationThrottled(Exception):
    """Too many applications from one client in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many applications")
        self.retry_after = retry_after


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time links for invited members. The token hashes the password, so it
    stops working once a password is set; a separate salt keeps it apart from
    password-reset tokens."""

    key_salt = "nama.network.member_invitation"


invitation_token = InvitationTokenGenerator()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _set_areas(member: Member, areas: Iterable[Term] | None) -> bool:
    if areas is None:
        return False
    wanted = {term.pk for term in areas}
    current = set(member.areas_of_work.values_list("pk", flat=True))
    if wanted == current:
        return False
    member.areas_of_work.set(list(wanted))
    return True


def _clean_languages(value: Any) -> list[str]:
    if not value:
        return []
    return [str(code) for code in value]


# ---------------------------------------------------------------------------
# Staff


@transaction.atomic
def member_create(*, by: Any, data: dict[str, Any], areas_of_work: Iterable[Term] = ()) -> Member:
    """A member added by staff (accepted at once, reviewed by ``by``)."""
    _require(can_manage_members(by))
    values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
    values["languages"] = _clean_languages(values.get("languages"))
    if can_see_protection(by):
        values.update({name: data[name] for name in PROTECTION_FIELDS if name in data})
    now = timezone.now()
    member = Member.objects.create(
        status=MemberStatus.ACCEPTED, reviewed_by=by, reviewed_at=now, **values
    )
    _set_areas(member, areas_of_work)
    log_action(
        by,
        "network.member.created",
        member,
        {"member": member.pk, "kind": member.kind, "governorate": member.governorate.slug},
    )
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    by: Any,
    data: dict[str, Any],
    areas_of_work: Iterable[Term] | None = None,
) -> Member:
    """Change a member's details. Protection fields are only taken from those
    who may see them, and their change is audited as its own action."""
    _require(can_manage_members(by))
    member = Member.objects.select_for_update().get(pk=member.pk)
    if "languages" in data:
        data = {**data, "languages": _clean_languages(data["languages"])}
    changed = [
        name for name in EDITABLE_FIELDS if name in data and getattr(member, name) != data[name]
    ]
    protection = []
    if can_see_protection(by):
        protection = [
            name
            for name in PROTECTION_FIELDS
            if name in data and getattr(member, name) != data[name]
        ]
    for name in [*changed, *protection]:
        setattr(member, name, data[name])
    if changed or protection:
        member.save()
    if _set_areas(member, areas_of_work):
        changed.append("areas_of_work")
    if changed:
        log_action(by, "network.member.updated", member, {"member": member.pk, "fields": changed})
    if protection:
        log_action(
            by,
            "network.member.protection_changed",
            member,
            {"member": member.pk, "fields": protection, "risk_level": member.risk_level},
        )
    return member


@transaction.atomic
def member_leave(*, member: Member, by: Any, reason: str = "") -> Member:
    """The member leaves the network; a portal account is switched off with it."""
    _require(can_manage_members(by))
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.status = MemberStatus.LEFT
    member.save(update_fields=["status", "updated_at"])
    if member.user is not None and member.user.is_active:
        user = member.user
        user.is_active = False
        user.save(update_fields=["is_active"])
    log_action(by, "network.member.left", member, {"member": member.pk}, reason=reason)
    return member


@transaction.atomic
def member_link_person(*, member: Member, by: Any, person_pk: Any | None) -> Member:
    """Link a member to a monitoring person record (a member who is also a
    victim), or unlink with ``person_pk=None``. The person is fetched through
    the monitoring selector, so only someone who may read it can link it
    (anything else is a 404)."""
    from nama.monitoring.selectors import person_get_for_user

    _require(can_manage_members(by))
    person = None if person_pk in (None, "") else person_get_for_user(user=by, pk=person_pk)
    member = Member.objects.select_for_update().get(pk=member.pk)
    previous = member.person_id
    member.person = person
    member.save(update_fields=["person", "updated_at"])
    log_action(
        by,
        "network.member.person_linked" if person else "network.member.person_unlinked",
        member,
        {"member": member.pk, "person": person.pk if person else None, "previous": previous},
    )
    return member


# ---------------------------------------------------------------------------
# The public join form and its review


def application_submit(
    *,
    data: dict[str, Any],
    areas_of_work: Iterable[Term] = (),
    client_key_for_ratelimit: str | None = None,
) -> Member:
    """An application from the public "join the network" form: status applied,
    consent recorded now. No address, user agent or other trace of the device
    is kept. ``client_key_for_ratelimit`` (``ratelimit.client_key``) counts it;
    past ``NAMA_NETWORK_JOIN_LIMIT`` per window, :class:`ApplicationThrottled`.
    """
    if not (str(data.get("email") or "").strip() or str(data.get("phone") or "").strip()):
        raise ValidationError(NEEDS_CONTACT, code="no_contact")
    if client_key_for_ratelimit is not None:
        limit = int(getattr(settings, "NAMA_NETWORK_JOIN_LIMIT", 5))
        window = int(getattr(settings, "NAMA_NETWORK_JOIN_WINDOW_SECONDS", 3600))
        result = ratelimit.hit(
            client_key_for_ratelimit, scope=JOIN_SCOPE, limit=limit, window_seconds=window
        )
        if not result.allowed:
            raise ApplicationThrottled(result.retry_after)
    values = {name: data[name] for name in PUBLIC_FORM_FIELDS if name in data}
    values["languages"] = _clean_languages(values.get("languages"))
    with transaction.atomic():
        member = Member.objects.create(
            status=MemberStatus.APPLIED, consent_at=timezone.now(), **values
        )
        _set_areas(member, areas_of_work)
        log_action(
            None,
            "network.application.submitted",
            member,
            {"member": member.pk, "kind": member.kind, "governorate": member.governorate.slug},
        )
    return member


def _waiting(member: Member) -> Member:
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.status != MemberStatus.APPLIED:
        raise ValidationError(NOT_WAITING, code="not_waiting")
    return locked


@transaction.atomic
def application_accept(*, member: Member, by: Any, note: str = "") -> Member:
    """Accept an application: the applicant becomes a member."""
    _require(can_review_applications(by))
    member = _waiting(member)
    member.status = MemberStatus.ACCEPTED
    member.reviewed_by = by
    member.reviewed_at = timezone.now()
    member.review_note = note
    member.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    log_action(by, "network.application.accepted", member, {"member": member.pk})
    return member


@transaction.atomic
def application_decline(*, member: Member, by: Any, reason: str) -> Member:
    """Decline an application with a reason (kept on the record and in the audit log)."""
    _require(can_review_applications(by))
    if not reason.strip():
        raise ValidationError(NEEDS_REASON, code="no_reason")
    member = _waiting(member)
    member.status = MemberStatus.DECLINED
    member.reviewed_by = by
    member.reviewed_at = timezone.now()
    member.review_note = reason.strip()
    member.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    log_action(
        by, "network.application.declined", member, {"member": member.pk}, reason=reason.strip()
    )
    return member


# ---------------------------------------------------------------------------
# Portal accounts


def _new_username() -> str:
    """Random, never derived from the name: a username is not secret and shows in logs."""
    while True:
        username = f"member-{secrets.token_hex(4)}"
        if not User.objects.filter(username=username).exists():
            return username


def _language_of(member: Member) -> str:
    """The interface language to write to the member in: the first one they speak."""
    for code in member.languages or []:
        if code in {"ar", "en", "ckb"}:
            return str(code)
    return str(settings.LANGUAGE_CODE).split("-")[0]


def invitation_path(user: User, *, language: str) -> str:
    """The path of the set-password page for ``user`` (a fresh one-time token)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    with translation.override(language):
        return reverse(
            "network:invitation",
            kwargs={"uidb64": uidb64, "token": invitation_token.make_token(user)},
        )


def _send_invitation(member: Member, user: User, base_url: str) -> None:
    language = _language_of(member)
    link = f"{base_url.rstrip('/')}{invitation_path(user, language=language)}"
    with translation.override(language):
        subject = _("Your account in the members' space of the defenders' network")
        body = _(
            "You are a member of the defenders' network. The centre invites you to its "
            "members' space, where members share experiences, challenges and news.\n\n"
            "Your user name: %(username)s\n\n"
            "Open this link to choose your password (it works once, for a few days):\n"
            "%(link)s\n\n"
            "Then log in with your user name and password and set up the second step of "
            "the login with an authenticator app on your phone.\n\n"
            "If you did not expect this message, ignore it."
        ) % {"username": user.get_username(), "link": link}
    send_mail(
        subject=str(subject),
        message=str(body),
        from_email=None,
        recipient_list=[member.email],
        fail_silently=False,
    )


@transaction.atomic
def member_invite(*, member: Member, by: Any, base_url: str = "") -> Member:
    """Give an accepted member with an e-mail address a portal account and send
    them a one-time link to set its password.

    The account has no staff role, an unusable password until the link is
    used, and a random user name; it holds neither the member's name nor
    their e-mail (those stay encrypted on the member). Sending again to a
    member whose account has no password yet sends a fresh link.
    """
    _require(can_review_applications(by))
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.ACCEPTED:
        raise ValidationError(NOT_ACCEPTED, code="not_accepted")
    if not member.email:
        raise ValidationError(NO_EMAIL, code="no_email")
    user = member.user
    if user is not None and (user.has_usable_password() or has_any_role(user)):
        raise ValidationError(HAS_ACCOUNT, code="has_account")
    created = user is None
    if user is None:
        user = User(username=_new_username())
        user.set_unusable_password()
        user.save()
        member.user = user
    member.invited_at = timezone.now()
    member.save(update_fields=["user", "invited_at", "updated_at"])
    log_action(
        by,
        "network.member.invited",
        member,
        {"member": member.pk, "user": user.pk, "new_account": created},
    )
    base = base_url or str(getattr(settings, "NAMA_SITE_URL", ""))
    transaction.on_commit(lambda: _send_invitation(member, user, base))
    return member


def invitation_user(uidb64: str, token: str) -> User | None:
    """The invited member's account a link is for, or None when the link is
    wrong, used or expired, or when the account is not an invited member's
    (a staff account can never get a password this way)."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        return None
    if not invitation_token.check_token(user, token):
        return None
    if user.has_usable_password():
        return None
    if has_any_role(user):
        return None
    if not Member.objects.filter(user=user, status=MemberStatus.ACCEPTED).exists():
        return None
    return user


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """Set the invited member's first password (validated by the caller's form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    member = Member.objects.filter(user=user).first()
    log_action(user, "network.member.password_set", member, {"user": user.pk})
    return user
