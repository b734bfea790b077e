"""What a dashboard shows around each figure, the same live (Voilà) and static: sources, licences, date of
the data, the Western Sahara note under maps, and the « Télécharger les données (CSV) » link.

A dashboard notebook holds French prose in Markdown cells and, in code cells, calls such as
``show("corridors", fixed={"top_n": 10})``: the name of a figure view of ``mlearn.figures`` (the explorer of
the same name in ``mlearn.explorers`` is used live). ``fixed`` only concerns the static export (controls held
at one value there, to keep pages small). The static exporter reads those calls from the notebooks, so the
notebook is the single description of a dashboard.
"""

from __future__ import annotations

import base64
import csv
import html
import importlib
import io
import pkgutil
import re

GEO_TRACES = {"choropleth", "scattergeo"}
CSV_LABEL = {"fr": "Télécharger les données (CSV)", "en": "Download the data (CSV)"}


# -- figure views and explorers, by name ------------------------------------------------------------------
def view_classes() -> dict:
    """Every figure view of ``mlearn.figures`` (subclasses of ``FigureView`` with a ``name``), by name."""
    import mlearn.figures as figures
    from mlearn.figures.base import FigureView

    found = {}
    for info in pkgutil.iter_modules(figures.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"mlearn.figures.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, FigureView) and obj is not FigureView and obj.name:
                found.setdefault(obj.name, obj)
    return found


def view(name: str, lang: str = "fr"):
    classes = view_classes()
    if name not in classes:
        from mlearn.errors import MlearnError

        raise MlearnError(
            f"Vue de figure inconnue : {name!r} (vues connues : {', '.join(sorted(classes))})",
            f"unknown figure view {name!r}",
        )
    return classes[name](lang=lang)


# -- sources -------------------------------------------------------------------------------------------
def _describe(name: str) -> dict:
    from mlearn import data

    try:
        meta = data.describe(name)
    except Exception:  # noqa: BLE001 - a missing description must not break a public page
        return {"name": name}
    return meta if isinstance(meta, dict) else {"name": name}


def _pick(meta: dict, key: str, lang: str) -> str:
    value = meta.get(f"{key}_{lang}") or meta.get(f"{key}_fr") or meta.get(key) or ""
    return str(value)


def sources_html(datasets, lang: str = "fr") -> str:
    """« Sources et licences » block: per dataset its citation, licence (linked) and date of the data."""
    items = []
    for name in dict.fromkeys(datasets):
        meta = _describe(name)
        citation = _pick(meta, "citation", lang) or _pick(meta, "title", lang) or name
        parts = [html.escape(citation)]
        licence = html.escape(_pick(meta, "licence", lang))
        if licence and meta.get("licence_url"):
            licence = f'<a href="{html.escape(meta["licence_url"])}" rel="license">{licence}</a>'
        if licence:
            parts.append(("Licence : " if lang == "fr" else "Licence: ") + licence)
        date = ", ".join(
            html.escape(v) for v in (_pick(meta, "edition", lang), _pick(meta, "reference_date", lang)) if v
        )
        if date:
            parts.append(("Date des données : " if lang == "fr" else "Data as of: ") + date)
        items.append("<li>" + " — ".join(parts) + "</li>")
    title = "Sources et licences" if lang == "fr" else "Sources and licences"
    return f'<div class="mlearn-sources"><strong>{title}</strong><ul>{"".join(items)}</ul></div>'


def western_sahara_html(lang: str = "fr") -> str:
    from mlearn import geo

    try:
        note = geo.western_sahara_note(lang=lang)
    except TypeError:
        note = geo.western_sahara_note()
    return f'<p class="mlearn-note mlearn-ws-note">{html.escape(note)}</p>'


def is_map(figure_json: dict) -> bool:
    return any(trace.get("type") in GEO_TRACES for trace in figure_json.get("data", []))


# -- the data behind a figure, as CSV --------------------------------------------------------------------
_TAG = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """An annotation's HTML as one plain line (``<br>`` → « ; »)."""
    text = re.sub(r"<br\s*/?>", " ; ", text or "")
    return html.unescape(_TAG.sub("", text)).strip()


def caption_of(figure_json: dict) -> str:
    for annotation in figure_json.get("layout", {}).get("annotations", []) or []:
        if annotation.get("name") == "source":
            return plain_text(annotation.get("text", ""))
    return ""


_DATA_KEYS = ("type", "name", "orientation", "x", "y", "z", "locations", "lat", "lon", "text", "node", "link")


def light_figure(fig) -> dict:
    """The data of a plotly figure needed for its CSV and caption, without geometry (fast on maps)."""
    data = []
    for trace in fig.data:
        item = {}
        for key in _DATA_KEYS:
            try:
                value = trace[key]
            except (KeyError, ValueError, AttributeError):
                continue
            if value is None:
                continue
            item[key] = value.to_plotly_json() if hasattr(value, "to_plotly_json") else value
        try:
            size = trace["marker"]["size"]
        except (KeyError, ValueError, AttributeError, TypeError):
            size = None
        if size is not None:
            item["marker"] = {"size": size}
        data.append(_jsonable(item))
    annotations = [
        {"name": a.name, "text": a.text}
        for a in (fig.layout.annotations or ())
        if a.name in ("source", "message")
    ]
    return {"data": data, "layout": {"annotations": annotations}}


def _jsonable(value):
    import numpy as np

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def figure_rows(figure_json: dict) -> list[list]:
    """Rows ``[série, catégorie, valeur, latitude, longitude]`` of every trace (the JS twin is in static.js)."""
    rows = []
    for index, trace in enumerate(figure_json.get("data", [])):
        kind = trace.get("type", "scatter")
        serie = plain_text(str(trace.get("name") or f"trace {index + 1}"))
        if kind == "choropleth":
            for loc, z in zip(trace.get("locations") or [], trace.get("z") or [], strict=False):
                rows.append([serie, loc, z, "", ""])
        elif kind == "scattergeo":
            texts = trace.get("text") or []
            lats, lons = trace.get("lat") or [], trace.get("lon") or []
            sizes = (trace.get("marker") or {}).get("size")
            sizes = sizes if isinstance(sizes, list) else [sizes] * len(lats)
            for i, (lat, lon) in enumerate(zip(lats, lons, strict=False)):
                label = (
                    texts[i]
                    if isinstance(texts, list) and i < len(texts)
                    else (trace.get("locations") or [""] * len(lats))[i]
                )
                rows.append([serie, plain_text(str(label)), sizes[i] if i < len(sizes) else "", lat, lon])
        elif kind == "sankey":
            node = (trace.get("node") or {}).get("label") or []
            link = trace.get("link") or {}
            for s, t, v in zip(
                link.get("source") or [], link.get("target") or [], link.get("value") or [], strict=False
            ):
                label = f"{node[s] if s < len(node) else s} → {node[t] if t < len(node) else t}"
                rows.append([serie, label, v, "", ""])
        else:
            horizontal = trace.get("orientation") == "h"
            cats = trace.get("y" if horizontal else "x") or []
            vals = trace.get("x" if horizontal else "y") or []
            for cat, val in zip(cats, vals, strict=False):
                rows.append([serie, cat, val, "", ""])
    return rows


def figure_csv(figure_json: dict, lang: str = "fr") -> str:
    header = ["serie", "categorie", "valeur", "latitude", "longitude"]
    out = io.StringIO()
    source = caption_of(figure_json)
    if source:
        out.write("# " + source.replace("\n", " ") + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in figure_rows(figure_json):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def csv_link_html(figure_json: dict, filename: str, lang: str = "fr") -> str:
    """A download link holding the CSV itself (data: URL): nothing is stored on the server."""
    payload = base64.b64encode(figure_csv(figure_json, lang).encode("utf-8")).decode("ascii")
    source = caption_of(figure_json)
    return (
        f'<a class="mlearn-download" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}">⬇ {CSV_LABEL[lang]}</a>'
        f'<div class="mlearn-note mlearn-csv-source">{html.escape(source)}</div>'
    )


def bilingual_html(french: str, english: str) -> str:
    """Both versions of a block; the live page's language switch (``html[lang]`` + mlearn.css) shows one."""
    return (
        f'<div class="mlearn-i18n" lang="fr">{french}</div><div class="mlearn-i18n" lang="en">{english}</div>'
    )


def footer_html(lang: str = "fr") -> str:
    """Closing block of every dashboard page, live and static."""
    title = "Note sur les cartes" if lang == "fr" else "Note on maps"
    privacy = (
        "Ce tableau de bord n'enregistre aucune donnée saisie : les réglages restent dans votre navigateur "
        "(et, en direct, dans une session de calcul supprimée après usage)."
        if lang == "fr"
        else "This dashboard stores nothing you enter."
    )
    return (
        f'<div class="mlearn-footer"><strong>{title}</strong>{western_sahara_html(lang)}'
        f'<p class="mlearn-note">{html.escape(privacy)}</p></div>'
    )
