"""Build step of the offline map layers: raw Natural Earth / geoBoundaries files → ``data/geo/``.

Called by ``mlearn data build`` (contract with the data layer): ``build_geo_resources(raw_dir, out_dir)`` writes
the files under ``out_dir/geo/`` and returns one metadata dict per file; the data build adds the checksum and
size and lists them in ``data/datapackage.json``.

What is written (all WGS84 lon/lat, polygons wound clockwise as d3-geo/plotly.js expect):

- ``geo/countries_50m.geojson``, ``geo/countries_110m.geojson``: admin-0 countries, ``id`` = ISO3 joined on
  ``ISO_A3_EH`` (``ADM0_A3`` where it is -99; Kosovo KOS → XKX), the course's Western Sahara convention applied,
  simplified as a coverage (shared borders stay shared), coordinates on a fixed grid.
- ``geo/admin1_{dza,egy,mar,tun}.geojson``: first-level regions with clean names and ISO 3166-2 codes (null for
  Algeria, whose source has none).
- ``geo/western_sahara.geojson``: the « Sahara occidental » polygon for the dashed/hatched overlay.
- ``geo/topojson/world_110m.json``: the world topojson plotly.js reads for geo subplots, generated here from
  Natural Earth 110m so no third-party file ships and the map renders with no network.

Determinism: fixed tolerances and grid, features sorted by key, JSON with sorted keys and no spaces.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box, mapping

from mlearn.errors import BuildError
from mlearn.geo import conventions as C
from mlearn.geo.topojson import TopologyWriter

NE_FILES = {
    "50m": "boundaries/ne_50m_admin_0_countries.geojson",
    "110m": "boundaries/ne_110m_admin_0_countries.geojson",
}
ADMIN1_FILES = {
    "MAR": "boundaries/admin1/geoBoundaries-MAR-ADM1.geojson",
    "TUN": "boundaries/admin1/geoBoundaries-TUN-ADM1.geojson",
    "DZA": "boundaries/admin1/geoBoundaries-DZA-ADM1_simplified.geojson",
    "EGY": "boundaries/admin1/geoBoundaries-EGY-ADM1_simplified.geojson",
}

#: Simplification tolerance (degrees) and coordinate grid (degrees) per layer.
TOLERANCE = {"50m": 0.05, "110m": 0.05, "admin1": 0.01, "topojson": 0.05}
GRID = {"50m": 0.01, "110m": 0.01, "admin1": 0.001, "topojson": 0.01}

#: Names in the geoBoundaries files that need a fix (truncated in the source).
ADMIN1_NAME_FIXES = {"DZA": {"Bordj Bou Arrer": "Bordj Bou Arreridj"}}

NE_CITATION_FR = "Source : Natural Earth, Admin 0 – Countries {scale} (v5.1) ; calculs M-LEARN."
NE_CITATION_EN = "Source: Natural Earth, Admin 0 – Countries {scale} (v5.1); M-LEARN calculations."

WS_CAVEAT_FR = (
    "Sahara occidental : convention du cours (curriculum §2.3). Le polygone « Sahara occidental » (ESH) réunit "
    "l'entité Natural Earth SAH et la partie de l'entité MAR située au sud de 27°40′ N ; le Maroc est l'entité "
    "MAR sans cette partie. Le territoire est dessiné à part (hachures grises, contour en tirets) et n'est "
    "jamais rempli avec la valeur du Maroc. " + C.WESTERN_SAHARA_NOTE_FR
)
WS_CAVEAT_EN = (
    "Western Sahara: course convention (curriculum §2.3). The « Sahara occidental » polygon (ESH) joins the "
    "Natural Earth feature SAH and the part of feature MAR south of 27°40′ N; Morocco is MAR without that part. "
    "The territory is drawn apart (grey hatching, dashed outline) and never filled with Morocco's value. "
    + C.WESTERN_SAHARA_NOTE_EN
)
NE_CAVEATS_FR = [
    "Jointure sur ISO_A3_EH (ADM0_A3 quand ISO_A3_EH vaut -99), jamais sur ISO_A3 : ISO_A3 vaut -99 pour la "
    "France et la Norvège. Kosovo : code XKX (KOS chez Natural Earth).",
    "Somaliland (SOL), Chypre du Nord (CYN) et le glacier de Siachen (KAS) gardent les codes propres à Natural "
    "Earth : aucune statistique ne s'y rattache.",
    "Le polygone de la France inclut la Guyane et d'autres territoires d'outre-mer, alors que la « France » de "
    "l'ONU (DAES) est la France métropolitaine : fixer l'étendue de la carte à la main.",
    "Destinations de l'ONU (DAES) sans polygone : BES, GIB, GLP, GUF, MTQ, MYT, REU, TKL, XCX — à citer en note, "
    "à garder dans les tableaux.",
    "Géométries réparées (make_valid) et simplifiées pour le web : ne pas les utiliser pour mesurer des surfaces.",
    WS_CAVEAT_FR,
]
NE_CAVEATS_EN = [
    "Joined on ISO_A3_EH (ADM0_A3 where ISO_A3_EH is -99), never on ISO_A3, which is -99 for France and Norway. "
    "Kosovo: code XKX (KOS in Natural Earth).",
    "Somaliland (SOL), Northern Cyprus (CYN) and Siachen Glacier (KAS) keep Natural Earth's own codes: no "
    "statistic joins to them.",
    "France's polygon includes French Guiana and other overseas parts, while UN DESA's France is metropolitan "
    "France: set the map extent explicitly.",
    "UN DESA destinations without a polygon: BES, GIB, GLP, GUF, MTQ, MYT, REU, TKL, XCX — footnote them, keep "
    "them in tables.",
    "Geometries repaired (make_valid) and simplified for the web: do not use them to measure areas.",
    WS_CAVEAT_EN,
]

ADMIN1_META = {
    "MAR": {
        "title_fr": "Maroc : 12 régions (découpage de 2015)",
        "title_en": "Morocco: 12 regions (2015 division)",
        "dataset": "geoBoundaries gbOpen MAR ADM1",
        "edition": "gbOpen (identifiant 70788906)",
        "licence": "ODbL-1.0",
        "licence_note": "© contributeurs OpenStreetMap ; geoBoundaries (CC BY 4.0)",
        "caveats_fr": [
            "Les régions MA-11, MA-12 et une partie de MA-10 couvrent tout le Sahara occidental (découpage "
            "administratif marocain) : ne jamais superposer cette couche au polygone ESH ; superposer seulement "
            "le contour en tirets. " + C.WESTERN_SAHARA_NOTE_FR,
            "Noms lus dans shapeName, ou shapeName1 quand shapeName est vide (fichier réenregistré par le "
            "redistributeur) ; jointure sur le code ISO 3166-2.",
        ],
        "caveats_en": [
            "Regions MA-11, MA-12 and part of MA-10 cover all of Western Sahara (Morocco's administrative map): "
            "never stack this layer on the ESH polygon; overlay only the dashed outline. "
            + C.WESTERN_SAHARA_NOTE_EN,
            "Names read from shapeName, or shapeName1 where shapeName is empty (file re-saved by the "
            "redistributor); join on the ISO 3166-2 code.",
        ],
    },
    "TUN": {
        "title_fr": "Tunisie : 24 gouvernorats",
        "title_en": "Tunisia: 24 governorates",
        "dataset": "geoBoundaries gbOpen TUN ADM1",
        "edition": "TUN-ADM1-13205935 (année 2017, compilé en 2021)",
        "licence": "ODbL-1.0",
        "licence_note": "© contributeurs OpenStreetMap, Wambacher ; geoBoundaries",
        "caveats_fr": ["Jointure sur le code ISO 3166-2 (TN-11 … TN-83)."],
        "caveats_en": ["Join on the ISO 3166-2 code (TN-11 … TN-83)."],
    },
    "DZA": {
        "title_fr": "Algérie : 48 wilayas (découpage antérieur à 2019)",
        "title_en": "Algeria: 48 wilayas (pre-2019 division)",
        "dataset": "geoBoundaries gbHumanitarian DZA ADM1",
        "edition": "année 2020 (UNHCR d'après GAUL, HDX)",
        "licence": "CC-BY-3.0-IGO",
        "licence_note": "UNHCR (d'après GAUL) via HDX ; geoBoundaries",
        "caveats_fr": [
            "Ancien découpage en 48 wilayas : l'Algérie en compte 58 depuis la réforme de 2019-2021.",
            "La source ne donne aucun code ISO 3166-2 : le code est vide (null), la jointure se fait sur le nom.",
            "Noms en ASCII comme dans la source ; « Bordj Bou Arrer » (tronqué) corrigé en « Bordj Bou Arreridj ».",
        ],
        "caveats_en": [
            "Old 48-wilaya division: Algeria has had 58 wilayas since the 2019–2021 reform.",
            "The source gives no ISO 3166-2 code: the code is null; join on the name.",
            "ASCII names as in the source; truncated « Bordj Bou Arrer » fixed to « Bordj Bou Arreridj ».",
        ],
    },
    "EGY": {
        "title_fr": "Égypte : 27 gouvernorats",
        "title_en": "Egypt: 27 governorates",
        "dataset": "geoBoundaries gbOpen EGY ADM1",
        "edition": "EGY-ADM1-46179711 (année 2017, compilé en 2023)",
        "licence": "ODbL-1.0",
        "licence_note": "© contributeurs OpenStreetMap, Wambacher ; geoBoundaries",
        "caveats_fr": [
            "Noms anglais de la source sans le suffixe « Governorate » ; jointure sur le code ISO 3166-2.",
            "Limite sud sur le 22e parallèle (triangle de Halaïb non inclus).",
        ],
        "caveats_en": [
            "English source names without the « Governorate » suffix; join on the ISO 3166-2 code.",
            "Southern limit on the 22nd parallel (Halaib triangle not included).",
        ],
    },
}


def _read(raw_dir: Path, rel: str) -> gpd.GeoDataFrame:
    path = raw_dir / rel
    if not path.is_file():
        raise BuildError(
            f"Fichier source manquant : {path}",
            f"Missing raw file: {path}",
            hint="vérifiez --raw / $MLEARN_RAW (../shared/data-raw)",
        )
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for a corrupted file
        raise BuildError(f"Fichier illisible : {path} ({exc})", f"Unreadable file: {path}") from exc
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return gdf


def _require(gdf: gpd.GeoDataFrame, path: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise BuildError(
            f"{path} : colonne(s) manquante(s) {missing}", f"{path}: missing column(s) {missing}"
        )


# --- countries -----------------------------------------------------------------------------------------


def natural_earth_countries(raw_dir: Path, resolution: str) -> gpd.GeoDataFrame:
    """Raw NE admin-0 → (iso3, name_fr, name_en, geometry), repaired, one row per iso3, convention applied."""
    rel = NE_FILES[resolution]
    raw = _read(raw_dir, rel)
    _require(raw, rel, ["ISO_A3_EH", "ADM0_A3", "NAME_FR", "NAME_EN"])
    iso3 = raw["ISO_A3_EH"].where(raw["ISO_A3_EH"] != "-99", raw["ADM0_A3"]).replace(C.NE_CODE_FIXES)
    gdf = gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "main": raw["ADM0_A3"].replace(C.NE_CODE_FIXES) == iso3,
            "name_fr": raw["NAME_FR"].fillna(raw.get("NAME", raw["NAME_EN"])),
            "name_en": raw["NAME_EN"].fillna(raw.get("NAME", raw["NAME_FR"])),
        },
        geometry=raw.geometry.make_valid(),
        crs=4326,
    )
    # Parts that share an ISO code (Indian Ocean Territories, Ashmore and Cartier → AUS) join their country.
    gdf = gdf.sort_values(["iso3", "main"], ascending=[True, False])
    names = gdf.drop_duplicates("iso3").set_index("iso3")[["name_fr", "name_en"]]
    geoms = gdf.groupby("iso3", sort=True).geometry.agg(lambda s: shapely.union_all(s.values))
    out = gpd.GeoDataFrame(names.join(geoms.rename("geometry")).reset_index(), geometry="geometry", crs=4326)
    out = apply_western_sahara(out)
    return out.sort_values("iso3").reset_index(drop=True)


def apply_western_sahara(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """ESH = NE SAH ∪ (NE MAR ∩ {lat < 27°40′}); MAR = NE MAR minus that part (curriculum §2.3)."""
    gdf = gdf.copy()
    is_mar, is_esh = gdf["iso3"] == "MAR", gdf["iso3"] == C.WESTERN_SAHARA_ISO3
    if is_mar.sum() != 1 or is_esh.sum() != 1:
        raise BuildError(
            "Natural Earth : entités MAR et ESH/SAH introuvables",
            "Natural Earth: MAR and ESH/SAH features not found",
        )
    mar = gdf.loc[is_mar, "geometry"].iloc[0]
    esh = gdf.loc[is_esh, "geometry"].iloc[0]
    minx, miny, maxx, _ = mar.bounds
    south = box(minx - 1, miny - 1, maxx + 1, C.WESTERN_SAHARA_NORTH_LAT)
    mar_south = shapely.intersection(mar, south)
    new_esh = shapely.make_valid(shapely.union_all([esh, mar_south]))
    new_mar = shapely.make_valid(shapely.difference(mar, south))
    gdf.loc[is_mar, "geometry"] = _polygonal(new_mar)
    gdf.loc[is_esh, "geometry"] = _polygonal(new_esh)
    gdf.loc[is_esh, ["name_fr", "name_en"]] = [C.WESTERN_SAHARA_NAME_FR, C.WESTERN_SAHARA_NAME_EN]
    return gdf


def _polygonal(geom):
    """Keep only the polygonal parts of a geometry (make_valid/overlay may leave lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def web_ready(geoms: gpd.GeoSeries, tolerance: float, grid: float) -> gpd.GeoSeries:
    """Simplify as a coverage (neighbours keep one shared border), snap to ``grid``, repair, wind clockwise."""
    simplified = geoms.simplify_coverage(tolerance)
    values = shapely.set_precision(simplified.values, grid)
    # A micro-state smaller than the grid (the Vatican at 0.01°) would vanish: keep it on a finer grid.
    for i in np.flatnonzero(shapely.is_empty(values)):
        values[i] = shapely.set_precision(simplified.values[i], grid / 100)
    values = shapely.make_valid(values)
    values = [_polygonal(g) for g in values]
    values = shapely.orient_polygons(values, exterior_cw=True)
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


# --- writing --------------------------------------------------------------------------------------------


def _feature_digits(geom, grid: float) -> int:
    """Decimals needed to write ``geom`` exactly: the grid's, or more for a micro-state kept on a finer grid."""
    coords = shapely.get_coordinates(geom)
    for ndigits in range(_digits(grid), 8):
        if np.allclose(coords, np.round(coords, ndigits), rtol=0, atol=1e-9):
            return ndigits
    return 8


def _round_coords(obj, ndigits: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [_clean_float(round(v, ndigits)) for v in obj]
        return [_round_coords(o, ndigits) for o in obj]
    return obj


def _clean_float(v: float):
    v = 0.0 if v == 0 else v  # no "-0.0"
    return int(v) if float(v).is_integer() else v


def _digits(grid: float) -> int:
    return max(0, round(-math.log10(grid)))


def feature_collection(
    gdf: gpd.GeoDataFrame, id_col: str | None, props: list[str], grid: float, name: str | None = None
) -> dict:
    features = []
    for row in gdf.itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        geometry = mapping(geom)
        ndigits = _feature_digits(geom, grid)
        feature = {
            "type": "Feature",
            "properties": {p: _json_value(getattr(row, p)) for p in props},
            "geometry": {
                "type": geometry["type"],
                "coordinates": _round_coords(geometry["coordinates"], ndigits),
            },
        }
        if id_col:
            feature["id"] = getattr(row, id_col)
        features.append(feature)
    fc = {"type": "FeatureCollection", "features": features}
    if name:
        fc["name"] = name
    return fc


def _json_value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    return v


def write_json(obj: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")


# --- admin-1 ---------------------------------------------------------------------------------------------


def admin1_regions(raw_dir: Path, iso3: str) -> gpd.GeoDataFrame:
    """Raw geoBoundaries ADM1 → (iso3, code, name, name_source, geometry), sorted by code then name."""
    rel = ADMIN1_FILES[iso3]
    raw = _read(raw_dir, rel)
    _require(raw, rel, ["shapeName", "shapeISO"])
    name_source = raw["shapeName"]
    if "shapeName1" in raw.columns:  # MAR: the redistributor moved most names to shapeName1
        name_source = name_source.fillna(raw["shapeName1"])
    if name_source.isna().any():
        bad = raw.index[name_source.isna()].tolist()[:5]
        raise BuildError(
            f"{rel} : nom de région vide (lignes {bad})", f"{rel}: empty region name (rows {bad})"
        )
    name = name_source.str.strip()
    if iso3 == "EGY":
        name = name.str.replace(r"\s+Gover?n?ate$|\s+Governorate$", "", regex=True)
    name = name.replace(ADMIN1_NAME_FIXES.get(iso3, {}))
    code = raw["shapeISO"].astype("string").str.strip().replace("", pd.NA)
    gdf = gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "code": code.astype(object).where(code.notna(), None),
            "name": name,
            "name_source": name_source,
        },
        geometry=raw.geometry.make_valid(),
        crs=4326,
    )
    return gdf.sort_values(["code", "name"], na_position="last").reset_index(drop=True)


# --- topojson --------------------------------------------------------------------------------------------


def world_topojson(countries_110m: gpd.GeoDataFrame) -> str:
    """The plotly-compatible ``world_110m.json`` built from NE 110m countries (convention applied)."""
    geoms = web_ready(countries_110m.geometry, TOLERANCE["topojson"], GRID["topojson"])
    land = shapely.orient_polygons(
        _polygonal(shapely.make_valid(shapely.union_all(shapely.buffer(geoms.values, 0)))), exterior_cw=True
    )
    # d3-geo reads a ring wound anticlockwise as "everything outside it": the ocean is the land reversed.
    ocean = shapely.orient_polygons(land, exterior_cw=False)
    writer = TopologyWriter(quantization=36_001)  # a 0.01° step in longitude
    writer.add_collection(
        "countries",
        (
            (g, iso3, {"name": name})
            for g, iso3, name in zip(
                geoms.values, countries_110m["iso3"], countries_110m["name_en"], strict=True
            )
        ),
    )
    writer.add_collection("land", [(land, None, None)])
    writer.objects["ocean"] = {"type": "GeometryCollection", "geometries": [_reversed_rings(writer, ocean)]}
    writer.add_collection("coastlines", [(shapely.boundary(land), None, None)])
    for empty in ("lakes", "rivers", "subunits"):
        writer.add_collection(empty, [])
    return writer.to_json()


def _reversed_rings(writer: TopologyWriter, polygons) -> dict:
    """The ocean as ONE polygon whose rings are every land ring reversed (d3's spherical complement)."""
    rings = []
    for poly in shapely.get_parts(polygons):
        for ring in (poly.exterior, *poly.interiors):
            r = writer._ring(ring)
            if r:
                rings.append(r)
    return {"type": "Polygon", "arcs": rings}


# --- the contract ----------------------------------------------------------------------------------------


def _common(producer: str, licence: str) -> dict:
    return {"producer": producer, "licence": licence}


def build_geo_resources(raw_dir: Path, out_dir: Path) -> list[dict]:
    """Write the map layers under ``out_dir/geo/`` and return their metadata (one dict per file).

    Keys: ``name, path`` (relative to ``out_dir``), ``format, mediatype, title_fr, title_en, description_fr,
    description_en, producer, dataset, edition, licence, citation_fr, citation_en, caveats_fr, caveats_en``.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    resources: list[dict] = []
    ne = {"producer": "Natural Earth", "licence": "public-domain", "edition": "v5.1 (5.1.1 ou 5.1.2)"}
    countries_raw: dict[str, gpd.GeoDataFrame] = {}

    for resolution in C.RESOLUTIONS:
        gdf = natural_earth_countries(raw_dir, resolution)
        countries_raw[resolution] = gdf
        web = gdf.assign(geometry=web_ready(gdf.geometry, TOLERANCE[resolution], GRID[resolution]))
        rel = C.COUNTRIES_FILE.format(resolution=resolution)
        write_json(
            feature_collection(web, "iso3", ["iso3", "name_fr", "name_en"], GRID[resolution]), out_dir / rel
        )
        scale = "1:50m" if resolution == "50m" else "1:110m"
        use_fr = "fond de carte par défaut du cours" if resolution == "50m" else "vignettes du monde"
        use_en = "default course base map" if resolution == "50m" else "world thumbnails"
        resources.append(
            {
                "name": f"geo_countries_{resolution}",
                "path": rel,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "title_fr": f"Pays du monde, Natural Earth {scale} ({use_fr})",
                "title_en": f"World countries, Natural Earth {scale} ({use_en})",
                "description_fr": (
                    f"Polygones des pays (Natural Earth Admin 0 {scale}), identifiant `id` = code ISO3 (jointure "
                    "ISO_A3_EH), propriétés iso3, name_fr, name_en ; convention du cours pour le Sahara "
                    f"occidental ; simplifiés (tolérance {TOLERANCE[resolution]}°, grille {GRID[resolution]}°)."
                ),
                "description_en": (
                    f"Country polygons (Natural Earth Admin 0 {scale}), `id` = ISO3 code (ISO_A3_EH join), "
                    "properties iso3, name_fr, name_en; course convention for Western Sahara; simplified "
                    f"(tolerance {TOLERANCE[resolution]}°, grid {GRID[resolution]}°)."
                ),
                **ne,
                "dataset": f"Admin 0 – Countries {scale}",
                "citation_fr": NE_CITATION_FR.format(scale=scale),
                "citation_en": NE_CITATION_EN.format(scale=scale),
                "caveats_fr": list(NE_CAVEATS_FR),
                "caveats_en": list(NE_CAVEATS_EN),
            }
        )

    # Western Sahara overlay (from the 50m layer, same simplification as the base map).
    esh = countries_raw["50m"].query("iso3 == @C.WESTERN_SAHARA_ISO3").copy()
    esh["note_fr"], esh["note_en"] = C.WESTERN_SAHARA_NOTE_FR, C.WESTERN_SAHARA_NOTE_EN
    base = countries_raw["50m"]
    esh_web = web_ready(base.geometry, TOLERANCE["50m"], GRID["50m"])[base["iso3"] == C.WESTERN_SAHARA_ISO3]
    esh = esh.assign(geometry=esh_web.values)
    write_json(
        feature_collection(esh, "iso3", ["iso3", "name_fr", "name_en", "note_fr", "note_en"], GRID["50m"]),
        out_dir / C.WESTERN_SAHARA_FILE,
    )
    resources.append(
        {
            "name": "geo_western_sahara",
            "path": C.WESTERN_SAHARA_FILE,
            "format": "geojson",
            "mediatype": "application/geo+json",
            "title_fr": "Sahara occidental : contour pour la superposition (hachures, tirets)",
            "title_en": "Western Sahara: outline for the overlay (hatching, dashes)",
            "description_fr": (
                "Un polygone « Sahara occidental » (ESH) = NE SAH ∪ (NE MAR au sud de 27°40′ N), avec la note à "
                "imprimer sous toute carte qui montre la zone."
            ),
            "description_en": (
                "One « Sahara occidental » polygon (ESH) = NE SAH ∪ (NE MAR south of 27°40′ N), with the note to "
                "print under every map that shows the area."
            ),
            **ne,
            "dataset": "Admin 0 – Countries 1:50m",
            "citation_fr": NE_CITATION_FR.format(scale="1:50m"),
            "citation_en": NE_CITATION_EN.format(scale="1:50m"),
            "caveats_fr": [WS_CAVEAT_FR],
            "caveats_en": [WS_CAVEAT_EN],
        }
    )

    for iso3 in C.ADMIN1_COUNTRIES:
        gdf = admin1_regions(raw_dir, iso3)
        web = gdf.assign(geometry=web_ready(gdf.geometry, TOLERANCE["admin1"], GRID["admin1"]))
        rel = C.ADMIN1_FILE.format(iso3=iso3.lower())
        id_col = "code" if web["code"].notna().all() else None
        fc = feature_collection(web, id_col, ["iso3", "code", "name", "name_source"], GRID["admin1"])
        if id_col is None:  # Algeria: no ISO code; plotly can key on properties.name
            for f in fc["features"]:
                f["id"] = f["properties"]["name"]
        write_json(fc, out_dir / rel)
        meta = ADMIN1_META[iso3]
        n = len(web)
        resources.append(
            {
                "name": f"geo_admin1_{iso3.lower()}",
                "path": rel,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "title_fr": meta["title_fr"],
                "title_en": meta["title_en"],
                "description_fr": (
                    f"{n} unités de premier niveau ; propriétés iso3, code (ISO 3166-2, null s'il n'existe pas "
                    "dans la source), name (nom nettoyé), name_source (nom de la source) ; `id` = code ISO 3166-2 "
                    "(ou le nom quand la source n'a pas de code). Simplifiées pour le web."
                ),
                "description_en": (
                    f"{n} first-level units; properties iso3, code (ISO 3166-2, null where the source has none), "
                    "name (cleaned), name_source (as in the source); `id` = ISO 3166-2 code (or the name where the "
                    "source has no code). Simplified for the web."
                ),
                "producer": "geoBoundaries (William & Mary geoLab)",
                "dataset": meta["dataset"],
                "edition": meta["edition"],
                "licence": meta["licence"],
                "citation_fr": (
                    f"Source : geoBoundaries, {meta['dataset']} ({meta['licence_note']}) ; calculs M-LEARN."
                ),
                "citation_en": (
                    f"Source: geoBoundaries, {meta['dataset']} ({meta['licence_note']}); M-LEARN calculations."
                ),
                "caveats_fr": list(meta["caveats_fr"]),
                "caveats_en": list(meta["caveats_en"]),
            }
        )

    topo_path = out_dir / C.TOPOJSON_FILE
    topo_path.parent.mkdir(parents=True, exist_ok=True)
    topo_path.write_text(world_topojson(countries_raw["110m"]), encoding="utf-8")
    resources.append(
        {
            "name": "geo_world_topojson_110m",
            "path": C.TOPOJSON_FILE,
            "format": "topojson",
            "mediatype": "application/json",
            "title_fr": "Fond de carte du monde pour plotly (topojson hors ligne)",
            "title_en": "World base map for plotly (offline topojson)",
            "description_fr": (
                "Fichier que plotly.js charge pour tout graphique géographique (world_110m.json) : objets "
                "countries (id = ISO3), land, ocean, coastlines, et lakes/rivers/subunits vides, générés depuis "
                "Natural Earth 1:110m avec la convention du cours. Servi localement via la configuration "
                "topojsonURL (voir mlearn.geo) : aucune requête vers un CDN."
            ),
            "description_en": (
                "File plotly.js loads for any geo subplot (world_110m.json): objects countries (id = ISO3), land, "
                "ocean, coastlines, and empty lakes/rivers/subunits, generated from Natural Earth 1:110m with the "
                "course convention. Served locally through the topojsonURL config (see mlearn.geo): no CDN request."
            ),
            **ne,
            "dataset": "Admin 0 – Countries 1:110m",
            "citation_fr": NE_CITATION_FR.format(scale="1:110m"),
            "citation_en": NE_CITATION_EN.format(scale="1:110m"),
            "caveats_fr": [
                "Pas de lacs ni de fleuves (objets vides) : ne pas activer showlakes/showrivers.",
                WS_CAVEAT_FR,
            ],
            "caveats_en": [
                "No lakes or rivers (empty objects): do not turn on showlakes/showrivers.",
                WS_CAVEAT_EN,
            ],
        }
    )
    return resources
