"""Anti-abuse for public forms, with no third-party service (DESIGN.md §4, §8).

Three layers, all stateless except for short-lived keyed hashes in the cache:

* **Honeypot**: an innocuous extra field (``website``) that people never see
  and bots fill in. A filled honeypot is refused with a generic error.
* **Proof of work**: the server signs a challenge (``django.core.signing``,
  salt ``nama.antiabuse.pow``) holding a random nonce, its issue time, a
  difficulty and the form's scope, and nothing about the client. The browser
  (``static/js/pow.js``) finds a decimal counter such that
  ``SHA-256(challenge + counter)`` starts with ``difficulty`` zero bits and
  sends it as ``pow_solution``. The server checks the signature, the scope,
  the age and the solution, then burns the nonce: a keyed hash of it (HMAC
  under an HKDF sub-key of ``NAMA_INDEX_KEY``) is added to the cache until the
  challenge would have expired, so a replay is refused.
* **Fallback without JavaScript**: a submission with a valid challenge but no
  solution is accepted, but it counts against a much stricter rate limit
  (``nama.core.ratelimit``: a keyed hash of the client, never its address).
  Every submission, with or without a solution, must also come at least
  ``NAMA_POW_MIN_SECONDS`` after its challenge was issued.

Checks that consume something (the nonce, a fallback attempt) only run when
the rest of the form is valid: a person who forgot a field is not charged for
it, and the page they get back carries a fresh challenge anyway.

Settings (all optional): ``NAMA_POW_DIFFICULTY`` (14 bits), ``NAMA_POW_MAX_AGE``
(7200 s), ``NAMA_POW_MIN_SECONDS`` (3 s), ``NAMA_POW_FALLBACK_LIMIT`` (5) per
``NAMA_POW_FALLBACK_WINDOW`` (3600 s). See docs/antiabuse.md.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nama.core import ratelimit
from nama.core.crypto import derive_key

if TYPE_CHECKING:
    from django.forms.boundfield import BoundField
    from django_stubs_ext import StrOrPromise

    _FormBase = forms.Form
else:
    _FormBase = object

__all__ = [
    "CHALLENGE_FIELD",
    "HONEYPOT_FIELD",
    "SOLUTION_FIELD",
    "AntiAbuseFormMixin",
    "Challenge",
    "HoneypotFormMixin",
    "Verdict",
    "issue_challenge",
    "solves",
    "verify_antiabuse",
]

CHALLENGE_FIELD = "pow_challenge"
SOLUTION_FIELD = "pow_solution"
HONEYPOT_FIELD = "website"

DEFAULT_DIFFICULTY = 14
SALT = "nama.antiabuse.pow"
CACHE_PREFIX = "nama:pow:"
VERSION = 1
# A clock a little ahead on another web process must not make fresh challenges
# look as if they came from the future.
CLOCK_SKEW_SECONDS = 60
# Spent nonces expire on coarse boundaries, so the cache does not reveal to the
# second when a form was sent.
SPENT_ROUNDING_SECONDS = 600
# pow.js counts from 0; a real solution has a handful of digits.
_SOLUTION = re.compile(r"[0-9]{1,15}")
_SCOPE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,47}")

# Error messages. The honeypot's says nothing about why.
GENERIC_ERROR = _("We could not accept this form. Please check it and send it again.")
EXPIRED_ERROR = _("This form was open for too long. Please check your answers and send it again.")
REPLAYED_ERROR = _("This form was already sent. Please check your answers and send it again.")
TOO_FAST_ERROR = _("The form was sent very quickly. Please check your answers and send it again.")
RATE_LIMITED_ERROR = _(
    "Too many forms were sent from your connection. Please wait an hour and try again, "
    "or turn on JavaScript in your browser."
)
MESSAGES: dict[str, StrOrPromise] = {
    "honeypot": GENERIC_ERROR,
    "missing": GENERIC_ERROR,
    "invalid": GENERIC_ERROR,
    "scope": GENERIC_ERROR,
    "solution": GENERIC_ERROR,
    "expired": EXPIRED_ERROR,
    "replayed": REPLAYED_ERROR,
    "too_fast": TOO_FAST_ERROR,
    "rate_limited": RATE_LIMITED_ERROR,
}

# The clock, replaced by tests.
_clock: Callable[[], float] = time.time


# --- Settings -----------------------------------------------------------------


def _int_setting(name: str, default: int, minimum: int) -> int:
    value = getattr(settings, name, default)
    if not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(f"{name} must be an integer of at least {minimum}")
    return value


def difficulty() -> int:
    """Leading zero bits a solution needs (2**difficulty hashes on average).

    14 by default: pow.js manages about 80,000 ``crypto.subtle`` digests a
    second on a small server core, a cheap phone several times fewer, so 16
    bits (65,536 on average, three times that one time in twenty) would keep
    some people waiting for seconds. See docs/antiabuse.md.
    """
    value = _int_setting("NAMA_POW_DIFFICULTY", DEFAULT_DIFFICULTY, 0)
    if value > 32:
        raise ImproperlyConfigured("NAMA_POW_DIFFICULTY above 32 would lock phones out")
    return value


def max_age() -> int:
    return _int_setting("NAMA_POW_MAX_AGE", 2 * 60 * 60, 60)


def min_seconds() -> int:
    return _int_setting("NAMA_POW_MIN_SECONDS", 3, 0)


def fallback_limit() -> int:
    return _int_setting("NAMA_POW_FALLBACK_LIMIT", 5, 1)


def fallback_window() -> int:
    return _int_setting("NAMA_POW_FALLBACK_WINDOW", 60 * 60, 1)


# --- Challenges ---------------------------------------------------------------


@dataclass(frozen=True)
class Challenge:
    """A signed challenge as the template needs it."""

    token: str
    difficulty: int
    scope: str


def _check_scope(scope: str) -> None:
    if not _SCOPE.fullmatch(scope):
        raise ValueError("scope must be 1-48 of a-z 0-9 _ . - (e.g. 'intake.complaint')")


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def issue_challenge(*, scope: str, now: float | None = None) -> Challenge:
    """A fresh challenge for a form of ``scope``. Stateless: nothing is stored."""
    _check_scope(scope)
    bits = difficulty()
    payload = {
        "v": VERSION,
        "n": secrets.token_urlsafe(16),
        "t": int(_clock() if now is None else now),
        "d": bits,
        "s": scope,
    }
    return Challenge(token=_signer().sign_object(payload), difficulty=bits, scope=scope)


def solves(token: str, solution: str, bits: int) -> bool:
    """True when SHA-256(token + solution) starts with ``bits`` zero bits."""
    if not _SOLUTION.fullmatch(solution):
        return False
    digest = hashlib.sha256((token + solution).encode("ascii")).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def _spent_key(nonce: str) -> str:
    digest = hmac.new(
        derive_key(b"nama antiabuse\x00pow nonce"), nonce.encode("utf-8"), hashlib.sha256
    )
    return CACHE_PREFIX + digest.hexdigest()[:32]


def _spend(nonce: str, *, issued: int, now: float) -> bool:
    """Mark the nonce used; False when it already was (a replay)."""
    expires = issued + max_age()
    rounded = math.ceil(expires / SPENT_ROUNDING_SECONDS) * SPENT_ROUNDING_SECONDS
    timeout = max(1, math.ceil(rounded - now))
    return bool(cache.add(_spent_key(nonce), 1, timeout=timeout))


# --- Verification -------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What ``verify_antiabuse`` decided.

    ``code`` is ``""`` when accepted, else one of ``MESSAGES``' keys;
    ``fallback`` is True when the submission came without a proof of work.
    """

    accepted: bool
    code: str = ""
    fallback: bool = False

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) if self.code else ""

    def error(self) -> ValidationError:
        return ValidationError(MESSAGES[self.code], code=self.code)


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _check_challenge(
    data: Mapping[str, Any], *, scope: str, now: float
) -> tuple[Verdict | None, dict[str, Any]]:
    """The checks that cost nothing and store nothing."""
    token = _text(data, CHALLENGE_FIELD)
    if not token:
        return Verdict(accepted=False, code="missing"), {}
    try:
        payload = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return Verdict(accepted=False, code="invalid"), {}
    if not (
        isinstance(payload, dict)
        and payload.get("v") == VERSION
        and isinstance(payload.get("n"), str)
        and isinstance(payload.get("t"), int)
        and isinstance(payload.get("d"), int)
        and isinstance(payload.get("s"), str)
    ):
        return Verdict(accepted=False, code="invalid"), {}
    if payload["s"] != scope:
        return Verdict(accepted=False, code="scope"), payload
    age = now - payload["t"]
    if age < -CLOCK_SKEW_SECONDS:
        return Verdict(accepted=False, code="invalid"), payload
    if age > max_age():
        return Verdict(accepted=False, code="expired"), payload
    if age < min_seconds():
        return Verdict(accepted=False, code="too_fast"), payload
    solution = _text(data, SOLUTION_FIELD)
    if solution and not solves(token, solution, payload["d"]):
        return Verdict(accepted=False, code="solution"), payload
    return None, payload


def verify_antiabuse(
    data: Mapping[str, Any],
    *,
    scope: str,
    client_key: HttpRequest | str,
    honeypot_field: str = HONEYPOT_FIELD,
    consume: bool = True,
    now: float | None = None,
) -> Verdict:
    """Check a submission's honeypot, challenge and proof of work (or fallback).

    ``data`` is ``request.POST`` or a parsed JSON body holding ``pow_challenge``,
    ``pow_solution`` (empty without JavaScript) and the honeypot. ``client_key``
    is the request, or any string standing for the client (its address, a key
    from ``ratelimit.client_key``); it only reaches the cache as a keyed hash,
    and only for the no-JavaScript fallback.

    With ``consume=False`` only the stateless checks run (nothing is spent or
    counted): for a submission that is refused for another reason anyway.

    For a DRF endpoint::

        verdict = verify_antiabuse(request.data, scope="network.join", client_key=request)
        if not verdict.accepted:
            raise serializers.ValidationError({"non_field_errors": [verdict.message]})
    """
    _check_scope(scope)
    moment = _clock() if now is None else now
    if _text(data, honeypot_field):
        return Verdict(accepted=False, code="honeypot")
    refused, payload = _check_challenge(data, scope=scope, now=moment)
    if refused is not None:
        return refused
    fallback = not _text(data, SOLUTION_FIELD)
    if not consume:
        return Verdict(accepted=True, fallback=fallback)
    if not _spend(payload["n"], issued=payload["t"], now=moment):
        return Verdict(accepted=False, code="replayed", fallback=fallback)
    if fallback:
        result = ratelimit.throttle_client(
            client_key,
            scope=f"{scope}.nojs",
            limit=fallback_limit(),
            window_seconds=fallback_window(),
            now=moment,
        )
        if not result.allowed:
            return Verdict(accepted=False, code="rate_limited", fallback=True)
    return Verdict(accepted=True, fallback=fallback)


# --- Forms --------------------------------------------------------------------


class HoneypotFormMixin(_FormBase):
    """Adds the honeypot field and refuses a form that has it filled in.

    Render it with ``{% include "core/_antiabuse_fields.html" %}``; it is left
    out of ``{{ form }}`` and ``{% for field in form %}`` so that it is never
    drawn as an ordinary, visible field.
    """

    honeypot_field_name: str = HONEYPOT_FIELD

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            required=False,
            # Only announced if a screen reader ignores aria-hidden.
            label=_("Leave this field empty"),
            widget=forms.TextInput(
                attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
            ),
        )

    def _antiabuse_field_names(self) -> set[str]:
        return {self.honeypot_field_name}

    @property
    def honeypot(self) -> BoundField:
        return self[self.honeypot_field_name]

    def __iter__(self) -> Iterator[BoundField]:
        hidden = self._antiabuse_field_names()
        return (field for field in super().__iter__() if field.name not in hidden)

    def get_context(self) -> dict[str, Any]:
        context = super().get_context()
        hidden = self._antiabuse_field_names()
        context["fields"] = [item for item in context["fields"] if item[0].name not in hidden]
        context["hidden_fields"] = [
            field for field in context["hidden_fields"] if field.name not in hidden
        ]
        return context

    def honeypot_filled(self) -> bool:
        return bool(_text(self.data, self.add_prefix(self.honeypot_field_name)))

    # _post_clean runs after the fields and every subclass's clean(): see
    # AntiAbuseFormMixin. (django-stubs declares it on ModelForm only.)
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.is_bound and self.honeypot_filled():
            self.add_error(None, ValidationError(GENERIC_ERROR, code="honeypot"))


class AntiAbuseFormMixin(HoneypotFormMixin):
    """Honeypot, proof of work and the no-JavaScript fallback for a public form.

    ::

        class ComplaintForm(AntiAbuseFormMixin, forms.Form):
            antiabuse_scope = "intake.complaint"

        form = ComplaintForm(request.POST or None, request=request)

    and in the template, inside the ``<form>``:
    ``{% include "core/_antiabuse_fields.html" %}``. Refusals become
    non-field errors (``form.non_field_errors``); what the person typed stays
    in the form, which is rendered again with a fresh challenge.

    The checks run in ``_post_clean``, after every field and every subclass's
    ``clean()``: the nonce is spent and the fallback counted only when
    nothing else is wrong.
    """

    antiabuse_scope: str = ""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.antiabuse_scope:
            raise ImproperlyConfigured(f"{type(self).__name__} must set antiabuse_scope")
        _check_scope(self.antiabuse_scope)
        self.antiabuse_request = request
        self.antiabuse_verdict: Verdict | None = None
        self._challenge: Challenge | None = None

    @property
    def antiabuse_challenge(self) -> Challenge:
        """The challenge to render: always a new one, never the submitted one."""
        if self._challenge is None:
            self._challenge = issue_challenge(scope=self.antiabuse_scope)
        return self._challenge

    def _post_clean(self) -> None:
        # HoneypotFormMixin's check is folded into verify_antiabuse.
        super(HoneypotFormMixin, self)._post_clean()  # type: ignore[misc]
        if not self.is_bound:
            return
        if self.antiabuse_request is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs request= when bound (for the fallback limit)"
            )
        data = {
            name: self.data.get(self.add_prefix(name), "")
            for name in (CHALLENGE_FIELD, SOLUTION_FIELD, self.honeypot_field_name)
        }
        verdict = verify_antiabuse(
            data,
            scope=self.antiabuse_scope,
            client_key=self.antiabuse_request,
            honeypot_field=self.honeypot_field_name,
            consume=not self.errors,
        )
        self.antiabuse_verdict = verdict
        # With other errors the person must send the form again anyway, with the
        # fresh challenge it is rendered with: only a bot needs telling now.
        if not verdict.accepted and (not self.errors or verdict.code == "honeypot"):
            self.add_error(None, verdict.error())

    @property
    def challenge_input_name(self) -> str:
        return self.add_prefix(CHALLENGE_FIELD)

    @property
    def solution_input_name(self) -> str:
        return self.add_prefix(SOLUTION_FIELD)
