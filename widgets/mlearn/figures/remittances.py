"""Remittances received (World Bank WDI): the ranking of countries depends on the denominator.

Reading taught: in current US dollars the big economies lead (France is 4th in 2024); as a share of GDP small
economies lead and Morocco is 34th; per inhabitant the order changes again. World Bank files mix aggregates
(World, regions, income groups) with countries: they are left out of rankings unless the student ticks the box
to see the trap. A missing year is missing, not zero (Libya has no data after 2006).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from mlearn.figures import style
from mlearn.figures.base import Control, FigureView, new_figure
from mlearn.figures.style import SIX, tr

MEASURES = {
    # name: (label fr, label en, axis fr, axis en, title fr, title en)
    "usd": ("US$ courants", "Current US$", "Milliards de dollars US courants", "Billions of current US dollars",
            "en milliards de dollars US courants", "in billions of current US dollars"),
    "pct_pib": ("% du PIB", "% of GDP", "% du PIB (dollars courants / dollars courants)", "% of GDP",
                "en % du PIB", "as % of GDP"),
    "par_habitant": ("Par habitant", "Per inhabitant", "Dollars US courants par habitant",
                     "Current US dollars per inhabitant", "en dollars US courants par habitant",
                     "in current US dollars per inhabitant"),
}  # fmt: skip


def _ordinal(rank: int, lang: str) -> str:
    if lang != "fr":
        return f"#{rank}"
    return "1er" if rank == 1 else f"{rank}e"


def remittance_table(
    indicators, countries, year: int, measure: str, include_aggregates: bool = False, wide=None
):
    """Ranking table for one year: iso3, value (in the measure's unit), rank (1 = highest). Pure pandas.

    ``wide`` (iso3 × indicator for that year) may be passed precomputed.
    """
    if wide is None:
        sub = indicators[
            (indicators["year"] == year)
            & indicators["indicator"].isin(["remittances_received_usd", "gdp_usd", "population"])
        ]
        wide = sub.pivot_table(index="iso3", columns="indicator", values="value", aggfunc="first")
    for col in ("remittances_received_usd", "gdp_usd", "population"):
        if col not in wide:
            wide[col] = np.nan
    if not include_aggregates:
        ok = set(countries.loc[~countries["is_aggregate"].astype(bool), "iso3"])
        wide = wide[wide.index.isin(ok)]
    rem = wide["remittances_received_usd"]
    if measure == "usd":
        value = rem.where(wide["gdp_usd"].notna()) / 1e9
    elif measure == "pct_pib":
        value = 100 * rem / wide["gdp_usd"]
    else:
        value = rem / wide["population"]
    table = value.dropna().rename("value").rename_axis("iso3").reset_index()
    table = table.sort_values(["value", "iso3"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
    table["rank"] = np.arange(1, len(table) + 1)
    return table


class RemittancesView(FigureView):
    """Countries ranked by remittances received: US$, % of GDP or per inhabitant, one year."""

    name = "remittances"
    title_fr = "Envois de fonds reçus : le classement dépend du dénominateur"
    title_en = "Remittances received: the ranking depends on the denominator"
    datasets = ("indicators",)
    lesson_fr = (
        "En dollars, les grandes économies dominent (la France est 4e en 2024) ; rapportés au PIB, le Maroc "
        "passe au 34e rang. Un classement dit toujours « par rapport à quoi ». Les agrégats (Monde, régions) "
        "ne sont pas des pays."
    )
    lesson_en = (
        "In dollars big economies lead; as a share of GDP the order changes. Aggregates are not countries."
    )

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        ind = data.load("indicators")
        self.indicators = ind[ind["indicator"].isin(["remittances_received_usd", "gdp_usd", "population"])]
        self.countries = data.load("countries")[["iso3", "is_aggregate"]]
        rem_years = self.indicators.loc[self.indicators["indicator"] == "remittances_received_usd", "year"]
        self.years = (max(2000, int(rem_years.min())), int(rem_years.max()))
        self.aggregates = set(self.countries.loc[self.countries["is_aggregate"].astype(bool), "iso3"])
        wide = self.indicators.pivot_table(
            index=["year", "iso3"], columns="indicator", values="value", aggfunc="first"
        )
        self._wide = {int(y): g.droplevel(0) for y, g in wide.groupby(level=0)}

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("mesure", "Mesure", "Measure", "toggle", "usd",
                    tuple((tr(v[0], v[1], lang), k) for k, v in MEASURES.items())),
            Control("annee", "Année", "Year", "slider", self.years[1], min=self.years[0], max=self.years[1]),
            Control("top_n", "Nombre de pays", "Number of countries", "slider", 20, min=10, max=40),
            Control("inclure_agregats", "Inclure les agrégats (piège)", "Include aggregates (trap)",
                    "checkbox", False),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        fig = new_figure(
            self.lang, [go.Bar(orientation="h", textposition="outside", cliponaxis=False)], height=720
        )
        fig.update_yaxes(autorange="reversed", type="category",
                         title_text=tr("Pays (rang)", "Country (rank)", self.lang))  # fmt: skip
        # room for the country names of the default ranking (plotly would grow the margin after a first pass)
        fig.update_layout(showlegend=False, margin_r=90, margin_l=240)
        # The country labels push the plot area far right (automargin): a caption starting at its left edge
        # was cut on the right in a 700 px JupyterLab output. Anchored at the right edge of the figure instead,
        # it runs leftwards under the labels.
        fig.update_annotations(selector=dict(name="source"), x=1, xanchor="right", xshift=80)
        return fig

    def ranking(self, year: int, measure: str, aggs: bool):
        """The ranking table of one year and measure (memoised: the top-N slider only cuts it)."""
        key = ("__ranking__", year, measure, aggs)
        if key not in self._cache:
            wide = self._wide.get(year)
            self._cache[key] = (
                None
                if wide is None
                else remittance_table(self.indicators, self.countries, year, measure, aggs, wide=wide.copy())
            )
        return self._cache[key]

    def _rows(self, year: int, measure: str, aggs: bool, table) -> dict:
        """Labels, colours and values of the whole ranking (memoised: the top-N slider only slices them)."""
        key = ("__rows__", year, measure, aggs)
        if key not in self._cache:
            codes = list(table["iso3"])
            self._cache[key] = {
                "codes": codes,
                "values": [float(v) for v in table["value"]],
                "labels": [f"{r}. {n}" for r, n in zip(table["rank"], style.country_names(codes, self.lang),
                                                        strict=True)],
                "colors": [style.HIGHLIGHT if c in SIX else (style.GREY if c in self.aggregates else style.BASE)
                           for c in codes],
                "patterns": ["/" if c in SIX else ("x" if c in self.aggregates else "") for c in codes],
                "six_rows": [i for i, c in enumerate(codes) if c in SIX],
            }  # fmt: skip
        return self._cache[key]

    def _patch(self, s: dict) -> dict:
        lang, measure, year, top_n, aggs = (
            self.lang,
            s["mesure"],
            s["annee"],
            s["top_n"],
            s["inclure_agregats"],
        )
        note = tr(
            "dollars courants (pas d'ajustement pour l'inflation) ; une année absente = donnée manquante, "
            "pas zéro (Libye : pas de données après 2006)",
            "current dollars (no inflation adjustment); a missing year is missing, not zero (Libya: no data "
            "after 2006)",
            lang,
        )
        if aggs:
            note += tr(" ; ATTENTION : agrégats inclus, le classement mélange pays et régions.",
                       "; WARNING: aggregates included, the ranking mixes countries and regions.", lang)  # fmt: skip
        caption = style.sources(*self.datasets, note=note, lang=lang)
        table = self.ranking(year, measure, aggs)
        if table is None or table.empty:
            return self.empty(["bar"], str(year), caption)
        rows = self._rows(year, measure, aggs, table)
        shown = [i for i in range(min(top_n, len(table)))] + [i for i in rows["six_rows"] if i >= top_n]
        labels = [rows["labels"][i] for i in shown]
        colors = [rows["colors"][i] for i in shown]
        patterns = [rows["patterns"][i] for i in shown]
        values = [rows["values"][i] for i in shown]
        codes = [rows["codes"][i] for i in shown]
        decimals = 2 if measure != "par_habitant" else 0
        if measure == "usd":
            texttemplate, hover = (
                "%{x:,.2f}",
                "%{x:,.2f} " + tr("milliards de dollars US", "billion US$", lang),
            )
        elif measure == "pct_pib":
            texttemplate, hover = (
                "%{x:.2f}" + style.PCT,
                "%{x:.2f}" + style.PCT + tr(" du PIB", " of GDP", lang),
            )
        else:
            texttemplate, hover = (
                "%{x:,.0f}",
                "%{x:,.0f} " + tr("dollars US par habitant", "US$ per inhabitant", lang),
            )
        ranks = {rows["codes"][i]: i + 1 for i in rows["six_rows"]}
        ranked = ", ".join(
            f"{style.country_name(c, lang)} {_ordinal(ranks[c], lang)}" for c in SIX if c in ranks
        )
        missing = [style.country_name(c, lang) for c in SIX if c not in ranks]
        subtitle = tr(
            f"Rang parmi {len(table)} {'pays et agrégats' if aggs else 'pays'} : {ranked}",
            f"Rank among {len(table)} {'countries and aggregates' if aggs else 'countries'}: {ranked}",
            lang,
        )
        if missing:
            subtitle += tr(" ; sans donnée : ", "; no data: ", lang) + ", ".join(missing)
        m = MEASURES[measure]
        title = tr(
            f"Envois de fonds personnels reçus, {year} : classement {m[4]}",
            f"Personal remittances received, {year}: ranking {m[5]}",
            lang,
        )
        return {
            "data": [
                {
                    "x": [round(v, decimals + 2) for v in values],
                    "y": labels,
                    "customdata": codes,
                    "marker.color": colors,
                    "marker.pattern.shape": patterns,
                    "texttemplate": texttemplate,
                    "hovertemplate": "<b>%{y}</b><br>" + hover + "<extra></extra>",
                }
            ],
            "layout": {
                "title.text": style.wrap_title(title, subtitle),
                "yaxis.categoryorder": "array",
                "yaxis.categoryarray": labels,
                "xaxis.title.text": tr(m[2], m[3], lang),
                "xaxis.ticksuffix": style.PCT if measure == "pct_pib" else "",
                "xaxis.tickformat": ",.0f" if measure == "par_habitant" else ",",
            },
            "caption": caption,
            "message": None,
        }
