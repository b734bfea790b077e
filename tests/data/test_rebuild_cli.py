"""``mlearn data build`` reproduces the committed ``data/`` byte for byte; ``mlearn data check`` exit codes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pytest


def _hashes(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
@pytest.mark.raw
def test_rebuild_is_byte_identical(raw_dir, tmp_path, project_root):
    out = tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, "-m", "mlearn.cli", "data", "build", "--raw", str(raw_dir), "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    committed = _hashes(project_root / "data")
    rebuilt = _hashes(out)
    assert rebuilt.keys() == committed.keys()
    different = [k for k in committed if committed[k] != rebuilt[k]]
    assert not different, f"rebuild differs from data/: {different}"
    # the package lists every file with the right sha256
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for r in pkg["resources"]:
        assert r["hash"] == "sha256:" + rebuilt[r["path"]]


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "mlearn.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_check_ok_and_tampered(tmp_path, project_root):
    ok = _cli("data", "check")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Données vérifiées") and "conformes" in ok.stdout

    copy = tmp_path / "data"
    shutil.copytree(project_root / "data", copy)
    (copy / "countries.parquet").write_bytes(b"PAR1 not really")
    bad = _cli("data", "check", "--data", str(copy))
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : le fichier countries.parquet a changé"), (
        bad.stderr
    )


def test_cli_list_and_describe(capsys):
    from mlearn.cli import main

    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "migrant_stock" in out and "229\u202f944 lignes" in out and "geo_countries_50m" in out
    assert main(["data", "describe", "missing_migrants"]) == 0
    out = capsys.readouterr().out
    assert "Estimations minimales" in out and "Note : estimation minimale" in out.replace("\u202f", " ")
    assert main(["data", "describe", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : jeu de données inconnu : 'nope'") and len(err.strip().splitlines()) == 1
