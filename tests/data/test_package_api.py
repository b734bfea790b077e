"""``mlearn.data`` API on the committed ``data/``: names, describe, source_line, load cache, check, tampering."""

from __future__ import annotations

import json
import shutil

import pytest

import mlearn.data as md
from mlearn.errors import DataError
from mlearn.fmt import NNBSP

PUBLIC = ["migrant_stock", "migrant_stock_2020_edition", "refugees", "asylum_decisions", "asylum_applications",
          "asylum_first_time_eu", "border_detections", "missing_migrants", "indicators", "countries"]  # fmt: skip
COLUMNS = {
    "migrant_stock": ["year", "origin_iso3", "destination_iso3", "sex", "migrants", "basis", "includes_refugees"],
    "refugees": ["year", "origin_iso3", "asylum_iso3", "refugees", "asylum_seekers", "idps", "stateless",
                 "others_of_concern"],
    "asylum_first_time_eu": ["year", "citizenship_iso3", "reporting", "sex", "applicants"],
    "border_detections": ["month", "route", "border_type", "citizenship_iso3", "detections"],
    "missing_migrants": ["incident_id", "date", "year", "region", "route", "country_of_incident", "dead", "missing",
                         "dead_and_missing", "survivors", "females", "males", "children", "cause",
                         "country_of_origin", "latitude", "longitude", "source_quality"],
    "indicators": ["iso3", "year", "indicator", "value", "unit"],
    "countries": ["iso3", "m49", "name_fr", "name_en", "name_ar", "region", "subregion", "is_aggregate"],
}  # fmt: skip


@pytest.fixture
def data_copy(tmp_path, project_root):
    dst = tmp_path / "data"
    shutil.copytree(project_root / "data", dst)
    return dst


def test_public_names_and_columns():
    assert set(PUBLIC) <= set(md.names())
    for name, cols in COLUMNS.items():
        df = md.load(name)
        # issue 3 order first, extras after
        assert list(df.columns[: len(cols)]) == cols, (name, list(df.columns))
        assert len(df) > 0
    assert set(md.load("migrant_stock").sex.unique()) == {"female", "male", "total"}
    assert set(md.load("asylum_first_time_eu").sex.unique()) == {"female", "male", "unknown", "total"}
    assert set(md.load("indicators").indicator) >= {"population", "gdp_usd", "remittances_received_usd",
                                                     "net_migration"}  # fmt: skip


def test_countries_reference():
    c = md.load("countries").set_index("iso3")
    assert c.loc["NAM", "iso2"] == "NA"  # read with keep_default_na=False
    assert c.loc["MAR", "name_fr"] == "Maroc" and c.loc["ESH", "name_fr"] == "Sahara occidental"
    assert c.loc["MAR", "name_ar"] == "المغرب"
    assert c.loc["WLD", "is_aggregate"] and c.loc["ARB", "is_aggregate"] and not c.loc["MAR", "is_aggregate"]
    assert c["eu"].sum() == 27
    for code in ["OOO", "OOS", "STL", "UNK", "XXA"]:
        assert c.loc[code, "is_pseudo"] and c.loc[code, "name_fr"], code
    for code in ["XKX", "ESH", "PSE", "XCX"]:
        assert not c.loc[code, "is_pseudo"] and c.loc[code, "name_fr"] and c.loc[code, "note_fr"], code
    # every code used by the tables is known to countries
    stock = md.load("migrant_stock")
    assert set(stock.origin_iso3) | set(stock.destination_iso3) <= set(c.index)


def test_describe_has_the_promised_keys():
    keys = {"name", "title_fr", "title_en", "description_fr", "description_en", "producer", "dataset", "edition",
            "reference_date_fr", "licence", "citation_fr", "citation_en", "caveats_fr", "caveats_en", "fields",
            "path", "sha256"}  # fmt: skip
    for name in md.names("all"):
        d = md.describe(name)
        assert keys <= set(d), (name, keys - set(d))
        assert isinstance(d["caveats_fr"], list) and all(isinstance(x, str) for x in d["caveats_fr"])
        assert len(d["sha256"]) == 64
    fields = {f["name"]: f for f in md.describe("migrant_stock")["fields"]}
    assert fields["migrants"]["type"] == "integer" and fields["migrants"]["unit"] == "personnes"
    assert fields["sex"]["constraints"]["enum"] == ["female", "male", "total"]
    assert any("détections" in c.lower() for c in md.describe("border_detections")["caveats_fr"])
    assert any("minimal" in c for c in md.describe("missing_migrants")["caveats_fr"])
    assert any("90 000" in c for c in md.describe("refugees")["caveats_fr"])


def test_datapackage_is_frictionless_shaped(project_root):
    pkg = json.loads((project_root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for r in pkg["resources"]:
        for key in ["name", "path", "format", "mediatype", "bytes", "hash", "title", "licenses", "citation_fr",
                    "caveats_fr", "caveats_en"]:  # fmt: skip
            assert key in r, (r["name"], key)
        assert r["hash"].startswith("sha256:")
        if r["format"] == "parquet":
            assert r["schema"]["fields"] and r["schema"]["primaryKey"]
            for f in r["schema"]["fields"]:
                assert f["description_fr"] and f["description_en"] and f["type"]
    total = sum(p.stat().st_size for p in (project_root / "data").rglob("*") if p.is_file())
    assert total <= 25e6


def test_source_line():
    line = md.source_line("border_detections")
    assert line.startswith(f"Source{NNBSP}: Frontex, détections mensuelles de franchissements irréguliers")
    assert "(données au 3 juin 2025)" in line and "calculs M-LEARN." in line
    assert line.endswith(f"Note{NNBSP}: détections, et non personnes")
    assert "Note" not in md.source_line("border_detections", note="")
    assert md.source_line("migrant_stock", note="2025 partiel").endswith("2025 partiel")
    assert md.source_line("refugees", lang="en").startswith("Source: UNHCR, Refugee Data Finder")
    assert md.source_line("border_detections", lang="en").endswith("Note: detections, not people")


def test_unknown_name_is_a_french_keyerror():
    with pytest.raises(KeyError) as info:
        md.load("migrants_stock")
    assert isinstance(info.value, DataError)
    msg = str(info.value)
    assert msg.startswith("jeu de données inconnu : 'migrants_stock'") and "migrant_stock" in msg
    with pytest.raises(md.UnknownDatasetError):
        md.describe("nope")


def test_load_returns_copies():
    ref0 = md.load("refugees")
    expected = (int(ref0.refugees.sum()), int(ref0.asylum_seekers.sum()), int(ref0.year.sum()))
    a = md.load("refugees")
    assert a is not ref0
    a.loc[:, "refugees"] = -1
    a.loc[a.index[0], "asylum_seekers"] = -7
    a["year"] += 1
    a.loc[a.index[0], "stateless"] = -9
    a = a.drop(columns="idps")
    # the doors pandas' copy-on-write leaves open raise instead of writing into the cache
    c = md.load("refugees")
    with pytest.raises(ValueError, match="read-only"):
        c["refugees"].to_numpy()[0] = 123  # nullable Int64 without NA: a view of the buffer
    with pytest.raises(ValueError, match="read-only"):
        c["asylum_seekers"].array[0] = 123
    b = md.load("refugees")
    assert (int(b.refugees.sum()), int(b.asylum_seekers.sum()), int(b.year.sum())) == expected
    assert "idps" in b.columns and b.stateless.iloc[0] >= 0
    mmp = md.load("missing_migrants")
    mmp.loc[mmp.index[0], "date"] = None
    assert md.load("missing_migrants").date.isna().sum() == 14


def test_check_and_load_detect_a_tampered_file(data_copy):
    target = data_copy / "asylum_first_time_eu.parquet"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    target.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="asylum_first_time_eu.parquet"):
        md.check(data_copy)
    with pytest.raises(DataError, match="asylum_first_time_eu.parquet a changé"):
        md.load("asylum_first_time_eu", data_dir=data_copy)
    assert len(md.load("countries", data_dir=data_copy)) > 200  # other files still load


def test_check_detects_a_tampered_geo_file(data_copy):
    geo = [
        r
        for r in json.loads((data_copy / "datapackage.json").read_text())["resources"]
        if r["format"] != "parquet"
    ]
    if not geo:
        pytest.skip("no geo resources in this build")
    path = data_copy / geo[0]["path"]
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(DataError, match=geo[0]["path"]):
        md.check(data_copy)


def test_check_detects_a_schema_violation_behind_a_matching_hash(data_copy):
    # someone edits a table *and* its hash: the schema still catches it (total != female + male)
    import hashlib

    import pandas as pd

    from mlearn.data.build import write_parquet

    path = data_copy / "migrant_stock.parquet"
    df = pd.read_parquet(path)
    df.loc[df.index[0], "migrants"] += 1
    write_parquet(df, path)
    pkg_path = data_copy / "datapackage.json"
    pkg = json.loads(pkg_path.read_text())
    for r in pkg["resources"]:
        if r["name"] == "migrant_stock":
            r["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            r["bytes"] = path.stat().st_size
    pkg_path.write_text(json.dumps(pkg))
    with pytest.raises(DataError, match="total = female \\+ male"):
        md.check(data_copy)


def test_missing_data_dir_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="données introuvables"):
        md.load("countries", data_dir=tmp_path)


@pytest.mark.slow  # importing frictionless takes a few seconds
def test_datapackage_descriptor_is_valid_for_frictionless(project_root):
    from frictionless import Package

    package = Package(str(project_root / "data" / "datapackage.json"))
    assert list(Package.metadata_validate(package.to_descriptor())) == []
    assert set(md.names()) <= {r.name for r in package.resources}


def test_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, mlearn.data as md; md.names(); md.describe('migrant_stock'); md.source_line('refugees');"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'geopandas', 'plotly', 'pandera') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
