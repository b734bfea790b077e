"""M-LEARN course kit: migration data for North Africa, in Jupyter.

Subpackages, one per stage of the flow ``data-raw -> data/ -> figures -> explorers -> notebooks``:
``mlearn.data`` (tidy datasets), ``mlearn.geo`` (offline maps), ``mlearn.figures`` (data -> plotly),
``mlearn.explorers`` (ipywidgets composites), ``mlearn.checks`` (students' self-checks),
``mlearn.grading`` (nbgrader-based grader), ``mlearn.dashboards`` (Voilà and static export),
``mlearn.cli`` (the ``mlearn`` command).

Importing ``mlearn`` is cheap: heavy libraries (geopandas, plotly, ipywidgets) load only when a
subpackage that needs them is used.
"""

from importlib import import_module

__version__ = "0.1.0"

_SUBPACKAGES = {
    "data",
    "geo",
    "figures",
    "explorers",
    "checks",
    "grading",
    "dashboards",
    "fmt",
    "paths",
    "errors",
}


def __getattr__(name):
    if name in _SUBPACKAGES:
        module = import_module(f"mlearn.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'mlearn' has no attribute {name!r}")


__all__ = sorted(_SUBPACKAGES) + ["__version__"]
