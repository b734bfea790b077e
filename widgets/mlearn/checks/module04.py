"""Self-checks of lecture 4 — Stocks et corridors migratoires (UN DESA 2024)."""

from mlearn.checks._registry import register
from mlearn.checks.questions import (
    CountrySetQuestion,
    DataFrameQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
)


def _top5_tunisia():
    from mlearn import data

    stock = data.load("migrant_stock")
    s = stock[(stock.year == 2024) & (stock.origin_iso3 == "TUN") & (stock.sex == "total")]
    by_dest = s.groupby("destination_iso3", as_index=False).migrants.sum()
    total = by_dest.migrants.sum()
    top = by_dest.nlargest(5, "migrants").reset_index(drop=True)
    top["part_pct"] = 100 * top.migrants / total
    return top[["destination_iso3", "migrants", "part_pct"]]


q1 = NumberQuestion(
    "Combien de personnes nées au Maroc vivaient en Espagne à la mi-2024 (édition 2024) ?",
    1_088_408,
    unit="personnes",
    per_sex=True,
    traps=[(1_066_129, "1 066 129, c'est la France : vérifiez le code de destination (Espagne = ESP).")],
    hints=["Filtrez year == 2024, origin_iso3 == 'MAR', destination_iso3 == 'ESP', sex == 'total'."],
    solution="1 088 408 : depuis 2024, l'Espagne dépasse la France (1 066 129).",
    solution_code=(
        "stock.query(\"year == 2024 and origin_iso3 == 'MAR' and destination_iso3 == 'ESP' and sex == 'total'\")"
        ".migrants.sum()"
    ),
)

q2 = NumberQuestion(
    "Quelle part (en %) des personnes nées en Tunisie et vivant à l'étranger réside en France en 2024 ?",
    100 * 444_223 / 715_249,
    unit="%",
    hints=["Dénominateur : toutes les destinations des personnes nées en Tunisie (origin_iso3 == 'TUN')."],
    solution="444 223 / 715 249 × 100 = 62,1 %.",
    solution_code="s = stock.query(\"year == 2024 and origin_iso3 == 'TUN' and sex == 'total'\")\n100 * s.query(\"destination_iso3 == 'FRA'\").migrants.sum() / s.migrants.sum()",
)

q3 = CountrySetQuestion(
    "Quels sont les deux premiers pays de résidence des personnes nées au Maroc en 2024 ? (codes ISO3)",
    ["ESP", "FRA"],
    hints=["Regroupez par destination_iso3, triez par effectif décroissant (nlargest)."],
    solution="L'Espagne et la France ; l'Italie suit loin derrière (472 734).",
    solution_code="s = stock.query(\"year == 2024 and origin_iso3 == 'MAR' and sex == 'total'\")\nlist(s.groupby('destination_iso3').migrants.sum().nlargest(2).index)",
)

q4 = DataFrameQuestion(
    "Construisez le tableau des cinq premiers pays de résidence des personnes nées en Tunisie en 2024, avec "
    "les colonnes destination_iso3, migrants et part_pct (part de toutes les personnes nées en Tunisie vivant "
    "à l'étranger, en %).",
    _top5_tunisia,
    atol=0.01,
    hints=[
        "groupby('destination_iso3', as_index=False).migrants.sum(), puis nlargest(5, 'migrants').",
        "La part se calcule sur le total de toutes les destinations, pas sur les cinq premières.",
    ],
    solution="Le tableau attendu :",
    solution_code=(
        "s = stock.query(\"year == 2024 and origin_iso3 == 'TUN' and sex == 'total'\")\n"
        "par_dest = s.groupby('destination_iso3', as_index=False).migrants.sum()\n"
        "top = par_dest.nlargest(5, 'migrants')\n"
        "top['part_pct'] = 100 * top.migrants / par_dest.migrants.sum()\n"
        "top"
    ),
)

q5 = MultipleChoiceQuestion(
    "Que signifie « 1 088 408 personnes nées au Maroc vivent en Espagne à la mi-2024 » ?",
    {
        "a": "1 088 408 personnes sont arrivées en Espagne en 2024.",
        "b": "C'est un stock : la somme des migrations passées, nette des décès et des retours, au 1er juillet 2024.",
        "c": "1 088 408 personnes de nationalité marocaine résident en Espagne.",
    },
    "b",
    explanations={
        "a": "Un stock n'est pas un flux : il cumule des décennies d'arrivées.",
        "c": "L'Espagne compte le lieu de naissance : une partie de ces personnes est devenue espagnole.",
    },
)

QUESTIONS = register(globals(), "Module 4")
