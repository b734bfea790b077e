"""Irregular border crossings detected (Frontex) and dead and missing people (IOM Missing Migrants Project).

Readings taught:
- Frontex counts *detections, not people*: one person can be detected several times and on several routes
  (2015: Eastern Mediterranean + Western Balkans = 1 649 419 detections, largely the same people); more
  detections can also mean more surveillance;
- IOM counts are *minimum estimates* (invisible shipwrecks, bodies never found); the date is the incident date;
  coordinates at sea are approximate; the map sums incidents by 1° cells (``CELL_DEG``), one circle per cell;
- 2025 covers January–April only: it is drawn apart (hatched, light colour) and never compared with full years.

``crossings_deaths`` shows both sources in one figure (lecture notebooks); ``crossings_detections`` (Frontex)
and ``deaths_missing`` (IOM bars and map) are its two halves as figures of their own, on the same tables, for
the crossings dashboard: each chart then carries only its own source, and a Frontex change redraws no map.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mlearn import fmt
from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, new_figure
from mlearn.figures.style import tr

ALL = "__all__"

FRONTEX_ROUTES_FR = {
    "Central Mediterranean Route": ("Méditerranée centrale", "Central Mediterranean"),
    "Western Mediterranean Route": ("Méditerranée occidentale", "Western Mediterranean"),
    "Eastern Mediterranean Route": ("Méditerranée orientale", "Eastern Mediterranean"),
    "Western African Route": ("Afrique de l'Ouest (Atlantique)", "Western African"),
    "Western Balkan Route": ("Balkans occidentaux", "Western Balkans"),
    "Eastern Borders Route": ("Frontières orientales", "Eastern borders"),
    "Circular Route from Albania to Greece": ("Route circulaire Albanie–Grèce", "Circular Albania–Greece"),
    "Black Sea Route": ("Mer Noire", "Black Sea"),
    "Other": ("Autres", "Other"),
}
# IOM routes towards Europe and across North Africa (the course's scope)
MMP_ROUTES_FR = {
    "Central Mediterranean": ("Méditerranée centrale", "Central Mediterranean"),
    "Western Mediterranean": ("Méditerranée occidentale", "Western Mediterranean"),
    "Eastern Mediterranean": ("Méditerranée orientale", "Eastern Mediterranean"),
    "Western Africa / Atlantic route to the Canary Islands": (
        "Afrique de l'Ouest / Atlantique vers les Canaries",
        "Western Africa / Atlantic to the Canary Islands",
    ),
    "Sahara Desert crossing": ("Traversée du Sahara", "Sahara Desert crossing"),
}


#: Incidents are drawn aggregated by square cells of this size (degrees): a few hundred circles at most instead
#: of thousands of points, so the map redraws quickly in the browser on each control change.
CELL_DEG = 1.0
MAX_CELL_PX = 42
_SUMS = ("n", "dead", "missing", "dm", "lat", "lon")


def cell_of(lat, lon) -> tuple:
    """The grid cell of a position: (floor(lat / CELL_DEG), floor(lon / CELL_DEG)) as integers."""
    return (np.floor(np.asarray(lat, dtype=float) / CELL_DEG).astype(int),
            np.floor(np.asarray(lon, dtype=float) / CELL_DEG).astype(int))  # fmt: skip


def _cell_table(g: pd.DataFrame) -> dict:
    """Incidents with a position and at least one dead or missing person, summed by (cell, year).

    Returns arrays: ``cell`` (a code per row, 0…n_cells-1), ``year`` and the sums ``n`` (incidents), ``dead``,
    ``missing``, ``dm`` (dead and missing) and ``lat``/``lon`` (to place each circle at the mean position of
    its incidents, at sea where they happened rather than at the cell's centre).
    """
    g = g[g["latitude"].notna() & g["longitude"].notna() & (g["dead_and_missing"] > 0)]
    cy, cx = cell_of(g["latitude"], g["longitude"])
    frame = pd.DataFrame({
        "cy": cy, "cx": cx, "year": g["year"].to_numpy(), "n": 1,
        "dead": g["dead"].fillna(0).to_numpy(), "missing": g["missing"].fillna(0).to_numpy(),
        "dm": g["dead_and_missing"].to_numpy(), "lat": g["latitude"].to_numpy(), "lon": g["longitude"].to_numpy(),
    })  # fmt: skip
    sums = frame.groupby(["cy", "cx", "year"], sort=True)[list(_SUMS)].sum().reset_index()
    codes = sums.groupby(["cy", "cx"], sort=True).ngroup().to_numpy()
    out = {k: sums[k].to_numpy(dtype=float) for k in _SUMS}
    out.update(
        cell=codes.astype(int), year=sums["year"].to_numpy(dtype=int), n_cells=int(codes.max(initial=-1)) + 1
    )
    return out


def aggregate_cells(table: dict, lo: int, hi: int) -> dict:
    """Sums by cell over the years ``lo``–``hi``: arrays ``n, dead, missing, dm, lat, lon`` (mean position),
    biggest cells first (small circles are drawn on top)."""
    mask = (table["year"] >= lo) & (table["year"] <= hi)
    cells = table["cell"][mask]
    sums = {k: np.bincount(cells, weights=table[k][mask], minlength=table["n_cells"]) for k in _SUMS}
    keep = np.flatnonzero(sums["n"] > 0)
    keep = keep[np.argsort(-sums["dm"][keep], kind="stable")]
    out = {k: sums[k][keep] for k in ("n", "dead", "missing", "dm")}
    # not rounded: a rounded mean could land in the next cell
    out["lat"] = sums["lat"][keep] / out["n"]
    out["lon"] = sums["lon"][keep] / out["n"]
    return out


def _route_label(route: str, table: dict, lang: str) -> str:
    pair = table.get(route)
    return route if pair is None else (pair[0] if lang == "fr" else pair[1])


class CrossingsDeathsView(FigureView):
    """Frontex detections by route and month or year; IOM dead and missing by route and year, and their map."""

    name = "crossings_deaths"
    title_fr = "Traversées irrégulières détectées et personnes mortes ou disparues"
    title_en = "Irregular crossings detected and dead or missing people"
    datasets = ("border_detections", "missing_migrants")
    has_map = True
    lesson_fr = (
        "Frontex compte des détections, et non des personnes : une même personne peut être détectée plusieurs "
        "fois. Les décès et disparitions recensés par l'OIM sont des estimations minimales. 2025 ne couvre que "
        "janvier–avril."
    )
    lesson_en = "Frontex counts detections, not people; IOM counts are minimum estimates; 2025 is partial."

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        fx = data.load("border_detections")
        month = pd.to_datetime(fx["month"])
        fx = fx.assign(month=month.dt.strftime("%Y-%m-01"), year=month.dt.year)
        self.fx_monthly = fx.groupby(["route", "month"])["detections"].sum()
        self.fx_all_monthly = fx.groupby("month")["detections"].sum()
        self._fx_routes = set(fx["route"])
        last = month.max()
        self.fx_last = last
        self.partial_year = int(last.year) if last.month < 12 else None
        self.routes = [r for r in FRONTEX_ROUTES_FR if r in set(fx["route"])] + sorted(
            set(fx["route"]) - set(FRONTEX_ROUTES_FR)
        )

        mmp = data.load("missing_migrants")
        mmp = mmp[mmp["route"].isin(MMP_ROUTES_FR) & mmp["year"].notna()].copy()
        mmp["year"] = mmp["year"].astype(int)
        self.mmp = mmp
        self.mmp_years = (int(mmp["year"].min()), int(mmp["year"].max()))
        mmp_last = pd.to_datetime(mmp["date"]).max()
        self.mmp_partial = int(mmp_last.year) if mmp_last.month < 12 else None
        self._mmp_by_route = {r: g for r, g in mmp.groupby("route")}
        self._mmp_by_route[ALL] = mmp
        # per route: yearly dead / missing, and the map points as plain arrays (a change only slices them)
        self._mmp_years = {
            r: g.groupby("year")[["dead", "missing", "dead_and_missing"]]
            .sum(min_count=1)
            .fillna(0)
            .astype(int)
            for r, g in self._mmp_by_route.items()
        }
        self._cells = {r: _cell_table(g) for r, g in self._mmp_by_route.items()}
        # one bubble scale for every filter: the biggest cell of all routes over all years
        everything = self._cells[ALL]
        biggest = (
            np.bincount(everything["cell"], weights=everything["dm"]).max() if len(everything["cell"]) else 1
        )
        self._sizeref = 2.0 * max(1.0, float(biggest)) / MAX_CELL_PX**2
        self._fx_cache: dict = {}

    def controls(self) -> list[Control]:
        return self._frontex_controls() + self._mmp_controls()

    def _frontex_controls(self) -> list[Control]:
        lang = self.lang
        fx_routes = ((tr("Toutes les routes", "All routes", lang), ALL),) + tuple(
            (_route_label(r, FRONTEX_ROUTES_FR, lang), r) for r in self.routes
        )
        return [
            Control("route_frontex", "Route (Frontex)", "Route (Frontex)", "dropdown",
                    "Central Mediterranean Route", fx_routes),
            Control("periodicite", "Détections", "Detections", "toggle", "annuel",
                    ((tr("Par mois", "Monthly", lang), "mensuel"), (tr("Par an", "Yearly", lang), "annuel"))),
        ]  # fmt: skip

    def _mmp_controls(self) -> list[Control]:
        lang = self.lang
        mmp_routes = (
            (tr("Les 5 routes (Méditerranée, Atlantique, Sahara)", "The 5 routes", lang), ALL),
        ) + tuple((_route_label(r, MMP_ROUTES_FR, lang), r) for r in MMP_ROUTES_FR)
        return [
            Control("route_oim", "Route (OIM)", "Route (IOM)", "dropdown", "Central Mediterranean", mmp_routes),
            Control("periode", "Années (OIM)", "Years (IOM)", "range", self.mmp_years,
                    min=self.mmp_years[0], max=self.mmp_years[1]),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        fig = make_subplots(
            rows=2, cols=2, specs=[[{"colspan": 2}, None], [{}, {"type": "geo"}]],
            row_heights=[0.45, 0.55], vertical_spacing=0.14, horizontal_spacing=0.08,
        )  # fmt: skip
        self._add_frontex_bars(fig, row=1, col=1)
        self._add_mmp_traces(fig, bars=(2, 1), geo=(2, 2))
        new_figure(self.lang, [], fig=fig, height=860, bottom=170)
        fig.update_layout(barmode="stack", legend=dict(y=1.03))
        self._style_frontex_axes(fig, row=1, col=1)
        self._style_mmp_axes(fig, row=2, col=1)
        self._finish_map(fig, first_overlay=5)
        return fig

    def _add_frontex_bars(self, fig, row: int, col: int) -> None:
        lang = self.lang
        det = tr("détections", "detections", lang)
        fig.add_trace(go.Bar(name=tr("Détections", "Detections", lang), marker_color=style.OKABE_ITO["blue"],
                             hovertemplate="%{x} : %{y:,.0f} " + det + "<extra></extra>"), row=row, col=col)  # fmt: skip
        fig.add_trace(go.Bar(name=tr("2025 partiel (janv.–avr.)", "2025 partial (Jan–Apr)", lang),
                             marker_color=style.PARTIAL, marker_pattern_shape="/", marker_line_color="#8a7a00",
                             hovertemplate="%{x} : %{y:,.0f} " + det + tr(" (année partielle)", " (partial year)",
                             lang) + "<extra></extra>"), row=row, col=col)  # fmt: skip

    def _add_mmp_traces(self, fig, bars: tuple[int, int], geo: tuple[int, int]) -> None:
        lang = self.lang
        dead = tr("Morts", "Dead", lang)
        missing = tr("Disparus", "Missing", lang)
        fig.add_trace(
            go.Bar(
                name=dead,
                marker_color=style.OKABE_ITO["black"],
                hovertemplate=f"{dead}, " + "%{x} : %{y:,.0f}<extra></extra>",
            ),
            row=bars[0],
            col=bars[1],
        )
        fig.add_trace(
            go.Bar(
                name=missing,
                marker_color=style.GREY,
                marker_pattern_shape=".",
                hovertemplate=f"{missing}, " + "%{x} : %{y:,.0f}<extra></extra>",
            ),
            row=bars[0],
            col=bars[1],
        )
        cell = fmt.fr_num(CELL_DEG, 0 if CELL_DEG == int(CELL_DEG) else 1, lang=lang)
        hover = tr(
            "<b>%{customdata[3]:,.0f} morts et disparus</b> (estimation minimale)<br>%{customdata[1]:,.0f} morts, "
            "%{customdata[2]:,.0f} disparus<br>%{customdata[0]:,.0f} incident(s) dans ce carré de "
            + cell
            + "°"
            "<br>(position moyenne, approximative)<extra></extra>",
            "<b>%{customdata[3]:,.0f} dead and missing</b> (minimum estimate)<br>%{customdata[1]:,.0f} dead, "
            "%{customdata[2]:,.0f} missing<br>%{customdata[0]:,.0f} incident(s) in this " + cell + "° cell"
            "<br>(mean position, approximate)<extra></extra>",
            lang,
        )
        fig.add_trace(go.Scattergeo(
            mode="markers", name=tr("Incidents regroupés", "Incidents (aggregated)", lang), showlegend=False,
            marker=dict(color=style.OKABE_ITO["purple"], opacity=0.6, sizemode="area", sizemin=3,
                        line=dict(width=0.5, color="white")),
            hovertemplate=hover), row=geo[0], col=geo[1])  # fmt: skip

    def _style_frontex_axes(self, fig, row: int, col: int) -> None:
        lang = self.lang
        fig.update_yaxes(tickformat=",.0f", rangemode="tozero", row=row, col=col)
        fig.update_yaxes(
            title_text=tr("Détections (et non personnes)", "Detections (not people)", lang), row=row, col=col
        )

    def _style_mmp_axes(self, fig, row: int, col: int) -> None:
        lang = self.lang
        fig.update_yaxes(tickformat=",.0f", rangemode="tozero", row=row, col=col)
        fig.update_yaxes(title_text=tr("Personnes (estimation minimale)", "People (minimum estimate)", lang),
                         row=row, col=col)  # fmt: skip
        fig.update_xaxes(
            title_text=tr("Année de l'incident", "Year of incident", lang), type="category", row=row, col=col
        )

    def _finish_map(self, fig, first_overlay: int) -> None:
        from mlearn import geo

        fig.update_geos(**geo.geo_layout("mediterranean"))
        geo.add_western_sahara(fig, lang=self.lang, note=False)
        # the Western Sahara overlay belongs to the map subplot
        for trace in fig.data[first_overlay:]:
            trace.geo = "geo"

    # -- tables --------------------------------------------------------------------------------------------
    def frontex_series(self, route: str, periodicite: str) -> pd.Series:
        key = (route, periodicite)
        if key not in self._fx_cache:
            self._fx_cache[key] = self._frontex_series(route, periodicite)
        return self._fx_cache[key]

    def _frontex_series(self, route: str, periodicite: str) -> pd.Series:
        if route == ALL:
            monthly = self.fx_all_monthly
        elif route in self._fx_routes:
            monthly = self.fx_monthly.loc[route]
        else:
            return pd.Series(dtype=float)
        if periodicite == "mensuel":
            return monthly
        years = pd.Index([int(m[:4]) for m in monthly.index])
        return monthly.groupby(years).sum()

    def mmp_incidents(self, route: str, periode: tuple[int, int]) -> pd.DataFrame:
        df = self._mmp_by_route.get(route, self.mmp.iloc[:0])
        return df[df["year"].between(periode[0], periode[1])]

    # -- patches -----------------------------------------------------------------------------------------
    def _frontex_part(self, route: str, per: str) -> dict:
        """The two Frontex bar traces (full periods, partial year) and what titles and axes say of them."""
        lang = self.lang
        partial = self.partial_year
        series = self.frontex_series(route, per)
        if per == "mensuel":
            x = list(series.index)
            is_partial = np.array([partial is not None and int(m[:4]) == partial for m in x], dtype=bool)
        else:
            x = [int(y) for y in series.index]
            is_partial = np.array([partial is not None and y == partial for y in x], dtype=bool)
        values = series.to_numpy()
        full_x = [v for v, p in zip(x, is_partial, strict=True) if not p]
        part_x = [v for v, p in zip(x, is_partial, strict=True) if p]
        if per == "annuel":
            full_x, part_x = [str(v) for v in full_x], [f"{v}*" for v in part_x]
        name = tr("toutes les routes", "all routes", lang) if route == ALL else _route_label(
            route, FRONTEX_ROUTES_FR, lang)  # fmt: skip
        return {
            "empty": series.empty,
            "name": name,
            "data": [
                {"x": full_x, "y": [int(v) for v in values[~is_partial]]},
                {"x": part_x, "y": [int(v) for v in values[is_partial]]},
            ],
            "total": int(values[~is_partial].sum()) if len(values) else 0,
            "title": tr(
                f"Franchissements irréguliers détectés ({name}, {'par mois' if per == 'mensuel' else 'par an'})",
                f"Irregular crossings detected ({name}, {'monthly' if per == 'mensuel' else 'yearly'})",
                lang,
            ),
            "axis": {
                "title.text": tr("Mois de détection", "Month of detection", lang) if per == "mensuel" else tr(
                    "Année de détection", "Year of detection", lang),
                "type": "date" if per == "mensuel" else "category",
                "categoryorder": "trace" if per == "mensuel" else "array",
                "categoryarray": None if per == "mensuel" else full_x + part_x,
            },
        }  # fmt: skip

    def _mmp_part(self, mroute: str, periode: tuple[int, int]) -> dict:
        """The IOM bars by year (dead, missing) and the map of 1° cells, and what titles and axes say."""
        lang = self.lang
        lo, hi = periode
        years_table = self._mmp_years.get(mroute)
        by_year = (
            years_table.loc[lo:hi]
            if years_table is not None
            else pd.DataFrame(columns=["dead", "missing", "dead_and_missing"])
        )
        years = [f"{y}*" if y == self.mmp_partial else str(y) for y in by_year.index]
        cells = aggregate_cells(self._cells[mroute], lo, hi)
        counts = [cells[k].astype(int) for k in ("n", "dead", "missing", "dm")]
        name = (
            tr("5 routes", "5 routes", lang) if mroute == ALL else _route_label(mroute, MMP_ROUTES_FR, lang)
        )
        return {
            "empty": by_year.empty,
            "name": name,
            "data": [
                {"x": years, "y": [int(v) for v in by_year["dead"]]},
                {"x": years, "y": [int(v) for v in by_year["missing"]]},
                {
                    "lat": cells["lat"].tolist(),
                    "lon": cells["lon"].tolist(),
                    "customdata": np.column_stack(counts).tolist() if len(cells["n"]) else [],
                    "marker.size": counts[3].tolist(),
                    "marker.sizeref": self._sizeref,
                },
            ],
            "total": int(by_year["dead_and_missing"].sum()),
            "period": f"({name}, {lo}–{hi})",
            "axis": {"categoryorder": "array", "categoryarray": years},
        }

    def _map_note(self) -> str:
        cell = fmt.fr_num(CELL_DEG, 0 if CELL_DEG == int(CELL_DEG) else 1, lang=self.lang)
        return tr(
            f"Carte : incidents regroupés par carré de {cell}° (un cercle par carré, à la position moyenne de ses "
            "incidents, surface proportionnelle aux morts et disparus).",
            f"Map: incidents aggregated by {cell}° cells (one circle per cell, at the mean position of its "
            "incidents, area proportional to the dead and missing).",
            self.lang,
        )

    def _patch(self, s: dict) -> dict:
        lang = self.lang
        route, per, mroute, periode = s["route_frontex"], s["periodicite"], s["route_oim"], s["periode"]
        partial = self.partial_year
        month = fmt.month_name(self.fx_last.month, lang)
        note = (
            tr(
                "Frontex : une personne peut être détectée plusieurs fois ; nationalité souvent déclarée. OIM : date "
                f"de l'incident, positions en mer approximatives. {partial or ''} partiel (*) : janvier–{month} "
                "seulement. ",
                "Frontex: one person can be detected several times; nationality often declared. IOM: incident date, "
                f"positions at sea are approximate. {partial or ''} partial (*): January–{month} only. ",
                lang,
            )
            + self._map_note()
        )
        caption = style.sources(*self.datasets, note=note, lang=lang)
        fx = self._frontex_part(route, per)
        mmp = self._mmp_part(mroute, periode)
        if fx["empty"] and mmp["empty"]:
            return self.empty(
                ["bar", "bar", "bar", "bar", "scattergeo"], f"{fx['name']}, {mmp['name']}", caption
            )
        title = (
            fx["title"]
            + tr(" et personnes mortes ou disparues ", " and dead or missing people ", lang)
            + mmp["period"]
        )
        subtitle = tr(
            f"Détections (années complètes) : {fmt.fr_int(fx['total'])} ; morts et disparus (OIM, estimation "
            f"minimale) : {fmt.fr_int(mmp['total'])} ; * = année partielle",
            f"Detections (full years): {fmt.fr_int(fx['total'], lang='en')}; dead and missing (IOM, minimum): "
            f"{fmt.fr_int(mmp['total'], lang='en')}; * = partial year",
            lang,
        )
        layout = {"title.text": style.wrap_title(title, subtitle)}
        layout.update({f"xaxis.{k}": v for k, v in fx["axis"].items()})
        layout.update({f"xaxis2.{k}": v for k, v in mmp["axis"].items()})
        return {"data": fx["data"] + mmp["data"], "layout": layout, "caption": caption, "message": None}


class _CrossingsPart(CrossingsDeathsView):
    """One half of :class:`CrossingsDeathsView` as a figure of its own, on the tables of the (cached) whole view.

    The dashboard shows the two halves as two figures: a change of Frontex route then redraws the bars only,
    not the map, and each chart carries the source line of its own data.
    """

    def __init__(self, lang: str = "fr"):
        from mlearn import figures

        FigureView.__init__(self, lang)
        whole = figures.view("crossings_deaths", lang)
        for key, value in vars(whole).items():
            if key not in ("lang", "_cache"):
                setattr(self, key, value)

    def _half_patch(self, part: dict, title: str, subtitle: str, caption: str, types: list[str]) -> dict:
        """The patch of one half: its traces, its title and its x axis (``xaxis``), or « Aucune donnée »."""
        if part["empty"]:
            return self.empty(types, part["name"], caption)
        layout = {"title.text": style.wrap_title(title, subtitle)}
        layout.update({f"xaxis.{k}": v for k, v in part["axis"].items()})
        return {"data": part["data"], "layout": layout, "caption": caption, "message": None}


class CrossingsDetectionsView(_CrossingsPart):
    """Frontex detections by route, by month or year (the first half of ``crossings_deaths``)."""

    name = "crossings_detections"
    title_fr = "Franchissements irréguliers détectés aux frontières extérieures de l'UE"
    title_en = "Irregular crossings detected at the EU's external borders"
    datasets = ("border_detections",)
    has_map = False
    lesson_fr = (
        "Frontex compte des détections, et non des personnes : une même personne peut être détectée plusieurs "
        "fois, sur plusieurs routes, et plus de surveillance donne plus de détections. 2025 ne couvre que "
        "janvier–avril."
    )
    lesson_en = (
        "Frontex counts detections, not people: one person can be detected several times, on several routes, "
        "and more surveillance gives more detections. 2025 is partial."
    )

    def controls(self) -> list[Control]:
        return self._frontex_controls()

    def skeleton(self) -> go.Figure:
        fig = make_subplots(rows=1, cols=1)
        self._add_frontex_bars(fig, row=1, col=1)
        new_figure(self.lang, [], fig=fig, height=480, bottom=150)
        fig.update_layout(barmode="stack", legend=dict(y=1.06))
        self._style_frontex_axes(fig, row=1, col=1)
        return fig

    def _patch(self, s: dict) -> dict:
        lang = self.lang
        month = fmt.month_name(self.fx_last.month, lang)
        partial = self.partial_year or ""
        note = tr(
            "une personne peut être détectée plusieurs fois ; nationalité souvent déclarée ; mois de détection. "
            f"{partial} partiel (*) : janvier–{month} seulement.",
            "one person can be detected several times; nationality often declared; month of detection. "
            f"{partial} partial (*): January–{month} only.",
            lang,
        )
        caption = style.sources(*self.datasets, note=note, lang=lang)
        fx = self._frontex_part(s["route_frontex"], s["periodicite"])
        subtitle = tr(
            f"Détections (années complètes) : {fmt.fr_int(fx['total'])} ; * = année partielle",
            f"Detections (full years): {fmt.fr_int(fx['total'], lang='en')}; * = partial year",
            lang,
        )
        return self._half_patch(fx, fx["title"], subtitle, caption, ["bar", "bar"])


class DeathsMissingView(_CrossingsPart):
    """IOM dead and missing people by route and year, and their map (the second half of ``crossings_deaths``)."""

    name = "deaths_missing"
    title_fr = "Personnes mortes ou disparues au cours de leur migration"
    title_en = "People dead or missing during migration"
    datasets = ("missing_migrants",)
    has_map = True
    lesson_fr = (
        "Les morts et disparitions recensés par l'OIM sont des estimations minimales : des naufrages restent "
        "invisibles, des corps ne sont jamais retrouvés. La date est celle de l'incident."
    )
    lesson_en = (
        "IOM's dead and missing are minimum estimates: some shipwrecks stay invisible, some bodies are never "
        "found. The date is the incident's."
    )

    def controls(self) -> list[Control]:
        return self._mmp_controls()

    def skeleton(self) -> go.Figure:
        fig = make_subplots(
            rows=1, cols=2, specs=[[{}, {"type": "geo"}]], column_widths=[0.42, 0.58], horizontal_spacing=0.08
        )
        self._add_mmp_traces(fig, bars=(1, 1), geo=(1, 2))
        new_figure(self.lang, [], fig=fig, height=560, bottom=170)
        fig.update_layout(barmode="stack", legend=dict(y=1.06))
        self._style_mmp_axes(fig, row=1, col=1)
        self._finish_map(fig, first_overlay=3)
        return fig

    def _patch(self, s: dict) -> dict:
        lang = self.lang
        note = (
            tr(
                "date de l'incident ; positions en mer approximatives. "
                + (f"{self.mmp_partial}* : année partielle. " if self.mmp_partial else ""),
                "incident date; positions at sea are approximate. "
                + (f"{self.mmp_partial}*: partial year. " if self.mmp_partial else ""),
                lang,
            )
            + self._map_note()
        )
        caption = style.sources(*self.datasets, note=note, lang=lang)
        mmp = self._mmp_part(s["route_oim"], s["periode"])
        title = tr("Personnes mortes ou disparues ", "Dead or missing people ", lang) + mmp["period"]
        subtitle = tr(
            f"Morts et disparus (OIM, estimation minimale) : {fmt.fr_int(mmp['total'])} ; * = année partielle",
            f"Dead and missing (IOM, minimum estimate): {fmt.fr_int(mmp['total'], lang='en')}; * = partial year",
            lang,
        )
        return self._half_patch(mmp, title, subtitle, caption, ["bar", "bar", "scattergeo"])
