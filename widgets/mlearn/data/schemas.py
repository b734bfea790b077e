"""pandera schemas of every dataset, run by the build (before writing) and by ``mlearn data check``.

Column constraints (allowed values, minimum, maximum) come from :mod:`mlearn.data.meta`, so the schema and
the documentation in ``datapackage.json`` cannot drift apart. On top of them: dtypes, unique keys, codes
known to ``countries`` and the source rules (``total = female + male`` for UN DESA, ``total = female + male +
unknown`` for Eurostat, constant type flags per destination and year, dead + missing = total for MMP).
"""

from __future__ import annotations

import pandas as pd

from mlearn.errors import BuildError

from . import meta

S, I, I8, NI, F, B, D = "str", "int64", "int8", "Int64", "float64", "bool", "datetime64[ms]"  # noqa: E741

_UNDESA = {"year": I, "origin_iso3": S, "destination_iso3": S, "sex": S, "migrants": I, "basis": S,
           "includes_refugees": B, "imputed": B, "type_b": I8, "type_c": I8, "type_r": I8, "type_i": I8}  # fmt: skip
DTYPES: dict[str, dict[str, str]] = {
    "countries": {"iso3": S, "iso2": S, "m49": NI, "name_fr": S, "name_en": S, "name_ar": S, "region": S,
                  "subregion": S, "is_aggregate": B, "is_pseudo": B, "eu": B, "note_fr": S},
    "migrant_stock": _UNDESA,
    "migrant_stock_2020_edition": _UNDESA,
    "refugees": {"year": I, "origin_iso3": S, "asylum_iso3": S, "refugees": NI, "asylum_seekers": NI,
                 "returned_refugees": NI, "idps": NI, "returned_idps": NI, "stateless": NI, "others_of_concern": NI,
                 "other_in_need_of_protection": NI, "host_community": NI},
    "asylum_applications": {"year": I, "origin_iso3": S, "asylum_iso3": S, "procedure_type": S, "app_type": S,
                            "dec_level": S, "app_pc": S, "applied": I},
    "asylum_decisions": {"year": I, "origin_iso3": S, "asylum_iso3": S, "procedure_type": S, "dec_level": S,
                         "dec_pc": S, "dec_recognized": NI, "dec_other": NI, "dec_rejected": NI, "dec_closed": NI,
                         "dec_total": NI},
    "asylum_first_time_eu": {"year": I, "citizenship_iso3": S, "reporting": S, "sex": S, "applicants": I},
    "border_detections": {"month": D, "year": I, "route": S, "border_type": S, "citizenship_iso3": S,
                          "detections": I},
    "missing_migrants": {"incident_id": S, "main_id": S, "incident_type": S, "date": D, "year": NI, "region": S,
                         "route": S, "country_of_incident": S, "location": S, "dead": NI, "missing": NI,
                         "dead_and_missing": I, "survivors": NI, "females": NI, "males": NI, "children": NI,
                         "cause": S, "country_of_origin": S, "region_of_origin": S, "latitude": F, "longitude": F,
                         "unsd_grouping": S, "source_quality": S, "information_source": S, "url": S},
    "indicators": {"iso3": S, "year": I, "indicator": S, "value": F, "unit": S, "source_code": S,
                   "is_aggregate": B},
    "migration_matrix_knomad": {"year": I, "origin_iso3": S, "destination_iso3": S, "origin_name": S,
                                "destination_name": S, "migrants": I},
    "remittance_matrix_knomad": {"year": I, "sender_iso3": S, "receiver_iso3": S, "sender_name": S,
                                 "receiver_name": S, "remittances_musd": F},
}  # fmt: skip
_LEGACY = {"year": I, "reporting": S, "citizenship_iso3": S, "citizenship_label": S, "persons": NI, "flag": S}
DTYPES.update(
    {"asylum_eu_legacy": _LEGACY, "irregular_presence_eu": _LEGACY, "refusals_of_entry_eu": _LEGACY}
)
_MMP_EUROPE_COLS = ["incident_id", "main_id", "incident_type", "date", "year", "month", "region", "route",
                    "country_of_incident", "dead", "missing", "dead_and_missing", "survivors", "females", "males",
                    "children", "cause", "country_of_origin", "region_of_origin", "latitude", "longitude",
                    "source_quality"]  # fmt: skip
DTYPES["missing_migrants_europe"] = {
    c: {"year": I, "month": I}.get(c) or DTYPES["missing_migrants"][c] for c in _MMP_EUROPE_COLS
}

# columns that may hold missing values (everything else is required)
NULLABLE = {
    "countries": {"iso2", "m49", "name_ar", "region", "subregion", "note_fr"},
    "refugees": set(DTYPES["refugees"]) - {"year", "origin_iso3", "asylum_iso3"},
    "asylum_applications": {"app_type", "dec_level"},
    "asylum_decisions": {"dec_level", "dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"},
    "missing_migrants": set(DTYPES["missing_migrants"]) - {"incident_id", "main_id", "incident_type",
                                                           "dead_and_missing"},
    "missing_migrants_europe": {"country_of_incident", "dead", "missing", "survivors", "females", "males",
                                "children"},
    "migration_matrix_knomad": {"origin_iso3", "destination_iso3"},
    "remittance_matrix_knomad": set(),
    **{n: {"citizenship_iso3", "persons", "flag"} for n in ("asylum_eu_legacy", "irregular_presence_eu",
                                                             "refusals_of_entry_eu")},
}  # fmt: skip

# code columns checked against countries (extra allowed values in the tuple)
CODE_COLUMNS = {
    "migrant_stock": {"origin_iso3": (), "destination_iso3": ()},
    "migrant_stock_2020_edition": {"origin_iso3": (), "destination_iso3": ()},
    "refugees": {"origin_iso3": (), "asylum_iso3": ()},
    "asylum_applications": {"origin_iso3": (), "asylum_iso3": ()},
    "asylum_decisions": {"origin_iso3": (), "asylum_iso3": ()},
    "asylum_first_time_eu": {"citizenship_iso3": (), "reporting": ("EU27",)},
    "border_detections": {"citizenship_iso3": ()},
    "indicators": {"iso3": ()},
    "migration_matrix_knomad": {"origin_iso3": (), "destination_iso3": ()},
    "remittance_matrix_knomad": {"sender_iso3": (), "receiver_iso3": ()},
    **{
        n: {"citizenship_iso3": (), "reporting": ("EU28", "EU27_2007", "TOTAL")}
        for n in ("asylum_eu_legacy", "irregular_presence_eu", "refusals_of_entry_eu")
    },
}


def _sum_rule(df, key, parts, value, label):
    """``total`` rows must equal the sum of ``parts`` rows of the same key, and exist wherever parts do."""
    part = df[df["sex"].isin(parts)].groupby(key, sort=False)[value].sum()
    total = df[df["sex"] == "total"].set_index(key)[value]
    joined = pd.concat([part.rename("parts"), total.rename("total")], axis=1)
    bad = joined[joined["parts"].ne(joined["total"]) | joined.isna().any(axis=1)]
    return bad, f"total = {label}"


def _dataset_rules(name: str, df: pd.DataFrame) -> list[tuple[pd.DataFrame, str]]:
    out = []
    if name.startswith("migrant_stock"):
        key = ["year", "origin_iso3", "destination_iso3"]
        out.append(_sum_rule(df, key, ["female", "male"], "migrants", "female + male"))
        flags = df.groupby(["year", "destination_iso3"])[["type_b", "type_c", "type_r", "type_i"]].nunique()
        out.append((flags[(flags > 1).any(axis=1)], "drapeaux type_* constants par destination et année"))
    elif name == "asylum_first_time_eu":
        key = ["year", "citizenship_iso3", "reporting"]
        out.append(_sum_rule(df, key, ["female", "male", "unknown"], "applicants", "female + male + unknown"))
    elif name in ("missing_migrants", "missing_migrants_europe"):
        calc = df["dead"].fillna(0) + df["missing"].fillna(0)
        out.append((df[calc.ne(df["dead_and_missing"])], "dead + missing = dead_and_missing"))
    elif name == "border_detections":
        bad = df[(df["month"].dt.year != df["year"]) | (df["month"].dt.day != 1)]
        out.append((bad, "month = premier jour du mois de l'année year"))
    elif name == "countries":
        nam = df.loc[df["iso3"] == "NAM", "iso2"]
        if nam.tolist() != ["NA"]:
            out.append((df[df["iso3"] == "NAM"], "Namibie : iso2 == 'NA' (lu avec keep_default_na=False)"))
        eu = df[df["eu"]]
        if len(eu) != 27:
            out.append((eu, "27 États membres de l'UE"))
    return out


def schema(name: str, countries: pd.DataFrame):
    """The pandera ``DataFrameSchema`` of ``name`` (codes checked against ``countries``)."""
    import pandera.pandas as pa

    spec = meta.DATASETS[name]
    nullable = NULLABLE.get(name, set())
    codes = CODE_COLUMNS.get(name, {})
    with_aggregates = name == "indicators" or name.endswith("_knomad")  # WLD & co. are legitimate rows there
    places = (
        set(countries["iso3"]) if with_aggregates else set(countries.loc[~countries["is_aggregate"], "iso3"])
    )
    columns = {}
    for f in spec["fields"]:
        col, cons = f["name"], f["constraints"]
        checks = []
        if "enum" in cons:
            checks.append(pa.Check.isin(cons["enum"]))
        if "minimum" in cons:
            checks.append(pa.Check.ge(cons["minimum"]))
        if "maximum" in cons:
            checks.append(pa.Check.le(cons["maximum"]))
        if col in codes:
            known = frozenset(places | set(codes[col]))
            checks.append(pa.Check(lambda s, known=known: s.isin(known), name="code connu dans countries"))
        columns[col] = pa.Column(DTYPES[name][col], checks=checks, nullable=col in nullable)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=spec["primary_key"], name=name)


def problems(name: str, df: pd.DataFrame, countries: pd.DataFrame) -> list[str]:
    """Readable descriptions of every schema violation (empty list when the table is valid)."""
    import pandera.pandas as pa

    found = []
    try:
        schema(name, countries).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        for (col, check), grp in fc.groupby(["column", "check"], sort=False, dropna=False):
            idx = [i for i in grp["index"].tolist() if i is not None and i == i][:3]
            cases = ", ".join(repr(v) for v in grp["failure_case"].tolist()[:3])
            where = f" (lignes {', '.join(str(int(i)) for i in idx)})" if idx else ""
            col_txt = f"colonne « {col} »" if col == col and col is not None else "table"
            found.append(f"{col_txt}, contrôle « {check} » : {len(grp)} échec(s), p. ex. {cases}{where}")
    for bad, label in _dataset_rules(name, df):
        if len(bad):
            first = bad.head(3).reset_index().to_dict("records")
            found.append(f"règle « {label} » : {len(bad)} échec(s), p. ex. {first}")
    return found


def validate(name: str, df: pd.DataFrame, countries: pd.DataFrame) -> None:
    """Raise ``BuildError`` naming the dataset and the first failures (used by the build)."""
    found = problems(name, df, countries)
    if found:
        raise BuildError(
            f"le jeu « {name} » ne respecte pas son schéma : " + " ; ".join(found[:3]),
            f"dataset '{name}' does not match its schema",
            "vérifiez le fichier source correspondant / check the matching raw file: "
            + ", ".join(meta.DATASETS[name]["raw"]),
        )
