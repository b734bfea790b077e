"""``mlearn lab``: open JupyterLab on the course home notebook, on the first free port."""

from __future__ import annotations

import os
import secrets
import sys

from mlearn.errors import MlearnError
from mlearn.ports import first_free_port

DEFAULT_PORT = 8888


def course_home(root) -> str:
    """Path (relative to the project root) of the course home notebook."""
    course = root / "course"
    for candidate in [course / "index.ipynb", *sorted(course.glob("00-*.ipynb"))]:
        if candidate.is_file():
            return candidate.relative_to(root).as_posix()
    raise MlearnError(
        "Notebook d'accueil du cours introuvable (course/00-*.ipynb ou course/index.ipynb)",
        "course home notebook not found",
    )


def run(args) -> int:
    from mlearn.paths import project_root

    root = project_root()
    if root is None:
        raise MlearnError(
            "Lancez cette commande depuis le dossier du kit (celui qui contient course/ et data/)",
            "run this from the course kit checkout",
        )
    home = course_home(root)
    port = first_free_port(args.port)
    if port != args.port:
        print(
            f"Le port {args.port} est occupé : utilisation du port {port}. / Port {args.port} is busy: using {port}."
        )
    token = args.token if args.token is not None else secrets.token_hex(16)
    url = f"http://{args.host}:{port}/lab/tree/{home}" + (f"?token={token}" if token else "")
    print(f"JupyterLab : {url}", flush=True)
    print(
        "Ouvrez cette adresse dans votre navigateur ; Ctrl+C pour arrêter. / Open this URL; Ctrl+C to stop.",
        flush=True,
    )
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser", f"--port={port}", "--port-retries=0", f"--ServerApp.ip={args.host}",
        f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{home}",
    ]  # fmt: skip
    cmd.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    os.chdir(root)
    os.execv(sys.executable, cmd)
    return 0  # pragma: no cover - execv does not return


def register(sub) -> None:
    p = sub.add_parser(
        "lab", help="ouvrir JupyterLab sur l'accueil du cours / open JupyterLab on the course home"
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port souhaité (le suivant libre sinon)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument(
        "--token",
        default=os.environ.get("MLEARN_LAB_TOKEN"),
        help="jeton d'accès (par défaut : tiré au hasard)",
    )
    p.add_argument("--dry-run", action="store_true", help="afficher la commande sans la lancer")
    p.set_defaults(func=run)
