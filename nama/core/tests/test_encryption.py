"""Encrypted fields, blind indexes and key rotation, on the test-only Contact model."""

# Arabic letters and digits look like Latin ones to ruff; here they are the point.
# ruff: noqa: RUF001

from __future__ import annotations

import base64
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from nama.core import crypto
from nama.core.fields import BlindIndexField, EncryptedCharField, blind_index_filter, reindex
from nama.core.tests.encryption_testapp.models import Contact
from nama.core.text import digits_only, normalize

pytestmark = pytest.mark.django_db

NAME = "مُحَمَّد أحمد الجبوري"
PHONE = "0770 123 4567"
EMAIL = "Ahmed.Jubouri@Example.org"
NOTES = "Lives behind the Karbala market, second house"


def make_contact(**overrides: str | None) -> Contact:
    values = {"name": NAME, "phone": PHONE, "email": EMAIL, "notes": NOTES} | overrides
    return Contact.objects.create(**values)


def raw_row(contact: Contact) -> dict[str, object]:
    table = connection.ops.quote_name(Contact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [contact.pk])  # noqa: S608
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def new_key() -> str:
    return Fernet.generate_key().decode()


def test_values_round_trip():
    contact = make_contact()
    fresh = Contact.objects.get(pk=contact.pk)
    assert (fresh.name, fresh.phone, fresh.email, fresh.notes) == (NAME, PHONE, EMAIL, NOTES)


def test_none_and_empty_values_stay_as_they_are():
    contact = make_contact(phone="", email=None, notes="")
    fresh = Contact.objects.get(pk=contact.pk)
    assert (fresh.phone, fresh.email, fresh.notes) == ("", None, "")
    assert (fresh.phone_index, fresh.email_index) == ("", "")
    assert Contact.objects.filter(email__isnull=True).get() == contact


def test_the_database_holds_no_plaintext():
    contact = make_contact()
    row_text = " ".join(str(value) for value in raw_row(contact).values())
    secrets = [NAME, PHONE, EMAIL, NOTES, *NAME.split(), *NOTES.split()]
    forms = {s for secret in secrets for s in (secret, normalize(secret), secret.lower())}
    forms |= {digits_only(PHONE), "4567", "Karbala", "karbala", "jubouri"}
    for form in forms:
        assert form not in row_text, form


def test_tokens_do_not_record_when_they_were_written():
    token = raw_row(make_contact())["name"]
    assert isinstance(token, str)
    timestamp = base64.urlsafe_b64decode(token)[1:9]
    assert timestamp == bytes(8)


def test_equal_values_encrypt_differently():
    first, second = make_contact(), make_contact()
    assert raw_row(first)["phone"] != raw_row(second)["phone"]
    assert first.phone_index == second.phone_index


def test_a_phone_typed_with_arabic_indic_digits_finds_the_record():
    contact = make_contact()
    make_contact(phone="0750 000 0000")
    assert list(blind_index_filter(Contact, "phone_index", "٠٧٧٠ ١٢٣ ٤٥٦٧")) == [contact]
    assert list(blind_index_filter(Contact, "phone_index", "07701234567")) == [contact]


def test_one_word_of_a_name_finds_the_record_whatever_its_spelling():
    contact = make_contact()
    make_contact(name="فاطمة الزهراء")
    assert list(blind_index_filter(Contact, "name_tokens", "محمد")) == [contact]
    assert list(blind_index_filter(Contact, "name_tokens", "احمد")) == [contact]
    assert list(blind_index_filter(Contact, "name_tokens", "الجبوري مُحمّد")) == [contact]


def test_words_that_are_not_in_the_name_find_nothing():
    make_contact()
    assert not blind_index_filter(Contact, "name_tokens", "محمد علي").exists()
    assert not blind_index_filter(Contact, "name_tokens", "مح").exists()


def test_an_empty_query_finds_nothing_rather_than_everything():
    make_contact(phone="")
    assert not blind_index_filter(Contact, "name_tokens", " ، ").exists()
    assert not blind_index_filter(Contact, "phone_index", "").exists()


def test_email_is_found_whatever_its_case():
    contact = make_contact()
    assert list(blind_index_filter(Contact, "email_index", " ahmed.jubouri@example.ORG")) == [
        contact
    ]


def test_index_purposes_are_separate():
    assert crypto.blind_index("x", purpose="a") != crypto.blind_index("x", purpose="b")
    assert crypto.token_indexes("x", purpose="a") != [crypto.blind_index("x", purpose="a")]


@pytest.mark.parametrize("lookup", ["name", "name__exact", "name__icontains", "phone__in"])
def test_filtering_an_encrypted_field_points_to_the_blind_index(lookup):
    value: object = ["x"] if lookup.endswith("__in") else "x"
    with pytest.raises(FieldError, match="blind index"):
        Contact.objects.filter(**{lookup: value})


def test_saving_the_source_without_its_index_is_refused():
    contact = make_contact()
    contact.phone = "0751 111 2222"
    with pytest.raises(ValueError, match="phone_index"):
        contact.save(update_fields=["phone"])
    contact.save(update_fields=["phone", "phone_index"])
    assert list(blind_index_filter(Contact, "phone_index", "07511112222")) == [contact]


def test_reindex_keeps_indexes_fresh_through_bulk_update():
    contact = make_contact()
    contact.phone = "0751 111 2222"
    Contact.objects.bulk_update([contact], ["phone", *reindex(contact)])
    assert list(blind_index_filter(Contact, "phone_index", "07511112222")) == [contact]


@isolate_apps("nama.core.tests.encryption_testapp")
def test_an_indexed_or_unique_encrypted_field_fails_the_checks():
    class Bad(models.Model):
        code = EncryptedCharField(max_length=10, unique=True)
        code_index = BlindIndexField(source="missing")

        class Meta:
            app_label = "encryption_testapp"

        def __str__(self) -> str:
            return "bad"

    ids = {error.id for field in Bad._meta.local_fields for error in field.check()}
    assert {"nama.E001", "nama.E002"} <= ids


def test_a_value_no_key_opens_raises_a_clear_error():
    contact = make_contact()
    with (
        override_settings(NAMA_FIELD_KEYS=[new_key()]),
        pytest.raises(crypto.DecryptionError, match=r"Contact\.name"),
    ):
        Contact.objects.get(pk=contact.pk)


def test_a_malformed_key_is_refused_without_being_shown():
    with (
        override_settings(NAMA_FIELD_KEYS=["not-a-fernet-key"]),
        pytest.raises(Exception, match="key #1") as caught,
    ):
        crypto.encrypt("x")
    assert "not-a-fernet-key" not in str(caught.value)


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def test_rotation_re_encrypts_with_the_newest_key():
    old, new = new_key(), new_key()
    with override_settings(NAMA_FIELD_KEYS=[old]):
        contacts = [make_contact(), make_contact(email=None), make_contact(notes="")]
    with override_settings(NAMA_FIELD_KEYS=[new, old]):
        assert Contact.objects.get(pk=contacts[0].pk).name == NAME
        output = rotate("--batch-size", "2")
    assert "encryption_testapp.Contact: 3 rows, changed 10 encrypted values" in output
    with override_settings(NAMA_FIELD_KEYS=[new]):
        for contact in contacts:
            fresh = Contact.objects.get(pk=contact.pk)
            assert (fresh.name, fresh.phone, fresh.email, fresh.notes) == (
                contact.name,
                contact.phone,
                contact.email,
                contact.notes,
            )
    with override_settings(NAMA_FIELD_KEYS=[old]), pytest.raises(crypto.DecryptionError):
        Contact.objects.get(pk=contacts[0].pk)


def test_rotation_keeps_tokens_timeless_and_is_idempotent():
    old, new = new_key(), new_key()
    with override_settings(NAMA_FIELD_KEYS=[old]):
        contact = make_contact()
    with override_settings(NAMA_FIELD_KEYS=[new, old]):
        rotate()
        assert "changed 0 encrypted values" in rotate()
    token = str(raw_row(contact)["name"])
    assert base64.urlsafe_b64decode(token)[1:9] == bytes(8)


def test_a_dry_run_changes_nothing():
    old, new = new_key(), new_key()
    with override_settings(NAMA_FIELD_KEYS=[old]):
        contact = make_contact()
    before = raw_row(contact)
    with override_settings(NAMA_FIELD_KEYS=[new, old], NAMA_INDEX_KEY="another-index-key-0123"):
        output = rotate("--dry-run", "--reindex")
    assert "would change 4 encrypted values and 3 index values" in output
    assert "Dry run" in output
    assert raw_row(contact) == before


def test_reindex_recomputes_indexes_after_the_index_key_changes():
    contact = make_contact()
    with override_settings(NAMA_INDEX_KEY="another-index-key-0123"):
        assert not blind_index_filter(Contact, "phone_index", PHONE).exists()
        output = rotate("--reindex")
        assert "changed 0 encrypted values and 3 index values" in output
        assert list(blind_index_filter(Contact, "phone_index", PHONE)) == [contact]
        assert list(blind_index_filter(Contact, "name_tokens", "محمد")) == [contact]


def test_rotation_stops_at_a_value_no_key_opens():
    contact = make_contact()
    with (
        override_settings(NAMA_FIELD_KEYS=[new_key()]),
        pytest.raises(CommandError, match=f"pk={contact.pk}"),
    ):
        rotate()
