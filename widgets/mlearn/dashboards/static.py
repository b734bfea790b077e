"""Static export of the dashboards: the same pages, without a kernel, for any web host or a USB stick.

``export_site(out)`` reads every notebook of ``course/dashboards/``: Markdown cells become HTML, and each
``show("<view>", fixed={...})`` call becomes a panel whose figure comes from the figure view of that name in
``mlearn.figures`` (the same pure functions the live explorers use). The controls' states are enumerated and
precomputed: the page carries the base figure once and, per state, only what changes; a small local script
(``mlearn-static.js``) swaps states with ``Plotly.react``. plotly.js is copied once beside the pages. Nothing
is fetched from outside the site, so the pages also work from ``file://``.

Each dashboard also gets an English page (``<name>.en.html``, index ``index.en.html``) when its Markdown cells
carry their English text in the cell metadata (``"mlearn": {"en": "..."}``): the figures come from the same
views built with ``lang="en"``, the words around them from ``TEXT`` below and ``mlearn.dashboards.panels``.
"""

from __future__ import annotations

import ast
import copy
import html
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from mlearn.dashboards import panels
from mlearn.errors import MlearnError

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_STATES = 600  # per panel; beyond that, controls are held at their default (said on the page)
PAGE_BUDGET_BYTES = 5_000_000
LANGS = ("fr", "en")  # French first: the reference pages; English where the notebook carries the text

# The words of the static pages that do not come from the notebooks or mlearn.dashboards.panels, by language.
TEXT = {
    "fr": {
        "name": "Français",
        "back": "← Tous les tableaux de bord",
        "generated": "Version statique générée le {date} par",
        "privacy": "Aucune donnée saisie n'est enregistrée.",
        "held": "Version statique : réglage(s) fixé(s) à leur valeur par défaut : {held}. "
        "Le tableau de bord Voilà permet de tous les modifier.",
        "alt": "Graphique interactif : {title}. {lesson}",
        "lesson": "À retenir :",
        "index_title": "Tableaux de bord M-LEARN",
        "index_heading": "Données migratoires en Afrique du Nord — tableaux de bord",
        "index_intro": "Version statique des tableaux de bord publics du kit de cours M-LEARN : elle fonctionne "
        "sans serveur et sans connexion. Chaque page indique ses sources, leurs licences et la date des données.",
        "index_footer": "Aucune donnée saisie sur ces pages n'est enregistrée. Les frontières et noms figurant "
        "sur les cartes n'impliquent aucune prise de position quant au statut juridique des territoires.",
    },
    "en": {
        "name": "English",
        "back": "← All dashboards",
        "generated": "Static version generated on {date} by",
        "privacy": "Nothing you enter is stored.",
        "held": "Static version: setting(s) held at their default value: {held}. "
        "The Voilà dashboard lets you change all of them.",
        "alt": "Interactive chart: {title}. {lesson}",
        "lesson": "Key point:",
        "index_title": "M-LEARN dashboards",
        "index_heading": "Migration data in North Africa — dashboards",
        "index_intro": "Static version of the public dashboards of the M-LEARN course kit: it works without a "
        "server and without a connection. Each page states its sources, their licences and the date of the data.",
        "index_footer": "Nothing you enter on these pages is stored. The boundaries and names shown on the maps "
        "do not imply any position on the legal status of territories.",
    },
}


def page_file(slug: str, lang: str = "fr") -> str:
    """``diasporas.html`` (French) or ``diasporas.en.html``; the index is ``index.html`` / ``index.en.html``."""
    return f"{slug}.html" if lang == "fr" else f"{slug}.{lang}.html"


@dataclass
class Dashboard:
    path: Path
    title: str
    summary: str
    blocks: list = field(default_factory=list)  # ("html", str) | ("panel", name, fixed, lang)
    lang: str = "fr"
    untranslated: int = 0  # Markdown cells without text in ``lang`` (left out of that page)

    @property
    def slug(self) -> str:
        return self.path.stem


def dashboard_notebooks(root: Path | None = None) -> list[Path]:
    from mlearn.dashboards.server import dashboards_dir

    root = Path(root) if root else dashboards_dir()
    return sorted(p for p in root.glob("*.ipynb") if not p.name.startswith("."))


def _show_calls(source: str) -> list[tuple[str, dict, str]]:
    """``show("name", fixed={...}, lang="fr")`` calls of a code cell, read without running the code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        fname = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        )
        if fname == "footer":
            calls.append(("footer", {}, "fr"))
            continue
        if fname != "show" or not node.args or not isinstance(node.args[0], ast.Constant):
            continue
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg in ("fixed", "lang")}
        calls.append((str(node.args[0].value), kwargs.get("fixed") or {}, kwargs.get("lang") or "fr"))
    return calls


def _markdown_in(cell, lang: str) -> str | None:
    """A Markdown cell's text in ``lang``: its source in French, ``metadata.mlearn.<lang>`` otherwise."""
    if lang == "fr":
        return cell.source
    text = (cell.metadata.get("mlearn") or {}).get(lang)
    return text if isinstance(text, str) and text.strip() else None


def has_language(path: Path, lang: str) -> bool:
    """Whether the dashboard's first Markdown cell (its title and summary) exists in ``lang``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    return first is not None and _markdown_in(first, lang) is not None


def read_dashboard(path: Path, lang: str = "fr") -> Dashboard:
    """The blocks of a dashboard page in ``lang``; figures follow ``lang`` whatever the notebook's calls say."""
    import nbformat
    from nbconvert.filters.markdown import markdown2html

    nb = nbformat.read(path, as_version=4)
    title, summary, blocks, untranslated = path.stem, "", [], 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = _markdown_in(cell, lang)
            if text is None:
                untranslated += 1
                continue
            if title == path.stem:
                for line in text.splitlines():
                    if line.startswith("# "):
                        title = line[2:].strip()
                        break
            if not summary:
                paragraphs = [
                    p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("#")
                ]
                summary = paragraphs[0] if paragraphs else ""
            blocks.append(("html", markdown2html(text)))
        elif cell.cell_type == "code":
            for name, fixed, call_lang in _show_calls(cell.source):
                page_lang = call_lang if lang == "fr" else lang
                if name == "footer":
                    blocks.append(("html", panels.footer_html(page_lang)))
                else:
                    blocks.append(("panel", name, fixed, page_lang))
    return Dashboard(path, title, summary, blocks, lang, untranslated)


# -- one panel ----------------------------------------------------------------------------------------------
def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def _control_values(view, control, state: dict) -> list[tuple[str, object]]:
    if control.kind == "slider":
        return [(str(v), v) for v in range(control.min, control.max + 1, control.step)]
    if control.kind == "checkbox":
        return [("Non", False), ("Oui", True)] if view.lang == "fr" else [("No", False), ("Yes", True)]
    if control.kind == "range":
        return [(f"{control.default[0]}–{control.default[1]}", tuple(control.default))]
    return list(view.options(control.name, state))


def enumerate_states(view, fixed: dict) -> tuple[list, list[dict], list[str]]:
    """All states of the view's controls (dependent options followed), as full state dicts.

    ``fixed`` maps a control to one value (held there) or to a list (only those values). If the product
    still exceeds ``MAX_STATES``, the last free controls are held at their default, one by one, and listed
    in the returned notes.
    """
    controls = view.controls()
    subsets = {k: v for k, v in fixed.items() if isinstance(v, list)}
    held = {k: v for k, v in fixed.items() if not isinstance(v, list)}
    while True:
        states = [dict(view.defaults(), **held)]
        for control in controls:
            expanded = []
            for state in states:
                if control.name in held:
                    expanded.append(state)
                    continue
                for _label, value in _control_values(view, control, state):
                    if control.name in subsets and value not in subsets[control.name]:
                        continue
                    expanded.append({**state, control.name: value})
            states = expanded
            if len(states) > 50 * MAX_STATES:
                break
        if len(states) <= MAX_STATES:
            break
        free = [c for c in controls if c.name not in held]
        if not free:
            break
        victim = next((c for c in reversed(free) if c.kind in ("slider", "range")), free[-1])
        held[victim.name] = view.defaults()[victim.name]
    notes = [c.label(view.lang) for c in controls if c.name in held and c.name not in fixed]
    return controls, states, notes


def _plain(obj):
    """Numpy/pandas values → plain JSON values (plotly's own encoder)."""
    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(obj, cls=PlotlyJSONEncoder))


def _set_path(target: dict, path: str, value) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    target[parts[-1]] = value


def _merge(target: dict, update: dict) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _patched(skeleton_part: dict, updates: dict, keys: set) -> dict:
    """The top-level ``keys`` of a trace (or layout) after the dotted-path ``updates`` of a view's patch."""
    out = {}
    for key in keys:
        nested = {p: v for p, v in updates.items() if p == key or p.startswith(key + ".")}
        value = copy.deepcopy(skeleton_part.get(key))
        holder = {key: value}
        for path, v in sorted(nested.items(), key=lambda kv: kv[0].count(".")):
            if path == key and isinstance(v, dict) and isinstance(holder[key], dict):
                _merge(holder[key], v)  # plotly's update() merges dicts into compound properties
            else:
                _set_path(holder, path, copy.deepcopy(v))
        out[key] = holder[key]
    return out


def _annotations(skeleton_layout: dict, patch: dict) -> list:
    """The caption (« Source : … ») and « Aucune donnée » annotations of a patch, as ``apply_patch`` sets them."""
    notes = copy.deepcopy(skeleton_layout.get("annotations") or [])
    for note in notes:
        if note.get("name") == "source":
            note["text"] = patch.get("caption") or ""
        elif note.get("name") == "message":
            message = patch.get("message")
            note.update(text=message or "", visible=bool(message))
    return notes


class _Values:
    """Unique JSON values of all states, so that what several states share is shipped once."""

    def __init__(self):
        self.items, self._index = [], {}

    def ref(self, value) -> int:
        key = json.dumps(value, sort_keys=True, separators=(",", ":"))
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(value)
        return self._index[key]


def panel_spec(name: str, fixed: dict | None = None, lang: str = "fr", config: dict | None = None) -> dict:
    """Everything the static panel needs, as JSON-able data.

    The skeleton figure of the view is serialised once; each state carries, for the top-level keys its patch
    touches (per trace and in the layout), references into one table of unique values.
    """
    import plotly.io as pio

    view = panels.view(name, lang)
    controls, states, held_notes = enumerate_states(view, fixed or {})
    names = [c.name for c in controls]
    skeleton = json.loads(pio.to_json(view.skeleton(), validate=False))
    patches = [_plain(view.patch(**s)) for s in states]
    n_traces = len(skeleton["data"])
    trace_keys = [set() for _ in range(n_traces)]
    layout_keys = {"annotations"}
    for patch in patches:
        for i, update in enumerate(patch["data"]):
            trace_keys[i].update(path.split(".")[0] for path in update)
        layout_keys.update(path.split(".")[0] for path in (patch.get("layout") or {}))
    values = _Values()
    diffs = []
    for patch in patches:
        data = []
        for i, update in enumerate(patch["data"]):
            patched = _patched(skeleton["data"][i], update, trace_keys[i])
            data.append({k: values.ref(v) for k, v in patched.items()})
        layout = _patched(skeleton["layout"], patch.get("layout") or {}, layout_keys - {"annotations"})
        layout["annotations"] = _annotations(skeleton["layout"], patch)
        diffs.append(
            {
                "data": data,
                "layout": {k: values.ref(v) for k, v in layout.items()},
                "html": values.ref(patch.get("html") or ""),
            }
        )
    initial_state = dict(
        view.defaults(), **{k: v for k, v in (fixed or {}).items() if not isinstance(v, list)}
    )
    initial = next((i for i, s in enumerate(states) if all(s[n] == initial_state[n] for n in names)), 0)
    free = [c for c in controls if len({json.dumps(_jsonable(s[c.name])) for s in states}) > 1]
    spec_controls = []
    for control in free:
        seen, options = set(), []
        present = {json.dumps(_jsonable(s[control.name])) for s in states}
        for state in states:
            for label, value in _control_values(view, control, state):
                key = json.dumps(_jsonable(value))
                if key not in seen and key in present:
                    seen.add(key)
                    options.append([str(label), _jsonable(value)])
        spec_controls.append(
            {"name": control.name, "label": control.label(lang), "kind": control.kind, "options": options}
        )
    base = {"data": skeleton["data"], "layout": skeleton["layout"]}
    return {
        "name": name,
        "title": view.title_fr if lang == "fr" else view.title_en,
        "lesson": view.lesson_fr if lang == "fr" else view.lesson_en,
        "datasets": list(view.datasets),
        "controls": spec_controls,
        "states": [[_jsonable(s[c.name]) for c in free] for s in states],
        "initial": initial,
        "base": base,
        "values": values.items,
        "diffs": diffs,
        "config": config or {},
        "held": held_notes,
        "is_map": panels.is_map(base),
    }


def resolve_figure(spec: dict, index: int) -> dict:
    """The full figure JSON of state ``index`` (what mlearn-static.js hands to ``Plotly.react``).

    Patches cover the first traces only; static overlays after them (e.g. Western Sahara) stay as they are.
    """
    diff, values = spec["diffs"][index], spec["values"]
    refs = diff["data"] + [{}] * (len(spec["base"]["data"]) - len(diff["data"]))
    data = [
        {**trace, **{k: values[r] for k, r in d.items()}}
        for trace, d in zip(spec["base"]["data"], refs, strict=True)
    ]
    layout = {**spec["base"]["layout"], **{k: values[r] for k, r in diff["layout"].items()}}
    return {"data": data, "layout": layout}


def _controls_html(spec: dict) -> str:
    parts = []
    for control in spec["controls"]:
        label = html.escape(control["label"])
        name = html.escape(control["name"])
        if control["kind"] in ("slider", "select_slider"):
            parts.append(
                f'<label class="mlearn-control">{label} '
                f'<input type="range" min="0" step="1" data-control="{name}"> '
                f'<output data-output="{name}"></output></label>'
            )
        else:
            parts.append(
                f'<label class="mlearn-control">{label} <select data-control="{name}"></select></label>'
            )
    return '<div class="mlearn-controls">' + "".join(parts) + "</div>"


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def panel_html(spec: dict, lang: str = "fr") -> str:
    words = TEXT[lang]
    held = ""
    if spec["held"]:
        held = f'<p class="mlearn-note">{html.escape(words["held"].format(held=", ".join(spec["held"])))}</p>'
    caption = panels.caption_of(resolve_figure(spec, spec["initial"]))
    ws = panels.western_sahara_html(lang) if spec["is_map"] and "Sahara" not in caption else ""
    alt = html.escape(words["alt"].format(title=spec["title"], lesson=spec["lesson"]))
    return (
        f'<section class="mlearn-panel" data-panel="{html.escape(spec["name"])}">'
        + _controls_html(spec)
        + f'<div class="mlearn-figure" role="img" aria-label="{alt}"></div>'
        + '<div class="mlearn-details"></div>'
        + f'<p class="mlearn-lesson"><strong>{html.escape(words["lesson"])}</strong> '
        + f"{html.escape(spec['lesson'])}</p>"
        + held
        + f'<a class="mlearn-download" href="#" download="{html.escape(spec["name"])}.csv">'
        + f"⬇ {panels.CSV_LABEL[lang]}</a>"
        + '<div class="mlearn-note mlearn-csv-source"></div>'
        + ws
        + panels.sources_html(spec["datasets"], lang)
        + f'<script type="application/json" class="mlearn-spec">{_script_json(spec)}</script>'
        + "</section>"
    )


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — M-LEARN</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="mlearn.css">
{head}
</head>
<body class="mlearn-page mlearn-static">
<nav class="mlearn-nav"><a href="{index}">{back}</a>{switch}</nav>
<main class="mlearn-dashboard">
{body}
</main>
<footer class="mlearn-note mlearn-footer">{generated} <code>mlearn dashboards export</code>.
{privacy}</footer>
<script src="plotly.min.js"></script>
<script src="mlearn-static.js"></script>
</body>
</html>
"""

INDEX = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{index_title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="mlearn.css">
</head>
<body class="mlearn-page">
<main class="mlearn-index">
<nav class="mlearn-nav">{switch}</nav>
<header>
<h1>{index_heading}</h1>
<p>{index_intro}</p>
</header>
<ul class="mlearn-dashboards">
{items}
</ul>
<footer><p>{index_footer}</p></footer>
</main>
</body>
</html>
"""


def plot_config() -> dict:
    """plotly.js config of the static pages, with the kit's one offline topojson setting (``topojson/``)."""
    from mlearn import geo

    return geo.plotly_config(displaylogo=False, responsive=True)


def _copy_topojson(out: Path) -> list[str]:
    """The world topojson of plotly geo subplots beside the pages (``mlearn.geo.copy_topojson``), and the same
    registered by a script (``mlearn.geo.preload_script``): from ``file://`` browsers refuse plotly.js's
    XHR for the JSON file, while a ``<script src>`` loads."""
    from mlearn import geo

    try:
        target = geo.copy_topojson(out)
    except FileNotFoundError as exc:
        raise MlearnError(
            f"Topojson du monde introuvable ({exc}) : lancez « mlearn data build »",
            "world topojson missing: run mlearn data build",
        ) from exc
    script = target.with_suffix(".js")
    from mlearn.figures import GEOJSON_REFS

    # The map layers the figures name by reference (mlearn.geo.geojson_ref) ride along, once for the site.
    script.write_text(geo.preload_script(GEOJSON_REFS), encoding="utf-8")
    return [script.relative_to(out).as_posix()]


def language_switch(targets: dict[str, str], current: str) -> str:
    """Links to the same page in the other languages (``targets``: language → file), e.g. « English »."""
    links = [
        f' <a class="mlearn-lang" href="{html.escape(target)}" hreflang="{lang}" lang="{lang}">'
        f"{html.escape(TEXT[lang]['name'])}</a>"
        for lang, target in targets.items()
        if lang != current
    ]
    return "".join(links)


def render_page(
    dashboard: Dashboard, config: dict, preload: list[str], switch: str = ""
) -> tuple[str, list[dict]]:
    body, specs = [], []
    for block in dashboard.blocks:
        if block[0] == "html":
            body.append(f'<div class="mlearn-text">{block[1]}</div>')
        else:
            _kind, name, fixed, lang = block
            spec = panel_spec(name, fixed, lang, config)
            specs.append(spec)
            body.append(panel_html(spec, lang))
    head = ""
    if any(s["is_map"] for s in specs):
        head = "\n".join(f'<script src="{html.escape(p)}"></script>' for p in preload)
    words = TEXT[dashboard.lang]
    page = PAGE.format(
        lang=dashboard.lang,
        title=html.escape(dashboard.title),
        head=head,
        index=page_file("index", dashboard.lang),
        back=html.escape(words["back"]),
        switch=switch,
        body="\n".join(body),
        generated=html.escape(words["generated"].format(date=time.strftime("%Y-%m-%d"))),
        privacy=html.escape(words["privacy"]),
    )
    return page, specs


PARTIAL_PLOTLY_JS = ASSETS / "build" / "plotly-mlearn.min.js"


def plotly_js_source() -> Path:
    """The plotly.js the site ships as ``plotly.min.js``: the kit's partial bundle (the four trace types the
    dashboards draw, ≈ 1.4 Mo, built by ``make js``) when built, else plotly's complete one (≈ 4.6 Mo)."""
    if PARTIAL_PLOTLY_JS.is_file():
        return PARTIAL_PLOTLY_JS
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def export_site(out: Path, only: list[str] | None = None, root: Path | None = None) -> dict:
    """Write the static site into ``out`` (created or refreshed). Returns a report of pages and sizes."""
    out = Path(out)
    notebooks = dashboard_notebooks(root)
    if only:
        wanted = {Path(n).stem for n in only}
        notebooks = [p for p in notebooks if p.stem in wanted]
    if not notebooks:
        raise MlearnError("Aucun tableau de bord à exporter", "no dashboard to export")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_source(), out / "plotly.min.js")
    shutil.copyfile(ASSETS / "mlearn-static.js", out / "mlearn-static.js")
    css = Path(__file__).resolve().parent / "share/jupyter/voila/templates/mlearn/static/mlearn.css"
    shutil.copyfile(css, out / "mlearn.css")
    preload = _copy_topojson(out)
    config = plot_config()
    pages, items = [], {lang: [] for lang in LANGS}
    for path in notebooks:
        langs = [lang for lang in LANGS if lang == "fr" or has_language(path, lang)]
        files = {lang: page_file(path.stem, lang) for lang in langs}
        entry = {}
        for lang in langs:
            dashboard = read_dashboard(path, lang)
            page, specs = render_page(dashboard, config, preload, language_switch(files, lang))
            target = out / files[lang]
            target.write_text(page, encoding="utf-8")
            size = target.stat().st_size
            if size > PAGE_BUDGET_BYTES:
                raise MlearnError(
                    f"Page trop lourde : {target.name} ({size / 1e6:.1f} Mo > 5 Mo)",
                    f"page too large: {target.name}",
                    "fixez des réglages avec show(..., fixed={...}) dans le notebook",
                )
            info = {
                "file": target.name,
                "title": dashboard.title,
                "bytes": size,
                "panels": [s["name"] for s in specs],
                "states": [len(s["states"]) for s in specs],
            }  # fmt: skip
            if lang == "fr":
                entry = info
            else:
                entry[lang] = dict(info, untranslated=dashboard.untranslated)
            items[lang].append(
                f'<li><a href="{html.escape(target.name)}">{html.escape(dashboard.title)}</a>'
                f"<p>{html.escape(dashboard.summary)}</p></li>"
            )
        pages.append(entry)
    index_langs = [lang for lang in LANGS if items[lang]]
    index_files = {lang: page_file("index", lang) for lang in index_langs}
    for lang in index_langs:
        words = {k: html.escape(v) for k, v in TEXT[lang].items()}
        index = INDEX.format(
            lang=lang, items="\n".join(items[lang]), switch=language_switch(index_files, lang), **words
        )
        (out / index_files[lang]).write_text(index, encoding="utf-8")
    report = {"out": str(out), "pages": pages}
    (out / "pages.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


__all__ = [
    "export_site",
    "read_dashboard",
    "dashboard_notebooks",
    "panel_spec",
    "enumerate_states",
    "has_language",
    "page_file",
]
