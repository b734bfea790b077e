"""The live side of a dashboard (inside Voilà): ``show(name)`` displays the explorer of that name with its
sources, licences, data date, the Western Sahara note under maps and a CSV link kept in step with the figure.

Nothing the visitor does is stored: control values live in the kernel of that visitor only, and the CSV is
built in memory and handed to the browser as a ``data:`` link.
"""

from __future__ import annotations

import os

from mlearn.dashboards import panels

WIDGET_ESM_ENV = "MLEARN_WIDGET_ESM_URL"


class ViewExplorer:
    """A minimal explorer over a figure view (``.widget``, ``.controls``, ``.figure``), used when
    ``mlearn.explorers`` has no explorer of that name."""

    def __init__(self, name: str, lang: str = "fr"):
        import ipywidgets as w
        import plotly.graph_objects as go

        from mlearn.figures.base import apply_patch

        self.view = panels.view(name, lang)
        self.figure = go.FigureWidget(self.view.skeleton())
        self.controls = {}
        state = self.view.defaults()
        for control in self.view.controls():
            label = control.label(lang)
            if control.kind in ("slider",):
                widget = w.IntSlider(value=control.default, min=control.min, max=control.max, step=control.step,
                                     description=label, continuous_update=False)  # fmt: skip
            elif control.kind == "checkbox":
                widget = w.Checkbox(value=bool(control.default), description=label)
            elif control.kind in ("toggle", "radio"):
                widget = w.ToggleButtons(
                    options=list(control.options), value=control.default, description=label
                )
            elif control.kind == "select_slider":
                widget = w.SelectionSlider(options=list(control.options), value=control.default, description=label,
                                           continuous_update=False)  # fmt: skip
            else:
                widget = w.Dropdown(options=list(control.options), value=control.default, description=label)
            widget.style.description_width = "initial"
            self.controls[control.name] = widget
        apply_patch(self.figure, self.view.patch(**state))

        def update(_change=None):
            values = {name: widget.value for name, widget in self.controls.items()}
            apply_patch(self.figure, self.view.patch(**values))

        for widget in self.controls.values():
            widget.observe(update, "value")
        self.widget = w.VBox(
            [w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")), self.figure]
        )


def make_explorer(name: str, lang: str = "fr"):
    try:
        from mlearn import explorers

        factory = explorers.catalog().get(name)
    except (ImportError, AttributeError):
        factory = None
    if factory is None:
        return ViewExplorer(name, lang)
    try:
        return factory(lang=lang)
    except TypeError:
        return factory()


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
        self.explorer = make_explorer(self.name, lang)
        widget_url = os.environ.get(WIDGET_ESM_ENV)
        if widget_url and hasattr(self.explorer.figure, "_esm"):
            # Served by `mlearn dashboards serve`: the browser fetches the widget module once and caches it.
            self.explorer.figure._esm = widget_url
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

    def _refresh_download(self, _change=None) -> None:
        figure_json = panels.light_figure(self.explorer.figure)
        self.download.value = panels.csv_link_html(figure_json, f"{self.name}.csv", self.lang)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def show(name: str, fixed: dict | None = None, lang: str = "fr") -> None:
    """Display the live panel ``name`` (``fixed`` is read by the static export only)."""
    from IPython.display import display

    display(LivePanel(name, lang).widget)


def footer(lang: str = "fr") -> None:
    """The closing note of every dashboard: map convention (Western Sahara) and privacy."""
    from IPython.display import HTML, display

    display(HTML(panels.footer_html(lang)))
