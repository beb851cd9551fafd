"""The governorate map: shapes decoded from the vendored TopoJSON, class breaks, the inline
SVG for pages (no text, no style, escaped), the PNG for documents and the map partial."""

from __future__ import annotations

import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from matplotlib.text import Text
from PIL import Image

from nama.core.models import Governorate
from nama.core.reference_data import load_reference_data, read_governorates
from nama.reports import geo, maps

SCRIPT = "<script>alert(1)</script>"


def seed_values() -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for index, row in enumerate(read_governorates()):
        values[row["slug"]] = [0, 3, 8, None, 12, 25, 40][index % 7]
    values["halabja"] = None
    return values


def seed_labels() -> dict[str, str]:
    return {row["slug"]: row["name_en"] for row in read_governorates()}


def test_the_topojson_decodes_to_18_shapes_within_iraq() -> None:
    shapes = geo.shapes()
    assert len(shapes) == 18
    points = [p for rings in shapes.values() for ring in rings for p in ring]
    lons = [lon for lon, _lat in points]
    lats = [lat for _lon, lat in points]
    assert 38.5 < min(lons) < 39.0
    assert 48.3 < max(lons) < 48.8
    assert 29.0 < min(lats) < 29.3
    assert 37.2 < max(lats) < 37.5
    assert all(len(ring) > 10 for rings in shapes.values() for ring in rings)


def test_it_decodes_delta_encoded_arcs_and_reversed_arc_indexes() -> None:
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"x": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "A", "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "B", "arcs": [[~1, ~0]]},
        ]}},
    }  # fmt: skip
    shapes = geo.decode_topology(topology, "x")
    assert shapes["A"] == [[(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]]
    assert shapes["B"] == [[(10, 20), (10, 21), (11, 21), (11, 20), (10, 20)]]


def test_every_governorate_but_halabja_has_a_shape() -> None:
    rings = geo.governorate_rings()
    slugs = [row["slug"] for row in read_governorates()]
    assert len(slugs) == 19
    assert set(rings) == set(slugs) - {"halabja"}
    assert rings["kirkuk"] is geo.shapes()["IQ.TS"]


@pytest.mark.django_db
def test_the_governorate_rows_map_to_the_same_shapes() -> None:
    load_reference_data()
    codes = dict(Governorate.objects.values_list("slug", "iso_code"))
    assert geo.governorate_rings(codes) == geo.governorate_rings()


def test_a_governorate_without_a_shape_is_simply_absent() -> None:
    rings = geo.governorate_rings({"baghdad": "IQ-BG", "newgov": "IQ-ZZ", "blank": ""})
    assert list(rings) == ["baghdad"]
    assert geo.shape_id("IQ-KI") == "IQ.TS"
    assert geo.shape_id("iq-bg") == "IQ.BG"
    assert geo.shape_id("") is None


def test_class_breaks_are_deterministic_and_cover_every_value() -> None:
    values = {"a": 0, "b": None, "c": 1, "d": 2, "e": 5, "f": 9, "g": 30, "h": 30, "i": 100}
    with translation.override("en"):
        first = maps.map_classes(values, threshold=5)
        second = maps.map_classes(dict(reversed(values.items())), threshold=5)
    assert first.classes == second.classes
    assert first.classes["a"] == "nama-map-zero"
    assert first.classes["b"] == "nama-map-sup"
    # 7 positive values in up to 5 ranges of about equal size; 30 twice merges two.
    assert [item.label for item in first.legend] == [
        "0",
        "fewer than 5",
        "1 to 2",
        "3 to 5",
        "6 to 30",
        "31 to 100",
    ]
    assert first.classes["c"] == "nama-map-c1"
    assert first.classes["g"] == first.classes["h"] == "nama-map-c3"
    assert first.classes["i"] == "nama-map-c4"
    assert first.legend[1].suppressed
    assert len({item.colour for item in first.legend[2:]}) == 4


def test_five_classes_at_most() -> None:
    values = {str(i): i for i in range(1, 40)}
    result = maps.map_classes(values)
    assert len(result.legend) == 5
    assert set(result.classes.values()) == {f"nama-map-c{i}" for i in range(1, 6)}


def test_a_single_value_gets_one_class() -> None:
    with translation.override("en"):
        result = maps.map_classes({"a": 7, "b": 7, "c": None}, threshold=10)
    assert [item.label for item in result.legend] == ["fewer than 10", "7"]


def test_the_svg_has_18_paths_a_circle_no_text_and_no_style() -> None:
    with translation.override("en"):
        svg = str(maps.map_svg(seed_values(), threshold=5, labels=seed_labels()))
    assert svg.count("<path ") == 18
    assert svg.count("<circle ") == 1
    assert "<text" not in svg
    assert "style" not in svg
    assert 'role="img"' in svg
    assert "aria-label=" in svg
    assert "<title>Halabja: fewer than 5</title>" in svg
    assert len(svg) < 80_000
    # Coordinates rounded to one decimal.
    assert not re.search(r"\d\.\d\d", svg)


def test_the_svg_escapes_labels() -> None:
    labels = seed_labels() | {"baghdad": SCRIPT}
    svg = str(maps.map_svg(seed_values(), labels=labels, title=SCRIPT))
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


def test_a_suppressed_value_is_hatched_and_never_a_number() -> None:
    with translation.override("en"):
        svg = str(maps.map_svg({"baghdad": None}, threshold=5, labels={"baghdad": "Baghdad"}))
    path = re.search(r'<path [^>]*data-key="baghdad".*?</path>', svg)
    assert path is not None
    assert 'fill="url(#nama-map-hatch)"' in path.group(0)
    assert "<title>Baghdad: fewer than 5</title>" in path.group(0)
    # The others have no value: grey, "no data".
    assert "<title>basra: no data</title>" in svg


def test_the_png_is_a_png_and_deterministic() -> None:
    arabic = {row["slug"]: row["name_ar"] for row in read_governorates()}
    first = maps.map_png(seed_values(), language="ar", title="Map", labels=arabic)
    second = maps.map_png(seed_values(), language="ar", title="Map", labels=arabic)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG"
    assert 900 < image.width < 1000  # 16 cm at 150 dpi
    assert b"Software" not in first


def test_the_png_shows_a_suppressed_value_only_as_its_legend_class() -> None:
    with translation.override("en"):
        figure = maps.map_figure(
            {"baghdad": None, "basra": 12}, language="en", title="Map", labels=seed_labels()
        )
    texts = [t.get_text() for t in figure.findobj(Text)]
    assert "fewer than 5" in texts
    assert "12" in texts
    assert "None" not in " ".join(texts)
    assert "Halabja (drawn as a point)" in texts


def test_the_png_changes_with_the_values() -> None:
    labels = seed_labels()
    one = maps.map_png({"baghdad": 1}, language="en", title="Map", labels=labels)
    other = maps.map_png({"baghdad": None}, language="en", title="Map", labels=labels)
    assert one != other


def test_the_map_partial_renders_the_svg_legend_and_table() -> None:
    values = seed_values()
    with translation.override("en"):
        context = maps.map_context(values, threshold=5, labels=seed_labels(), title="Acts")
        html = render_to_string("reports/_chart_map.html", {"chart_map": context})
    assert html.count("<path ") >= 18
    assert "<caption" in html
    assert "Acts" in html
    assert "Halabja (drawn as a point)" in html
    assert "&lt;5" in html
    assert "fewer than 5" in html
    assert "<text" not in html
    assert "style=" not in html
    rows = {row["key"]: row for row in context["rows"]}
    assert rows["halabja"]["text"] == "<5"
    assert rows["baghdad"]["text"] == "0"
    assert len(rows) == 19


def test_labels_come_from_the_governorate_table() -> None:
    table = {"rows": [{"key": "baghdad", "label": "Baghdad", "value": 1}]}
    assert maps.labels_from_table(table) == {"baghdad": "Baghdad"}
