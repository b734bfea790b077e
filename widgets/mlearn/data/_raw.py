"""Careful readers for the raw source files: every failure becomes one clear ``BuildError``.

A malformed raw file (missing file or column, wrong encoding, truncated gzip, text in a count, duplicated
keys) must stop the build with a message that names the file, the column and the first bad rows, in French
first and then in English. These helpers are the only place where raw files are opened.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pandas as pd

from mlearn.errors import BuildError

MAX_SHOWN = 3  # bad rows quoted in a message


class RawContext:
    """The raw folder, plus the relative name used in messages."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, rel: str) -> Path:
        p = self.root / rel
        if not p.is_file():
            raise BuildError(
                f"fichier source manquant : {rel} (dossier {self.root})",
                f"missing raw file: {rel} (folder {self.root})",
                "vérifiez --raw ou $MLEARN_RAW / check --raw or $MLEARN_RAW",
            )
        return p


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_bytes(ctx: RawContext, rel: str) -> bytes:
    """The file's bytes, gunzipped when the name ends in ``.gz``; truncated gzip → BuildError."""
    raw = ctx.path(rel).read_bytes()
    if rel.endswith(".gz"):
        try:
            return gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as exc:
            raise BuildError(
                f"{rel} : archive gzip tronquée ou corrompue ({exc})",
                f"{rel}: truncated or corrupted gzip archive ({exc})",
                "recopiez le fichier depuis la source / copy the file again from the source",
            ) from None
    return raw


def decode(rel: str, data: bytes, encoding: str = "utf-8") -> str:
    if encoding.lower() in ("latin-1", "latin1", "cp1252") and not data.isascii():
        try:  # a Latin-1 file re-saved as UTF-8 would decode "successfully" into mojibake (Ã´ for ô)
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise BuildError(
                f"{rel} : encodage inattendu, le fichier est en UTF-8 alors que la source est en {encoding}",
                f"{rel}: unexpected encoding, the file is UTF-8 but the source is {encoding}",
                "reprenez le fichier d'origine / take the original file again",
            )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        snippet = data[max(0, exc.start - 20) : exc.start + 10]
        raise BuildError(
            f"{rel} : encodage invalide (attendu {encoding}), octet 0x{data[exc.start]:02x} "
            f"à la ligne {line} près de {snippet!r}",
            f"{rel}: invalid encoding (expected {encoding}), byte 0x{data[exc.start]:02x} at line {line}",
            "réenregistrez le fichier en UTF-8 / re-save the file as UTF-8",
        ) from None


def read_csv(
    ctx: RawContext,
    rel: str,
    required: list[str],
    encoding: str = "utf-8",
    keep_default_na: bool = True,
    infer: bool = False,
    **kwargs,
) -> pd.DataFrame:
    """Read a CSV (optionally gzipped), after checking encoding and required columns.

    Cells are read as strings, unless ``infer=True``: then the C parser types clean numeric columns itself
    (much faster on the big files) and a column holding text stays a string column, which :func:`to_int`
    checks cell by cell to quote the bad rows.
    """
    import io

    text = decode(rel, read_bytes(ctx, rel), encoding)
    try:
        dtype, extra = (None, {"low_memory": False}) if infer else (str, {})
        df = pd.read_csv(io.StringIO(text), dtype=dtype, keep_default_na=keep_default_na, **extra, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BuildError(f"{rel} : CSV illisible ({exc})", f"{rel}: unreadable CSV ({exc})", None) from None
    require_columns(rel, df, required)
    return df


def require_columns(rel: str, df: pd.DataFrame, required: list[str]) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise BuildError(
            f"{rel} : colonne(s) manquante(s) {', '.join(missing)} (colonnes lues : {', '.join(map(str, df.columns))})",
            f"{rel}: missing column(s) {', '.join(missing)}",
            "le fichier source a changé de format / the raw file changed format",
        )


def _rows(df: pd.DataFrame, mask: pd.Series, cols: list[str], header_offset: int = 2) -> str:
    """Quote the first bad rows with their line number in the file (header = line 1)."""
    idx = list(df.index[mask.to_numpy()][:MAX_SHOWN])
    parts = []
    for i in idx:
        values = ", ".join(f"{c}={df.at[i, c]!r}" for c in cols if c in df.columns)
        parts.append(f"ligne {int(i) + header_offset} [{values}]")
    return "; ".join(parts)


def _numeric(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(numbers, blank cells, text cells) of a column read as text or already typed by the parser."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        blank = raw.isna()
        return raw, blank, pd.Series(False, index=raw.index)
    raw = raw.astype("str")
    stripped = raw.str.strip()
    num = pd.to_numeric(stripped, errors="coerce")
    blank = raw.isna() | stripped.eq("")
    return num, blank, num.isna() & ~blank


def to_int(
    rel: str,
    df: pd.DataFrame,
    col: str,
    nullable: bool = False,
    min_value: float | None = 0,
    show: list[str] | None = None,
    header_offset: int = 2,
) -> pd.Series:
    """Parse a count column: text, fractions, negatives or (unless nullable) blanks stop the build."""
    num, blank, text = _numeric(df[col])
    show = show or [col]
    if text.any():
        raise BuildError(
            f"{rel} : colonne « {col} », texte dans une colonne de nombres ({int(text.sum())} ligne(s)) : "
            + _rows(df, text, show, header_offset),
            f"{rel}: column '{col}' holds text where numbers are expected",
        )
    if not nullable and blank.any():
        raise BuildError(
            f"{rel} : colonne « {col} », valeur manquante ({int(blank.sum())} ligne(s)) : "
            + _rows(df, blank, show, header_offset),
            f"{rel}: column '{col}' has missing values",
        )
    frac = num.notna() & (num % 1 != 0)
    if frac.any():
        raise BuildError(
            f"{rel} : colonne « {col} », effectif non entier : " + _rows(df, frac, show, header_offset),
            f"{rel}: column '{col}' has non-integer counts",
        )
    if min_value is not None:
        neg = num.notna() & (num < min_value)
        if neg.any():
            raise BuildError(
                f"{rel} : colonne « {col} », valeur négative : " + _rows(df, neg, show, header_offset),
                f"{rel}: column '{col}' has negative values",
            )
    return num.astype("Int64") if nullable else num.astype("int64")


def to_float(
    rel: str,
    df: pd.DataFrame,
    col: str,
    show: list[str] | None = None,
    header_offset: int = 2,
    nullable=False,
) -> pd.Series:
    num, blank, text = _numeric(df[col])
    if text.any():
        raise BuildError(
            f"{rel} : colonne « {col} », texte dans une colonne de nombres : "
            + _rows(df, text, show or [col], header_offset),
            f"{rel}: column '{col}' holds text where numbers are expected",
        )
    if not nullable and blank.any():
        raise BuildError(
            f"{rel} : colonne « {col} », valeur manquante ({int(blank.sum())} ligne(s)) : "
            + _rows(df, blank, show or [col], header_offset),
            f"{rel}: column '{col}' has missing values",
        )
    return num.astype("float64")


def _outside(s: pd.Series, values: set, nullable: bool) -> pd.Series:
    """Rows whose value is not in ``values`` (missing values allowed when ``nullable``)."""
    bad = ~s.isin(values)
    return bad & s.notna() if nullable else bad


def allowed(
    rel: str, df: pd.DataFrame, col: str, values: set, nullable: bool = False, header_offset: int = 2
):
    bad = _outside(df[col], values, nullable)
    if bad.any():
        raise BuildError(
            f"{rel} : colonne « {col} », valeur inattendue ({int(bad.sum())} ligne(s)) : "
            + _rows(df, bad, [col], header_offset)
            + f" ; valeurs admises : {', '.join(sorted(map(str, values)))}",
            f"{rel}: column '{col}' has unexpected values",
        )


def unique_keys(rel: str, df: pd.DataFrame, keys: list[str], header_offset: int = 2) -> None:
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        raise BuildError(
            f"{rel} : clé dupliquée ({', '.join(keys)}), {int(dup.sum())} ligne(s) : "
            + _rows(df, dup, keys, header_offset),
            f"{rel}: duplicated key ({', '.join(keys)})",
            "supprimez les doublons dans le fichier source / remove the duplicates from the raw file",
        )


def codes_known(
    rel: str, df: pd.DataFrame, col: str, known: set, nullable: bool = False, header_offset: int = 2
):
    bad = _outside(df[col], known, nullable)
    if bad.any():
        raise BuildError(
            f"{rel} : colonne « {col} », code pays inconnu ({int(bad.sum())} ligne(s)) : "
            + _rows(df, bad, [col], header_offset),
            f"{rel}: column '{col}' has unknown country codes",
            "ajoutez le code à la table countries / add the code to the countries table",
        )
