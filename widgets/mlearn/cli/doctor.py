"""``mlearn doctor``: what is installed, what is enabled, what is broken, and how to fix it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata

KEY_PACKAGES = (
    "mlearn-kit", "jupyterlab", "notebook", "nbgrader", "voila", "ipywidgets", "anywidget", "plotly",
    "pandas", "geopandas", "pyarrow", "babel", "nbclient", "playwright",
)  # fmt: skip
NBGRADER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)
VOILA_SERVER_EXTENSION = "voila.server_extension"
LAB_EXTENSIONS = (
    "@jupyter/nbgrader",
    "@jupyter-widgets/jupyterlab-manager",
    "jupyterlab-plotly",
    "anywidget",
)
CHROMIUM = "/usr/bin/chromium"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Check:
    ok: bool
    label: str
    detail: str = ""
    hint: str = ""


def package_versions() -> dict[str, str | None]:
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _jupyter(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120, check=False
    )
    return _ANSI.sub("", proc.stdout + proc.stderr)


def parse_server_extensions(text: str) -> dict[str, tuple[bool, bool]]:
    """``jupyter server extension list`` output -> {extension: (enabled, validated OK)}."""
    status: dict[str, tuple[bool, bool]] = {}
    lines = [ln.strip() for ln in _ANSI.sub("", text).splitlines()]
    for ln in lines:
        parts = ln.split()
        if len(parts) == 2 and parts[1] in ("enabled", "disabled"):
            status[parts[0]] = (parts[1] == "enabled", False)
    for ln in lines:
        parts = ln.split()
        if len(parts) >= 2 and parts[-1] == "OK" and parts[0] in status:
            status[parts[0]] = (status[parts[0]][0], True)
    return status


def server_extension_checks() -> list[Check]:
    status = parse_server_extensions(_jupyter("server", "extension", "list"))
    checks = []
    for ext in (*NBGRADER_SERVER_EXTENSIONS, VOILA_SERVER_EXTENSION):
        enabled, valid = status.get(ext, (False, False))
        detail = (
            "activée, OK / enabled, OK"
            if enabled and valid
            else ("activée, invalide" if enabled else "absente")
        )
        checks.append(Check(enabled and valid, f"extension serveur {ext}", detail,
                            f"jupyter server extension enable --sys-prefix {ext}"))  # fmt: skip
    return checks


def lab_extension_checks() -> list[Check]:
    out = _jupyter("labextension", "list")
    checks = []
    for ext in LAB_EXTENSIONS:
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(ext + " ")), "")
        ok = " enabled" in line and " OK" in line
        checks.append(Check(ok, f"extension JupyterLab {ext}", line.strip() or "absente / missing",
                            f"jupyter labextension enable {ext}"))  # fmt: skip
    return checks


def browser_check() -> Check:
    path = shutil.which("chromium") or (CHROMIUM if shutil.os.path.exists(CHROMIUM) else None)
    if not path:
        return Check(False, "navigateur chromium (tests)", "absent / missing",
                     "sudo apt-get install -y chromium (ou make test en root)")  # fmt: skip
    return Check(True, "navigateur chromium (tests)", path)


def data_check() -> Check:
    try:
        from mlearn.data import check as check_data
    except ImportError as exc:
        return Check(False, "données data/", f"module mlearn.data indisponible : {exc}", "pip install -e .")
    try:
        report = check_data()
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        msg = exc.one_line() if hasattr(exc, "one_line") else f"{type(exc).__name__}: {exc}"
        return Check(
            False, "données data/ (sommes de contrôle)", msg, "mlearn data build (dossier data-raw requis)"
        )
    return Check(True, "données data/ (sommes de contrôle)", str(report))


def run(args) -> int:
    versions = package_versions()
    print(f"Python {sys.version.split()[0]} ({sys.executable})")
    for name, version in versions.items():
        print(f"  {name:<12} {version or 'non installé / not installed'}")
    checks: list[Check] = [data_check(), browser_check()]
    if not args.quick:
        checks += server_extension_checks() + lab_extension_checks()
    failed = 0
    for check in checks:
        mark = "OK " if check.ok else "KO "
        print(f"[{mark}] {check.label}: {check.detail}")
        if not check.ok:
            failed += 1
            if check.hint:
                print(f"       → correctif / fix: {check.hint}")
    print("Tout est en ordre. / All good." if not failed else f"{failed} problème(s) / problem(s).")
    return 1 if failed and args.strict else 0


def register(sub) -> None:
    p = sub.add_parser("doctor", help="diagnostic de l'installation / installation check-up")
    p.add_argument("--quick", action="store_true", help="sans interroger Jupyter (plus rapide)")
    p.add_argument("--strict", action="store_true", help="code de sortie non nul si un contrôle échoue")
    p.set_defaults(func=run)
