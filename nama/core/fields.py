"""Model fields for identifying data: encrypted values and their blind indexes.

Declare an identifying value as an encrypted field and, when it must be
searchable, a blind index computed from it on every save::

    class Person(models.Model):
        name = EncryptedCharField(_("name"), max_length=200)
        name_tokens = BlindIndexField(source="name", kind="tokens", normalizer="name")
        phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
        phone_index = BlindIndexField(source="phone", normalizer="phone")

    blind_index_filter(Person.objects.all(), "name_tokens", "محمّد")
    blind_index_filter(Person, "phone_index", "٠٧٧٠ ١٢٣ ٤٥٦٧")

The database only ever sees Fernet tokens and HMACs (see ``nama.core.crypto``
and docs/security.md). Encrypted columns cannot be searched, compared or
sorted in SQL; filtering on them raises, pointing developers to the index.
"""

# The docstrings show Arabic-Indic digits on purpose.
# ruff: noqa: RUF002

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models
from django.db.models.signals import pre_save

from nama.core import crypto

__all__ = [
    "BlindIndexField",
    "EncryptedCharField",
    "EncryptedFieldMixin",
    "EncryptedTextField",
    "blind_index_filter",
    "blind_index_q",
    "reindex",
]

_ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedFieldMixin:
    """Stores ``encrypt(value)`` in a text column; Python code sees plain ``str``.

    ``None`` stays NULL and ``""`` stays empty (an empty field says nothing
    about a person), everything else is a Fernet token. ``max_length`` limits
    the plaintext (forms, ``full_clean``); the column itself is unbounded text
    because tokens are longer than what they hide.
    """

    name: str
    model: type[models.Model]

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        try:
            return crypto.decrypt(value)
        except crypto.DecryptionError as exc:
            label = f"{self.model._meta.label}.{self.name}"
            raise crypto.DecryptionError(f"{label}: {exc}") from None

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name in _ALLOWED_LOOKUPS:
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is encrypted and cannot be "
            f"filtered with '{lookup_name}' (only 'isnull'). Search its blind index "
            "instead: blind_index_filter(queryset, '<index field>', value); see "
            "docs/security.md."
        )

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors: list[checks.CheckMessage] = super().check(**kwargs)  # type: ignore[misc]
        field: Any = self
        if field.unique or field.db_index or field.primary_key:
            errors.append(
                checks.Error(
                    "Encrypted fields cannot be unique, indexed or primary keys: "
                    "their tokens are randomised.",
                    hint="Declare a BlindIndexField on it and index that.",
                    obj=self,
                    id="nama.E001",
                )
            )
        return errors


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """A short identifying value (name, phone number, e-mail), encrypted at rest."""


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """A long identifying text (address, free-text notes), encrypted at rest."""


class BlindIndexField(models.Field):
    """HMAC index of another field of the same model, recomputed on every save.

    ``kind="exact"`` stores one HMAC of the whole normalised value (phone
    numbers, e-mail, national ID numbers); ``kind="tokens"`` stores the sorted
    HMACs of each normalised word, separated by spaces (names: find a person by
    any word of the name). ``normalizer`` is a name from
    ``nama.core.crypto.NORMALIZERS`` (``"name"``, ``"phone"``, ``"email"``...)
    or a module-level function. ``purpose`` selects the HMAC sub-key; it
    defaults to ``"<app_label>.<model>.<source>"``. Pass it explicitly before
    renaming the model or the source field, or the index must be rebuilt
    (``manage.py rotate_field_keys --reindex``).

    ``QuerySet.update()`` and ``bulk_update()`` do not run ``pre_save``: after
    them, recompute the index (``reindex``) or rebuild it with the command.
    Saving with ``update_fields`` that name the source but not the index raises.
    """

    description = "Blind index of an encrypted field"
    KINDS = ("exact", "tokens")

    def __init__(
        self,
        *args: Any,
        source: str,
        kind: str = "exact",
        normalizer: str | Callable[[str], str] = "text",
        purpose: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"BlindIndexField kind must be one of {self.KINDS}, not {kind!r}")
        if isinstance(normalizer, str) and normalizer not in crypto.NORMALIZERS:
            raise ValueError(f"Unknown blind index normalizer {normalizer!r}")
        self.source = source
        self.kind = kind
        self.normalizer = normalizer
        self.purpose = purpose
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        if kind == "exact":
            kwargs.setdefault("max_length", crypto.INDEX_HEX_LENGTH)
            kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        kwargs["normalizer"] = self.normalizer
        if self.purpose is not None:
            kwargs["purpose"] = self.purpose
        # Keep migrations short: leave out what __init__ sets by itself.
        implied = {"editable": False, "blank": True, "default": ""}
        if self.kind == "exact":
            implied |= {"max_length": crypto.INDEX_HEX_LENGTH, "db_index": True}
        for key, value in implied.items():
            actual = getattr(self, key)
            if actual == value:
                kwargs.pop(key, None)
            else:
                kwargs[key] = actual
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "CharField" if self.kind == "exact" else "TextField"

    def to_python(self, value: Any) -> Any:
        return value if value is None else str(value)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            pre_save.connect(
                _check_update_fields, sender=cls, dispatch_uid="nama-blind-index-update-fields"
            )

    @property
    def index_purpose(self) -> str:
        """The HMAC purpose: explicit, or derived from the model and source."""
        if self.purpose:
            return self.purpose
        return f"{self.model._meta.label_lower}.{self.source}"

    @property
    def normalize(self) -> Callable[[str], str]:
        if callable(self.normalizer):
            return self.normalizer
        return crypto.NORMALIZERS[self.normalizer]

    def compute(self, value: str | None) -> str:
        """The stored index for a source value."""
        if self.kind == "exact":
            return crypto.blind_index(value, purpose=self.index_purpose, normalizer=self.normalize)
        return " ".join(
            crypto.token_indexes(value, purpose=self.index_purpose, normalizer=self.normalize)
        )

    def query_hashes(self, value: str) -> list[str]:
        """The hashes a query value must match (all of them, for tokens)."""
        if self.kind == "exact":
            digest = crypto.blind_index(
                value, purpose=self.index_purpose, normalizer=self.normalize
            )
            return [digest] if digest else []
        return crypto.token_indexes(value, purpose=self.index_purpose, normalizer=self.normalize)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        try:
            self.model._meta.get_field(self.source)
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"BlindIndexField source {self.source!r} is not a field of this model.",
                    obj=self,
                    id="nama.E002",
                )
            )
        return errors


def reindex(instance: models.Model) -> list[str]:
    """Recompute every blind index of ``instance`` in memory; returns their names.

    For code paths that bypass ``save()`` (``bulk_update``): call this, then
    include the returned names in the update.
    """
    names = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, BlindIndexField):
            field.pre_save(instance, add=False)
            names.append(field.name)
    return names


def _check_update_fields(
    sender: type[models.Model], update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if not update_fields:
        return
    for field in sender._meta.concrete_fields:
        if (
            isinstance(field, BlindIndexField)
            and field.source in update_fields
            and field.name not in update_fields
        ):
            raise ValueError(
                f"save(update_fields=...) names {field.source!r} but not its blind index "
                f"{field.name!r}; add it or the index goes stale."
            )


def _index_field(model: type[models.Model], field_name: str) -> BlindIndexField:
    field = model._meta.get_field(field_name)
    if not isinstance(field, BlindIndexField):
        raise FieldError(f"{model._meta.label}.{field_name} is not a BlindIndexField")
    return field


def blind_index_q(model: type[models.Model], field_name: str, value: str) -> models.Q | None:
    """A ``Q`` matching rows whose index ``field_name`` matches ``value``.

    Exact indexes compare the whole normalised value; token indexes require
    every word of ``value`` (in any order). ``None`` when ``value`` has nothing
    to search for: callers must then match nothing, never everything.
    """
    field = _index_field(model, field_name)
    hashes = field.query_hashes(value)
    if not hashes:
        return None
    if field.kind == "exact":
        return models.Q(**{field_name: hashes[0]})
    # Every stored hash has the same length and hex has no spaces, so a hash
    # can only occur in the column as one whole word: ``contains`` is exact.
    query = models.Q()
    for digest in hashes:
        query &= models.Q(**{f"{field_name}__contains": digest})
    return query


def blind_index_filter(
    queryset: models.QuerySet[Any] | type[models.Model], field_name: str, value: str
) -> models.QuerySet[Any]:
    """Filter ``queryset`` (or a model's default manager) through a blind index.

    The query value goes through the same normaliser as stored values, so
    ``٠٧٧٠ ١٢٣`` finds ``07701 23`` and ``أحمد`` finds ``احمد``.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    query = blind_index_q(queryset.model, field_name, value)
    if query is None:
        return queryset.none()
    return queryset.filter(query)
