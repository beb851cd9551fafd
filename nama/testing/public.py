"""Helpers for tests of the public side: proof-of-work solutions and submitted requests."""

from __future__ import annotations

import hashlib
import itertools

from nama.core import tracking
from nama.core.models import Governorate, Term
from nama.intake import services
from nama.intake.models import Request


def solve_pow(token: str, bits: int) -> str:
    """What static/js/pow.js does, with hashlib: a counter meeting the difficulty."""
    for counter in itertools.count():
        digest = hashlib.sha256(f"{token}{counter}".encode("ascii")).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(counter)
    raise AssertionError("unreachable")


def submit_anonymous_request(
    narrative: str = "اعتقل أخي من أمام البيت ولم نعرف مكانه",
) -> tuple[Request, tracking.TrackingCode]:
    """An anonymous violation report from Baghdad, as the public form sends it.

    Needs the reference data loaded (``load_reference_data()``).
    """
    request, code = services.request_submit_public(
        data={
            "request_type": Term.objects.of("request_type").get(code="01"),
            "governorate": Governorate.objects.get(slug="baghdad"),
            "narrative": narrative,
        }
    )
    assert code is not None
    return request, code
