"""A small, deterministic TopoJSON writer for the world topojson that plotly.js reads offline.

plotly.js geo subplots load ``<topojsonURL>/<scope>_<resolution>m.json`` (``world_110m.json`` for the default
world scope) and read these objects from it: ``countries`` (feature ``id`` = ISO3, used by
``locationmode="ISO-3"``), ``land``, ``ocean``, ``lakes`` (polygons), ``coastlines``, ``rivers``, ``subunits``
(lines). Every object plotly may draw must exist, even empty.

This writer does not share arcs between neighbours (each ring or line is its own arc): the files are a
little larger than with a full topology builder, but the code stays short and the output byte-stable.
Coordinates are quantized (``transform``) and delta-encoded, as the TopoJSON specification describes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from shapely.geometry.base import BaseGeometry


class TopologyWriter:
    """Collects named objects, then serialises one topology with a shared quantization grid."""

    def __init__(self, quantization: int = 100_000, bbox: Sequence[float] = (-180.0, -90.0, 180.0, 90.0)):
        self.quantization = quantization
        self.x0, self.y0, x1, y1 = (float(v) for v in bbox)
        self.kx = (x1 - self.x0) / (quantization - 1)
        self.ky = (y1 - self.y0) / (quantization - 1)
        self.arcs: list[list[list[int]]] = []
        self.objects: dict[str, dict] = {}

    def _arc(self, coords: Iterable[Sequence[float]]) -> int | None:
        points: list[list[int]] = []
        for x, y, *_ in coords:
            q = [round((x - self.x0) / self.kx), round((y - self.y0) / self.ky)]
            if not points or q != points[-1]:
                points.append(q)
        if len(points) < 2:
            return None
        delta = [points[0]] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(points, points[1:], strict=False)]
        self.arcs.append(delta)
        return len(self.arcs) - 1

    def _ring(self, ring) -> list[int] | None:
        index = self._arc(ring.coords)
        if index is None or len(ring.coords) < 4:
            return None
        return [index]

    def _polygon_arcs(self, polygon) -> list[list[int]] | None:
        exterior = self._ring(polygon.exterior)
        if exterior is None:
            return None
        rings = [exterior]
        for interior in polygon.interiors:
            ring = self._ring(interior)
            if ring is not None:
                rings.append(ring)
        return rings

    def geometry(self, geom: BaseGeometry | None, *, id: str | None = None, properties: dict | None = None):
        """One TopoJSON geometry object (Polygon/MultiPolygon/LineString/MultiLineString) or None if empty."""
        out: dict | None = None
        if geom is None or geom.is_empty:
            out = None
        elif geom.geom_type == "Polygon":
            arcs = self._polygon_arcs(geom)
            out = {"type": "Polygon", "arcs": arcs} if arcs else None
        elif geom.geom_type == "MultiPolygon":
            polys = [a for a in (self._polygon_arcs(p) for p in geom.geoms) if a]
            out = {"type": "MultiPolygon", "arcs": polys} if polys else None
        elif geom.geom_type in ("LineString", "LinearRing"):
            index = self._arc(geom.coords)
            out = {"type": "LineString", "arcs": [index]} if index is not None else None
        elif geom.geom_type == "MultiLineString":
            lines = [[i] for i in (self._arc(line.coords) for line in geom.geoms) if i is not None]
            out = {"type": "MultiLineString", "arcs": lines} if lines else None
        elif geom.geom_type == "GeometryCollection":
            parts = [self.geometry(g) for g in geom.geoms]
            parts = [p for p in parts if p]
            out = {"type": "GeometryCollection", "geometries": parts} if parts else None
        else:
            raise ValueError(f"unsupported geometry type {geom.geom_type}")
        if out is None:
            return None
        if id is not None:
            out["id"] = id
        if properties:
            out["properties"] = properties
        return out

    def add_collection(
        self, name: str, items: Iterable[tuple[BaseGeometry, str | None, dict | None]]
    ) -> None:
        """Add object ``name`` as a GeometryCollection of (geometry, id, properties) items (may be empty)."""
        geometries = []
        for geom, ident, props in items:
            g = self.geometry(geom, id=ident, properties=props)
            if g is not None:
                geometries.append(g)
        self.objects[name] = {"type": "GeometryCollection", "geometries": geometries}

    def to_json(self) -> str:
        topology = {
            "type": "Topology",
            "transform": {"scale": [self.kx, self.ky], "translate": [self.x0, self.y0]},
            "objects": self.objects,
            "arcs": self.arcs,
        }
        return json.dumps(topology, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
