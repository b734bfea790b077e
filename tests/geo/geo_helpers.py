"""Helpers of the geo tests: an independent TopoJSON decoder and the UN DESA stock table (for T13)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon


def decode_topology(topo: dict) -> dict[str, list[tuple[object, object]]]:
    """TopoJSON → {object name: [(id, shapely geometry), …]} (spec: quantized, delta-encoded arcs)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def line(indexes):
        points = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            points.extend(pts if not points else pts[1:])
        return points

    def geometry(obj):
        kind = obj["type"]
        if kind == "Polygon":
            rings = [line(r) for r in obj["arcs"]]
            return Polygon(rings[0], rings[1:])
        if kind == "MultiPolygon":
            return MultiPolygon([Polygon(line(p[0]), [line(r) for r in p[1:]]) for p in obj["arcs"]])
        if kind == "LineString":
            return LineString(line(obj["arcs"]))
        if kind == "MultiLineString":
            return MultiLineString([line(a) for a in obj["arcs"]])
        raise AssertionError(f"unexpected geometry type {kind}")

    return {
        name: [(g.get("id"), geometry(g)) for g in obj["geometries"]]
        if obj["type"] == "GeometryCollection"
        else []
        for name, obj in topo["objects"].items()
    }


def _data_has(name: str) -> bool:
    """True once the data engineer's package lists ``name`` (then the test goes through ``mlearn.data``)."""
    from mlearn import data
    from mlearn.errors import DataError

    try:
        return name in data.names()
    except DataError:
        return False


def _raw_stock(raw_dir: Path | None) -> pd.DataFrame:
    if raw_dir is None:
        raise AssertionError("neither data/datapackage.json nor the raw UN DESA file is available")
    path = raw_dir / "undesa-migrant-stock" / "undesa_ims2024_stock_by_dest_origin_sex_1990-2024.csv.gz"
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def stock_2024_by_destination(raw_dir: Path | None, origin: str) -> pd.Series:
    """Total (female + male) 2024 stock born in ``origin``, by destination: from ``mlearn.data`` when the data
    package lists ``migrant_stock``, else from the raw UN DESA CSV (before data/ was committed)."""
    if _data_has("migrant_stock"):
        from mlearn import data

        df = data.load("migrant_stock")
        df = df[(df["year"] == 2024) & (df["origin_iso3"] == origin) & (df["sex"].isin(["female", "male"]))]
        return df.groupby("destination_iso3")["migrants"].sum()
    df = _raw_stock(raw_dir)
    df = df[(df["year"] == 2024) & (df["orig_iso3"] == origin)]
    return df.groupby("dest_iso3")["n"].sum()


def destinations_2024(raw_dir: Path | None) -> set[str]:
    if _data_has("migrant_stock"):
        from mlearn import data

        df = data.load("migrant_stock")
        return set(df.loc[df["year"] == 2024, "destination_iso3"])
    df = _raw_stock(raw_dir)
    return set(df.loc[df["year"] == 2024, "dest_iso3"])
