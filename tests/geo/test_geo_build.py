"""The build step of the map layers: deterministic output, the Western Sahara convention computed from the raw
Natural Earth files, valid geometries, sizes, admin-1 names and codes, the plotly topojson."""

from __future__ import annotations

import hashlib
import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from mlearn.geo import conventions as C
from mlearn.geo.build import build_geo_resources

from .geo_helpers import decode_topology

CONTRACT_KEYS = {
    "name", "path", "format", "mediatype", "title_fr", "title_en", "description_fr", "description_en",
    "producer", "dataset", "edition", "licence", "citation_fr", "citation_en", "caveats_fr", "caveats_en",
}  # fmt: skip
LAT = C.WESTERN_SAHARA_NORTH_LAT


@pytest.fixture(scope="module")
def rebuilt(raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("geo-build")
    return out, build_geo_resources(raw_dir, out)


@pytest.mark.raw
def test_rebuild_is_byte_identical_to_committed_files(rebuilt, project_root):
    out, resources = rebuilt
    committed = sorted(
        p.relative_to(project_root / "data").as_posix() for p in (project_root / "data/geo").rglob("*")
    )
    committed = [p for p in committed if (project_root / "data" / p).is_file()]
    assert sorted(r["path"] for r in resources) == committed
    for r in resources:
        new = hashlib.sha256((out / r["path"]).read_bytes()).hexdigest()
        old = hashlib.sha256((project_root / "data" / r["path"]).read_bytes()).hexdigest()
        assert new == old, f"{r['path']} differs from data/ after a rebuild"


@pytest.mark.raw
def test_resources_follow_the_contract(rebuilt):
    out, resources = rebuilt
    assert len({r["name"] for r in resources}) == len(resources)
    for r in resources:
        assert set(r) >= CONTRACT_KEYS, CONTRACT_KEYS - set(r)
        assert r["path"].startswith("geo/") and (out / r["path"]).is_file()
        assert r["caveats_fr"] and r["caveats_en"] and all(isinstance(c, str) and c for c in r["caveats_fr"])
        assert r["citation_fr"].startswith("Source : ") and r["citation_en"].startswith("Source: ")
        for key in CONTRACT_KEYS - {"caveats_fr", "caveats_en"}:
            assert isinstance(r[key], str) and r[key].strip(), key
    # The Western Sahara convention is documented in the caveats of every country layer and of the topojson.
    for r in resources:
        if r["name"].startswith(("geo_countries", "geo_world", "geo_western")):
            assert any("27°40′" in c and C.WESTERN_SAHARA_NOTE_FR in c for c in r["caveats_fr"]), r["name"]


@pytest.mark.raw
@pytest.mark.parametrize("resolution", ["50m", "110m"])
def test_western_sahara_convention_against_raw_natural_earth(raw_dir, resolution):
    import mlearn.geo as geo

    raw = gpd.read_file(raw_dir / f"boundaries/ne_{resolution}_admin_0_countries.geojson")
    raw = raw.set_geometry(raw.geometry.make_valid())
    mar = shapely.union_all(raw.loc[raw["ADM0_A3"] == "MAR"].geometry.values)
    sah = shapely.union_all(raw.loc[raw["ADM0_A3"] == "SAH"].geometry.values)
    south = box(-30, 0, 10, LAT)
    expected_esh = shapely.union_all([sah, shapely.intersection(mar, south)])
    expected_mar = shapely.difference(mar, south)

    layer = geo.countries(resolution).set_index("iso3")
    esh, mar_web = layer.loc["ESH", "geometry"], layer.loc["MAR", "geometry"]
    assert layer.loc["ESH", "name_fr"] == "Sahara occidental"
    assert esh.is_valid and mar_web.is_valid
    # Same territory as the definition (up to the web simplification).
    for got, want in ((esh, expected_esh), (mar_web, expected_mar)):
        assert shapely.symmetric_difference(got, want).area / want.area < 0.03
    # ESH lies south of 27°40′ N and contains the whole NE "SAH" strip; Morocco lies north of the line.
    assert esh.bounds[3] <= LAT + 0.006
    assert mar_web.bounds[1] >= LAT - 0.006
    assert shapely.intersection(esh, mar_web).area < 1e-6
    assert shapely.difference(sah, esh.buffer(0.05)).area < 0.001 * sah.area
    # Laâyoune (27.15 N, -13.20) and Dakhla (23.7 N, -15.94) are in ESH, Agadir and Rabat in Morocco.
    for lon, lat in ((-13.2, 27.15), (-15.94, 23.72)):
        assert esh.contains(shapely.Point(lon, lat)) and not mar_web.contains(shapely.Point(lon, lat))
    for lon, lat in ((-9.6, 30.42), (-6.84, 34.02)):
        assert mar_web.contains(shapely.Point(lon, lat))


@pytest.mark.raw
def test_iso_a3_eh_join_keeps_france_and_norway(raw_dir):
    import mlearn.geo as geo

    raw = gpd.read_file(raw_dir / "boundaries/ne_50m_admin_0_countries.geojson")
    assert set(raw.loc[raw["ISO_A3"] == "-99", "ADMIN"]) >= {"France", "Norway"}  # the trap is real
    codes = set(geo.countries()["iso3"])
    assert {"FRA", "NOR", "XKX", "ESH", "MAR"} <= codes
    assert "KOS" not in codes and "-99" not in codes and "SAH" not in codes
    # Every ISO_A3_EH code of the raw file is there (IOA/ATC dissolve into AUS).
    assert set(raw["ISO_A3_EH"]) - {"-99"} <= codes


def test_all_layers_are_valid_clockwise_polygons(project_root):
    for path in sorted((project_root / "data/geo").glob("*.geojson")):
        fc = json.loads(path.read_text(encoding="utf-8"))
        assert fc["type"] == "FeatureCollection" and fc["features"], path.name
        for f in fc["features"]:
            geom = shapely.geometry.shape(f["geometry"])
            assert geom.geom_type in ("Polygon", "MultiPolygon"), (path.name, f.get("id"))
            assert geom.is_valid and not geom.is_empty, (path.name, f.get("id"))
            for poly in shapely.get_parts(geom):
                # d3-geo (plotly.js) reads an anticlockwise exterior ring as "the whole globe except this".
                assert not poly.exterior.is_ccw, (path.name, f.get("id"))


def test_layer_sizes(project_root):
    geo_dir = project_root / "data/geo"
    for path in (p for p in geo_dir.rglob("*json") if p.is_file()):
        assert path.stat().st_size <= 1_000_000, f"{path.name}: a map layer must stay ≤ 1 MB"
    assert sum(p.stat().st_size for p in geo_dir.rglob("*") if p.is_file()) <= 3_000_000
    total = sum(p.stat().st_size for p in (project_root / "data").rglob("*") if p.is_file())
    assert total <= 25_000_000
    # A North Africa + Europe + Middle East layer stays small (stack-notes: ~240 KB).
    import mlearn.geo as geo

    gdf = geo.countries()
    region = gdf.cx[-30:60, -5:75]
    sub = geo.geojson(iso3=list(region["iso3"]))
    assert len(sub["features"]) > 80
    assert len(json.dumps(sub, separators=(",", ":"))) <= 400_000


@pytest.mark.parametrize(
    ("iso3", "count", "pattern"),
    [
        ("MAR", 12, r"MA-(0[1-9]|1[0-2])"),
        ("TUN", 24, r"TN-\d\d"),
        ("EGY", 27, r"EG-[A-Z]{1,3}"),
        ("DZA", 48, None),
    ],
)
def test_admin1_names_and_codes(iso3, count, pattern):
    import mlearn.geo as geo

    gdf = geo.admin1(iso3)
    assert list(gdf.columns) == ["iso3", "code", "name", "name_source", "geometry"]
    assert len(gdf) == count and (gdf["iso3"] == iso3).all()
    assert gdf["name"].is_unique and gdf.geometry.is_valid.all()
    for name in gdf["name"]:
        assert name == name.strip() and name and "Governorate" not in name and "Governate" not in name
    if pattern is None:
        assert gdf["code"].isna().all()  # Algeria: no ISO code in the source, none invented
    else:
        assert gdf["code"].str.fullmatch(pattern).all() and gdf["code"].is_unique
    fc = geo.admin1_geojson(iso3)
    assert len(fc["features"]) == count and len({f["id"] for f in fc["features"]}) == count


@pytest.mark.raw
def test_admin1_names_come_from_the_source(raw_dir):
    import mlearn.geo as geo

    raw = gpd.read_file(raw_dir / "boundaries/admin1/geoBoundaries-MAR-ADM1.geojson")
    expected = dict(zip(raw["shapeISO"], raw["shapeName"].fillna(raw["shapeName1"]), strict=True))
    got = dict(zip(geo.admin1("MAR")["code"], geo.admin1("MAR")["name"], strict=True))
    assert got == expected and got["MA-11"] == "Laâyoune-Sakia El Hamra"
    raw = gpd.read_file(raw_dir / "boundaries/admin1/geoBoundaries-EGY-ADM1_simplified.geojson")
    expected = {
        c: re.sub(r" Govern\w+$", "", n) for c, n in zip(raw["shapeISO"], raw["shapeName"], strict=True)
    }
    assert dict(zip(geo.admin1("EGY")["code"], geo.admin1("EGY")["name"], strict=True)) == expected
    dza = geo.admin1("DZA")
    assert "Bordj Bou Arreridj" in set(dza["name"]) and "Bordj Bou Arrer" in set(dza["name_source"])


def test_world_topojson_has_the_layers_plotly_reads(project_root):
    import mlearn.geo as geo

    topo = json.loads(geo.topojson_path().read_text(encoding="utf-8"))
    assert (
        geo.topojson_path().name == "world_110m.json"
    )  # what plotly.js fetches for scope world, resolution 110
    assert topo["type"] == "Topology"
    objects = decode_topology(topo)
    assert set(objects) == {"countries", "land", "ocean", "lakes", "rivers", "coastlines", "subunits"}
    countries = {ident: g for ident, g in objects["countries"]}
    assert set(countries) == set(geo.countries("110m")["iso3"])  # ids for locationmode="ISO-3"
    assert countries["ESH"].bounds[3] <= LAT + 0.01 and countries["MAR"].bounds[1] >= LAT - 0.01
    assert countries["FRA"].is_valid and countries["NOR"].area > 10
    ((_, land),) = objects["land"]
    ((_, ocean),) = objects["ocean"]
    # The ocean is the land with every ring reversed (d3-geo's spherical complement).
    land_rings = [p.exterior for p in shapely.get_parts(land)]
    assert all(not r.is_ccw for r in land_rings)
    assert ocean.exterior.is_ccw and len(ocean.interiors) + 1 >= len(land_rings)
    assert objects["lakes"] == [] and objects["rivers"] == [] and objects["subunits"] == []
