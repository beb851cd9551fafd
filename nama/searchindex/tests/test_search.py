"""The search index on both databases: each fold of DESIGN.md §5, visibility, ranking, snippets."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.safestring import SafeString

from nama.searchindex import services
from nama.searchindex.models import SearchEntry

pytestmark = pytest.mark.django_db


def add(object_id: str, title: str, **extra: Any) -> SearchEntry:
    fields: dict[str, Any] = {
        "summary": "",
        "body": "",
        "visibility": "public",
        "language": "ar",
        "url": f"/library/{object_id}/",
        **extra,
    }
    return services.index_entry("library.resource", object_id, title=title, **fields)


def ids(query: str, **kwargs: Any) -> list[str]:
    return [hit.object_id for hit in services.search(query, **kwargs)]


# --- One search per normalisation rule, found because of that rule ---


@pytest.mark.parametrize(
    ("indexed", "query"),
    [
        pytest.param("دليل أحمد للمدافعين", "احمد", id="hamza-above"),
        pytest.param("إعلان حقوق الإنسان", "اعلان", id="hamza-below"),
        pytest.param("آليات الحماية", "اليات", id="madda"),
        pytest.param("مسؤولية الدولة", "مسوولية", id="hamza-on-waw"),
        pytest.param("حماية الشهود على الأرض", "علي", id="alef-maksura"),
        pytest.param("دليل المحامي", "المحامى", id="yeh-typed-as-alef-maksura"),
        pytest.param("حقوق المرأة", "المراه", id="teh-marbuta"),
        pytest.param("کتێبی مافەکانی مرۆڤ", "كتێبي", id="kurdish-keheh-and-yeh"),
        pytest.param("مافی ژنان", "مافي", id="kurdish-yeh"),
        pytest.param("بیرکاری", "بيركاري", id="persian-yeh-and-keheh"),
        pytest.param("مافەکانی مرۆڤ", "مافهكاني", id="kurdish-ae"),
        pytest.param("التـــدريب الميداني", "التدريب", id="tatweel-in-index"),
        pytest.param("التدريب الميداني", "التـــدريب", id="tatweel-in-query"),
        pytest.param("مُحَمَّد والقانون", "محمد", id="tashkeel-in-index"),
        pytest.param("محمد والقانون", "مُحَمَّد", id="tashkeel-in-query"),
        pytest.param("تقرير عام ٢٠٢٤", "2024", id="arabic-indic-digits-in-index"),
        pytest.param("تقرير عام 2024", "٢٠٢٤", id="arabic-indic-digits-in-query"),
        pytest.param("ڕاپۆرتی ساڵی ۲۰۲۴", "2024", id="persian-digits"),
        pytest.param("\u200fحقوق\u200c الطفل", "حقوق", id="bidi-and-zwnj"),
    ],
)
def test_each_normalisation_rule_finds_the_other_spelling(indexed: str, query: str) -> None:
    add("1", indexed)
    add("2", "نص آخر لا علاقة له")

    assert ids(query) == ["1"]


def test_without_the_fold_the_word_differs() -> None:
    """The folds matter: a really different word is not found."""
    add("1", "حقوق المرأة")

    assert ids("المرات") == []


# --- Matching ---


def test_every_word_must_match() -> None:
    add("1", "حقوق الإنسان", body="الاحتجاز التعسفي")
    add("2", "حقوق الطفل")

    assert ids("حقوق الاحتجاز") == ["1"]
    assert sorted(ids("حقوق")) == ["1", "2"]


def test_last_word_matches_as_prefix() -> None:
    add("1", "الاحتجاز التعسفي")

    assert ids("الاحتجاز التعس") == ["1"]
    assert ids("الاحتج التعسفي") == []


def test_empty_or_punctuation_only_query_finds_nothing() -> None:
    add("1", "حقوق")

    assert services.search("") == []
    assert services.search(" ، . ") == []
    assert services.count("") == 0


def test_query_syntax_is_not_interpreted() -> None:
    add("1", "حقوق الإنسان")

    for query in ['"حقوق', "حقوق*", "(حقوق)", "حقوق & | ! :* ^ -", "{ : حقوق }"]:
        assert ids(query) == ["1"], query
    # Operator words of FTS5 or tsquery are plain words that must occur.
    for query in ["حقوق OR", "NEAR(حقوق)", "title:حقوق", "حقوق NOT"]:
        assert ids(query) == [], query


# --- Visibility and filters ---


def test_internal_entries_are_found_only_with_include_internal() -> None:
    add("pub", "تقرير الرصد")
    add("int", "تقرير الرصد الداخلي", visibility="internal")

    assert ids("تقرير") == ["pub"]
    assert services.count("تقرير") == 1
    assert sorted(ids("تقرير", include_internal=True)) == ["int", "pub"]
    assert services.count("تقرير", include_internal=True) == 2


def test_filters_by_kind_and_language() -> None:
    add("1", "تقرير", language="ar")
    add("2", "تقرير", language="ckb")
    services.index_entry(
        "news.article", "1", title="تقرير", visibility="public", language="ar", url="/news/1/"
    )

    assert sorted(ids("تقرير", kinds=["library.resource"])) == ["1", "2"]
    assert ids("تقرير", kinds=["news.article"]) == ["1"]
    assert ids("تقرير", kinds=[]) == []
    assert sorted(ids("تقرير", language="ckb")) == ["2"]


def test_pagination() -> None:
    for n in range(5):
        add(str(n), f"دليل رقم {n}")

    first, second = ids("دليل", limit=3), ids("دليل", limit=3, offset=3)

    assert len(first) == 3
    assert len(second) == 2
    assert set(first) | set(second) == {"0", "1", "2", "3", "4"}
    assert services.count("دليل") == 5


# --- Ranking ---


def test_title_ranks_above_summary_above_body() -> None:
    add("body", "دليل عام", body="فصل عن التعذيب في السجون")
    add("summary", "دليل آخر", summary="ملخص عن التعذيب")
    add("title", "مناهضة التعذيب")

    assert ids("التعذيب") == ["title", "summary", "body"]


def test_exact_phrase_is_boosted() -> None:
    add("scattered", "الاختفاء في بغداد", body="القسري")
    add("apart", "القسري ومنظم", body="الاختفاء")
    add("phrase", "تقرير", body="حالات الاختفاء القسري في المحافظات")

    hits = ids("الاختفاء القسري")

    assert hits[0] == "phrase"
    assert set(hits) == {"scattered", "apart", "phrase"}


def test_phrase_in_title_beats_words_scattered_in_title() -> None:
    add("scattered", "القسري في ملفات الاختفاء")
    add("phrase", "الاختفاء القسري في العراق")

    assert ids("الاختفاء القسري") == ["phrase", "scattered"]


# --- Snippets and escaping ---


def test_snippet_shows_original_text_with_mark() -> None:
    add("1", "دليل", body="هذا نص عن مُحَمَّد وحقوقه")

    [hit] = services.search("محمد")

    assert isinstance(hit.snippet, SafeString)
    assert "<mark>مُحَمَّد</mark>" in hit.snippet


def test_snippet_is_cut_around_the_first_match() -> None:
    body = "كلمة " * 200 + "الهدف " + "كلمة " * 200
    add("1", "دليل", body=body)

    [hit] = services.search("الهدف")

    assert "<mark>الهدف</mark>" in hit.snippet
    assert len(hit.snippet) < 400
    assert hit.snippet.startswith("… ")
    assert hit.snippet.endswith(" …")


def test_script_in_title_and_body_is_escaped() -> None:
    payload = "<script>alert(1)</script>"
    add("1", f"دليل {payload}", summary=f"ملخص {payload}", body=f"alert {payload}")

    [hit] = services.search("alert")

    for html in (hit.snippet, hit.title_html):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "<mark>alert</mark>" in html
    assert hit.title == f"دليل {payload}"  # plain text; templates escape it


def test_hit_fields() -> None:
    add("7", "دليل التدريب", summary="ملخص", language="ar")

    [hit] = services.search("التدريب")

    assert (hit.kind, hit.object_id, hit.url, hit.language) == (
        "library.resource",
        "7",
        "/library/7/",
        "ar",
    )
    assert hit.score > 3


# --- Keeping the index in step ---


def test_remove_entry_removes() -> None:
    add("1", "دليل التدريب")
    add("2", "دليل التدريب")

    services.remove_entry("library.resource", "1")
    services.remove_entry("library.resource", "missing")

    assert ids("التدريب") == ["2"]
    assert not SearchEntry.objects.filter(object_id="1").exists()


def test_reindexing_updates() -> None:
    add("1", "دليل قديم", body="نص أول")
    add("1", "دليل جديد", body="نص ثان", visibility="internal")

    assert SearchEntry.objects.count() == 1
    assert ids("قديم", include_internal=True) == []
    assert ids("أول", include_internal=True) == []
    assert ids("جديد") == []  # now internal
    assert ids("جديد ثان", include_internal=True) == ["1"]


def test_rebuild_index_keeps_results() -> None:
    add("1", "دليل التدريب")
    services.rebuild_index()

    assert ids("التدريب") == ["1"]


def test_invalid_visibility_is_refused() -> None:
    with pytest.raises(ValueError, match="visibility"):
        add("1", "دليل", visibility="secret")
