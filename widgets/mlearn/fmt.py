"""French (and English) display of numbers, percentages, money, months and source lines.

Numbers go through Babel so that notebooks, dashboards and figures print ``1 066 129`` and ``8,0 %``
(narrow no-break spaces) whatever the server's system locale is.
"""

from __future__ import annotations

import math
from numbers import Number

from babel.numbers import format_decimal

NNBSP = "\u202f"  # narrow no-break space: French thousands separator and space before %

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# plotly's layout.separators: decimal mark first, then thousands separator
PLOTLY_SEPARATORS = {"fr": "," + NNBSP, "en": ".,"}


def _locale(lang: str) -> str:
    try:
        return _LOCALES[lang]
    except KeyError:
        raise ValueError(f"Langue inconnue : {lang!r} (choix : 'fr', 'en') / unknown language") from None


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, Number) and math.isnan(x))


def fr_int(x, lang: str = "fr") -> str:
    """``1066129 -> '1 066 129'`` (French) or ``'1,066,129'`` (English); missing values -> ``'–'``."""
    if _is_missing(x):
        return "–"
    return format_decimal(round(x), format="#,##0", locale=_locale(lang))


def fr_num(x, decimals: int = 1, lang: str = "fr") -> str:
    """A decimal number with a fixed number of decimals: ``8.05 -> '8,1'``."""
    if _is_missing(x):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=pattern, locale=_locale(lang))


def fr_pct(x, decimals: int = 1, lang: str = "fr", ratio: bool = False) -> str:
    """A percentage: ``8.05 -> '8,1 %'``. With ``ratio=True`` the input is a fraction (``0.0805``)."""
    if _is_missing(x):
        return "–"
    value = x * 100 if ratio else x
    sep = NNBSP if lang == "fr" else ""
    return f"{fr_num(value, decimals, lang)}{sep}%"


def fr_money(usd, lang: str = "fr") -> str:
    """US dollars in words of the right scale: ``11.75e9 -> '11,8 milliards de dollars US (courants)'``.

    French « billion » means 10^12, so 10^9 is always « milliard ».
    """
    if _is_missing(usd):
        return "–"
    scales = (
        [(1e12, "billions"), (1e9, "milliards"), (1e6, "millions")]
        if lang == "fr"
        else [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
    )
    for factor, word in scales:
        if abs(usd) >= factor:
            amount = fr_num(usd / factor, 1, lang)
            if lang == "fr":
                if abs(usd / factor) < 2:
                    word = word.rstrip("s")
                return f"{amount} {word} de dollars US (courants)"
            return f"US${amount} {word} (current)"
    return (
        f"{fr_int(usd, lang)} dollars US (courants)" if lang == "fr" else f"US${fr_int(usd, lang)} (current)"
    )


def month_name(month: int, lang: str = "fr") -> str:
    """Month name without relying on the system locale (Voilà servers often run in C/en)."""
    return (MONTHS_FR if lang == "fr" else MONTHS_EN)[int(month) - 1]


def source_line(producer: str, dataset: str, edition: str, note: str | None = None, lang: str = "fr") -> str:
    """The mandatory line under every chart.

    ``Source : <producteur>, <jeu de données> (<édition>) ; calculs M-LEARN.`` plus ``Note : …`` on a second line.
    """
    if lang == "fr":
        text = f"Source{NNBSP}: {producer}, {dataset} ({edition}){NNBSP}; calculs M-LEARN."
        if note:
            text += f"<br>Note{NNBSP}: {note}"
    else:
        text = f"Source: {producer}, {dataset} ({edition}); M-LEARN calculations."
        if note:
            text += f"<br>Note: {note}"
    return text
