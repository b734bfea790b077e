"""French display of numbers (Babel): narrow no-break spaces, decimal comma, « milliard »."""

import math

import pytest

from mlearn import fmt

N = "\u202f"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1066129, f"1{N}066{N}129"), (304021813, f"304{N}021{N}813"), (999, "999"), (-172948, f"-172{N}948")],
)
def test_fr_int_uses_narrow_no_break_spaces(value, expected):
    assert fmt.fr_int(value) == expected


def test_english_uses_commas():
    assert fmt.fr_int(1066129, lang="en") == "1,066,129"
    assert fmt.fr_pct(8.06, lang="en") == "8.1%"


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [(8.06, {}, f"8,1{N}%"), (8.04, {}, f"8,0{N}%"), (47.54, {"decimals": 2}, f"47,54{N}%"),
     (0.0806, {"ratio": True}, f"8,1{N}%"), (0.29, {"decimals": 2}, f"0,29{N}%")],
)  # fmt: skip
def test_fr_pct(value, kwargs, expected):
    assert fmt.fr_pct(value, **kwargs) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), math.nan])
def test_missing_values_are_a_dash_not_nan(missing):
    assert fmt.fr_int(missing) == "–"
    assert fmt.fr_pct(missing) == "–"


def test_money_says_milliard_never_billion_for_1e9():
    assert fmt.fr_money(11.75e9) == "11,8 milliards de dollars US (courants)"
    assert fmt.fr_money(1.2e9) == "1,2 milliard de dollars US (courants)"
    assert fmt.fr_money(2194.5e6) == "2,2 milliards de dollars US (courants)"
    assert fmt.fr_money(850e6) == "850,0 millions de dollars US (courants)"
    assert "billion" not in fmt.fr_money(19.53e9)


def test_month_names_do_not_depend_on_the_system_locale():
    assert [fmt.month_name(m) for m in (1, 2, 8, 12)] == ["janvier", "février", "août", "décembre"]
    assert fmt.month_name(8, lang="en") == "August"


def test_source_line_template_and_note():
    line = fmt.source_line(
        "UN DESA", "International Migrant Stock", "édition 2024", note="total = femmes + hommes"
    )
    assert line.startswith(
        f"Source{N}: UN DESA, International Migrant Stock (édition 2024){N}; calculs M-LEARN."
    )
    assert line.endswith(f"<br>Note{N}: total = femmes + hommes")


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="Langue inconnue"):
        fmt.fr_int(3, lang="de")
