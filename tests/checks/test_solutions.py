"""Every worked solution shown by ``q.qN.solution()`` runs on the kit's data and is accepted by its question."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from mlearn import data
from mlearn.checks import all_questions

WITH_CODE = {k: q for k, q in all_questions().items() if q.solution_code}


def run_solution(code: str, label: str):
    """Execute the solution like a notebook cell and return the value of its last expression."""
    namespace = {"data": data, "pd": pd, "stock": data.load("migrant_stock")}
    tree = ast.parse(code)
    last = tree.body.pop()
    assert isinstance(last, ast.Expr), f"{label}: the solution must end with an expression"
    exec(compile(tree, label, "exec"), namespace)  # noqa: S102 - our own solution code
    return eval(compile(ast.Expression(last.value), label, "eval"), namespace)  # noqa: S307


def test_most_questions_show_runnable_code():
    assert len(WITH_CODE) >= 25


@pytest.mark.parametrize("key", sorted(WITH_CODE))
def test_solution_code_gives_an_accepted_answer(key):
    q = WITH_CODE[key]
    result = q.evaluate(run_solution(q.solution_code, key))
    assert result.correct, result


def test_a_series_of_flags_is_explained_for_country_sets():
    from mlearn.checks import questions

    flags = pd.Series({"MAR": 1, "DZA": 0, "TUN": 1, "LBY": 1, "EGY": 0, "MRT": 1})
    result = questions("module02")["q3"].evaluate(flags)
    assert not result.correct and "s[s == 1].index" in result.message
