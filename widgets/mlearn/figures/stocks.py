"""Migrant stocks (UN DESA International Migrant Stock): corridors, sex structure over time, editions.

Readings taught:
- *corridors*: "migrants" are not one group — each country has its own destinations (Europe for the Maghreb,
  the Gulf for Egypt, West Africa for Mauritania) and its own share of women;
- *stocks by sex*: about half of Moroccan and Algerian emigrants are women; a stock is a number of people at
  mid-year (1 July) of 8 reference years, not a flow of arrivals, and is never interpolated;
- *revisions*: the 2020 and 2024 editions disagree for the same year; splicing them fakes a jump.

All counts are stocks on 1 July; ``total`` = female + male (the source has no both-sexes rows).
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

SEX_LABELS = {
    "total": ("femmes et hommes", "women and men"),
    "female": ("femmes", "women"),
    "male": ("hommes", "men"),
}
BASIS_LABELS = {
    "birthplace": ("lieu de naissance (personnes nées à l'étranger)", "place of birth (foreign-born)"),
    "citizenship": ("nationalité (personnes de nationalité étrangère)", "citizenship (foreign citizens)"),
    "birthplace_and_citizenship": ("lieu de naissance et nationalité", "place of birth and citizenship"),
    "imputed": ("estimation imputée (pas de donnée nationale)", "imputed estimate (no national data)"),
}


def _sex_label(sex: str, lang: str) -> str:
    fr, en = SEX_LABELS[sex]
    return fr if lang == "fr" else en


def _basis_label(basis, lang: str) -> str:
    pair = BASIS_LABELS.get(str(basis))
    if pair is None:
        return tr("non précisée (estimation imputée)", "not stated (imputed estimate)", lang)
    return pair[0] if lang == "fr" else pair[1]


def _country_options(lang: str) -> tuple:
    return tuple((style.country_name(c, lang), c) for c in SIX)


def _mid_year(year: int, lang: str) -> str:
    return f"mi-{year}" if lang == "fr" else f"mid-{year}"


def _wide_stock(stock: pd.DataFrame, mask) -> pd.DataFrame:
    """year × origin × destination rows, columns female / male / total (NaN = not estimated)."""
    sub = stock.loc[mask, ["year", "origin_iso3", "destination_iso3", "sex", "migrants"]]
    wide = sub.set_index(["year", "origin_iso3", "destination_iso3", "sex"])["migrants"].unstack("sex")
    for sex in ("female", "male", "total"):
        if sex not in wide:
            wide[sex] = np.nan
    missing_total = wide["total"].isna()
    wide.loc[missing_total, "total"] = wide.loc[missing_total, ["female", "male"]].sum(axis=1, min_count=2)
    return wide[["female", "male", "total"]].astype(float)


def _women_share(female, male):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((female + male) > 0, 100.0 * female / (female + male), np.nan)


def _round_list(values, decimals=None) -> list:
    arr = np.asarray(values, dtype=float)
    if decimals is not None:
        arr = np.round(arr, decimals)
    return [None if np.isnan(v) else (float(v) if decimals is not None else int(v)) for v in arr]


# ----------------------------------------------------------------------------------------------------------------
class CorridorsView(FigureView):
    """Top destinations (or origins) of one North African country, one reference year, one sex."""

    name = "corridors"
    title_fr = "Corridors migratoires"
    title_en = "Migration corridors"
    datasets = ("migrant_stock",)
    lesson_fr = (
        "Les « migrants » ne forment pas un seul groupe : chaque pays a ses propres destinations et sa propre "
        "part de femmes. Un stock compte des personnes présentes au 1er juillet, et non des arrivées récentes."
    )
    lesson_en = "“Migrants” are not one group: each country has its own corridors and its own share of women."

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        stock = data.load("migrant_stock")
        mask = stock["origin_iso3"].isin(SIX) | stock["destination_iso3"].isin(SIX)
        self.wide = _wide_stock(stock, mask)
        basis = stock.loc[mask].drop_duplicates(["year", "destination_iso3"])
        keys = zip(basis["year"], basis["destination_iso3"], strict=True)
        self.basis = dict(zip(keys, basis["basis"], strict=True))
        self.years = sorted(int(y) for y in stock["year"].unique())
        flat = self.wide.reset_index()
        self._origin_rows = flat.groupby(["origin_iso3", "year"]).indices
        self._dest_rows = flat.groupby(["destination_iso3", "year"]).indices
        # plain numpy columns: a control change slices arrays, no pandas overhead
        self._cols = {
            c: flat[c].to_numpy() for c in ("origin_iso3", "destination_iso3", "female", "male", "total")
        }

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("pays", "Pays", "Country", "dropdown", "MAR", _country_options(lang)),
            Control(
                "sens",
                "Lecture",
                "Reading",
                "toggle",
                "origine",
                (
                    (tr("Nés dans le pays, vivant ailleurs", "Born there, living abroad", lang), "origine"),
                    (
                        tr("Vivant dans le pays, nés ailleurs", "Living there, born abroad", lang),
                        "destination",
                    ),
                ),
            ),
            Control(
                "annee",
                "Année (mi-année)",
                "Year (mid-year)",
                "select_slider",
                self.years[-1],
                tuple((str(y), y) for y in self.years),
            ),  # fmt: skip
            Control(
                "sexe",
                "Sexe",
                "Sex",
                "toggle",
                "total",
                tuple((_sex_label(s, lang).capitalize(), s) for s in ("total", "female", "male")),
            ),  # fmt: skip
            Control("top_n", "Nombre de pays", "Number of countries", "slider", 10, min=5, max=20),
        ]

    def skeleton(self) -> go.Figure:
        lang = self.lang
        fig = make_subplots(
            rows=1, cols=2, shared_yaxes=True, column_widths=[0.68, 0.32], horizontal_spacing=0.03
        )
        fig.add_trace(
            go.Bar(orientation="h", name=tr("Effectif (personnes)", "Number of people", lang),
                   marker_color=style.SEX_COLORS["total"], texttemplate="%{x:,.0f}", textposition="auto",
                   hovertemplate="<b>%{y}</b><br>%{x:,.0f} " + tr("personnes", "people", lang)
                   + "<br>%{customdata}<extra></extra>"),
            row=1, col=1,
        )  # fmt: skip
        fig.add_trace(
            go.Bar(orientation="h", name=tr("Part des femmes (%)", "Share of women (%)", lang),
                   marker_color=style.SEX_COLORS["female"], marker_pattern_shape="",
                   texttemplate="%{x:.1f}" + style.PCT, textposition="auto",
                   hovertemplate="<b>%{y}</b><br>" + tr("Part des femmes", "Share of women", lang)
                   + " : %{x:.1f}" + style.PCT + "<extra></extra>"),
            row=1, col=2,
        )  # fmt: skip
        new_figure(lang, [], fig=fig, height=560)
        fig.update_yaxes(autorange="reversed", type="category", row=1, col=1)
        fig.update_xaxes(tickformat=",.0f", row=1, col=1)
        fig.update_xaxes(range=[0, 100], ticksuffix=style.PCT, row=1, col=2,
                         title_text=tr("Part des femmes (%)", "Share of women (%)", lang))  # fmt: skip
        fig.update_layout(showlegend=False)
        return fig

    def table(self, pays: str, sens: str, annee: int) -> dict[str, np.ndarray]:
        """Partners of ``pays`` in ``annee``: arrays partner, female, male, total (unsorted; NaN = not estimated)."""
        rows = (self._origin_rows if sens == "origine" else self._dest_rows).get((pays, annee))
        partner_col = "destination_iso3" if sens == "origine" else "origin_iso3"
        if rows is None:
            rows = np.array([], dtype=int)
        partner = self._cols[partner_col][rows]
        keep = rows[partner != pays]
        out = {k: self._cols[k][keep] for k in ("female", "male", "total")}
        out["partner"] = self._cols[partner_col][keep]
        return out

    def _patch(self, s: dict) -> dict:
        lang, pays, sens, annee, sexe, top_n = (
            self.lang,
            s["pays"],
            s["sens"],
            s["annee"],
            s["sexe"],
            s["top_n"],
        )
        caption_note = tr(
            "stock = personnes présentes au 1er juillet, et non arrivées ; total = femmes + hommes ; "
            "une ligne absente signifie « non estimé », pas zéro.",
            "stock = people present on 1 July, not arrivals; total = women + men; a missing row means "
            "“not estimated”, not zero.",
            lang,
        )
        if sens == "destination":
            caption_note += tr(" Base du pays : ", " Country basis: ", lang) + _basis_label(
                self.basis.get((annee, pays)), lang
            )
        caption = style.sources(*self.datasets, note=caption_note, lang=lang)
        table = self.table(pays, sens, annee)
        values = table[sexe]
        valid = np.flatnonzero(~np.isnan(values))
        where = style.country_name(pays, lang)
        if valid.size == 0 or np.nansum(values) == 0:
            return self.empty(["bar", "bar"], f"{where}, {annee}, {_sex_label(sexe, lang)}", caption)
        order = valid[np.argsort(-values[valid], kind="stable")][:top_n]
        partners = table["partner"][order]
        names = style.country_names(partners, lang)
        female, male = table["female"][order], table["male"][order]
        share = _women_share(female, male)
        if sens == "origine":
            hover = [
                tr("Base du pays de résidence : ", "Basis of the country of residence: ", lang)
                + _basis_label(self.basis.get((annee, p)), lang)
                for p in partners
            ]
        else:
            hover = [tr("Pays de naissance", "Country of birth", lang)] * len(order)
        all_f, all_m = np.nansum(table["female"]), np.nansum(table["male"])
        overall = 100 * all_f / (all_f + all_m) if (all_f + all_m) else np.nan
        total_all = np.nansum(values)
        n = len(order)
        if sens == "origine":
            title = tr(
                f"Personnes nées {style.in_country(pays, 'fr')} vivant à l'étranger : "
                f"{n} principaux pays de résidence, {_mid_year(annee, 'fr')}",
                f"People born {style.in_country(pays, 'en')} living abroad: top {n} countries of "
                f"residence, {_mid_year(annee, 'en')}",
                lang,
            )
            axis = tr("Pays de résidence", "Country of residence", lang)
        else:
            title = tr(
                f"Migrants internationaux {style.in_country(pays, 'fr')} : {n} principaux pays "
                f"d'origine, {_mid_year(annee, 'fr')}",
                f"International migrants {style.in_country(pays, 'en')}: top {n} countries of origin, "
                f"{_mid_year(annee, 'en')}",
                lang,
            )
            axis = tr("Pays d'origine", "Country of origin", lang)
        subtitle = tr(
            f"Effectifs ({_sex_label(sexe, 'fr')}, personnes) ; ensemble des pays : {fmt.fr_int(total_all)} "
            f"personnes, dont {fmt.fr_pct(overall)} de femmes",
            f"Number of people ({_sex_label(sexe, 'en')}); all countries: {fmt.fr_int(total_all, lang='en')} "
            f"people, {fmt.fr_pct(overall, lang='en')} women",
            lang,
        )
        layout = {
            "title.text": style.wrap_title(title, subtitle),
            "xaxis.title.text": tr(
                f"Effectif ({_sex_label(sexe, 'fr')}, personnes)", f"Number of {_sex_label(sexe, 'en')}", lang
            ),
            "yaxis.title.text": axis,
            # explicit category lists: after an update, plotly.js would otherwise keep the old categories
            "yaxis.categoryorder": "array",
            "yaxis.categoryarray": names,
            "yaxis2.categoryorder": "array",
            "yaxis2.categoryarray": names,
        }
        return {
            "data": [
                {
                    "x": _round_list(values[order]),
                    "y": names,
                    "customdata": hover,
                    "marker.color": style.SEX_COLORS[sexe],
                    "marker.pattern.shape": style.SEX_PATTERNS[sexe],
                },
                {"x": _round_list(share, 2), "y": names},
            ],  # fmt: skip
            "layout": layout,
            "caption": caption,
            "message": None,
        }


# ----------------------------------------------------------------------------------------------------------------
class StocksBySexView(FigureView):
    """Women and men in a country's emigrant (or immigrant) stock, 1990–2024, with the share of women."""

    name = "stocks_by_sex"
    title_fr = "Stocks de migrants par sexe, 1990–2024"
    title_en = "Migrant stocks by sex, 1990–2024"
    datasets = ("migrant_stock",)
    lesson_fr = (
        "Près de la moitié des personnes nées au Maroc ou en Algérie qui vivent à l'étranger sont des femmes ; "
        "la prédominance masculine tient à certains canaux (travail dans le Golfe, asile, traversées). "
        "Les 8 années de référence ne sont pas interpolées."
    )
    lesson_en = "About half of Moroccan- and Algerian-born emigrants are women; only 8 reference years exist."

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        stock = data.load("migrant_stock")
        self.years = sorted(int(y) for y in stock["year"].unique())
        mask = stock["origin_iso3"].isin(SIX) | stock["destination_iso3"].isin(SIX)
        wide = _wide_stock(stock, mask).reset_index()
        by_origin = wide[wide["origin_iso3"].isin(SIX) & (wide["destination_iso3"] != wide["origin_iso3"])]
        by_dest = wide[wide["destination_iso3"].isin(SIX) & (wide["destination_iso3"] != wide["origin_iso3"])]
        cols = ["female", "male", "total"]
        self.series = {
            "origine": by_origin.groupby(["origin_iso3", "year"])[cols].sum(min_count=1),
            "destination": by_dest.groupby(["destination_iso3", "year"])[cols].sum(min_count=1),
        }

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("pays", "Pays", "Country", "dropdown", "MAR", _country_options(lang)),
            Control("sens", "Lecture", "Reading", "toggle", "origine", (
                (tr("Émigrés (nés dans le pays)", "Emigrants (born there)", lang), "origine"),
                (tr("Immigrés (vivant dans le pays)", "Immigrants (living there)", lang), "destination"),
            )),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        lang = self.lang
        fig = make_subplots(
            rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06
        )
        for sex in ("female", "male"):
            label = _sex_label(sex, lang).capitalize()
            fig.add_trace(
                go.Bar(name=label, marker_color=style.SEX_COLORS[sex],
                       marker_pattern_shape=style.SEX_PATTERNS[sex],
                       hovertemplate=f"<b>{label}</b>, " + "%{x}<br>%{y:,.0f} "
                       + tr("personnes", "people", lang) + "<extra></extra>"),
                row=1, col=1,
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(mode="lines+markers+text", name=tr("Part des femmes", "Share of women", lang),
                       line=dict(color=style.SEX_COLORS["female"], dash="dot"), marker=dict(size=9),
                       texttemplate="%{y:.1f}" + style.PCT, textposition="top center",
                       hovertemplate="%{x} : %{y:.1f}" + style.PCT + "<extra></extra>"),
            row=2, col=1,
        )  # fmt: skip
        new_figure(lang, [], fig=fig, height=600, bottom=120)
        fig.update_layout(barmode="group")
        fig.update_xaxes(type="category")
        fig.update_yaxes(tickformat=",.0f", rangemode="tozero", row=1, col=1,
                         title_text=tr("Personnes", "People", lang))  # fmt: skip
        fig.update_yaxes(range=[0, 100], ticksuffix=style.PCT, row=2, col=1,
                         title_text=tr("% de femmes", "% women", lang))  # fmt: skip
        fig.update_xaxes(title_text=tr("Année de référence (1er juillet)", "Reference year (1 July)", lang),
                         row=2, col=1)  # fmt: skip
        return fig

    def _patch(self, s: dict) -> dict:
        lang, pays, sens = self.lang, s["pays"], s["sens"]
        caption = style.sources(*self.datasets, note=tr(
            "stocks au 1er juillet des 8 années de référence (pas d'interpolation) ; total = femmes + hommes.",
            "stocks on 1 July of the 8 reference years (no interpolation); total = women + men.", lang), lang=lang)  # fmt: skip
        table = self.series[sens]
        if pays not in table.index.get_level_values(0):
            return self.empty(["bar", "bar", "scatter"], style.country_name(pays, lang), caption)
        sub = table.loc[pays].reindex(self.years)
        years = [str(y) for y in sub.index]
        share = _women_share(sub["female"].to_numpy(), sub["male"].to_numpy())
        if sens == "origine":
            title = tr(f"Personnes nées {style.in_country(pays, 'fr')} vivant à l'étranger, par sexe, 1990–2024",
                       f"People born {style.in_country(pays, 'en')} living abroad, by sex, 1990–2024", lang)  # fmt: skip
        else:
            title = tr(f"Migrants internationaux {style.in_country(pays, 'fr')}, par sexe, 1990–2024",
                       f"International migrants {style.in_country(pays, 'en')}, by sex, 1990–2024", lang)  # fmt: skip
        last = sub.iloc[-1]
        subtitle = tr(
            f"Effectifs au 1er juillet (personnes) ; {self.years[-1]} : {fmt.fr_int(last['total'])} personnes, "
            f"dont {fmt.fr_pct(share[-1])} de femmes",
            f"People on 1 July; {self.years[-1]}: {fmt.fr_int(last['total'], lang='en')}, "
            f"{fmt.fr_pct(share[-1], lang='en')} women",
            lang,
        )
        return {
            "data": [
                {"x": years, "y": _round_list(sub["female"])},
                {"x": years, "y": _round_list(sub["male"])},
                {"x": years, "y": _round_list(share, 2)},
            ],
            "layout": {"title.text": style.wrap_title(title, subtitle)},
            "caption": caption,
            "message": None,
        }


# ----------------------------------------------------------------------------------------------------------------
class RevisionsView(FigureView):
    """The same corridor in the 2020 and 2024 editions of UN DESA, and the fake series made by splicing them."""

    name = "revisions"
    title_fr = "Révisions : éditions 2020 et 2024 de l'ONU DAES"
    title_en = "Revisions: UN DESA 2020 and 2024 editions"
    datasets = ("migrant_stock", "migrant_stock_2020_edition")
    lesson_fr = (
        "Chaque édition révise toute la série : on compare des années d'une même édition, jamais une valeur "
        "de l'édition 2020 avec une valeur de l'édition 2024 (raccorder deux éditions crée un faux saut)."
    )
    lesson_en = "Each edition revises the whole series: never splice two editions."

    WORLD = "WLD"

    def __init__(self, lang: str = "fr"):
        super().__init__(lang)
        from mlearn import data

        self.series = {}
        for edition, name in ((2024, "migrant_stock"), (2020, "migrant_stock_2020_edition")):
            stock = data.load(name)
            sub = stock[stock["origin_iso3"].isin(SIX) & (stock["sex"] == "total")]
            sub = sub[sub["destination_iso3"] != sub["origin_iso3"]]
            by_dest = sub.groupby(["origin_iso3", "destination_iso3", "year"])["migrants"].sum()
            world = sub.groupby(["origin_iso3", "year"])["migrants"].sum()
            world.index = pd.MultiIndex.from_arrays(
                [world.index.get_level_values(0), [self.WORLD] * len(world), world.index.get_level_values(1)],
                names=["origin_iso3", "destination_iso3", "year"],
            )
            self.series[edition] = pd.concat([by_dest, world]).sort_index()
        both = self.series[2024].reset_index()
        # destinations offered for an origin: present in both editions, biggest first (2024 edition, 2020)
        ref = both[both["year"] == 2020].sort_values("migrants", ascending=False)
        in_2020 = set(self.series[2020].index.droplevel("year"))
        self._destinations = {
            o: [d for d in ref.loc[ref["origin_iso3"] == o, "destination_iso3"] if (o, d) in in_2020][:40]
            for o in SIX
        }

    def options(self, name: str, state: dict) -> tuple:
        if name == "destination":
            origin = state.get("origine", "MAR")
            codes = self._destinations.get(origin, [self.WORLD])
            return tuple((self._dest_label(c), c) for c in codes)
        return super().options(name, state)

    def _dest_label(self, code: str) -> str:
        if code == self.WORLD:
            return tr("Monde (toutes destinations)", "World (all destinations)", self.lang)
        return style.country_name(code, self.lang)

    def controls(self) -> list[Control]:
        lang = self.lang
        return [
            Control("origine", "Pays de naissance", "Country of birth", "dropdown", "MAR", _country_options(lang)),
            Control("destination", "Pays de résidence", "Country of residence", "dropdown", "ESP",
                    tuple((self._dest_label(c), c) for c in self._destinations["MAR"]), depends_on=("origine",)),
            Control("raccorder", "Raccorder les éditions (à ne pas faire)", "Splice the editions (don't)",
                    "checkbox", False),
        ]  # fmt: skip

    def skeleton(self) -> go.Figure:
        lang = self.lang
        fig = new_figure(lang, [], height=540)
        # helper line (2024 edition over the years both editions cover) so that the gap can be shaded
        fig.add_trace(go.Scatter(mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"))
        fig.add_trace(
            go.Scatter(
                mode="lines+markers",
                name=tr("Édition 2020", "2020 edition", lang),
                fill="tonexty",
                fillcolor="rgba(153,153,153,0.25)",
                line=dict(color=style.OKABE_ITO["orange"], dash="dash"),
                marker=dict(symbol="square", size=8),
                hovertemplate=tr("Édition 2020", "2020 edition", lang) + ", %{x} : %{y:,.0f}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                mode="lines+markers",
                name=tr("Édition 2024", "2024 edition", lang),
                line=dict(color=style.OKABE_ITO["blue"]),
                marker=dict(size=8),
                hovertemplate=tr("Édition 2024", "2024 edition", lang) + ", %{x} : %{y:,.0f}<extra></extra>",
            )
        )
        fig.add_trace(go.Scatter(
            mode="lines+markers", name=tr("Série raccordée (fausse)", "Spliced series (wrong)", lang),
            line=dict(color=style.OKABE_ITO["vermillion"], dash="dot", width=3), marker=dict(symbol="x", size=10),
            hovertemplate=tr("Raccord", "Spliced", lang) + ", %{x} : %{y:,.0f}<extra></extra>"))  # fmt: skip
        fig.update_xaxes(title_text=tr("Année de référence (1er juillet)", "Reference year (1 July)", lang),
                         tickmode="array", tickvals=[1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024])  # fmt: skip
        fig.update_yaxes(title_text=tr("Personnes (stock au 1er juillet)", "People (stock on 1 July)", lang),
                         tickformat=",.0f", rangemode="tozero")  # fmt: skip
        return fig

    def values(self, edition: int, origine: str, destination: str) -> pd.Series:
        try:
            return self.series[edition].loc[(origine, destination)]
        except KeyError:
            return pd.Series(dtype=float)

    def _patch(self, s: dict) -> dict:
        lang, o, d, splice = self.lang, s["origine"], s["destination"], s["raccorder"]
        v24, v20 = self.values(2024, o, d), self.values(2020, o, d)
        where = f"{style.country_name(o, lang)} → {self._dest_label(d)}"
        note = tr("ne jamais mélanger deux éditions dans une même série ; la zone grise est l'écart entre éditions.",
                  "never mix two editions in one series; the grey area is the gap between editions.", lang)  # fmt: skip
        caption = style.sources(*self.datasets, note=note, lang=lang)
        if v24.empty or v20.empty:
            return self.empty(["scatter"] * 4, where, caption)
        common = [y for y in v20.index if y in v24.index]
        last = int(v24.index.max())
        growth_same = 100 * (v24[last] - v24[2020]) / v24[2020] if v24.get(2020, 0) > 0 else np.nan
        growth_spliced = 100 * (v24[last] - v20[2020]) / v20[2020] if v20.get(2020, 0) > 0 else np.nan
        spliced_x = [y for y in v20.index if y <= 2020] + [last]
        spliced_y = [*v20[[y for y in v20.index if y <= 2020]], v24[last]]
        if d == self.WORLD:
            title = tr(f"Personnes nées {style.in_country(o, 'fr')} vivant à l'étranger : éditions 2020 et 2024",
                       f"People born {style.in_country(o, 'en')} living abroad: 2020 and 2024 editions", lang)  # fmt: skip
        else:
            title = tr(
                f"Corridor {style.country_name(o, 'fr')} → {self._dest_label(d)} : personnes nées "
                f"{style.in_country(o, 'fr')}, éditions 2020 et 2024",
                f"Corridor {style.country_name(o, 'en')} → {self._dest_label(d)}: people born "
                f"{style.in_country(o, 'en')}, 2020 and 2024 editions",
                lang,
            )
        subtitle = tr(
            f"Stock au 1er juillet (personnes). Croissance 2020→{last} : {fmt.fr_pct(growth_same)} "
            f"(même édition) ; {fmt.fr_pct(growth_spliced)} si l'on raccorde les éditions",
            f"Stock on 1 July (people). Growth 2020→{last}: {fmt.fr_pct(growth_same, lang='en')} (same "
            f"edition); {fmt.fr_pct(growth_spliced, lang='en')} when editions are spliced",
            lang,
        )
        return {
            "data": [
                {"x": common, "y": _round_list(v24[common])},
                {"x": list(v20.index), "y": _round_list(v20)},
                {"x": list(v24.index), "y": _round_list(v24)},
                {
                    "x": spliced_x if splice else [],
                    "y": _round_list(spliced_y) if splice else [],
                    "visible": bool(splice),
                },
            ],  # fmt: skip
            "layout": {"title.text": style.wrap_title(title, subtitle)},
            "caption": caption,
            "message": None,
        }
