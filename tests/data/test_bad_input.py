"""Malformed raw files stop the build with one clear message (French first) and leave the output untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mlearn.data import tables
from mlearn.data._raw import RawContext
from mlearn.data.build import build
from mlearn.errors import BuildError

from .corrupt_raw import corrupted_tree, drop_column, replace_line

pytestmark = pytest.mark.raw

UN24 = tables.UN24


@pytest.fixture
def out_dir(tmp_path):
    """An existing output folder whose content must survive a failed build."""
    out = tmp_path / "out" / "data"
    out.mkdir(parents=True)
    (out / "datapackage.json").write_text('{"sentinel": true}')
    (out / "keep.parquet").write_bytes(b"old bytes")
    return out


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _fails(raw, out, *fragments):
    before = _snapshot(out)
    with pytest.raises(BuildError) as info:
        build(raw, out, log=lambda msg: None, with_geo=False)
    msg = str(info.value)
    assert "\n" not in msg
    fr, _, en = msg.partition(" / ")
    assert en, msg  # French, then English
    for fragment in fragments:
        assert fragment in fr, (fragment, msg)
    assert _snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["data"]  # no temp folder left behind
    return msg


def test_missing_column(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(raw_dir, tmp_path / "raw", UN24, lambda b: drop_column(b, "n"))
    msg = _fails(raw, out_dir, UN24, "colonne(s) manquante(s) n")
    assert "missing column" in msg


def test_text_in_a_count(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(raw_dir, tmp_path / "raw", UN24,
                         lambda b: replace_line(b, 3, b"1990,ABW,BES,male,vingt-huit,1,0,1,0"))  # fmt: skip
    _fails(raw, out_dir, UN24, "« n »", "texte", "ligne 3", "vingt-huit")


def test_duplicated_keys(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(
        raw_dir, tmp_path / "raw", UN24, lambda b: replace_line(b, 3, b"1990,ABW,BES,female,25,1,0,1,0")
    )
    _fails(raw, out_dir, UN24, "clé dupliquée", "ligne 2", "ligne 3", "orig_iso3='BES'")


def test_wrong_encoding(raw_dir, tmp_path, out_dir):
    rel = tables.M49
    raw = corrupted_tree(raw_dir, tmp_path / "raw", rel, lambda b: b.decode("utf-8").encode("latin-1"))
    _fails(raw, out_dir, rel, "encodage invalide", "ligne")


def test_truncated_gzip(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(raw_dir, tmp_path / "raw", UN24, lambda b: b[: len(b) // 2], gz_aware=False)
    _fails(raw, out_dir, UN24, "gzip tronquée ou corrompue")


def test_missing_raw_file(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(raw_dir, tmp_path / "raw", UN24, lambda b: b)
    (raw / UN24).unlink()
    _fails(raw, out_dir, "fichier source manquant", UN24)


@pytest.fixture(scope="module")
def countries(raw_dir):
    return tables.build_countries(RawContext(raw_dir))


# The same guards on other sources, checked on the table builders directly (fast, no full build).
@pytest.mark.parametrize(
    ("rel", "transform", "builder", "fragments"),
    [
        (tables.FRONTEX, lambda b: replace_line(b, 2, b"Central Mediterranean Route,Sea,BGD,2009-01-01,41 personnes"),
         "build_border_detections", ["« n »", "ligne 2"]),
        (tables.FRONTEX, lambda b: replace_line(b, 2, b"Central Mediterranean Route,Sea,BGD,2009-13-01,41"),
         "build_border_detections", ["« month »", "ligne 2"]),
        (tables.EUROSTAT, lambda b: drop_column(b, "sex"), "build_asylum_first_time_eu", ["manquante(s) sex"]),
        (tables.EUROSTAT, lambda b: replace_line(b, 2, b"AUT,2011,AFG,femme,835"), "build_asylum_first_time_eu",
         ["« sex »", "valeur inattendue", "'femme'"]),
        (tables.UNHCR_POP, lambda b: replace_line(b, 2, b"1951,Unknown,UKN,UNK,Australia,AUL,AUS,beaucoup,0,0,0,0,0,0,,0"),
         "build_refugees", ["« refugees »", "ligne 2", "beaucoup"]),
        (tables.UNHCR_APP, lambda b: replace_line(b, 2, b"2006,Afghanistan,AFG,ZZZ,Australia,AUL,AUS,G,A,AR,C,14.0"),
         "build_asylum_applications", ["« coo_iso »", "code pays inconnu", "ZZZ"]),
        (tables.MMP, lambda b: b[: len(b) // 2], "build_missing_migrants", ["classeur Excel illisible"]),
        (tables.EUROSTAT_EIPRE, lambda b: b.decode("latin-1").encode("utf-8"), "build_irregular_presence_eu",
         ["encodage inattendu", "UTF-8"]),
        ("worldbank/wdi_SP.POP.TOTL.csv", lambda b: replace_line(b, 2, b"Aruba,ABW,1960,n/a"), "build_indicators",
         ["« Value »", "ligne 2"]),
    ],
)  # fmt: skip
def test_table_builders_reject_bad_rows(countries, raw_dir, tmp_path, rel, transform, builder, fragments):
    bad = RawContext(corrupted_tree(raw_dir, tmp_path / "raw", rel, transform))
    with pytest.raises(BuildError) as info:
        getattr(tables, builder)(bad, countries)
    msg = str(info.value)
    assert msg.startswith(rel), msg
    for fragment in fragments:
        assert fragment in msg, (fragment, msg)


def test_cli_build_error_is_one_line_and_exit_code_2(raw_dir, tmp_path, out_dir):
    raw = corrupted_tree(raw_dir, tmp_path / "raw", tables.M49, lambda b: b.decode("utf-8").encode("latin-1"))
    before = _snapshot(out_dir)
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "data", "build", "--raw", str(raw), "--out", str(out_dir), "--no-geo"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("Erreur")]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "encodage invalide" in lines[0] and tables.M49 in lines[0]
    assert _snapshot(out_dir) == before


def test_cli_missing_raw_folder(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "data", "build", "--raw", str(tmp_path / "nope"), "--out",
         str(tmp_path / "out")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("Erreur : dossier des sources brutes introuvable")
    assert not (tmp_path / "out").exists()


def test_unknown_world_bank_code_stops_the_countries_table(raw_dir, tmp_path):
    # a code outside the M49 list that is not a known World Bank aggregate must be decided on, not guessed
    rel = "worldbank/wdi_NY.GDP.MKTP.CD.csv"
    raw = corrupted_tree(raw_dir, tmp_path / "raw", rel, lambda b: b + b"Atlantis,ZZZ,2020,1000\n")
    with pytest.raises(BuildError, match="code 'ZZZ' \\(Atlantis\\) ni dans la liste M49"):
        tables.build_countries(RawContext(raw))
