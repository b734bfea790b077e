"""Counts, rates and shares; and the misleading-chart detective.

Readings taught:
- *rates vs counts*: the same indicator as a count, a rate per inhabitant of the origin country and a share
  of the total: Morocco and Egypt have about as many first-time asylum applicants in the EU27 in 2023, but
  Egypt's rate per 100 000 inhabitants is 3.4 times lower. Always state the denominator.
- *misleading charts*: one honest chart (Frontex detections on the Central Mediterranean route) and five
  classic distortions to switch on — truncated axis, cherry-picked years, dual axis, stock/flow confusion,
  alarmist title — each with its explanation and the honest reading.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mlearn import fmt
from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, new_figure
from mlearn.figures.style import SIX, tr

INDICATORS = {
    "asile": ("Primo-demandeurs d'asile dans l'UE27 (Eurostat)", "First-time asylum applicants in the EU27"),
    "emigres": ("Personnes nées dans le pays vivant à l'étranger (ONU DAES)", "Emigrants (UN DESA)"),
}


class RatesVsCountsView(FigureView):
    """The six countries ranked three ways: count, rate per inhabitant of the origin, share of the total."""

    name = "rates_vs_counts"
    title_fr = "Taux ou effectifs ? Le classement change avec le dénominateur"
    title_en = "Rates or counts? The ranking changes with the denominator"
    datasets = ("asylum_first_time_eu", "migrant_stock", "indicators")
    lesson_fr = (
        "En effectifs, le Maroc et l'Égypte se ressemblent ; rapporté à la population du pays d'origine, le taux "
        "de l'Égypte est plus de trois fois plus faible. La part dans le total suit les effectifs : seul un "
        "dénominateur de population change la conclusion. Toujours dire « pour 100 000 quoi »."
    )
    lesson_en = "Counts and rates rank countries differently: always state the denominator."

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        eu = data.load("asylum_first_time_eu")
        eu = eu[(eu["reporting"] == "EU27") & (eu["sex"] == "total")]
        self.asylum = eu.groupby(["year", "citizenship_iso3"])["applicants"].sum()
        self.asylum_all = self.asylum.groupby(level=0).sum()  # every citizenship: denominator of the share
        stock = data.load("migrant_stock")
        stock = stock[(stock["sex"] == "total") & (stock["origin_iso3"] != stock["destination_iso3"])]
        self.emigrants = stock.groupby(["year", "origin_iso3"])["migrants"].sum()
        self.emigrants_all = stock.groupby("year")["migrants"].sum()
        ind = data.load("indicators")
        pop = ind[ind["indicator"] == "population"]
        self.population = pop.set_index(["year", "iso3"])["value"]
        pop_years = set(pop["year"])
        self.years = {
            "asile": sorted(int(y) for y in self.asylum.index.get_level_values(0).unique() if y in pop_years),
            "emigres": sorted(
                int(y) for y in self.emigrants.index.get_level_values(0).unique() if y in pop_years
            ),
        }

    def options(self, name: str, state: dict) -> tuple:
        if name == "annee":
            return tuple((str(y), y) for y in self.years[state.get("indicateur", "asile")])
        return super().options(name, state)

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("indicateur", "Indicateur", "Indicator", "dropdown", "asile",
                    tuple((tr(fr, en, lang), k) for k, (fr, en) in INDICATORS.items())),
            Control("annee", "Année", "Year", "dropdown", 2023, tuple((str(y), y) for y in self.years["asile"]),
                    depends_on=("indicateur",)),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        lang = self.lang
        fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.12)
        colors = [style.OKABE_ITO["blue"], style.OKABE_ITO["green"], style.OKABE_ITO["orange"]]
        for col, color in enumerate(colors, start=1):
            fig.add_trace(
                go.Bar(orientation="h", marker_color=color, textposition="auto", showlegend=False,
                       hovertemplate="<b>%{y}</b> : %{customdata}<extra></extra>"),
                row=1, col=col,
            )  # fmt: skip
        new_figure(lang, [], fig=fig, height=540, bottom=160)
        for col in (1, 2, 3):
            fig.update_yaxes(autorange="reversed", type="category", row=1, col=col)
        fig.update_xaxes(rangemode="tozero", tickformat=",")
        return fig

    def table(self, indicateur: str, annee: int) -> pd.DataFrame:
        """count, rate and share for the six countries (NaN where a value is missing)."""
        if indicateur == "asile":
            counts, total, per = self.asylum, self.asylum_all, 1e5
        else:
            counts, total, per = self.emigrants, self.emigrants_all, 100.0
        rows = []
        for iso3 in SIX:
            count = counts.get((annee, iso3), np.nan)
            pop = self.population.get((annee, iso3), np.nan)
            rows.append({"iso3": iso3, "count": float(count), "rate": per * count / pop if pop else np.nan,
                         "share": 100 * count / total.get(annee, np.nan)})  # fmt: skip
        return pd.DataFrame(rows).set_index("iso3")

    def _patch(self, s: dict) -> dict:
        lang, ind, year = self.lang, s["indicateur"], s["annee"]
        datasets = (
            ("asylum_first_time_eu", "indicators") if ind == "asile" else ("migrant_stock", "indicators")
        )
        note = tr(
            "dénominateur du taux : population totale du pays d'origine (Banque mondiale, même année) ; "
            "part : dans le total de toutes les nationalités / de tous les pays d'origine.",
            "rate denominator: total population of the origin country (World Bank, same year); share: of the "
            "total for all origins.",
            lang,
        )
        if ind == "asile":
            note += tr(" Primo-demandeurs arrondis à 5.", " First-time applicants rounded to 5.", lang)
        caption = style.sources(*datasets, note=note, lang=lang)
        table = self.table(ind, year).dropna(subset=["count"])
        if table.empty:
            return self.empty(["bar"] * 3, f"{tr(*INDICATORS[ind], lang)}, {year}", caption)
        if ind == "asile":
            heads = (tr("Effectif (personnes)", "Count (people)", lang),
                     tr("Pour 100 000 habitants du pays d'origine", "Per 100,000 inhabitants of origin", lang),
                     tr("% de toutes les nationalités", "% of all citizenships", lang))  # fmt: skip
            rate_fmt = lambda v: fmt.fr_num(v, 2, lang=lang) + tr(" pour 100 000 hab.", " per 100,000", lang)  # noqa: E731
        else:
            heads = (tr("Effectif (personnes)", "Count (people)", lang),
                     tr("% de la population du pays d'origine", "% of the origin's population", lang),
                     tr("% du stock mondial de migrants", "% of the world migrant stock", lang))  # fmt: skip
            rate_fmt = lambda v: fmt.fr_pct(v, 2, lang=lang)  # noqa: E731
        data, layout = [], {}
        formats = (lambda v: fmt.fr_int(v, lang=lang) + tr(" personnes", " people", lang), rate_fmt,
                   lambda v: fmt.fr_pct(v, 2, lang=lang))  # fmt: skip
        texts = ("%{x:,.0f}", "%{x:,.2f}", "%{x:.2f}" + style.PCT)
        orders = {}
        for i, (col, head) in enumerate(zip(("count", "rate", "share"), heads, strict=True)):
            sub = table[col].dropna().sort_values(ascending=False, kind="stable")
            orders[col] = list(sub.index)
            data.append({"x": [round(float(v), 4) for v in sub], "y": style.country_names(sub.index, lang),
                         "customdata": [formats[i](v) for v in sub], "texttemplate": texts[i]})  # fmt: skip
            axis = "xaxis" if i == 0 else f"xaxis{i + 1}"
            layout[f"{axis}.title.text"] = style.wrap(head, 26)  # three panels side by side: short lines
            yaxis = "yaxis" if i == 0 else f"yaxis{i + 1}"
            layout[f"{yaxis}.categoryorder"] = "array"
            layout[f"{yaxis}.categoryarray"] = data[-1]["y"]
        flipped = orders["count"] != orders["rate"]
        first_count, first_rate = (style.country_name(orders[c][0], lang) for c in ("count", "rate"))
        title = tr(
            f"{INDICATORS[ind][0]}, {year} : effectif, taux et part",
            f"{INDICATORS[ind][1]}, {year}: count, rate and share",
            lang,
        )
        subtitle = tr(
            f"En tête : {first_count} en effectif, {first_rate} en taux"
            + (" — le classement change avec le dénominateur" if flipped else ""),
            f"First: {first_count} by count, {first_rate} by rate"
            + (" — the ranking flips" if flipped else ""),
            lang,
        )
        layout["title.text"] = style.wrap_title(title, subtitle)
        return {"data": data, "layout": layout, "caption": caption, "message": None}


# ------------------------------------------------------------------------------------------------------------------
PITFALLS = ("axe_tronque", "annees_choisies", "double_axe", "cumul", "titre_alarmiste")
ROUTE = "Central Mediterranean Route"
MMP_ROUTE = "Central Mediterranean"


class MisleadingChartsView(FigureView):
    """Frontex detections on the Central Mediterranean route, honest, then distorted one toggle at a time."""

    name = "misleading_charts"
    title_fr = "Le détective des graphiques trompeurs"
    title_en = "The misleading-chart detective"
    datasets = ("border_detections", "missing_migrants")
    lesson_fr = (
        "Un graphique honnête part de zéro, montre toutes les années, n'utilise qu'une échelle, distingue "
        "flux (par an) et stock (à une date) et titre avec l'indicateur, le lieu, la date et l'unité."
    )
    lesson_en = (
        "An honest chart starts at zero, shows every year, uses one scale, separates flows and stocks."
    )

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        fx = data.load("border_detections")
        fx = fx[fx["route"] == ROUTE]
        years = pd.to_datetime(fx["month"]).dt.year
        last = pd.to_datetime(fx["month"]).max()
        full = years <= (last.year if last.month == 12 else last.year - 1)
        annual = fx[full].groupby(years[full])["detections"].sum()
        self.detections = annual[annual.index >= 2014]
        mmp = data.load("missing_migrants")
        mmp = mmp[(mmp["route"] == MMP_ROUTE) & mmp["year"].notna()]
        deaths = mmp.groupby(mmp["year"].astype(int))["dead_and_missing"].sum()
        self.deaths = deaths.reindex(self.detections.index)
        growth = self.detections.diff()
        y1 = int(growth.idxmax())  # the biggest one-year rise (2022→2023): what a cherry-picker would show
        self.pair = (y1 - 1, y1)

    def controls(self) -> list[Control]:
        labels = {
            "axe_tronque": ("Axe tronqué (ne part pas de zéro)", "Truncated axis"),
            "annees_choisies": ("Années choisies (2 ans seulement)", "Cherry-picked years"),
            "double_axe": ("Double axe (décès sur une 2e échelle)", "Dual axis"),
            "cumul": ("Cumul présenté comme un stock", "Cumulative shown as a stock"),
            "titre_alarmiste": ("Titre alarmiste", "Alarmist title"),
        }
        return [Control(k, fr, en, "checkbox", False) for k, (fr, en) in labels.items()]

    def skeleton(self) -> go.Figure:
        lang = self.lang
        fig = make_subplots(specs=[[{"secondary_y": True}]])
        fig.add_trace(go.Bar(name=tr("Détections", "Detections", lang), marker_color=style.OKABE_ITO["blue"],
                             texttemplate="%{y:,.0f}", textposition="outside", cliponaxis=False,
                             hovertemplate="%{x} : %{y:,.0f}<extra></extra>"), secondary_y=False)  # fmt: skip
        fig.add_trace(go.Scatter(name=tr("Morts et disparus (OIM)", "Dead and missing (IOM)", lang),
                                 mode="lines+markers", line=dict(color=style.OKABE_ITO["black"], width=3),
                                 hovertemplate="%{x} : %{y:,.0f}<extra></extra>"), secondary_y=True)  # fmt: skip
        new_figure(lang, [], fig=fig, height=540)
        fig.update_xaxes(type="category", title_text=tr("Année", "Year", lang))
        fig.update_yaxes(tickformat=",.0f")
        return fig

    def explanations(self, s: dict) -> list[tuple[str, str]]:
        """(pitfall, explanation) for every pitfall switched on, with the numbers of this chart."""
        lang = self.lang
        y0, y1 = self.pair
        a, b = self.detections[y0], self.detections[y1]
        base = self._baseline(s)
        out = []
        if s["axe_tronque"]:
            visual = (b - base) / (a - base) if a > base else float("nan")
            out.append(
                (
                    tr("Axe tronqué", "Truncated axis", lang),
                    tr(
                        f"L'axe commence à {fmt.fr_int(base)} : entre {y0} et {y1}, la barre paraît {fmt.fr_num(visual, 2)} "
                        f"fois plus haute alors que les détections sont multipliées par {fmt.fr_num(b / a, 2)}.",
                        f"The axis starts at {fmt.fr_int(base, lang='en')}: the {y1} bar looks {fmt.fr_num(visual, 2, 'en')} "
                        f"times the {y0} one, while detections grew {fmt.fr_num(b / a, 2, 'en')} times.",
                        lang,
                    ),
                )
            )
        if s["annees_choisies"]:
            out.append(
                (
                    tr("Années choisies", "Cherry-picked years", lang),
                    tr(
                        f"Seules {y0} et {y1} (la plus forte hausse d'une année sur l'autre) sont montrées : la baisse "
                        "des autres années disparaît.",
                        f"Only {y0} and {y1} (the biggest rise) are shown.",
                        lang,
                    ),
                )
            )
        if s["double_axe"]:
            out.append(
                (
                    tr("Double axe", "Dual axis", lang),
                    tr(
                        "Deux échelles choisies librement font croire à un lien entre deux séries issues de systèmes "
                        "différents (Frontex, OIM) ; on peut leur faire dire ce que l'on veut.",
                        "Two freely chosen scales suggest a link between two series from different systems.",
                        lang,
                    ),
                )
            )
        if s["cumul"]:
            out.append(
                (
                    tr("Stock et flux confondus", "Stock vs flow", lang),
                    tr(
                        "Le cumul des détections annuelles n'est pas un nombre de personnes présentes : ce sont des "
                        "événements (une personne peut être détectée plusieurs fois), et des personnes repartent, "
                        "obtiennent un titre de séjour ou décèdent.",
                        "Summing yearly detections does not give a number of people present.",
                        lang,
                    ),
                )
            )
        if s["titre_alarmiste"]:
            out.append(
                (
                    tr("Titre alarmiste", "Alarmist title", lang),
                    tr(
                        "Les métaphores de l'eau ou de la guerre et les mots « explosion », « débordée » déshumanisent "
                        "et exagèrent ; un titre dit l'indicateur, le lieu, la période et l'unité.",
                        "Water and war metaphors dehumanise and exaggerate; a title states indicator, place, "
                        "period and unit.",
                        lang,
                    ),
                )
            )
        return out

    def _baseline(self, s: dict) -> float:
        values = self._values(s)[1]
        low = min(values) if len(values) else 0
        if low <= 0:
            return 0.0
        magnitude = 10 ** np.floor(np.log10(low))  # the round number just below the lowest bar
        return float(np.floor(low / magnitude) * magnitude)

    def _values(self, s: dict):
        series = self.detections
        if s["annees_choisies"]:
            series = series.loc[list(self.pair)]
        values = series.cumsum() if s["cumul"] else series
        return [str(y) for y in values.index], [int(v) for v in values]

    def _patch(self, s: dict) -> dict:
        lang = self.lang
        x, y = self._values(s)
        deaths = self.deaths.reindex([int(v) for v in x])
        on = [p for p in PITFALLS if s[p]]
        if s["titre_alarmiste"]:
            title = tr("« Explosion des arrivées : l'Europe débordée » (titre trompeur, à ne pas suivre)",
                       "“Arrivals explode: Europe overwhelmed” (misleading title, do not use)", lang)  # fmt: skip
        else:
            title = tr(
                f"Franchissements irréguliers détectés sur la route de la Méditerranée centrale, {x[0]}–{x[-1]} "
                f"({'cumul' if s['cumul'] else 'détections par an'})",
                f"Irregular crossings detected on the Central Mediterranean route, {x[0]}–{x[-1]} "
                f"({'cumulative' if s['cumul'] else 'detections per year'})",
                lang,
            )
        y_title = (tr("Migrants présents en Europe (faux : cumul de détections)",
                      "Migrants present in Europe (wrong: cumulated detections)", lang) if s["cumul"]
                   else tr("Détections par an (et non personnes)", "Detections per year (not people)", lang))  # fmt: skip
        layout = {
            "title.text": style.wrap_title(
                title,
                tr(
                    f"Pièges activés : {len(on)} sur 5" if on else "Version honnête : aucun piège activé",
                    f"Pitfalls on: {len(on)} of 5" if on else "Honest version: no pitfall",
                    lang,
                ),
            ),  # fmt: skip
            "yaxis.title.text": y_title,
            "xaxis.categoryorder": "array",
            "xaxis.categoryarray": x,
            "yaxis.range": [self._baseline(s), max(y) * 1.08] if s["axe_tronque"] else [0, max(y) * 1.12],
            "yaxis2.visible": bool(s["double_axe"]),
            "yaxis2.title.text": tr("Morts et disparus", "Dead and missing", lang) if s["double_axe"] else "",
            "yaxis2.range": [0.9 * float(np.nanmin(deaths)), float(np.nanmax(deaths)) * 1.02]
            if s["double_axe"] and deaths.notna().any()
            else None,  # fmt: skip
        }
        note = tr("version honnête : ne cocher aucune case", "honest version: untick every box", lang)
        caption = style.sources(
            *(self.datasets if s["double_axe"] else self.datasets[:1]), note=note, lang=lang
        )
        items = self.explanations(s)
        if items:
            body = "".join(f"<li><b>{name}</b>{style.NNBSP}: {text}</li>" for name, text in items)
            html = f"<ul style='margin:0.2em 0'>{body}</ul>"
        else:
            html = tr("<p>Graphique honnête : axe à zéro, toutes les années complètes, une seule échelle, flux "
                      "annuels, titre descriptif. Cochez une case pour voir un piège.</p>",
                      "<p>Honest chart. Tick a box to see a pitfall.</p>", lang)  # fmt: skip
        return {
            "data": [
                {"x": x, "y": y},
                {
                    "x": x if s["double_axe"] else [],
                    "y": [None if pd.isna(v) else int(v) for v in deaths] if s["double_axe"] else [],
                    "visible": bool(s["double_axe"]),
                },
            ],  # fmt: skip
            "layout": layout,
            "caption": caption,
            "message": None,
            "html": html,
        }
