"""The self-checks' reference answers, recomputed independently with pandas from the raw public files."""

from __future__ import annotations

import pandas as pd
import pytest

from mlearn.checks import questions

pytestmark = [pytest.mark.raw, pytest.mark.slow]
SIX = ["MAR", "DZA", "TUN", "LBY", "EGY", "MRT"]


@pytest.fixture(scope="module")
def raw(raw_dir):
    un24 = pd.read_csv(
        raw_dir / "undesa-migrant-stock/undesa_ims2024_stock_by_dest_origin_sex_1990-2024.csv.gz"
    )
    un20 = pd.read_csv(
        raw_dir / "undesa-migrant-stock/undesa_ims2020_stock_by_dest_origin_sex_1990-2020.csv.gz"
    )
    wdi = {
        c: pd.read_csv(raw_dir / f"worldbank/wdi_{c}.csv")
        for c in ("SP.POP.TOTL", "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD")
    }
    return {
        "un24": un24,
        "un20": un20,
        "wdi": wdi,
        "es": pd.read_csv(
            raw_dir / "eurostat/eurostat_migr_asyappctza_first_time_by_sex_2011-2024_gdidata.csv"
        ),
        "fx": pd.read_csv(raw_dir / "eurostat/frontex_ibc_detections_monthly_2009-2025_gdidata.csv"),
        "up": pd.read_csv(raw_dir / "unhcr/unhcr_population_end-year_1951-2025.csv.gz"),
        "de": pd.read_csv(raw_dir / "unhcr/unhcr_asylum_decisions_origin_MAR_DZA_TUN_LBY_EGY_2000-2025.csv"),
        "popg": pd.read_csv(raw_dir / "population/wdi_wpp_country_indicators_1950-2023_gdidata.csv").query(
            "var == 'pop'"
        ),
        "m49": pd.read_csv(
            raw_dir / "undesa-migrant-stock/country_codes_m49_gdidata.csv", keep_default_na=False
        ),
    }


def _expected(module, name):
    return questions(module)[name].expected


def _wdi(raw, code, iso3, year):
    df = raw["wdi"][code]
    return df.loc[(df["Country Code"] == iso3) & (df.Year == year), "Value"].item()


def test_module01(raw):
    y = raw["un24"].query("year == 2024")
    lby = y.query("dest_iso3 == 'LBY'").n.sum()
    assert _expected("module01", "q1") == pytest.approx(
        100 * lby / _wdi(raw, "SP.POP.TOTL", "LBY", 2024), abs=1e-9
    )
    assert _expected("module01", "q2") == y[y.orig_iso3.isin(SIX)].n.sum()
    ratio = y.query("orig_iso3 == 'TUN'").n.sum() / y.query("dest_iso3 == 'TUN'").n.sum()
    assert _expected("module01", "q3") == pytest.approx(ratio)


def test_module02(raw):
    flags = raw["un24"].query("year == 2024").groupby("dest_iso3")[["type_b", "type_c"]].max()
    assert _expected("module02", "q1") == flags.type_b.sum()
    citizens = {iso for iso in SIX if flags.loc[iso, "type_c"] == 1}
    assert _expected("module02", "q3") == frozenset(citizens)


def test_module03(raw):
    es = raw["es"]
    assert _expected("module03", "q1") == es.query("geo == 'EU27' and nat == 'MAR' and year == 2023").n.sum()
    sel = "year == 2020 and orig_iso3 == 'MAR' and dest_iso3 == 'FRA'"
    assert _expected("module03", "q2") == raw["un20"].query(sel).n.sum() - raw["un24"].query(sel).n.sum()


def test_module04_and_05(raw):
    y = raw["un24"].query("year == 2024")
    mar = y.query("orig_iso3 == 'MAR'").groupby("dest_iso3").n.sum()
    assert _expected("module04", "q1") == mar["ESP"]
    assert _expected("module04", "q3") == frozenset(mar.nlargest(2).index)
    tun = y.query("orig_iso3 == 'TUN'").groupby("dest_iso3").n.sum()
    assert _expected("module04", "q2") == pytest.approx(100 * tun["FRA"] / tun.sum())
    dza = y.query("orig_iso3 == 'DZA'")
    assert _expected("module05", "q1") == pytest.approx(
        100 * dza.query("sex == 'female'").n.sum() / dza.n.sum(), abs=0.006
    )
    mar_esp = y.query("orig_iso3 == 'MAR' and dest_iso3 == 'ESP'")
    share = 100 * mar_esp.query("sex == 'female'").n.sum() / mar_esp.n.sum()
    assert _expected("module05", "q2") == pytest.approx(share, abs=0.006)
    eu = raw["es"].query("geo == 'EU27' and year == 2023")
    assert _expected("module05", "q3") == pytest.approx(
        100 * eu.query("sex == 'female'").n.sum() / eu.n.sum()
    )


def test_module06(raw):
    e25 = raw["up"].query("coa_iso == 'EGY' and year == 2025")
    assert _expected("module06", "q1") == e25.refugees.sum() + e25.asylum_seekers.sum()
    eu27 = set(raw["m49"].loc[raw["m49"].eu == 1, "iso3"])
    d = raw["de"][raw["de"].coa_iso.isin(eu27) & (raw["de"].coo_iso == "MAR") & (raw["de"].year == 2023)]
    pos = d.dec_recognized.sum() + d.dec_other.sum()
    assert _expected("module06", "q2") == pytest.approx(100 * pos / (pos + d.dec_rejected.sum()))
    ref = raw["up"].query("year == 2025 and coo_iso == 'TUN' and coa_iso != 'TUN'").refugees.sum()
    assert _expected("module06", "q3") == pytest.approx(
        1e5 * ref / _wdi(raw, "SP.POP.TOTL", "TUN", 2025), abs=0.006
    )


def test_module07_08_09_10(raw):
    fx = raw["fx"].assign(year=lambda t: t.month.str[:4].astype(int))
    cmr = fx.query("route == 'Central Mediterranean Route'").groupby("year").n.sum()
    assert _expected("module07", "q1") == cmr[2023]
    assert _expected("module07", "q2") == pytest.approx(100 * fx.query("nat == 'OOO'").n.sum() / fx.n.sum())
    assert _expected("module10", "q1") == pytest.approx(cmr[2023] / cmr[2022])
    for iso, q in (("MAR", "q1"), ("TUN", "q3")):
        pct = 100 * _wdi(raw, "BX.TRF.PWKR.CD.DT", iso, 2024) / _wdi(raw, "NY.GDP.MKTP.CD", iso, 2024)
        assert _expected("module08", q) == pytest.approx(pct, abs=0.006)
    egy = raw["es"].query("geo == 'EU27' and nat == 'EGY' and year == 2023").n.sum()
    pop = raw["popg"].query("geo == 'EGY' and year == 2023").v.item()
    assert _expected("module09", "q1") == pytest.approx(1e5 * egy / pop, abs=0.01)
    mar = raw["un24"].query("year == 2024 and orig_iso3 == 'MAR'").n.sum()
    assert _expected("module09", "q2") == pytest.approx(100 * mar / _wdi(raw, "SP.POP.TOTL", "MAR", 2024))
    sel = "year == 2020 and orig_iso3 == 'TUN'"
    assert _expected("module09", "q3") == raw["un24"].query(sel).n.sum() - raw["un20"].query(sel).n.sum()
    tun = raw["es"].query("nat == 'TUN' and year == 2022")
    assert _expected("module10", "q3") == pytest.approx(
        100 * tun.query("geo == 'AUT'").n.sum() / tun.query("geo == 'EU27'").n.sum()
    )
