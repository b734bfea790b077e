"""The one offline setting for plotly geo traces: where plotly.js finds its world topojson.

See the ``mlearn.geo`` module docstring for how each rendering context gets the file. In short:

- :func:`plotly_config` → ``{"topojsonURL": topojson_base_url()}`` for ``fig.show(config=…)`` and
  ``fig.write_html(config=…)``; the URL is ``$MLEARN_TOPOJSON_URL`` or, by default, the relative ``topojson/``
  (static pages carry a copy made by :func:`copy_topojson`).
- :func:`offline_widget` / :func:`make_offline` → a FigureWidget whose front-end module registers the
  topojson (and the GeoJSON layers its traces reference with ``geojson_ref``) in ``window.PlotlyGeoAssets``
  before plotly.js draws, so nothing is fetched at all (JupyterLab, Voilà), whatever the server's URLs.
- :func:`write_html` → a static page that works over http and from ``file://`` (preload script in ``<head>``).
- :func:`use_served_module` → from then on, every FigureWidget names a module served as a file (the Voilà
  dashboards' kernels: plotly.js and every layer preloaded, fetched once and cached by the browser) instead
  of carrying ~5 MB of JavaScript in its state.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

from mlearn.geo import conventions as C
from mlearn.geo.layers import layer_path

ENV_VAR = "MLEARN_TOPOJSON_URL"
DEFAULT_URL = "topojson/"


def topojson_path() -> Path:
    """The generated ``world_110m.json`` in ``data/geo/topojson/`` (serve its folder, or copy it)."""
    return layer_path(C.TOPOJSON_FILE)


def topojson_base_url() -> str:
    """Folder URL where plotly.js looks for ``world_110m.json``: ``$MLEARN_TOPOJSON_URL`` or ``topojson/``.

    Examples: ``topojson/`` (static page with a ``topojson/`` folder beside it), ``/voila/files/topojson/``
    (Voilà serving a folder that holds ``topojson/world_110m.json``). Never a CDN.
    """
    url = os.environ.get(ENV_VAR, "").strip() or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def plotly_config(**extra) -> dict:
    """Plotly config dict with the offline ``topojsonURL`` (plus any ``extra`` keys, e.g. ``displaylogo``)."""
    return {"topojsonURL": topojson_base_url(), **extra}


def copy_topojson(dest_dir: str | os.PathLike) -> Path:
    """Copy the topojson beside static pages: ``dest_dir/topojson/world_110m.json`` and ``world_110m.js``.

    The ``.json`` is what plotly.js fetches through ``topojsonURL="topojson/"`` (pages served over http).
    The ``.js`` registers the same data in ``window.PlotlyGeoAssets``: pages opened from ``file://`` need it,
    because browsers refuse XHR on ``file://`` (load it with :func:`preload_script_tag` before plotly draws).
    Returns the ``.json`` path.
    """
    dest = Path(dest_dir) / "topojson" / f"{C.TOPOJSON_NAME}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(topojson_path(), dest)
    dest.with_suffix(".js").write_text(preload_script(), encoding="utf-8")
    return dest


def preload_script_tag(prefix: str = DEFAULT_URL) -> str:
    """``<script src="topojson/world_110m.js"></script>``: put it in the page ``<head>``, before the figures."""
    return f'<script src="{prefix}{C.TOPOJSON_NAME}.js"></script>'


def preload_script(layers: tuple[str, ...] | list[str] = ()) -> str:
    """JavaScript that registers the topojson in ``window.PlotlyGeoAssets`` (run it before plotly draws).

    plotly.js skips the download when ``PlotlyGeoAssets.topojson["world_110m"]`` is already set, and reads a
    trace's ``geojson`` string from ``PlotlyGeoAssets[string]`` when present: ``layers`` (references from
    :func:`mlearn.geo.geojson_ref`) are registered that way too. Each one is kept as JSON text and parsed the
    first time plotly.js reads it. Useful in a custom page template (a ``<script>`` placed before the figures);
    the widget path uses it internally.
    """
    return _preload_script(str(topojson_path()), tuple(sorted(set(layers))))


# Registers ``key`` on ``obj`` as JSON text parsed on first read. A page that never draws a map (or never
# shows a layer) never builds those objects; one that does pays a JSON.parse, cheaper for the browser than
# compiling the same data as a JavaScript literal (benchmarks/README.md, dashboards, session 6). Writes
# (plotly.js caches what it fetched) replace it.
_LAZY_JSON = (
    "const put=(o,k,v)=>Object.defineProperty(o,k,{value:v,writable:true,configurable:true,enumerable:true});"
    "const lazy=(o,k,s)=>{if(Object.prototype.hasOwnProperty.call(o,k))return;"
    "Object.defineProperty(o,k,{configurable:true,enumerable:true,"
    "get(){const v=JSON.parse(s);put(o,k,v);return v;},set(v){put(o,k,v);}});};"
)


@lru_cache(maxsize=16)
def _preload_script(path: str, layers: tuple[str, ...]) -> str:
    import json

    from mlearn.geo.layers import geojson_ref_text

    topo = Path(path).read_text(encoding="utf-8").strip()
    parts = [
        "{const g=globalThis;const A=g.PlotlyGeoAssets=g.PlotlyGeoAssets||{};A.topojson=A.topojson||{};",
        _LAZY_JSON,
        f'lazy(A.topojson,"{C.TOPOJSON_NAME}",{json.dumps(topo, ensure_ascii=False)});',
    ]
    parts += [f'lazy(A,"{ref}",{json.dumps(geojson_ref_text(ref), ensure_ascii=False)});' for ref in layers]
    return "".join(parts) + "}\n"


def preloaded_assets(script: str) -> dict[str, str]:
    """The JSON texts a :func:`preload_script` registers, by key (``topojson/world_110m``, a layer reference)."""
    import json
    import re

    found = {}
    for match in re.finditer(r'lazy\(A(\.topojson)?,"([^"]+)",', script):
        text, _end = json.JSONDecoder().raw_decode(script, match.end())
        found[("topojson/" if match.group(1) else "") + match.group(2)] = text
    return found


def _plotly_bundle() -> str:
    import plotly
    import plotly.graph_objects as go

    bundle = Path(getattr(go.FigureWidget._esm, "path", ""))
    if not bundle.is_file():  # plotly keeps the path in a FileContents object; fall back to the package data
        bundle = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    return bundle.read_text(encoding="utf-8")


_served_module: str | None = None
_classes: dict[tuple[str, ...], type] = {}


def use_served_module(url: str | None) -> None:
    """Make every FigureWidget created from now on in this process name ``url`` as its front-end module
    (``None``: back to the module each widget carries). Set on the classes, so that a widget's very first
    message already names the served file: setting ``_esm`` after creation sends the whole bundle first."""
    import plotly.graph_objects as go

    global _served_module
    _served_module = url
    if url:
        go.FigureWidget._esm = url
    elif "_esm" in go.FigureWidget.__dict__:
        del go.FigureWidget._esm  # inherit plotly's bundle again
    for layers, cls in _classes.items():
        cls._esm = _module_of(layers)


def _module_of(layers: tuple[str, ...]) -> str:
    return _served_module or preload_script(layers) + _plotly_bundle()


def _widget_class(layers: tuple[str, ...] = ()):
    """The offline FigureWidget class; one subclass per set of preloaded GeoJSON layers."""
    return _make_widget_class(tuple(sorted(set(layers))))


@lru_cache(maxsize=16)
def _make_widget_class(layers: tuple[str, ...]):
    import plotly.graph_objects as go

    if layers:
        base = _make_widget_class(())
        name = "OfflineFigureWidget_" + "_".join(ref.split(":", 1)[1] for ref in layers)
        cls = type(name, (base,), {"__doc__": f"Offline FigureWidget preloading {', '.join(layers)}."})
    else:

        class OfflineFigureWidget(go.FigureWidget):
            """A plotly FigureWidget whose geo subplots never fetch the world topojson from a CDN."""

        cls = OfflineFigureWidget
    # Set after class creation: anywidget would otherwise try to read this string as a file name. The class
    # name differs per layer set, so anywidget's per-class id (``_anywidget_id``) never mixes two modules.
    cls._esm = _module_of(layers)
    cls.__module__ = __name__
    _classes[layers] = cls
    return cls


def geojson_refs_in(fig) -> tuple[str, ...]:
    """The :func:`mlearn.geo.geojson_ref` strings used by the traces of ``fig`` (Figure, widget or dict)."""
    data = fig.get("data", []) if isinstance(fig, dict) else [t.to_plotly_json() for t in fig.data]
    refs = {t.get("geojson") for t in data if isinstance(t, dict) and isinstance(t.get("geojson"), str)}
    return tuple(sorted(r for r in refs if r.startswith(C.GEOJSON_REF_PREFIX)))


def resolve_geojson_refs(fig):
    """Replace :func:`mlearn.geo.geojson_ref` strings by the GeoJSON dicts, in place (returns ``fig``).

    For pages that carry their data inline (static export): a figure shown without the preload would
    otherwise ask the network for ``mlearn-geo:…``.
    """
    from mlearn.geo.layers import geojson_by_ref

    cache: dict[str, dict] = {}
    traces = fig.get("data", []) if isinstance(fig, dict) else fig.data
    for trace in traces:
        ref = trace.get("geojson") if isinstance(trace, dict) else getattr(trace, "geojson", None)
        if isinstance(ref, str) and ref.startswith(C.GEOJSON_REF_PREFIX):
            value = cache.setdefault(ref, geojson_by_ref(ref))
            if isinstance(trace, dict):
                trace["geojson"] = value
            else:
                trace.geojson = value
    return fig


def offline_widget(fig=None, layers: tuple[str, ...] | list[str] = (), **kwargs):
    """A ``go.FigureWidget`` (subclass) built from ``fig`` (Figure, FigureWidget, dict or None) that renders maps
    offline in JupyterLab and Voilà: the topojson travels with the widget's front-end module.

    GeoJSON references (:func:`mlearn.geo.geojson_ref`) found in ``fig``'s traces, plus ``layers`` (extra
    references the widget may switch to later), are preloaded the same way, so the widget state holds a
    short string instead of the polygons. Use it in place of ``go.FigureWidget(fig)``; update it in place as
    usual (``batch_update``).
    """
    from mlearn.geo.layers import check_ref

    spec = fig.to_dict() if hasattr(fig, "to_dict") else fig
    refs = set(layers) | (set(geojson_refs_in(spec)) if spec is not None else set())
    for ref in refs:
        check_ref(ref)  # a bad reference fails here, in French, not silently in the browser
    cls = _widget_class(tuple(sorted(refs)))
    widget = cls(**kwargs) if spec is None else cls(spec, **kwargs)
    widget._config = {**widget._config, **plotly_config()}
    return widget


def make_offline(fig):
    """Return a figure that renders its maps with no network.

    - ``go.FigureWidget`` → an offline FigureWidget copy (use the returned object, not the argument).
    - ``go.Figure`` → the same figure with GeoJSON references replaced by the polygons (a Figure carries no
      config): pass ``config=plotly_config()`` to ``show``/``write_html``, or use :func:`write_html`.
    """
    import plotly.graph_objects as go

    if isinstance(fig, _widget_class()):
        return fig
    if isinstance(fig, go.FigureWidget):
        return offline_widget(fig)
    return resolve_geojson_refs(fig)


def write_html(fig, path: str | os.PathLike, **kwargs) -> Path:
    """Write a standalone offline page, working over http and from ``file://``.

    Beside the page: the shared ``plotly.min.js`` (``include_plotlyjs="directory"``) and ``topojson/`` (see
    :func:`copy_topojson`); in the page: ``config.topojsonURL = "topojson/"`` and, in ``<head>``, the script
    that preloads the topojson (so nothing is fetched, even from ``file://``). ``kwargs`` go to ``to_html``.
    """
    import plotly.graph_objects as go

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("include_plotlyjs", "directory")
    kwargs["full_html"] = True
    # Always the relative folder here: the page and its topojson/ copy travel together.
    config = {"topojsonURL": DEFAULT_URL, **kwargs.pop("config", {})}
    if geojson_refs_in(fig):
        fig = resolve_geojson_refs(go.Figure(fig))
    html = fig.to_html(config=config, **kwargs)
    html = add_preload_tag(html)
    path.write_text(html, encoding="utf-8")
    if kwargs["include_plotlyjs"] == "directory":
        _copy_plotlyjs(path.parent)
    copy_topojson(path.parent)
    return path


def _copy_plotlyjs(folder: Path) -> None:
    import plotly

    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    dest = folder / "plotly.min.js"
    if not dest.is_file() or dest.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, dest)


def add_preload_tag(html: str, prefix: str = DEFAULT_URL) -> str:
    """Insert :func:`preload_script_tag` at the end of ``<head>`` of a full HTML page (idempotent)."""
    tag = preload_script_tag(prefix)
    if tag in html:
        return html
    cut = html.find("</head>")
    if cut < 0:
        raise ValueError("page HTML sans <head> / no <head> in the page HTML")
    return html[:cut] + tag + "\n" + html[cut:]
