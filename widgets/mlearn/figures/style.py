"""Shared look of every M-LEARN chart: palette, French formatting, source caption, "no data" message.

Every figure of the kit goes through :func:`base_layout` (French separators, readable fonts, room for the
caption) and carries, as annotation 0, the source line of the datasets it shows (``mlearn.data.source_line``)
and, as annotation 1, a message that is shown only when a selection has no data.
"""

from __future__ import annotations

from functools import cache

from mlearn import fmt

NNBSP = fmt.NNBSP
LANGS = ("fr", "en")

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies. Vermillion (red-ish) is never
# used for people on the move; it is kept for "warning" marks only.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#9E9E9E"
LIGHT_GREY = "#D9D9D9"
SEX_COLORS = {
    "female": OKABE_ITO["orange"],
    "male": OKABE_ITO["blue"],
    "unknown": GREY,
    "total": OKABE_ITO["green"],
}
# second, non-colour cue for the sexes (bar patterns): charts never rely on colour alone
SEX_PATTERNS = {"female": "", "male": "/", "unknown": ".", "total": ""}
HIGHLIGHT = OKABE_ITO["green"]
BASE = OKABE_ITO["sky"]
PARTIAL = OKABE_ITO["yellow"]

# The six countries of the course, Morocco and Tunisia first.
SIX = ("MAR", "TUN", "DZA", "EGY", "LBY", "MRT")

# Names with the French preposition they take ("au Maroc", "en Tunisie"), for titles.
_SIX_NAMES = {
    "MAR": ("Maroc", "au Maroc", "Morocco"),
    "TUN": ("Tunisie", "en Tunisie", "Tunisia"),
    "DZA": ("Algérie", "en Algérie", "Algeria"),
    "EGY": ("Égypte", "en Égypte", "Egypt"),
    "LBY": ("Libye", "en Libye", "Libya"),
    "MRT": ("Mauritanie", "en Mauritanie", "Mauritania"),
}

# Codes that are not countries (curriculum §2.4): kept in tables, labelled, never assigned to a country.
SPECIAL_CODES = {
    "OOO": ("Origine inconnue", "Unknown origin"),
    "OOS": ("Afrique subsaharienne, non précisé", "Sub-Saharan Africa, unspecified"),
    "UNK": ("Origine inconnue", "Unknown origin"),
    "XXA": ("Apatride ou non précisé", "Stateless or unspecified"),
    "STL": ("Apatride", "Stateless"),
    "TIB": ("Tibétain·e·s", "Tibetan"),
    "ESH": ("Sahara occidental", "Western Sahara"),
    "XKX": ("Kosovo", "Kosovo"),
    "XCX": ("Îles Anglo-Normandes", "Channel Islands"),
    "EU27": ("Union européenne (27)", "European Union (27)"),
}

_TEXT = {
    "no_data": ("Aucune donnée pour {what}", "No data for {what}"),
    "others": ("Autres", "Others"),
    "world": ("Monde", "World"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"Langue inconnue : {lang!r} (choix : 'fr', 'en') / unknown language {lang!r}")
    return lang


def text(key: str, lang: str = "fr", **kw) -> str:
    fr, en = _TEXT[key]
    return (fr if lang == "fr" else en).format(**kw)


def tr(fr: str, en: str, lang: str) -> str:
    """Pick the French or English wording."""
    return fr if lang == "fr" else en


@cache
def _country_names() -> dict[str, tuple[str, str]]:
    from mlearn import data

    table = data.load("countries")
    names = {}
    for iso3, name_fr, name_en in zip(table["iso3"], table["name_fr"], table["name_en"], strict=True):
        names[str(iso3)] = (str(name_fr or name_en or iso3), str(name_en or name_fr or iso3))
    for iso3, (name_fr, _with_prep, name_en) in _SIX_NAMES.items():
        names[iso3] = (name_fr, name_en)
    for code, pair in SPECIAL_CODES.items():
        names.setdefault(code, pair)
    return names


def country_name(iso3: str, lang: str = "fr") -> str:
    """French (or English) name of a country or special code; the code itself when unknown."""
    pair = _country_names().get(iso3)
    if pair is None:
        return iso3
    return pair[0] if lang == "fr" else pair[1]


def country_names(codes, lang: str = "fr") -> list[str]:
    names = _country_names()
    idx = 0 if lang == "fr" else 1
    return [names[c][idx] if c in names else c for c in codes]


def in_country(iso3: str, lang: str = "fr") -> str:
    """``'au Maroc'`` / ``'in Morocco'`` for the six countries, ``'en/au <name>'`` fallback otherwise."""
    if iso3 in _SIX_NAMES:
        return _SIX_NAMES[iso3][1] if lang == "fr" else f"in {_SIX_NAMES[iso3][2]}"
    return (
        f"dans le pays « {country_name(iso3, lang)} »" if lang == "fr" else f"in {country_name(iso3, lang)}"
    )


def check_choice(name: str, value, allowed) -> None:
    """``ValueError`` naming the bad value and the allowed ones (French first)."""
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(map(str, allowed[:40])) + (" …" if len(allowed) > 40 else "")
        raise ValueError(
            f"Valeur inconnue pour {name} : {value!r} (valeurs possibles : {shown}) / "
            f"unknown {name} {value!r} (allowed: {shown})"
        )


def caption_annotation(text_: str) -> dict:
    """The source line (+ note), below the plot area so that it is exported with the image."""
    return dict(
        text=text_,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.18,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=11, color="#444444"),
        name="source",
    )


def message_annotation(text_: str = "", visible: bool = False) -> dict:
    """Annotation 1: « Aucune donnée pour … » in the middle of the plot, shown only when needed."""
    return dict(
        text=text_,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        visible=visible,
        font=dict(size=16, color="#333333"),
        bgcolor="rgba(255,255,255,0.9)",
        bordercolor=GREY,
        borderpad=8,
        name="message",
    )


#: Left margin of every figure: room for the widest numeric tick labels the kit shows (« 1 800 000 » and the
#: axis title beside them). With less, plotly's automatic margin grows it after a first pass and draws the
#: whole figure a second time: 20–120 ms more for each figure's first drawing (measured in chromium).
#: Figures with long category labels (country names) set their own.
LEFT_MARGIN = 106


def base_layout(lang: str = "fr", height: int = 520, bottom: int = 130) -> dict:
    """Layout shared by every figure: French separators, plain white template, room for the caption."""
    return dict(
        template="plotly_white",
        separators=fmt.PLOTLY_SEPARATORS[check_lang(lang)],
        font=dict(family="Arial, Helvetica, sans-serif", size=13, color="#222222"),
        title=dict(x=0.01, xanchor="left", y=0.965, yanchor="top", font=dict(size=16)),
        height=height,
        margin=dict(l=LEFT_MARGIN, r=30, t=110, b=bottom),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, xanchor="left", traceorder="normal"),
        hoverlabel=dict(font=dict(family="Arial, Helvetica, sans-serif")),
    )


def sources(*names: str, note: str | None = None, lang: str = "fr") -> str:
    """Source lines of one or several datasets (``mlearn.data.source_line``) and ONE note line at the end.

    The datasets' standing notes (« détections, et non personnes », « estimation minimale ») are kept and
    merged with ``note`` so that a figure never shows two « Note : » lines.
    """
    return _sources(names, note, lang)


@cache
def _sources(names: tuple, note: str | None, lang: str) -> str:
    from mlearn import data

    prefix = f"Note{NNBSP}: " if lang == "fr" else "Note: "
    lines, notes = [], []
    for name in dict.fromkeys(names):
        first, *rest = data.source_line(name, lang=lang).split("<br>")
        lines.append(first)
        notes += [r.removeprefix(prefix).strip() for r in rest]
    if note:
        notes.append(note)
    notes = [n.rstrip(" .;") for n in dict.fromkeys(notes) if n]
    if notes:
        lines.append(prefix + " ; ".join(notes) + "." if lang == "fr" else prefix + "; ".join(notes) + ".")
    return "<br>".join(wrap(line) for line in lines)


#: Caption lines are broken at this many characters: at 11 px Arial (≈ 6 px a character) they fit the ≈ 640 px
#: that a figure has right of its left margin in a JupyterLab output (≈ 700 px wide), and on phones' landscape.
CAPTION_CHARS = 100
#: Height of one caption line (11 px font, plotly's line spacing) and the space kept under the last one.
CAPTION_LINE_PX = 15
CAPTION_PAD_PX = 12


#: Titles (16 px) and subtitles (12 px) are broken at these widths, for the same ≈ 700 px figures; the top
#: margin of every figure holds ``TITLE_LINES`` lines, each further line adds ``TITLE_LINE_PX``.
TITLE_CHARS = 85
SUBTITLE_CHARS = 110
TITLE_LINES = 2
TITLE_LINE_PX = 20


def wrap(line: str, width: int = CAPTION_CHARS) -> str:
    """Break a long caption line at spaces (plotly annotations do not wrap by themselves); ``<br>`` already in
    the text are kept as line breaks."""
    if "<br>" in line:
        return "<br>".join(wrap(part, width) for part in line.split("<br>"))
    out, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return "<br>".join(out)


def wrap_title(title: str, subtitle: str | None = None) -> str:
    """Title (broken at ``TITLE_CHARS``) and an optional smaller grey subtitle (broken at ``SUBTITLE_CHARS``)."""
    text = wrap(title, TITLE_CHARS)
    if not subtitle:
        return text
    lines = wrap(subtitle, SUBTITLE_CHARS).split("<br>")
    return text + "".join(f"<br><span style='font-size:12px;color:#555'>{line}</span>" for line in lines)


# Hover formats: layout.separators turns ``,`` into the French narrow space and ``.`` into a comma.
HOVER_INT = "%{VAL:,.0f}"
PCT = NNBSP + "%"


def hover_int(ref: str = "x") -> str:
    return "%{" + ref + ":,.0f}"


def hover_pct(ref: str = "x", decimals: int = 1) -> str:
    return "%{" + ref + f":.{decimals}f}}" + PCT
