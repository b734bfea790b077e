"""The live side of a dashboard (inside Voilà): ``show(name)`` displays the explorer of that name with its
sources, licences, data date, the Western Sahara note under maps and a CSV link kept in step with the figure.

Nothing the visitor does is stored: control values live in the kernel of that visitor only, and the CSV is
built in memory and handed to the browser as a ``data:`` link.
"""

from __future__ import annotations

import os
import sys

from mlearn.dashboards import panels
from mlearn.dashboards.server import WIDGET_ESM_ENV

# plotly's FigureWidget imports nbformat, whose jsonschema loads the optional IRI format checker
# `rfc3987_syntax`, which compiles a grammar at import: 1.4 s of every dashboard kernel's start, for a
# format no dashboard validates. Marked absent, jsonschema skips that checker.
sys.modules.setdefault("rfc3987_syntax", None)

DOWNLOAD_DELAY_S = 0.4


def make_explorer(name: str, lang: str = "fr"):
    """The course explorer ``name`` (the same object students use in the lecture notebooks)."""
    from mlearn import explorers

    return explorers.build(name, lang=lang)


def close_widgets(widget) -> None:
    """Close ``widget`` and every widget it contains (ipywidgets closes a box without its children)."""
    for child in getattr(widget, "children", ()):
        close_widgets(child)
    widget.close()


class LivePanel:
    """One explorer and its footer (sources, note, CSV), as one ipywidgets box, with a FR/EN switch."""

    def __init__(self, name: str, lang: str = "fr"):
        import ipywidgets as w

        self.name, self.lang = name, lang
        self.download = w.HTML()
        self.footer = w.HTML()
        self.language = w.ToggleButtons(
            options=[("Français", "fr"), ("English", "en")],
            value=lang,
            tooltips=["Libellés des graphiques en français", "Chart labels in English"],
            style={"button_width": "90px"},
        )
        self.body = w.Box()
        self._build(lang)
        self.language.observe(lambda change: self._build(change["new"]), "value")
        self.widget = w.VBox([self.body, w.HBox([self.download, self.language]), self.footer])

    def _build(self, lang: str) -> None:
        self.lang = lang
        previous = getattr(self, "explorer", None)
        widget_url = os.environ.get(WIDGET_ESM_ENV)
        if widget_url:
            from mlearn.geo.offline import use_served_module

            # Served by `mlearn dashboards serve`: the browser fetches the widget module once and caches it.
            use_served_module(widget_url)
        self.explorer = make_explorer(self.name, lang)
        figure_json = panels.light_figure(self.explorer.figure)
        view = getattr(self.explorer, "view", None)
        datasets = getattr(view, "datasets", None) or panels.view_classes()[self.name].datasets
        footer = panels.sources_html(datasets, lang)
        if panels.is_map(figure_json) and "Sahara" not in panels.caption_of(figure_json):
            footer = panels.western_sahara_html(lang) + footer
        self.footer.value = footer
        self.download.value = panels.csv_link_html(figure_json, f"{self.name}.csv", lang)
        for control in self.explorer.controls.values():
            control.observe(self._refresh_download, "value")
        self.body.children = [self.explorer.widget]
        if previous is not None:  # free the replaced explorer (figure included) in the kernel and the browser
            close_widgets(previous.widget)

    def _refresh_download(self, _change=None) -> None:
        """Rebuild the CSV link shortly after the last change, not in the middle of the figure's update.

        The CSV costs 5–40 ms of the kernel's time; delayed, it stays out of the moments when the browser
        draws the new figure, and a burst of changes builds it once.
        """
        import asyncio

        try:
            from IPython import get_ipython

            in_kernel = getattr(get_ipython(), "kernel", None) is not None
            loop = asyncio.get_running_loop() if in_kernel else None
        except (ImportError, RuntimeError):
            loop = None
        if loop is None:  # plain Python (tests, scripts): no kernel loop to come back later, build it now
            self._build_download()
            return
        if getattr(self, "_pending_download", None) is not None:
            self._pending_download.cancel()
        self._pending_download = loop.call_later(DOWNLOAD_DELAY_S, self._build_download)

    def _build_download(self) -> None:
        self._pending_download = None
        figure_json = panels.light_figure(self.explorer.figure)
        self.download.value = panels.csv_link_html(figure_json, f"{self.name}.csv", self.lang)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def show(name: str, fixed: dict | None = None, lang: str = "fr") -> None:
    """Display the live panel ``name`` (``fixed`` is read by the static export only)."""
    from IPython.display import display

    display(LivePanel(name, lang).widget)


def footer(lang: str | None = None) -> None:
    """The closing note of every dashboard: map convention (Western Sahara) and privacy; in both languages
    unless ``lang`` is given (the page's FR/EN switch shows one, see the template's mlearn-lang.js)."""
    from IPython.display import HTML, display

    if lang:
        display(HTML(panels.footer_html(lang)))
    else:
        display(HTML(panels.bilingual_html(panels.footer_html("fr"), panels.footer_html("en"))))
