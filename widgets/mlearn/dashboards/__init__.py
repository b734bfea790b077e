"""Public dashboards of the kit: the Voilà server of ``course/dashboards/`` and its static offline export.

- ``mlearn.dashboards.server``: ``VoilaServer`` / ``serve()`` (``mlearn dashboards serve``), configured by
  ``voila.json`` and the ``mlearn`` Voilà template shipped beside this file;
- ``mlearn.dashboards.live``: ``show(name)`` used in the dashboard notebooks (explorer + sources + CSV);
- ``mlearn.dashboards.static``: ``export_site(out)`` (``mlearn dashboards export``, French and English pages);
- ``mlearn.dashboards.panels``: what live and static pages share (sources, notes, CSV of a figure).
- ``mlearn.dashboards.guard``: the contents API of the Voilà server lists names and types, never a file.

Nothing heavy is imported here: the notebooks import ``mlearn.dashboards.live`` only.
"""

from importlib import import_module

_LAZY = {"show": "live", "export_site": "static", "serve": "server", "VoilaServer": "server"}


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(f"mlearn.dashboards.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'mlearn.dashboards' has no attribute {name!r}")


__all__ = sorted(_LAZY)
