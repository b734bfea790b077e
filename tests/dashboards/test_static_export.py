"""The static export: a self-contained site (plotly.js once, no outside URL to fetch), the same dashboards as
Voilà, the states precomputed from ``mlearn.figures`` (checked against the figure views and the data)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

import nbformat
import pytest

from mlearn.dashboards import panels, static

from .conftest import DASHBOARDS, NOTEBOOKS, expected_panels

pytestmark = pytest.mark.slow


class _Refs(HTMLParser):
    """Every URL the page would fetch by itself (scripts, stylesheets, images, frames), and the specs."""

    def __init__(self):
        super().__init__()
        self.fetched, self.specs, self._in_spec, self.text = [], [], False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.fetched.append(a["src"])
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.fetched.append(a.get("href", ""))
        self._in_spec = tag == "script" and "mlearn-spec" in (a.get("class") or "")

    def handle_data(self, data):
        if self._in_spec:
            self.specs.append(json.loads(data))
        self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_spec = False


def _parse(path):
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_dashboards_are_committed_without_outputs_and_count_at_least_four():
    assert len(NOTEBOOKS) >= 4
    for name in NOTEBOOKS:
        nb = nbformat.read(DASHBOARDS / name, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, name
        assert expected_panels(name), f"{name} shows no figure"


def test_site_layout_and_budget(static_site):
    out, report = static_site
    pages = {p["file"] for p in report["pages"]}
    assert pages == {n.replace(".ipynb", ".html") for n in NOTEBOOKS}
    assert sorted(p.name for p in out.glob("*.js")) == ["mlearn-static.js", "plotly.min.js"]
    index = _parse(out / "index.html")
    text = " ".join(index.text)
    for page in report["pages"]:
        size = (out / page["file"]).stat().st_size
        assert size <= 5_000_000, (page["file"], size)
        assert page["title"] in text
        assert f'href="{page["file"]}"' in (out / "index.html").read_text(encoding="utf-8")


def test_site_ships_the_partial_plotly_bundle_when_built(static_site):
    out, _report = static_site
    if not static.PARTIAL_PLOTLY_JS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("js/ n'a pas été construit (make js) : plotly.js partiel requis en CI")
        pytest.skip("plotly.js partiel non construit (make js) : le site embarque le plotly.js complet")
    shipped = (out / "plotly.min.js").read_bytes()
    assert shipped == static.PARTIAL_PLOTLY_JS.read_bytes()
    assert len(shipped) < 2_000_000  # the complete plotly.min.js is ≈ 4.6 MB
    assert b"window.Plotly" in shipped or b"window.Plotly=" in shipped


def test_pages_fetch_only_files_of_the_site(static_site):
    out, report = static_site
    pages = ["index.html", "index.en.html"] + [p["file"] for p in report["pages"]]
    pages += [p["en"]["file"] for p in report["pages"]]
    for page in pages:
        refs = _parse(out / page).fetched
        for ref in refs:
            if ref.startswith("data:"):
                continue
            assert not re.match(r"^[a-z]+:|^//", ref), (page, ref)
            assert (out / ref).is_file(), (page, ref)


def test_every_page_has_sources_licences_date_note_and_csv(static_site):
    out, report = static_site
    for page in report["pages"]:
        html_text = (out / page["file"]).read_text(encoding="utf-8")
        parsed = _parse(out / page["file"])
        text = " ".join(parsed.text)
        assert "Sources et licences" in text and "Licence" in text and "Date des données" in text
        assert "Télécharger les données (CSV)" in text
        assert "Sahara occidental" in text  # the map convention note closes every dashboard
        assert "cdn" not in html_text.lower().replace("mlearn", "")
        names = [s["name"] for s in parsed.specs]
        assert names == expected_panels(page["file"].replace(".html", ".ipynb"))


def test_precomputed_states_match_the_figure_views(static_site):
    """Rebuild a few states with the figure view and compare with what the page would draw."""
    out, report = static_site
    for page in report["pages"]:
        for spec in _parse(out / page["file"]).specs:
            view = panels.view(spec["name"])
            names = [c["name"] for c in spec["controls"]]
            assert len(spec["states"]) == len(spec["diffs"]) and len(spec["states"]) >= 2, spec["name"]
            for index in sorted({0, len(spec["states"]) // 2, len(spec["states"]) - 1}):
                state = dict(view.defaults(), **dict(zip(names, spec["states"][index], strict=True)))
                for control in view.controls():
                    if isinstance(view.defaults()[control.name], tuple):
                        state[control.name] = tuple(state[control.name])
                expected = json.loads(view.figure(**state).to_json())
                drawn = static.resolve_figure(spec, index)
                for i, trace in enumerate(drawn["data"]):
                    for key in ("x", "y", "z", "locations", "lat", "lon", "visible", "customdata"):
                        assert trace.get(key) == expected["data"][i].get(key), (spec["name"], index, i, key)
                    assert trace.get("marker", {}).get("size") == expected["data"][i].get("marker", {}).get(
                        "size"
                    )
                assert drawn["layout"]["title"].get("text") == expected["layout"]["title"].get("text")
                assert panels.caption_of(drawn) == panels.caption_of(expected)


def test_csv_of_a_figure_lists_its_values():
    fig = {
        "data": [
            {"type": "bar", "name": "Effectif", "orientation": "h", "x": [3, 1], "y": ["Espagne", "France"]}
        ],
        "layout": {"annotations": [{"name": "source", "text": "Source : ONU DAES<br>Note : stock"}]},
    }
    text = panels.figure_csv(fig)
    assert text.splitlines() == [
        "# Source : ONU DAES ; Note : stock",
        "serie,categorie,valeur,latitude,longitude",
        "Effectif,Espagne,3,,",
        "Effectif,France,1,,",
    ]


def test_static_export_names_an_unknown_view(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Essai"), nbformat.v4.new_code_cell('show("pas_une_vue")')]
    (tmp_path / "essai.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    with pytest.raises(Exception, match="pas_une_vue"):
        static.export_site(tmp_path / "out", root=tmp_path)


# -- English pages -------------------------------------------------------------------------------------------
def _english_cells(notebook) -> list[str | None]:
    """The English text of each Markdown cell, read from the notebook itself (cell metadata mlearn.en)."""
    cells = nbformat.read(DASHBOARDS / notebook, as_version=4).cells
    return [(c.metadata.get("mlearn") or {}).get("en") for c in cells if c.cell_type == "markdown"]


def _english_title(notebook) -> str:
    first = _english_cells(notebook)[0]
    return next(line[2:].strip() for line in first.splitlines() if line.startswith("# "))


def test_every_dashboard_text_exists_in_english():
    for name in NOTEBOOKS:
        texts = _english_cells(name)
        assert texts and all(isinstance(t, str) and t.strip() for t in texts), name
        assert _english_title(name)


def test_english_pages_mirror_the_french_ones(static_site):
    out, report = static_site
    english = {}
    for page in report["pages"]:
        notebook = page["file"].replace(".html", ".ipynb")
        en = page["en"]
        assert en["file"] == page["file"].replace(".html", ".en.html") and en["untranslated"] == 0
        assert en["panels"] == page["panels"] and en["title"] == _english_title(notebook)
        path = out / en["file"]
        assert path.stat().st_size <= 5_000_000
        html_text = path.read_text(encoding="utf-8")
        parsed = _parse(path)
        text = " ".join(parsed.text)
        assert '<html lang="en">' in html_text and re.search(
            rf"<h1[^>]*>{re.escape(en['title'])}<", html_text
        )
        for words in ("Sources and licences", "Data as of", "Download the data (CSV)", "Western Sahara"):
            assert words in text, (en["file"], words)
        for words in (
            "Sources et licences",
            "Télécharger",
            "À retenir",
            "Date des données",
            "Sahara occidental",
        ):
            assert words not in text, (en["file"], words)
        assert [s["name"] for s in parsed.specs] == expected_panels(notebook)
        for spec in parsed.specs:
            view = panels.view(spec["name"], "en")
            assert spec["title"] == view.title_en and spec["lesson"] == view.lesson_en
            for control in spec["controls"]:
                assert control["label"] == next(
                    c for c in view.controls() if c.name == control["name"]
                ).label("en")
        # each page links to its twin in the other language
        assert f'href="{en["file"]}" hreflang="en"' in (out / page["file"]).read_text(encoding="utf-8")
        assert f'href="{page["file"]}" hreflang="fr"' in html_text
        english[en["file"]] = en["title"]
    index = (out / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and 'href="index.html" hreflang="fr"' in index
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', index) == list(english.items())
    assert 'href="index.en.html" hreflang="en"' in (out / "index.html").read_text(encoding="utf-8")


def test_english_figures_are_the_english_views(static_site):
    """The initial figure of each English panel: the English view's figure for the same state."""
    out, report = static_site
    for page in report["pages"]:
        for spec in _parse(out / page["en"]["file"]).specs:
            view = panels.view(spec["name"], "en")
            names = [c["name"] for c in spec["controls"]]
            state = dict(view.defaults(), **dict(zip(names, spec["states"][spec["initial"]], strict=True)))
            for control in view.controls():
                if isinstance(view.defaults()[control.name], tuple):
                    state[control.name] = tuple(state[control.name])
            expected = json.loads(view.figure(**state).to_json())
            drawn = static.resolve_figure(spec, spec["initial"])
            assert drawn["layout"]["title"]["text"] == expected["layout"]["title"]["text"]
            assert panels.caption_of(drawn) == panels.caption_of(expected)
            assert panels.caption_of(drawn).startswith("Source:"), panels.caption_of(drawn)


def test_dashboard_without_english_text_gets_a_french_page_only(tmp_path):
    def notebook(*cells):
        nb = nbformat.v4.new_notebook()
        nb.cells = list(cells)
        return nbformat.writes(nb)

    titled = nbformat.v4.new_markdown_cell("# Envois\n\nTexte.")
    titled.metadata["mlearn"] = {"en": "# Remittances\n\nText."}
    limits = nbformat.v4.new_markdown_cell("## Limites\n\nSans traduction.")
    show = nbformat.v4.new_code_cell('show("remittances")')
    (tmp_path / "a.ipynb").write_text(notebook(titled, show, limits), encoding="utf-8")
    (tmp_path / "b.ipynb").write_text(
        notebook(nbformat.v4.new_markdown_cell("# Seul"), show), encoding="utf-8"
    )
    report = static.export_site(tmp_path / "out", root=tmp_path)
    a, b = report["pages"]
    assert a["en"]["file"] == "a.en.html" and a["en"]["untranslated"] == 1
    assert "Sans traduction" not in (tmp_path / "out" / "a.en.html").read_text(encoding="utf-8")
    assert "en" not in b and not (tmp_path / "out" / "b.en.html").exists()
    assert "hreflang" not in (tmp_path / "out" / "b.html").read_text(encoding="utf-8")
    index_en = (tmp_path / "out" / "index.en.html").read_text(encoding="utf-8")
    assert "a.en.html" in index_en and "b." not in index_en
