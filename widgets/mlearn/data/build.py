"""``mlearn data build``: raw sources → validated tidy Parquet files + ``datapackage.json``, atomically.

The build writes everything into a temporary folder next to the target, validates every table (pandera
schemas, :mod:`mlearn.data.schemas`), lets the geo layer add its files (``mlearn.geo.build``), and only then
swaps the folder into place: a failure at any step leaves the existing ``data/`` untouched.
Same raw input → byte-identical output (sorted rows, fixed column order and dtypes, no timestamps).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from mlearn.errors import BuildError

from . import meta, tables
from ._raw import RawContext

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
PACKAGE_NAME = "mlearn-data"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Deterministic Parquet: one row group, zstd, no index; the schema metadata carries no timestamp."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=9,
        row_group_size=max(len(df), 1),
        write_statistics=True,
        use_dictionary=True,
    )


def frictionless_type(dtype) -> str:
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    return "string"


def _schema(name: str, df: pd.DataFrame) -> dict:
    spec = meta.DATASETS[name]
    described = {f["name"]: f for f in spec["fields"]}
    if set(described) != set(df.columns):
        raise BuildError(
            f"{name} : les colonnes produites ({', '.join(df.columns)}) ne correspondent pas aux métadonnées "
            f"({', '.join(described)})",
            f"{name}: built columns do not match the metadata",
        )
    fields = []
    for col in df.columns:
        f = described[col]
        constraints = dict(f["constraints"])
        constraints["required"] = not bool(df[col].isna().any())
        field = {
            "name": col,
            "type": frictionless_type(df[col].dtype),
            "description": f["description_fr"],
            "description_fr": f["description_fr"],
            "description_en": f["description_en"],
            "constraints": constraints,
        }
        if f["unit"]:
            field["unit"] = f["unit"]
        if field["type"] == "date":
            field["format"] = "default"
        fields.append(field)
    return {"fields": fields, "primaryKey": spec["primary_key"]}


def _resource(name: str, df: pd.DataFrame, path: Path, out_dir: Path, raw_hashes: dict) -> dict:
    spec = meta.DATASETS[name]
    rel = path.relative_to(out_dir).as_posix()
    return {
        "name": name,
        "path": rel,
        "profile": "tabular-data-resource",
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "bytes": path.stat().st_size,
        "hash": "sha256:" + sha256_file(path),
        "rows": len(df),
        "title": spec["title_fr"],
        "title_fr": spec["title_fr"],
        "title_en": spec["title_en"],
        "description": spec["description_fr"],
        "description_fr": spec["description_fr"],
        "description_en": spec["description_en"],
        "producer": spec["producer"],
        "dataset": spec["dataset"],
        "edition": spec["edition"],
        "reference_date_fr": spec["reference_date_fr"],
        "note_fr": spec.get("note_fr"),
        "producer_en": spec["producer_en"],
        "dataset_en": spec["dataset_en"],
        "edition_en": spec["edition_en"],
        "reference_date_en": spec["reference_date_en"],
        "note_en": spec.get("note_en"),
        "citation_fr": spec["citation_fr"],
        "citation_en": spec["citation_en"],
        "caveats_fr": spec["caveats_fr"],
        "caveats_en": spec["caveats_en"],
        "sources": spec["sources"],
        "licenses": [spec["licence"]],
        "raw_files": [{"path": r, "sha256": raw_hashes[r]} for r in spec["raw"]],
        "schema": _schema(name, df),
    }


GEO_KEYS = ("name", "path", "format", "mediatype", "title_fr", "title_en", "description_fr", "description_en",
            "producer", "dataset", "edition", "licence", "citation_fr", "citation_en", "caveats_fr", "caveats_en")  # fmt: skip


def _geo_resources(raw_dir: Path, out_dir: Path, log: Callable[[str], None]) -> list[dict]:
    """Ask the geo layer (``mlearn.geo.build.build_geo_resources``) to write its files, if it exists."""
    try:
        from mlearn.geo.build import build_geo_resources
    except ImportError as exc:
        log(f"Avertissement : couche géographique absente ({exc}) ; données construites sans cartes. "
            "/ Warning: geo layer missing; built without maps.")  # fmt: skip
        return []
    try:
        entries = build_geo_resources(Path(raw_dir), Path(out_dir))
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 - the build must fail with one clear line, data/ untouched
        raise BuildError(
            f"la construction des fichiers géographiques a échoué ({type(exc).__name__}: {exc})",
            "building the geo files failed",
        ) from exc
    resources = []
    for entry in entries:
        missing = [k for k in GEO_KEYS if k not in entry]
        if missing:
            raise BuildError(
                f"mlearn.geo.build : ressource {entry.get('name')!r} sans les clés {', '.join(missing)}",
                f"mlearn.geo.build: resource {entry.get('name')!r} lacks keys {', '.join(missing)}",
            )
        path = out_dir / entry["path"]
        if not path.is_file():
            raise BuildError(
                f"mlearn.geo.build : fichier annoncé mais absent : {entry['path']}",
                f"mlearn.geo.build: declared file is missing: {entry['path']}",
            )
        res = {k: v for k, v in entry.items() if k != "licence"}
        licence = entry["licence"]
        res["licenses"] = [
            licence
            if isinstance(licence, dict)
            else {"name": str(licence), "title": str(licence), "title_en": str(licence)}
        ]
        res["title"] = entry["title_fr"]
        res["description"] = entry["description_fr"]
        res["bytes"] = path.stat().st_size
        res["hash"] = "sha256:" + sha256_file(path)
        res["kind"] = "geo"
        resources.append(res)
    return sorted(resources, key=lambda r: r["name"])


def readme(package: dict) -> str:
    """A French overview of ``data/`` for people browsing the repository (generated, never edited by hand)."""
    from mlearn.fmt import fr_int, fr_num

    lines = [
        "# Données du kit M-LEARN",
        "",
        "Fichiers produits par `mlearn data build` à partir des sources publiques brutes (`../shared/data-raw`) ; "
        "ne pas les modifier à la main. Chaque fichier est décrit (colonnes, unités, source, licence, citation, "
        "mises en garde) et protégé par sa somme sha256 dans `datapackage.json` ; `mlearn data check` les vérifie.",
        'En Python : `from mlearn import data; data.names(); data.load("migrant_stock"); '
        'data.describe("migrant_stock"); data.source_line("migrant_stock")`.',
        "",
        "| jeu de données | lignes | taille | producteur | édition | licence |",
        "|---|---|---|---|---|---|",
    ]
    for r in package["resources"]:
        lic = (r.get("licenses") or [{}])[0]
        rows = fr_int(r["rows"]) if r.get("rows") is not None else "–"
        lines.append(
            f"| `{r['name']}` ({r['path']}) | {rows} | {fr_num(r['bytes'] / 1e6, 2)} Mo | {r.get('producer', '')} "
            f"| {r.get('edition', '')} | {lic.get('name', '')} |"
        )
    lines += ["", "## Mises en garde", ""]
    for r in package["resources"]:
        if r.get("format") != "parquet":
            continue
        lines.append(f"### `{r['name']}` — {r['title_fr']}")
        lines.append("")
        lines += [f"- {c}" for c in r.get("caveats_fr", [])]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; on failure the old folder is put back."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)


def build(
    raw_dir: Path | str | None = None,
    out_dir: Path | str | None = None,
    log: Callable[[str], None] | None = None,
    with_geo: bool = True,
) -> dict:
    """Build every dataset from ``raw_dir`` into ``out_dir``; returns the data package dict.

    Raises ``BuildError`` (French first) on malformed input; ``out_dir`` is then left untouched.
    """
    from mlearn import paths

    from . import schemas

    log = log or (lambda msg: print(msg, file=sys.stderr))
    raw = Path(raw_dir) if raw_dir else paths.raw_dir()
    out = Path(out_dir) if out_dir else paths.data_dir()
    if not raw.is_dir():
        raise BuildError(
            f"dossier des sources brutes introuvable : {raw}",
            f"raw source folder not found: {raw}",
            "passez --raw CHEMIN ou définissez $MLEARN_RAW / pass --raw PATH or set $MLEARN_RAW",
        )
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    t0 = time.perf_counter()
    try:
        ctx = RawContext(raw)
        built: dict[str, pd.DataFrame] = {}
        for name in meta.ORDER:
            t = time.perf_counter()
            if name == "countries":
                df = tables.build_countries(ctx)
            else:
                df = getattr(tables, f"build_{name}")(ctx, built["countries"])
            df = df[[f["name"] for f in meta.DATASETS[name]["fields"]]]  # public column order (meta.py)
            schemas.validate(name, df, built.get("countries", df))
            built[name] = df
            log(f"  {name:<28} {len(df):>8} lignes  {time.perf_counter() - t:5.1f} s")
        raw_hashes = {r: sha256_file(ctx.path(r)) for name in meta.ORDER for r in meta.DATASETS[name]["raw"]}
        resources = []
        for name in meta.ORDER:
            path = tmp / f"{name}.parquet"
            write_parquet(built[name], path)
            resources.append(_resource(name, built[name], path, tmp, raw_hashes))
        if with_geo:
            resources += _geo_resources(raw, tmp, log)
        package = {
            "profile": "data-package",
            "name": PACKAGE_NAME,
            "title": "Données du kit de cours M-LEARN (statistiques migratoires, Afrique du Nord)",
            "title_en": "M-LEARN course kit data (migration statistics, North Africa)",
            "description": "Jeux de données dérivés par « mlearn data build » des sources publiques brutes "
            "(../shared/data-raw). Ne pas modifier à la main : reconstruire.",
            "licenses": [
                {"name": "various", "title": "Licence propre à chaque ressource (voir resources[].licenses)"}
            ],
            "resources": resources,
        }
        (tmp / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (tmp / "README.md").write_text(readme(package), encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    total = sum(r["bytes"] for r in package["resources"])
    log(f"Données écrites dans {out} : {len(package['resources'])} ressources, {total / 1e6:.1f} Mo, "
        f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    return package
