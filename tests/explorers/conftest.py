"""Explorers are built once per test session (building loads data); tests reset the controls they touch."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def explorer_cache():
    return {}


@pytest.fixture
def make_explorer(explorer_cache):
    """``make_explorer(name)``: the session's explorer, its controls reset to their defaults."""
    import mlearn.explorers as E

    def get(name: str):
        if name not in explorer_cache:
            explorer_cache[name] = E.catalog()[name]()
        exp = explorer_cache[name]
        for control, value in exp.view.defaults().items():
            exp.controls[control].value = value
        return exp

    return get
