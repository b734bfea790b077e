"""The map conventions of the course, shared by the build step and the runtime API (no heavy imports).

Curriculum §2.3: Natural Earth joins on ``ISO_A3_EH`` (falling back to ``ADM0_A3``), and Western Sahara is
drawn apart: « Sahara occidental » (``ESH``) = NE ``SAH`` ∪ (NE ``MAR`` ∩ {latitude < 27°40′ N}); Morocco is
NE ``MAR`` minus that part. The territory gets a dashed outline and light grey hatching, and a note.
"""

from __future__ import annotations

#: Latitude of the line 27°40′ N that separates Morocco from Western Sahara in the course's convention.
WESTERN_SAHARA_NORTH_LAT = 27 + 40 / 60

WESTERN_SAHARA_ISO3 = "ESH"
WESTERN_SAHARA_NAME_FR = "Sahara occidental"
WESTERN_SAHARA_NAME_EN = "Western Sahara"

#: Draft wording of curriculum §2.3 (to be approved by the programme owner and partner universities).
WESTERN_SAHARA_NOTE_FR = (
    "Les frontières, noms et désignations figurant sur cette carte ne valent ni reconnaissance ni prise de "
    "position quant au statut juridique d'un territoire ou au tracé de ses limites. Le Sahara occidental est "
    "représenté séparément (hachures, contour en tirets) ; les chiffres nationaux du Maroc peuvent couvrir tout "
    "ou partie de ce territoire selon la source."
)
WESTERN_SAHARA_NOTE_EN = (
    "The boundaries, names and designations on this map imply no recognition of, or position on, the legal "
    "status of any territory or the delimitation of its boundaries. Western Sahara is drawn separately "
    "(hatching, dashed outline); Morocco's national figures may cover all or part of this territory, "
    "depending on the source."
)

#: UN DESA (IMS 2024) destinations that have no Natural Earth 50m polygon (curriculum §2.3): footnote them,
#: never drop them from tables.
UNMAPPABLE: dict[str, dict[str, str]] = {
    "BES": {"fr": "Bonaire, Saint-Eustache et Saba", "en": "Bonaire, Sint Eustatius and Saba"},
    "GIB": {"fr": "Gibraltar", "en": "Gibraltar"},
    "GLP": {"fr": "Guadeloupe", "en": "Guadeloupe"},
    "GUF": {"fr": "Guyane française", "en": "French Guiana"},
    "MTQ": {"fr": "Martinique", "en": "Martinique"},
    "MYT": {"fr": "Mayotte", "en": "Mayotte"},
    "REU": {"fr": "La Réunion", "en": "Réunion"},
    "TKL": {"fr": "Tokelau", "en": "Tokelau"},
    "XCX": {"fr": "Îles Anglo-Normandes", "en": "Channel Islands"},
}

#: Natural Earth codes that are not the codes the statistics use.
NE_CODE_FIXES = {"KOS": "XKX"}

#: Natural Earth features that carry no ISO code (``ISO_A3_EH`` = -99) and keep NE's own ``ADM0_A3``:
#: no statistic joins to them (UN DESA counts them within Somalia, Cyprus, India/Pakistan).
NE_ONLY_CODES = {"SOL": "Somaliland", "CYN": "Northern Cyprus", "KAS": "Siachen Glacier"}

ADMIN1_COUNTRIES = ("DZA", "EGY", "MAR", "TUN")

RESOLUTIONS = ("50m", "110m")

#: The light mixed layer for world maps: every ``WORLD_BASE`` polygon, plus the ``WORLD_FILL`` polygons of the
#: countries the base lacks (small states). Built at run time from the two files: same ids, same convention.
WORLD_LAYER = "world"
WORLD_BASE = "110m"
WORLD_FILL = "50m"
COUNTRY_LAYERS = (*RESOLUTIONS, WORLD_LAYER)

#: File names under ``data/geo/`` (relative to the data folder).
COUNTRIES_FILE = "geo/countries_{resolution}.geojson"
ADMIN1_FILE = "geo/admin1_{iso3}.geojson"
WESTERN_SAHARA_FILE = "geo/western_sahara.geojson"
TOPOJSON_DIR = "geo/topojson"
TOPOJSON_NAME = "world_110m"
TOPOJSON_FILE = f"{TOPOJSON_DIR}/{TOPOJSON_NAME}.json"

#: Keys under which the GeoJSON layers can be preloaded in ``window.PlotlyGeoAssets`` (see ``geojson_ref``):
#: a trace with ``geojson="mlearn-geo:countries_50m"`` then carries a short string instead of the polygons.
GEOJSON_REF_PREFIX = "mlearn-geo:"
