#!/usr/bin/env bash
# Enable the nbgrader and Voilà Jupyter extensions inside the venv (idempotent, quiet).
set -euo pipefail
bin=${1:-.venv/bin}
for ext in nbgrader.server_extensions.formgrader nbgrader.server_extensions.assignment_list \
           nbgrader.server_extensions.course_list nbgrader.server_extensions.validate_assignment voila.server_extension; do
    "$bin/jupyter" server extension enable --sys-prefix "$ext" >/dev/null 2>&1
done
for ext in @jupyter/nbgrader @jupyter-widgets/jupyterlab-manager jupyterlab-plotly anywidget; do
    "$bin/jupyter" labextension enable --sys-prefix "$ext" >/dev/null 2>&1 || true
done
# Offline: JupyterLab must not fetch news or check for updates on the internet.
"$bin/python" - <<'PY'
import json, sys
from pathlib import Path

path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
path.parent.mkdir(parents=True, exist_ok=True)
overrides = json.loads(path.read_text()) if path.is_file() else {}
overrides.setdefault("@jupyterlab/apputils-extension:notification", {}).update(
    {"fetchNews": "false", "checkForUpdates": False}
)
path.write_text(json.dumps(overrides, indent=2) + "\n")
PY
