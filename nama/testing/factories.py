"""factory_boy factories for the models every app's tests need.

Staff users get ``DEFAULT_PASSWORD``; ``roles=[Role.LAWYER]`` and
``governorates=[baghdad]`` set roles and scope. ``enrol_totp(user)`` gives a
user a confirmed authenticator device, and ``nama.accounts.otp.totp_code``
computes the code it shows now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory, Password

from nama.accounts.models import User
from nama.accounts.otp import TOTP_DEVICE_NAME
from nama.core.models import Governorate, Term, Vocabulary
from nama.core.roles import Role, forget_roles

DEFAULT_PASSWORD = "correct-horse-battery-staple"

# Enough of shared/data/governorates.csv for tests; the full set is loaded by
# `manage.py load_reference_data`.
KNOWN_GOVERNORATES: dict[str, dict[str, Any]] = {
    "baghdad": {
        "iso_code": "IQ-BG",
        "name_en": "Baghdad",
        "name_ar": "بغداد",
        "name_ckb": "بەغدا",
        "kurdistan_region": False,
        "capital_en": "Baghdad",
        "capital_ar": "بغداد",
        "sort_order": 1,
    },
    "erbil": {
        "iso_code": "IQ-AR",
        "name_en": "Erbil",
        "name_ar": "أربيل",
        "name_ckb": "هەولێر",
        "kurdistan_region": True,
        "capital_en": "Erbil",
        "capital_ar": "أربيل",
        "sort_order": 4,
    },
}


class GovernorateFactory(DjangoModelFactory[Governorate]):
    class Meta:
        model = Governorate
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"governorate-{n}")
    iso_code = ""
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_ar = factory.LazyAttribute(lambda o: f"محافظة {o.slug}")
    name_ckb = ""
    capital_en = factory.LazyAttribute(lambda o: o.name_en)
    capital_ar = factory.LazyAttribute(lambda o: o.name_ar)


def governorate(slug: str) -> Governorate:
    """The governorate with this slug, created with its real names if it is a known one."""
    existing = Governorate.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return GovernorateFactory.create(slug=slug, **KNOWN_GOVERNORATES.get(slug, {}))


class VocabularyFactory(DjangoModelFactory[Vocabulary]):
    class Meta:
        model = Vocabulary
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"vocabulary-{n}")
    name_en = factory.LazyAttribute(lambda o: o.key.replace("-", " ").title())
    name_ar = factory.LazyAttribute(lambda o: f"مفردات {o.key}")


class TermFactory(DjangoModelFactory[Term]):
    class Meta:
        model = Term

    vocabulary = factory.SubFactory(VocabularyFactory)
    code = factory.Sequence(lambda n: f"{n + 10:02d}")
    name_en = factory.Sequence(lambda n: f"Term {n}")
    name_ar = factory.Sequence(lambda n: f"مصطلح {n}")


def role_groups(roles: Iterable[Role | str]) -> list[Group]:
    return [Group.objects.get_or_create(name=Role(role).value)[0] for role in roles]


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = Password(DEFAULT_PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(
        obj: User, create: bool, extracted: Iterable[Role | str] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            obj.groups.add(*role_groups(extracted))
            forget_roles(obj)
            if Role.SYSADMIN in {Role(role) for role in extracted}:
                User.objects.filter(pk=obj.pk).update(is_staff=True)
                obj.is_staff = True

    @factory.post_generation
    def governorates(
        obj: User, create: bool, extracted: Iterable[Governorate] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            obj.governorates.add(*extracted)


class TOTPDeviceFactory(DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = TOTP_DEVICE_NAME
    confirmed = True


def enrol_totp(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, created if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDeviceFactory.create(user=user)
