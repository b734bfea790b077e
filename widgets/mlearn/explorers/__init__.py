"""Interactive explorers of North African migration data for the lecture notebooks and Voilà dashboards.

Each explorer is an ipywidgets composite around one plotly ``FigureWidget`` that is updated in place:
``explorer.widget`` (display it, or display the explorer itself), ``explorer.controls`` (name → ipywidget)
and ``explorer.figure``. ``catalog()`` lists the factories by name. Importing this module is cheap: plotly,
ipywidgets and the data load only when an explorer is built.

What each explorer teaches:
- ``corridors``: "migrants" are not one group — destinations and the share of women differ by country;
- ``stocks_by_sex``: about half of Maghreb-born emigrants are women; stocks are people at mid-year;
- ``diaspora_map``: counts favour big countries (proportional symbols), rates per 1 000 inhabitants of the
  destination tell another story (choropleth);
- ``remittances``: the ranking changes with the denominator (US$, % of GDP, per inhabitant);
- ``refugees_asylum``: who is hosted in North Africa (UNHCR), who applies in the EU (Eurostat, by sex),
  and why a recognition rate must state its denominator;
- ``crossings_deaths``: Frontex counts detections, not people; IOM counts are minimum estimates;
  ``crossings_detections`` and ``deaths_missing`` are its two halves as figures of their own (the crossings
  dashboard shows them one under the other, so that a Frontex change never redraws the map);
- ``rates_vs_counts``: the same indicator as count, rate and share — the conclusion flips;
- ``misleading_charts``: truncated axes, cherry-picked years, dual axes, stock/flow confusion and alarmist
  titles, each switched on and explained;
- ``revisions``: UN DESA editions 2020 and 2024 disagree; never splice them.
"""

from __future__ import annotations

import gc
from importlib import import_module

NAMES = (
    "corridors", "stocks_by_sex", "diaspora_map", "remittances", "refugees_asylum",
    "crossings_deaths", "rates_vs_counts", "misleading_charts", "revisions", "crossings_detections",
    "deaths_missing",
)  # fmt: skip


def view_class(name: str):
    """The :class:`mlearn.figures.base.FigureView` subclass behind an explorer."""
    if name not in NAMES:
        raise ValueError(
            f"Explorateur inconnu : {name!r} (choix : {', '.join(NAMES)}) / unknown explorer {name!r}"
        )
    return import_module("mlearn.figures").view_class(name)


def build(name: str, lang: str = "fr", **state):
    """Build the explorer ``name`` with optional initial control values (``ValueError`` if one is unknown).

    The view behind it (lookup tables precomputed from ``mlearn.data``) is built once per process and shared:
    a second explorer of the same kind only creates its widgets.
    """
    from mlearn.explorers.base import Explorer

    view_class(name)  # clear error for an unknown name
    figures = import_module("mlearn.figures")
    fresh = figures.view.cache_info().currsize
    explorer = Explorer(figures.view(name, lang), **state)
    if figures.view.cache_info().currsize != fresh:
        # The view's lookup tables and GeoJSON live as long as the kernel: move them out of the garbage
        # collector's generations so that a full collection never rescans them in the middle of a click
        # (measured: 0.2–1.3 s pauses on the map explorers otherwise).
        gc.freeze()
    return explorer


def _factory(name: str):
    def factory(lang: str = "fr", **state):
        return build(name, lang=lang, **state)

    factory.__name__ = factory.__qualname__ = name
    factory.__doc__ = f"Explorer « {name} » (see the module docstring of mlearn.explorers)."
    return factory


corridors = _factory("corridors")
stocks_by_sex = _factory("stocks_by_sex")
diaspora_map = _factory("diaspora_map")
remittances = _factory("remittances")
refugees_asylum = _factory("refugees_asylum")
crossings_deaths = _factory("crossings_deaths")
rates_vs_counts = _factory("rates_vs_counts")
misleading_charts = _factory("misleading_charts")
revisions = _factory("revisions")
crossings_detections = _factory("crossings_detections")
deaths_missing = _factory("deaths_missing")

_FACTORIES = {
    "corridors": corridors,
    "stocks_by_sex": stocks_by_sex,
    "diaspora_map": diaspora_map,
    "remittances": remittances,
    "refugees_asylum": refugees_asylum,
    "crossings_deaths": crossings_deaths,
    "rates_vs_counts": rates_vs_counts,
    "misleading_charts": misleading_charts,
    "revisions": revisions,
    "crossings_detections": crossings_detections,
    "deaths_missing": deaths_missing,
}


def catalog() -> dict:
    """Every explorer factory by name: ``catalog()["corridors"]()`` builds the corridors explorer."""
    return dict(_FACTORIES)


__all__ = ["catalog", "build", "view_class", *_FACTORIES]
