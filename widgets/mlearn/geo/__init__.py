"""Offline maps for the course: country and region polygons, the Western Sahara convention, and the one
setting that lets plotly geo traces render with no network.

Layers (read from ``data/geo/``, written by ``mlearn data build`` through :mod:`mlearn.geo.build`)
--------------------------------------------------------------------------------------------------
- ``countries(resolution="50m")`` → GeoDataFrame ``iso3, name_fr, name_en, geometry`` (Natural Earth, joined on
  ``ISO_A3_EH``, ``ADM0_A3`` where it is -99, Kosovo as ``XKX``); ``"110m"`` for world thumbnails;
  ``"world"``: the light layer of world maps, composed at run time = every 110m polygon + the 50m polygons of the
  ~60 small states 110m lacks (Malta, Bahrain, Singapore, Andorra…), same ids and Western Sahara split, ≈ ¼ of
  the 50m size (the browser redraws it on every control change).
- ``geojson(resolution="50m", iso3=None)`` → FeatureCollection, feature ``id`` = ISO3, for
  ``go.Choropleth(geojson=..., locations=iso3_codes, featureidkey="id")``.
- ``geojson_ref("50m")`` → ``"mlearn-geo:countries_50m"`` (``geojson_ref("world")`` →
  ``"mlearn-geo:countries_world"``): a short reference to a whole layer for
  ``go.Choropleth(geojson=...)`` in widgets (see 2. below); ``resolve_geojson_refs(fig)`` puts the dicts back.
- ``admin1(iso3)`` / ``admin1_geojson(iso3)`` for MAR, TUN, DZA, EGY (``code`` = ISO 3166-2, None for DZA).
- ``UNMAPPABLE`` / ``unmappable(codes)`` / ``unmappable_footnote(codes)``: destinations with no polygon.

Western Sahara (curriculum §2.3): « Sahara occidental » (``ESH``) = NE ``SAH`` ∪ (NE ``MAR`` south of 27°40′ N);
Morocco = NE ``MAR`` minus that part. So a choropleth never paints the territory with Morocco's value; it is
filled only when a dataset reports ``ESH`` itself. ``add_western_sahara(fig)`` overlays grey hatching (clipped
diagonal lines: plotly geo has no fill patterns), a dashed outline, an italic label and the note
``WESTERN_SAHARA_NOTE_FR`` (``western_sahara_note(lang)``). ``geo_layout(region)`` gives the map frames
(equal-area for North Africa/Europe, explicit lon/lat ranges because France's polygon includes French Guiana).

Offline plotly maps: how each rendering context gets the world topojson
-----------------------------------------------------------------------
plotly.js draws every geo subplot (``go.Choropleth``, ``go.Scattergeo``, ``px.choropleth``…) on top of a world
topojson that it downloads from ``https://cdn.plot.ly/un/world_110m.json`` — even with an explicit ``geojson=``
and ``geo.visible=False`` (any trace with a ``locationmode`` triggers it). Offline, the download fails and the map
silently never renders. plotly.js first looks in ``window.PlotlyGeoAssets.topojson["world_110m"]`` and only
fetches ``<config.topojsonURL>world_110m.json`` when that is missing. We ship our own ``world_110m.json``,
generated from Natural Earth 110m with the course convention (``data/geo/topojson/``; objects ``countries``
with ISO3 ids, ``land``, ``ocean``, ``coastlines``, empty ``lakes``/``rivers``/``subunits``), and use it as follows:

1. **Static HTML** (``fig.write_html``, the public export): ``config={"topojsonURL": "topojson/"}`` — a path
   relative to the page — and a copy of the file in ``topojson/world_110m.json`` beside the page, for
   any web server. Browsers refuse XHR from ``file://``, so pages opened from disk also load
   ``topojson/world_110m.js`` (``preload_script_tag()``, in ``<head>``), which registers the same topojson in
   ``window.PlotlyGeoAssets``. ``mlearn.geo.write_html(fig, path)`` does all of it (and writes ``plotly.min.js``
   beside the page with ``include_plotlyjs="directory"``, and inlines GeoJSON references);
   ``copy_topojson(folder)`` copies both files for pages written otherwise. Verified in
   ``tests/geo/test_geo_offline_browser.py`` (real chromium, over http and from ``file://``: zero external
   requests, no console error, one SVG path per country; plotly's default page, as a control, asks the CDN).
2. **JupyterLab and Voilà, ``go.FigureWidget``** (plotly 7: an anywidget whose front-end module is the
   bundle ``plotly/package_data/widgetbundle.js``). The widget's plotly config is the synced trait ``_config``
   read once at render (so ``topojsonURL`` could be set there, but the right URL depends on the server's base
   URL and root folder, which the kernel does not know). Instead, ``offline_widget(fig)`` /
   ``make_offline(figure_widget)`` return a FigureWidget subclass whose front-end module starts by registering
   the topojson in ``window.PlotlyGeoAssets`` — before plotly.js can draw — so nothing is fetched, with no
   server configuration, in JupyterLab, Voilà and any widget front end (+~0.3 MB per widget model, on top of
   the ~5 MB plotly bundle each FigureWidget already carries). Use ``offline_widget(...)`` wherever you
   would write ``go.FigureWidget(...)``. Traces may hold ``geojson=geojson_ref("50m")`` instead of the
   polygons: the widget preloads the referenced layers into ``window.PlotlyGeoAssets[ref]`` (plotly.js reads
   a string ``geojson`` from there before fetching), so the Python figure stays small: building the widget
   takes ~30 ms instead of ~1.6 s with the 50m polygons inline (``benchmarks/geo.py``).
   Known Voilà limit (0.5.13, measured here): its widget manager gives the kernel 4 s to send every widget
   state at once (``request_states`` on the ``jupyter.widget.control`` comm), then falls back to a per-model
   path that races with rendering and shows « Error displaying widget: model not found ». Every plotly 7
   FigureWidget carries plotly's ~5 MB bundle in its state (ours ~5.5–6 MB), and on this 2-core machine under
   a load of 12–17 the reply took ~3 s: the map rendered in 2 of 5 runs and failed that way in 3 (no run
   requested the topojson from any network; the widget display is what failed). Not measured on a quiet
   machine. Path 3 below sends no JavaScript bundle through the widget state, but it is not verified in
   Voilà (a first attempt did not finish executing within 5 min under that load).
   ``offline_widget(fig, layers=[...])`` preloads extra layers the widget may switch to later.
3. **``fig.show()`` of a plain ``go.Figure``** in a notebook or in Voilà (``Output`` + ``show``): pass
   ``config=mlearn.geo.plotly_config()``; its URL is the single setting ``$MLEARN_TOPOJSON_URL`` (default
   ``topojson/``, relative to the page). For Voilà set it to the served folder, e.g.
   ``MLEARN_TOPOJSON_URL=/voila/files/topojson/`` with ``topojson/world_110m.json`` under Voilà's root
   (``copy_topojson(root)``). Prefer 2 in notebooks: it needs no URL at all.
4. **Custom page templates**: ``preload_script()`` is the JavaScript that registers the topojson in
   ``window.PlotlyGeoAssets``; put it in a ``<script>`` before the figures.

Keep ``layout.geo.resolution`` at 110 (``geo_layout`` does): resolution 50 would make plotly look for
``world_50m.json``, which is not shipped (use the 50m GeoJSON layer for detail instead).
"""

from __future__ import annotations

from importlib import import_module

from mlearn.geo.conventions import (
    ADMIN1_COUNTRIES,
    UNMAPPABLE,
    WESTERN_SAHARA_ISO3,
    WESTERN_SAHARA_NORTH_LAT,
    WESTERN_SAHARA_NOTE_EN,
    WESTERN_SAHARA_NOTE_FR,
)

# Public functions, loaded on first use so that ``import mlearn.geo`` stays cheap (no geopandas, plotly, numpy).
_LAZY = {
    "countries": "layers",
    "admin1": "layers",
    "geojson": "layers",
    "admin1_geojson": "layers",
    "geojson_ref": "layers",
    "geojson_by_ref": "layers",
    "geojson_ref_text": "layers",
    "check_ref": "layers",
    "western_sahara": "layers",
    "western_sahara_geojson": "layers",
    "western_sahara_note": "layers",
    "unmappable": "layers",
    "unmappable_footnote": "layers",
    "layer_path": "layers",
    "topojson_path": "offline",
    "topojson_base_url": "offline",
    "plotly_config": "offline",
    "copy_topojson": "offline",
    "preload_script": "offline",
    "offline_widget": "offline",
    "make_offline": "offline",
    "geojson_refs_in": "offline",
    "resolve_geojson_refs": "offline",
    "write_html": "offline",
    "preload_script_tag": "offline",
    "add_preload_tag": "offline",
    "geo_layout": "plotting",
    "REGIONS": "plotting",
    "western_sahara_traces": "plotting",
    "add_western_sahara": "plotting",
    "western_sahara_shape": "plotting",
    "build_geo_resources": "build",
}


def __getattr__(name):
    if name == "OfflineFigureWidget":
        return import_module("mlearn.geo.offline")._widget_class(())
    if name in _LAZY:
        value = getattr(import_module(f"mlearn.geo.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mlearn.geo' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | {"OfflineFigureWidget"})


__all__ = [
    "ADMIN1_COUNTRIES",
    "UNMAPPABLE",
    "WESTERN_SAHARA_ISO3",
    "WESTERN_SAHARA_NOTE_EN",
    "WESTERN_SAHARA_NOTE_FR",
    "WESTERN_SAHARA_NORTH_LAT",
    "OfflineFigureWidget",
    *_LAZY,
]
