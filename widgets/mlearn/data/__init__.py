"""The course's tidy datasets: ``load``, ``names``, ``describe``, ``source_line``, ``check``.

Every chart, exercise and dashboard reads its data here. The files live in ``data/`` (built by
``mlearn data build`` from the raw public sources, committed) and are listed with their sha256, schema,
source, licence, citation and caveats in ``data/datapackage.json``. A file whose checksum does not match the
package is refused (a silent data change must fail loudly). Tables are parsed once per process and every
``load`` returns a fresh copy, so callers cannot corrupt the cache.

This module imports nothing heavy at import time: pandas/pyarrow load with the first ``load``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from mlearn.errors import DataError

__all__ = ["load", "names", "describe", "source_line", "check", "package", "UnknownDatasetError", "DataError"]

_LOCK = threading.RLock()
_PACKAGES: dict[Path, tuple[float, dict]] = {}
_TABLES: dict[tuple[Path, str], object] = {}  # (data dir, name) -> parsed DataFrame (never handed out)


class UnknownDatasetError(DataError, KeyError):
    """``load``/``describe`` of a name that is not in ``datapackage.json``."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.one_line()


def _dir(data_dir=None) -> Path:
    from mlearn import paths

    return Path(data_dir).resolve() if data_dir else paths.data_dir()


def package(data_dir=None) -> dict:
    """The parsed ``datapackage.json`` (cached; re-read if the file changes)."""
    folder = _dir(data_dir)
    path = folder / "datapackage.json"
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(
            f"données introuvables : {path} n'existe pas",
            f"data not found: {path} does not exist",
            "lancez « mlearn data build » ou définissez $MLEARN_DATA_DIR / run 'mlearn data build'",
        ) from None
    with _LOCK:
        cached = _PACKAGES.get(folder)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            pkg = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"{path} illisible ({exc})", f"{path} is not valid JSON") from None
        _PACKAGES[folder] = (mtime, pkg)
        for key in [k for k in _TABLES if k[0] == folder]:
            del _TABLES[key]
        return pkg


def _resources(data_dir=None) -> dict[str, dict]:
    return {r["name"]: r for r in package(data_dir)["resources"]}


def names(kind: str = "table", data_dir=None) -> list[str]:
    """Names of the datasets ``load`` accepts (``kind="all"`` adds the geo files that ``describe`` knows)."""
    res = package(data_dir)["resources"]
    if kind == "all":
        return [r["name"] for r in res]
    return [r["name"] for r in res if r.get("format") == "parquet"]


def _resource(name: str, data_dir=None) -> dict:
    res = _resources(data_dir)
    if name not in res:
        available = ", ".join(names("all", data_dir))
        raise UnknownDatasetError(
            f"jeu de données inconnu : {name!r}. Jeux disponibles : {available}",
            f"unknown dataset {name!r}",
            "voir mlearn.data.names() / see mlearn.data.names()",
        )
    return res[name]


def _read_verified(path: Path, expected: str, rel: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(
            f"fichier de données manquant : {rel}",
            f"missing data file: {rel}",
            "reconstruisez avec « mlearn data build » / rebuild with 'mlearn data build'",
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise DataError(
            f"le fichier {rel} a changé : sha256 {digest[:12]}… au lieu de {expected[:12]}… (datapackage.json)",
            f"{rel} changed: its sha256 does not match datapackage.json",
            "reconstruisez avec « mlearn data build » ou restaurez le fichier (git checkout) / rebuild or restore",
        )
    return data


def _sha(resource: dict) -> str:
    return resource.get("hash", "").removeprefix("sha256:")


def _parsed(name: str, data_dir=None):
    folder = _dir(data_dir)
    res = _resource(name, folder)
    if res.get("format") != "parquet":
        raise DataError(
            f"{name!r} n'est pas un tableau : utilisez mlearn.geo pour les fichiers géographiques",
            f"{name!r} is not a table: use mlearn.geo for geo files",
        )
    key = (folder, name)
    with _LOCK:
        df = _TABLES.get(key)
        if df is None:
            import pyarrow as pa
            import pyarrow.parquet as pq

            data = _read_verified(folder / res["path"], _sha(res), res["path"])
            df = _freeze(pq.read_table(pa.BufferReader(data)).to_pandas())
            _TABLES[key] = df
        return df


def _freeze(df):
    """Make the cached table's buffers read-only, so that shallow copies handed out can't write through.

    pandas >= 3 copies on write for every normal operation on a shallow copy; this closes the remaining
    doors (``Series.to_numpy()`` of a nullable ``Int64`` column, ``.array[i] = x``), which then raise
    instead of corrupting the cache. Arrow-backed string columns are immutable already.
    """
    for block in df._mgr.blocks:
        values = block.values
        for attr in ("_data", "_mask", "_ndarray"):  # masked (Int64, boolean) and datetime arrays
            inner = getattr(values, attr, None)
            if inner is not None and hasattr(inner, "setflags"):
                inner.setflags(write=False)
        if hasattr(values, "setflags"):
            values.setflags(write=False)
    return df


def load(name: str, data_dir=None):
    """The dataset ``name`` as a new ``pandas.DataFrame`` (see ``names()`` and ``describe(name)``).

    The file's sha256 is checked against ``datapackage.json`` the first time it is read in a process; the parsed
    table is cached and each call returns a new frame sharing the cached, read-only buffers (pandas copies on
    write), so modifying the result never affects later loads.
    """
    return _parsed(name, data_dir).copy(deep=False)


def describe(name: str, data_dir=None) -> dict:
    """Metadata of a dataset (or geo file): titles, producer, edition, licence, citations, caveats, fields."""
    folder = _dir(data_dir)
    res = _resource(name, folder)
    licences = res.get("licenses") or [{}]
    info = {
        "name": res["name"],
        "title_fr": res.get("title_fr"),
        "title_en": res.get("title_en"),
        "description_fr": res.get("description_fr"),
        "description_en": res.get("description_en"),
        "producer": res.get("producer"),
        "dataset": res.get("dataset"),
        "edition": res.get("edition"),
        "reference_date_fr": res.get("reference_date_fr"),
        "licence": licences[0].get("title") or licences[0].get("name"),
        "licence_en": licences[0].get("title_en") or licences[0].get("title") or licences[0].get("name"),
        "licence_name": licences[0].get("name"),
        "licence_url": licences[0].get("path"),
        "citation_fr": res.get("citation_fr"),
        "citation_en": res.get("citation_en"),
        "caveats_fr": list(res.get("caveats_fr") or []),
        "caveats_en": list(res.get("caveats_en") or []),
        "note_fr": res.get("note_fr"),
        "fields": [dict(f) for f in res.get("schema", {}).get("fields", [])],
        "primary_key": list(res.get("schema", {}).get("primaryKey", [])),
        "rows": res.get("rows"),
        "format": res.get("format"),
        "path": str(folder / res["path"]),
        "sha256": _sha(res),
        "bytes": res.get("bytes"),
        "sources": [dict(s) for s in res.get("sources", [])],
    }
    for k, v in res.items():  # extra keys from the geo layer (e.g. Western Sahara convention)
        info.setdefault(k, v)
    return info


def source_line(name: str, note: str | None = None, lang: str = "fr", data_dir=None) -> str:
    """The mandatory source line of a dataset (``mlearn.fmt.source_line``).

    ``note=None`` uses the dataset's standing note when it has one (e.g. « détections, et non personnes »);
    pass ``note=""`` to leave it out, or any text to replace it.
    """
    from mlearn.fmt import source_line as _fmt_source_line

    res = _resource(name, data_dir)
    if note is None:
        note = res.get("note_fr") if lang == "fr" else res.get("note_en")
    if lang == "fr":
        producer, dataset, edition = res["producer"], res["dataset"], res["edition"]
    else:
        producer, dataset, edition = (
            res.get(f"{k}_en") or res[k] for k in ("producer", "dataset", "edition")
        )
    return _fmt_source_line(producer, dataset, edition, note=note or None, lang=lang)


def check(data_dir=None) -> str:
    """Verify every resource's sha256 and every table's schema; return a short French summary.

    Raises ``DataError`` naming the first file that does not match.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from . import schemas

    folder = _dir(data_dir)
    res_list = package(folder)["resources"]
    tables, geo, rows, size = 0, 0, 0, 0
    frames = {}
    for res in res_list:
        data = _read_verified(folder / res["path"], _sha(res), res["path"])
        if res.get("bytes") is not None and len(data) != res["bytes"]:
            raise DataError(f"{res['path']} : taille inattendue", f"{res['path']}: unexpected size")
        size += len(data)
        if res.get("format") == "parquet":
            frames[res["name"]] = pq.read_table(pa.BufferReader(data)).to_pandas()
            tables += 1
            rows += len(frames[res["name"]])
        else:
            geo += 1
    countries = frames.get("countries")
    if countries is None:
        raise DataError("la table countries manque dans datapackage.json", "countries table missing")
    for res in res_list:
        if res.get("format") != "parquet":
            continue
        df = frames[res["name"]]
        declared = [f["name"] for f in res["schema"]["fields"]]
        if list(df.columns) != declared:
            raise DataError(
                f"{res['path']} : colonnes {list(df.columns)} au lieu de {declared} (datapackage.json)",
                f"{res['path']}: columns do not match datapackage.json",
            )
        if res["name"] in schemas.DTYPES:
            found = schemas.problems(res["name"], df, countries)
            if found:
                raise DataError(
                    f"{res['path']} ne respecte pas son schéma : " + " ; ".join(found[:3]),
                    f"{res['path']} does not match its schema",
                )
    from mlearn.fmt import fr_int, fr_num

    return (
        f"Données vérifiées ({folder}) : {tables} tableaux ({fr_int(rows)} lignes) et {geo} fichiers "
        f"géographiques, {fr_num(size / 1e6, 1)} Mo ; sommes de contrôle sha256 et schémas conformes."
    )
