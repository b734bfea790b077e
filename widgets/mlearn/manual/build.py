"""Build the course manual: a static offline HTML site and a PDF, from the executed course notebooks.

Flow: execute the notebooks (``mlearn.manual.execute``, static display) → drop widget views → nbconvert HTML
with the ``mlearn_manual`` template (JupyterLab layout, local plotly.js, table of contents, search box) →
rewrite ``.ipynb`` links to ``.html`` → datasets page (from ``mlearn.data.describe``) → search index →
one combined page printed to PDF by headless Chromium. Nothing is fetched from the internet, at build time
or when reading the site.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mlearn.errors import MlearnError

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"
MARKER = ".mlearn-manual.json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


@dataclass
class Page:
    source: str  # notebook file name, or "" for generated pages
    href: str
    title: str
    html_path: Path | None = None


@dataclass
class ManualBuild:
    out: Path
    pages: list[Page] = field(default_factory=list)
    pdf: Path | None = None
    seconds: float = 0.0
    execution_seconds: float = 0.0


def default_out() -> Path:
    from mlearn.paths import project_root

    root = project_root() or Path.cwd()
    return root / "manual-build"


def _page_href(notebook: Path) -> str:
    return "index.html" if notebook.name.startswith("00-") else notebook.stem + ".html"


def _title(nb, fallback: str) -> str:
    title = nb.metadata.get("title")
    if title:
        return str(title)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    return fallback


def _short_title(title: str) -> str:
    """Table-of-contents label: « Module 4 — Stocks et corridors migratoires » stays; home is « Accueil »."""
    return "Accueil" if title.startswith("Accueil") else title


def _clean(nb):
    """A copy without live widget views (they need a widget manager from a CDN) or stored widget state."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_MIME in data:
                data.pop(WIDGET_MIME)
                if "text/html" not in data:
                    data["text/html"] = (
                        "<p class='mlearn-static-note'>(Explorateur interactif : voir JupyterLab.)</p>"
                    )
    return nb


def _check_out(out: Path) -> None:
    """Refuse to overwrite a folder that is not a manual built here (nothing is lost)."""
    if out.exists() and (not out.is_dir() or (not (out / MARKER).exists() and any(out.iterdir()))):
        raise MlearnError(
            f"Le dossier {out} existe et ne contient pas un manuel M-LEARN : je ne l'écrase pas.",
            f"{out} exists and is not an M-LEARN manual: not overwriting it.",
            "Choisissez un autre dossier avec --out, ou videz celui-ci.",
        )


def _prepare_out(out: Path) -> None:
    _check_out(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True)


def copy_assets(out: Path) -> None:
    """plotly.js (once, from the installed plotly package), the topojson, the manual's CSS and JS."""
    import plotly

    from mlearn.geo import copy_topojson

    assets = out / "assets"
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not plotly_js.exists():
        raise MlearnError(
            "plotly.min.js introuvable dans le paquet plotly installé.", "plotly.min.js not found."
        )
    shutil.copyfile(plotly_js, assets / "plotly.min.js")
    copy_topojson(assets)
    for name in ("manual.css", "manual.js"):
        shutil.copyfile(ASSETS / name, assets / name)


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="mlearn_manual",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _rewrite_links(text: str, mapping: dict[str, str]) -> str:
    def repl(match):
        target, anchor = match.group(2), match.group(3) or ""
        return f'{match.group(1)}"{mapping.get(target, target)}{anchor}"'

    return re.sub(r'(href=)"([^"#:]+\.ipynb)(#[^"]*)?"', repl, text)


def datasets_notebook():
    """A one-cell notebook listing every dataset with its producer, edition, licence and citation."""
    import nbformat

    from mlearn import data

    rows = []
    for name in data.names():
        meta = data.describe(name)
        caveats = meta.get("caveats_fr") or []
        if isinstance(caveats, str):
            caveats = [caveats]
        licence = html.escape(str(meta.get("licence_name") or meta.get("licence") or "non précisée"))
        url = meta.get("licence_url")
        if url:
            licence = f"{licence}<br><span class='mlearn-url'>{html.escape(str(url))}</span>"
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(name)}</code><br>{html.escape(str(meta.get('title_fr') or ''))}</td>"
            f"<td>{html.escape(str(meta.get('producer') or ''))}<br>{html.escape(str(meta.get('edition') or ''))}"
            f"<br><i>{html.escape(str(meta.get('reference_date_fr') or ''))}</i></td>"
            f"<td>{licence}</td>"
            f"<td>{html.escape(str(meta.get('citation_fr') or ''))}"
            + (
                "<ul>" + "".join(f"<li>{html.escape(str(c))}</li>" for c in caveats) + "</ul>"
                if caveats
                else ""
            )
            + "</td></tr>"
        )
    intro = (
        "# Données, licences et attributions\n\n"
        "Les jeux de données du kit sont dérivés de fichiers publics par `mlearn data build` ; chaque fichier "
        "est vérifié par son empreinte sha256 (`mlearn data check`). Citez la source indiquée sous chaque "
        "graphique ; les précautions de lecture figurent dans la dernière colonne.\n"
    )
    table = (
        "<table class='mlearn-datasets'><thead><tr><th>Jeu de données</th><th>Producteur, édition, date de "
        "référence</th><th>Licence</th><th>Citation et précautions</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_markdown_cell(table)]
    )
    nb.metadata["title"] = "Données, licences et attributions"
    return nb


_TAG = re.compile(r"<[^>]+>")


def search_entries(page: Page, text: str) -> list[dict]:
    """One entry per h1/h2/h3 section: page title, section title, link with anchor, plain text."""
    body = text.split("<main", 1)[-1]
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<pre.*?</pre>", " ", body, flags=re.S)
    parts = re.split(r'(<h[123] id="[^"]+">.*?</h[123]>)', body, flags=re.S)
    entries, current = [], {"title": page.title, "href": page.href, "text": ""}
    for part in parts:
        match = re.match(r'<h[123] id="([^"]+)">(.*?)</h[123]>', part, flags=re.S)
        if match:
            if current["text"].strip() or current["title"] != page.title:
                entries.append(current)
            title = html.unescape(_TAG.sub("", match.group(2))).replace("¶", "").strip()
            current = {"title": title, "href": f"{page.href}#{match.group(1)}", "text": ""}
        else:
            current["text"] += " " + html.unescape(_TAG.sub(" ", part))
    entries.append(current)
    for entry in entries:
        entry["text"] = " ".join(entry["text"].split())[:600]
        entry["page"] = _short_title(page.title)
    return entries


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        path = (
            shutil.which(candidate)
            if not candidate.startswith("/")
            else (candidate if os.path.exists(candidate) else None)
        )
        if path:
            return path
    return None


def print_pdf(html_path: Path, pdf_path: Path, timeout: int = 180) -> Path:
    """Print a local page to PDF with headless Chromium (no network: file:// page, local scripts only)."""
    chromium = find_chromium()
    if not chromium:
        raise MlearnError(
            "Chromium est introuvable : impossible d'imprimer le manuel en PDF.",
            "Chromium not found: cannot print the manual to PDF.",
            "Installez le paquet Debian chromium, ou relancez avec --no-pdf.",
        )
    with tempfile.TemporaryDirectory(prefix="mlearn-chromium-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--window-size=1100,1500",
            "--virtual-time-budget=30000",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size < 1000:
        raise MlearnError(
            "L'impression PDF du manuel a échoué.",
            f"PDF printing failed: {proc.stderr.strip()[-300:]}",
            "Relancez avec --no-pdf pour ne construire que le site HTML.",
        )
    return pdf_path


def build_manual(
    out: str | os.PathLike | None = None,
    *,
    pdf: bool = True,
    workers: int = 2,
    executed=None,
    course_dir: str | os.PathLike | None = None,
    timeout: int = 240,
) -> ManualBuild:
    """Build the manual into ``out`` (default ``manual-build/``); ``executed`` reuses earlier executions."""
    import nbformat

    from mlearn.manual.execute import course_notebooks, execute_all

    start = time.perf_counter()
    out = Path(out) if out else default_out()
    _check_out(out)
    notebooks = course_notebooks(course_dir)
    if not notebooks:
        raise MlearnError(
            "Aucun carnet de cours trouvé.", "No course notebook found.", "Vérifiez le dossier course/."
        )
    if executed is None:
        executed = execute_all(notebooks, static=True, workers=workers, timeout=timeout)
    failed = [run.error for run in executed if run.error]
    if failed:
        raise MlearnError(
            "Un carnet du cours ne s'exécute pas : " + failed[0].splitlines()[0],
            "A course notebook failed to execute.",
            "Ouvrez-le dans JupyterLab et exécutez-le pour voir l'erreur (mlearn manual build --debug).",
        )
    _prepare_out(out)
    copy_assets(out)

    pages = [
        Page(run.path.name, _page_href(run.path), _title(run.notebook, run.path.stem)) for run in executed
    ]
    data_nb = datasets_notebook()
    pages.append(Page("", "donnees.html", data_nb.metadata["title"]))
    notebooks_by_href = {p.href: _clean(run.notebook) for p, run in zip(pages, executed, strict=False)}
    notebooks_by_href["donnees.html"] = data_nb
    mapping = {p.source: p.href for p in pages if p.source}

    exporter = _exporter()
    index = []
    for i, page in enumerate(pages):
        nav = [{"href": p.href, "title": _short_title(p.title), "current": p is page} for p in pages]
        pager = {
            "prev": {"href": pages[i - 1].href, "title": _short_title(pages[i - 1].title)} if i > 0 else None,
            "next": {"href": pages[i + 1].href, "title": _short_title(pages[i + 1].title)}
            if i + 1 < len(pages)
            else None,
        }
        resources = {
            "metadata": {"name": page.title},
            "mlearn_nav": nav,
            "mlearn_pager": pager,
            "mlearn_pdf": pdf,
        }
        body, _ = exporter.from_notebook_node(notebooks_by_href[page.href], resources=resources)
        body = _rewrite_links(body, mapping)
        page.html_path = out / page.href
        page.html_path.write_text(body, encoding="utf-8")
        index.extend(search_entries(page, body))
    (out / "assets" / "search-index.js").write_text(
        "window.MLEARN_SEARCH_INDEX = " + json.dumps(index, ensure_ascii=False) + ";\n", encoding="utf-8"
    )

    pdf_path = None
    if pdf:
        merged = nbformat.v4.new_notebook()
        merged.metadata["title"] = "Manuel M-LEARN — Données et statistiques migratoires en Afrique du Nord"
        toc = "\n".join(f"{i}. [{_short_title(p.title)}](#chapitre-{i:02d})" for i, p in enumerate(pages, 1))
        merged.cells.append(
            nbformat.v4.new_markdown_cell(
                "# Données et statistiques migratoires en Afrique du Nord\n\n"
                "**Manuel du cours M-LEARN**, construit à partir des carnets exécutés du kit "
                "(les explorateurs y figurent avec leurs réglages par défaut).\n\n"
                "## Table des matières\n\n" + toc
            )
        )
        for i, page in enumerate(pages, 1):
            merged.cells.append(
                nbformat.v4.new_markdown_cell(
                    f"<div class='mlearn-chapter-break' id='chapitre-{i:02d}'></div>"
                )
            )
            merged.cells.extend(notebooks_by_href[page.href].cells)
        body, _ = exporter.from_notebook_node(
            merged, resources={"metadata": {"name": merged.metadata["title"]}}
        )
        full = out / "manuel-complet.html"
        full.write_text(_rewrite_links(body, mapping), encoding="utf-8")
        pdf_path = print_pdf(full, out / "manuel.pdf")

    result = ManualBuild(out, pages, pdf_path, time.perf_counter() - start, sum(r.seconds for r in executed))
    (out / MARKER).write_text(
        json.dumps({"pages": [p.href for p in pages], "pdf": bool(pdf_path)}, indent=1), encoding="utf-8"
    )
    return result
