"""Pure chart builders: data from ``mlearn.data`` in, ``plotly.graph_objects.Figure`` out (no widgets, no I/O).

French by default (``lang="en"`` for English); numbers through Babel/``layout.separators``; Okabe–Ito palette;
every figure carries its source line (``mlearn.data.source_line``) and a ``Note :`` when a trap applies, a title
that states what is counted, and axis titles with units. Counts on maps are proportional symbols, rates are
choropleths. Bad input raises ``ValueError`` naming the bad value and the allowed ones; an empty selection gives a
figure with « Aucune donnée pour … ».

Usage: ``mlearn.figures.figure("corridors", pays="MAR", annee=2024)`` or ``mlearn.figures.corridors(...)``.
Each builder is a :class:`mlearn.figures.base.FigureView` (precomputed tables + ``patch(**state)``), the same
objects the interactive explorers (``mlearn.explorers``) update in place. Modules: ``stocks`` (corridors,
stocks by sex, revisions), ``maps`` (diaspora map), ``remittances``, ``asylum``, ``crossings``, ``compare``
(rates vs counts, misleading charts); ``style`` (palette, captions) and ``base`` (the view pattern).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from mlearn.geo.conventions import GEOJSON_REF_PREFIX

#: Every ``mlearn.geo.geojson_ref`` string a figure of this package may hold (the map layers a widget front end
#: must preload; static pages resolve them with ``mlearn.geo.resolve_geojson_refs``). Today: the light world
#: layer of the diaspora map (``geojson_ref("world")``).
GEOJSON_REFS: tuple[str, ...] = (GEOJSON_REF_PREFIX + "countries_world",)

VIEWS = {
    "corridors": ("stocks", "CorridorsView"),
    "stocks_by_sex": ("stocks", "StocksBySexView"),
    "diaspora_map": ("maps", "DiasporaMapView"),
    "remittances": ("remittances", "RemittancesView"),
    "refugees_asylum": ("asylum", "RefugeesAsylumView"),
    "crossings_deaths": ("crossings", "CrossingsDeathsView"),
    "crossings_detections": ("crossings", "CrossingsDetectionsView"),
    "deaths_missing": ("crossings", "DeathsMissingView"),
    "rates_vs_counts": ("compare", "RatesVsCountsView"),
    "misleading_charts": ("compare", "MisleadingChartsView"),
    "revisions": ("stocks", "RevisionsView"),
}


def view_class(name: str):
    if name not in VIEWS:
        raise ValueError(f"Figure inconnue : {name!r} (choix : {', '.join(VIEWS)}) / unknown figure {name!r}")
    module, cls = VIEWS[name]
    return getattr(import_module(f"mlearn.figures.{module}"), cls)


@cache
def view(name: str, lang: str = "fr"):
    """The (cached) view object of a figure: its lookup tables are built once per process."""
    return view_class(name)(lang=lang)


def figure(name: str, lang: str = "fr", **state):
    """A plain ``go.Figure`` for ``name`` with the given control values (see ``view(name).controls()``)."""
    return view(name, lang).figure(**state)


def _builder(name: str):
    def build(lang: str = "fr", **state):
        return figure(name, lang=lang, **state)

    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"Figure « {name} »: ``mlearn.figures.{name}(lang='fr', **controls) -> go.Figure``."
    return build


def __getattr__(name):
    if name in VIEWS:
        return _builder(name)
    raise AttributeError(f"module 'mlearn.figures' has no attribute {name!r}")


__all__ = ["GEOJSON_REFS", "VIEWS", "figure", "view", "view_class", *VIEWS]
