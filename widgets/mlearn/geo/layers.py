"""Reading the committed map layers in ``data/geo/`` (never the raw folder: a fresh clone has none).

GeoDataFrames are cached per process and handed out as copies; GeoJSON dicts are parsed afresh from a cached
text on each call, so callers may modify what they get without corrupting the cache.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from mlearn import paths
from mlearn.errors import DataError
from mlearn.geo import conventions as C

_LOCK = threading.Lock()


def layer_path(rel: str) -> Path:
    """Absolute path of a layer file (``rel`` relative to the data folder), with a clear error if absent."""
    path = paths.data_dir() / rel
    if not path.is_file():
        raise DataError(
            f"Couche cartographique absente : {path}",
            f"Map layer missing: {path}",
            hint="lancez « mlearn data build » (ou récupérez data/ depuis le dépôt)",
        )
    return path


def _check_resolution(resolution: str) -> str:
    resolution = str(resolution).lower()
    if resolution in ("50", "110"):
        resolution += "m"
    if resolution not in C.COUNTRY_LAYERS:
        raise ValueError(
            f"Résolution inconnue : {resolution!r} ; valeurs possibles : {', '.join(C.COUNTRY_LAYERS)} "
            f"/ unknown resolution, allowed: {', '.join(C.COUNTRY_LAYERS)}"
        )
    return resolution


def _check_admin1(iso3: str) -> str:
    code = str(iso3).upper()
    if code not in C.ADMIN1_COUNTRIES:
        raise ValueError(
            f"Pas de carte des régions (admin-1) pour {iso3!r} ; codes disponibles : "
            f"{', '.join(C.ADMIN1_COUNTRIES)} / no admin-1 map for {iso3!r}; allowed: {', '.join(C.ADMIN1_COUNTRIES)}"
        )
    return code


@lru_cache(maxsize=16)
def _text(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def _read_text(rel: str) -> str:
    path = layer_path(rel)
    return _text(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _frame(path: Path, mtime_ns: int):
    import geopandas as gpd
    import pandas as pd

    gdf = gpd.read_file(path, engine="pyogrio")
    # Null codes stay None (not NaN) so that ``code.isna()`` and equality tests behave.
    for col in ("code",):
        if col in gdf:
            gdf[col] = gdf[col].astype(object).where(pd.notna(gdf[col]), None)
    return gdf


def _read_frame(rel: str, columns: list[str]):
    path = layer_path(rel)
    with _LOCK:
        gdf = _frame(path, path.stat().st_mtime_ns)
    return gdf[columns].copy()


def countries(resolution: str = "50m"):
    """Country polygons: GeoDataFrame ``iso3, name_fr, name_en, geometry`` (EPSG:4326), one row per ISO3.

    Joined on Natural Earth ``ISO_A3_EH`` (``ADM0_A3`` where it is -99; Kosovo as XKX), Western Sahara
    convention applied (``ESH`` = the whole territory; ``MAR`` north of 27°40′ N). ``"50m"`` is the course's
    base map, ``"110m"`` is for world thumbnails, ``"world"`` is the light mixed layer of world maps (110m, plus
    the 50m polygons of the small states 110m lacks). Simplified for web maps: not for measuring areas.
    """
    resolution = _check_resolution(resolution)
    columns = ["iso3", "name_fr", "name_en", "geometry"]
    if resolution == C.WORLD_LAYER:
        import pandas as pd

        coarse = _read_frame(C.COUNTRIES_FILE.format(resolution=C.WORLD_BASE), columns)
        fine = _read_frame(C.COUNTRIES_FILE.format(resolution=C.WORLD_FILL), columns)
        fine = fine[~fine["iso3"].isin(set(coarse["iso3"]))]
        return pd.concat([coarse, fine], ignore_index=True)
    return _read_frame(C.COUNTRIES_FILE.format(resolution=resolution), columns)


def admin1(iso3: str):
    """First-level regions of MAR, TUN, DZA or EGY: GeoDataFrame ``iso3, code, name, name_source, geometry``.

    ``code`` is the ISO 3166-2 code (None for Algeria: its source has none, and none is invented).
    Morocco's 12 regions cover all of Western Sahara: overlay only the dashed outline, never the ESH polygon.
    """
    code = _check_admin1(iso3)
    return _read_frame(
        C.ADMIN1_FILE.format(iso3=code.lower()), ["iso3", "code", "name", "name_source", "geometry"]
    )


def _codes(iso3: str | Iterable[str] | None) -> set[str] | None:
    if iso3 is None:
        return None
    if isinstance(iso3, str):
        return {iso3.upper()}
    return {str(c).upper() for c in iso3}


def geojson(resolution: str = "50m", iso3: str | Iterable[str] | None = None) -> dict:
    """GeoJSON FeatureCollection of the countries, feature ``id`` = ISO3 (plotly ``featureidkey="id"``).

    ``resolution``: ``"50m"``, ``"110m"`` or ``"world"`` (see :func:`countries`). ``iso3`` (a code or a list)
    keeps only those countries; codes without a polygon are skipped — list them
    with :func:`unmappable` in a footnote. The dict is fresh on each call (safe to modify).
    """
    fc = json.loads(_countries_text(_check_resolution(resolution)))
    wanted = _codes(iso3)
    if wanted is not None:
        fc["features"] = [f for f in fc["features"] if f["id"] in wanted]
    return fc


def _countries_text(resolution: str) -> str:
    """The text of a countries layer; ``"world"`` is composed from the 110m and 50m files (cached)."""
    if resolution != C.WORLD_LAYER:
        return _read_text(C.COUNTRIES_FILE.format(resolution=resolution))
    base, fill = (layer_path(C.COUNTRIES_FILE.format(resolution=r)) for r in (C.WORLD_BASE, C.WORLD_FILL))
    return _world_text(base, base.stat().st_mtime_ns, fill, fill.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _world_text(base: Path, base_mtime: int, fill: Path, fill_mtime: int) -> str:
    """Natural Earth 110m (same ISO_A3_EH ids, same Western Sahara split) + the 50m polygons 110m lacks.

    110m drops ~60 small states and territories (Malta, Bahrain, Singapore, Andorra, Maldives…): their 50m
    polygons are added so that no country with data disappears from a world map, while the layer stays about
    a quarter of the 50m one (it is redrawn by the browser on every control change).
    """
    coarse = json.loads(_text(base, base_mtime))
    fine = json.loads(_text(fill, fill_mtime))
    have = {f["id"] for f in coarse["features"]}
    features = coarse["features"] + [f for f in fine["features"] if f["id"] not in have]
    return json.dumps({**coarse, "features": features}, ensure_ascii=False, separators=(",", ":"))


def _ref_layers() -> dict[str, tuple[str, ...]]:
    """Reference key → the data files behind it (relative to the data folder)."""
    files = {f"countries_{r}": (C.COUNTRIES_FILE.format(resolution=r),) for r in C.RESOLUTIONS}
    files[f"countries_{C.WORLD_LAYER}"] = tuple(
        C.COUNTRIES_FILE.format(resolution=r) for r in (C.WORLD_BASE, C.WORLD_FILL)
    )
    files.update({f"admin1_{c.lower()}": (C.ADMIN1_FILE.format(iso3=c.lower()),) for c in C.ADMIN1_COUNTRIES})
    files["western_sahara"] = (C.WESTERN_SAHARA_FILE,)
    return files


def geojson_ref(layer: str = "50m") -> str:
    """A short reference to a whole layer, for ``go.Choropleth(geojson=geojson_ref("50m"), featureidkey="id")``.

    ``layer``: ``"50m"``/``"110m"``/``"world"`` (countries; ``"world"`` = the light mixed layer for world maps,
    see :func:`countries`), ``"admin1_mar"`` (…), ``"western_sahara"``. The figure then holds a string instead
    of ~0.2–0.8 MB of polygons (fast to build, validate and send to the browser); the polygons reach plotly.js
    through ``window.PlotlyGeoAssets``: :func:`mlearn.geo.offline_widget` preloads the layers its figure refers
    to, and :func:`mlearn.geo.resolve_geojson_refs` puts the dicts back (static pages; ``write_html`` and
    ``make_offline`` do it).
    """
    key = str(layer).lower()
    if key in ("50", "110", "50m", "110m", C.WORLD_LAYER):
        key = "countries_" + _check_resolution(key)
    if key not in _ref_layers():
        raise ValueError(
            f"Couche inconnue : {layer!r} ; valeurs possibles : 50m, 110m, world, "
            f"{', '.join(sorted(_ref_layers()))} / unknown layer {layer!r}"
        )
    return C.GEOJSON_REF_PREFIX + key


def _ref_key(ref: str) -> str:
    if not (isinstance(ref, str) and ref.startswith(C.GEOJSON_REF_PREFIX)):
        raise ValueError(f"Référence de couche invalide : {ref!r} / not a mlearn.geo layer reference")
    key = ref[len(C.GEOJSON_REF_PREFIX) :]
    if key not in _ref_layers():
        raise ValueError(
            f"Couche inconnue : {ref!r} ; valeurs possibles : {', '.join(sorted(_ref_layers()))} "
            "/ unknown layer reference"
        )
    return key


def ref_files(ref: str) -> tuple[str, ...]:
    """The data files (relative to the data folder) behind a :func:`geojson_ref` string; ValueError if unknown."""
    return _ref_layers()[_ref_key(ref)]


def check_ref(ref: str) -> None:
    """ValueError for an unknown reference, DataError (French first) when a file behind it is missing."""
    for rel in ref_files(ref):
        layer_path(rel)


def geojson_ref_text(ref: str) -> str:
    """The layer text behind a reference (compact JSON, for the JavaScript preload)."""
    key = _ref_key(ref)
    if key.startswith("countries_"):
        return _countries_text(key.removeprefix("countries_")).strip()
    return _read_text(_ref_layers()[key][0]).strip()


def geojson_by_ref(ref: str) -> dict:
    """The FeatureCollection a :func:`geojson_ref` string stands for (fresh dict)."""
    return json.loads(geojson_ref_text(ref))


def admin1_geojson(iso3: str) -> dict:
    """GeoJSON of the regions of one country; feature ``id`` = ISO 3166-2 code (the name for Algeria)."""
    code = _check_admin1(iso3)
    return json.loads(_read_text(C.ADMIN1_FILE.format(iso3=code.lower())))


def western_sahara_geojson() -> dict:
    """GeoJSON FeatureCollection with the one « Sahara occidental » polygon (id ``ESH``), for overlays."""
    return json.loads(_read_text(C.WESTERN_SAHARA_FILE))


def western_sahara():
    """The « Sahara occidental » polygon as a one-row GeoDataFrame (``iso3, name_fr, name_en, geometry``)."""
    return _read_frame(C.WESTERN_SAHARA_FILE, ["iso3", "name_fr", "name_en", "geometry"])


def western_sahara_note(lang: str = "fr") -> str:
    """The note to print under every map that shows Western Sahara (curriculum §2.3, draft wording)."""
    return C.WESTERN_SAHARA_NOTE_EN if str(lang).lower().startswith("en") else C.WESTERN_SAHARA_NOTE_FR


@lru_cache(maxsize=4)
def _mapped_codes(resolution: str) -> frozenset[str]:
    return frozenset(f["id"] for f in geojson(resolution)["features"])


def unmappable(codes: Iterable[str] | None = None, resolution: str = "50m") -> list[str]:
    """Codes with no polygon on the map, for a footnote (never drop them from tables).

    Without ``codes``: the UN DESA destinations known to have none (BES, GIB, GLP, GUF, MTQ, MYT, REU, TKL, XCX).
    With ``codes``: those of ``codes`` that have no polygon in the ``resolution`` layer (``"50m"``, ``"110m"``
    or ``"world"``), sorted.
    """
    if codes is None:
        return sorted(C.UNMAPPABLE)
    mapped = _mapped_codes(_check_resolution(resolution))
    return sorted({str(c).upper() for c in codes} - mapped)


def unmappable_footnote(codes: Iterable[str] | None = None, lang: str = "fr", resolution: str = "50m") -> str:
    """« Sans polygone sur la carte : Gibraltar (GIB), … » — or "" when every code has a polygon."""
    missing = unmappable(codes, resolution)
    if not missing:
        return ""
    key = "en" if str(lang).lower().startswith("en") else "fr"
    labels = [f"{C.UNMAPPABLE[c][key]} ({c})" if c in C.UNMAPPABLE else c for c in missing]
    head = (
        "Not shown on the map (no polygon): " if key == "en" else "Absents de la carte (pas de polygone) : "
    )
    return head + ", ".join(labels) + "."
