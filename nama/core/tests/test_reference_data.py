from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from nama.core.models import Governorate, Term, Vocabulary
from nama.core.reference_data import load_reference_data, parent_code, read_vocabularies

pytestmark = pytest.mark.django_db


def test_it_loads_all_nineteen_governorates() -> None:
    load_reference_data()
    assert Governorate.objects.count() == 19
    halabja = Governorate.objects.get(slug="halabja")
    assert halabja.iso_code == ""
    assert halabja.kurdistan_region
    assert Governorate.objects.get(slug="baghdad").iso_code == "IQ-BG"


def test_it_loads_every_vocabulary_and_term_of_the_seed_file() -> None:
    load_reference_data()
    seed = read_vocabularies()
    assert Vocabulary.objects.count() == len(seed)
    assert Term.objects.count() == sum(len(entry["terms"]) for entry in seed)


def test_terms_are_hierarchical_by_code() -> None:
    load_reference_data()
    torture = Term.objects.get(vocabulary__key="act_type", code="0301")
    assert torture.parent is not None
    assert torture.parent.code == "03"
    assert Term.objects.get(vocabulary__key="act_type", code="03").parent is None


def test_a_second_run_changes_nothing() -> None:
    assert load_reference_data().changed
    before = list(Term.objects.values_list("id", "name_ar", "retired_at"))
    result = load_reference_data()
    assert not result.changed
    assert list(Term.objects.values_list("id", "name_ar", "retired_at")) == before


def test_it_keeps_what_the_centre_edited_and_retired() -> None:
    load_reference_data()
    term = Term.objects.get(vocabulary__key="act_type", code="0101")
    term.name_ar = "القتل العمدي"
    term.retired_at = timezone.now()
    term.save()
    load_reference_data()
    term.refresh_from_db()
    assert term.name_ar == "القتل العمدي"
    assert term.is_retired
    assert Term.objects.active().filter(pk=term.pk).count() == 0


def test_names_follow_the_active_language_and_sorani_falls_back_to_arabic() -> None:
    load_reference_data()
    baghdad = Governorate.objects.get(slug="baghdad")
    term = Term.objects.get(vocabulary__key="act_type", code="0301")
    with translation.override("en"):
        assert baghdad.name == "Baghdad"
        assert str(term) == "Torture"
    with translation.override("ckb"):
        assert baghdad.name == "بەغدا"
        assert term.name == "التعذيب"
    with translation.override("ar"):
        assert baghdad.name == "بغداد"


def test_parent_code_takes_two_digits_a_level() -> None:
    assert parent_code("0401") == "04"
    assert parent_code("04") is None
    assert parent_code("x") is None


def test_the_command_reports_what_it_added() -> None:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "19 governorates" in out.getvalue()
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert out.getvalue() == ""
