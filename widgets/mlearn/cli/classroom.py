"""``mlearn classroom``: a multi-user JupyterHub classroom on this machine (``up``, ``down``, ``status``)."""

from __future__ import annotations

from pathlib import Path


def _up(args) -> int:
    import os

    from mlearn.classroom import control, roster

    if args.users_file:
        members = roster.read_roster(Path(args.users_file))
    else:
        members = roster.demo_roster(args.students)
    info = control.up(
        Path(args.dir) if args.dir else None,
        port=args.port,
        members=members,
        course_id=args.course_id,
        postgres=args.postgres,
        gradebook_url=os.environ.get("MLEARN_GRADEBOOK_URL") or None,
        ip=args.ip,
        dashboards=not args.no_dashboards,
    )
    print(f"Classe M-LEARN démarrée : {info['url']}  (cours « {info['course_id']} »)")
    print(
        f"  Tableaux de bord Voilà : {info['url']}services/dashboards/  (prêts dans 1 à 2 min : noyaux préchauffés)"
    )
    print(f"  Carnet de notes : {info['gradebook']}")
    if info["isolation"] != "linux-users":
        print(
            "  ATTENTION : sans root, tous les comptes tournent sous le même utilisateur Linux ; "
            "aucune isolation entre étudiants (démonstration seulement)."
        )
    print("  Comptes (mot de passe individuel, aussi dans " + info["accounts_csv"] + ") :")
    for m in info["members"]:
        print(f"    {m.username:<16} {'enseignant' if m.is_instructor else 'étudiant':<11} {m.password}")
    print(f"  Jeton d'administration de l'API du hub : {info['admin_token_file']}")
    print("  Arrêt : mlearn classroom down   (--purge supprime aussi les comptes et le dossier)")
    return 0


def _down(args) -> int:
    from mlearn.classroom import control

    done = control.down(Path(args.dir) if args.dir else None, purge=args.purge)
    print("Arrêté : " + ", ".join(done) if done else "Rien à arrêter / nothing to stop.")
    return 0


def _status(args) -> int:
    from mlearn.classroom import control

    info = control.status(Path(args.dir) if args.dir else None)
    if info["running"]:
        print(f"En marche : {info.get('url', '?')} ({info.get('users', '?')} comptes), dossier {info['dir']}")
        return 0
    print(f"Arrêtée (dossier {info['dir']})")
    return 3


def register(sub) -> None:
    from mlearn.classroom import DEFAULT_COURSE_ID, DEFAULT_PORT

    p = sub.add_parser(
        "classroom",
        help="classe multi-utilisateurs JupyterHub + nbgrader sur cette machine / multi-user JupyterHub classroom",
    )
    actions = p.add_subparsers(dest="classroom_command", metavar="ACTION")
    u = actions.add_parser(
        "up", help="démarrer le hub, le proxy et les tableaux de bord / start the classroom"
    )
    u.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port public du hub (défaut {DEFAULT_PORT})"
    )
    who = u.add_mutually_exclusive_group()
    who.add_argument(
        "--students", type=int, default=5, help="nombre de comptes étudiants de démonstration (5)"
    )
    who.add_argument("--users-file", help="CSV username,role[,first_name,last_name,email]")
    u.add_argument("--dir", help="dossier de la classe (défaut .classroom/ du dépôt)")
    u.add_argument(
        "--course-id", default=DEFAULT_COURSE_ID, help=f"identifiant du cours (défaut {DEFAULT_COURSE_ID})"
    )
    u.add_argument(
        "--postgres",
        action="store_true",
        help="carnet de notes dans un PostgreSQL local démarré ici (sinon MLEARN_GRADEBOOK_URL, sinon SQLite)",
    )
    u.add_argument("--ip", default="127.0.0.1", help="adresse d'écoute du hub (0.0.0.0 pour le réseau local)")
    u.add_argument("--no-dashboards", action="store_true", help="sans le service Voilà")
    u.set_defaults(func=_up)

    d = actions.add_parser("down", help="tout arrêter (idempotent) / stop everything")
    d.add_argument("--dir", help="dossier de la classe")
    d.add_argument(
        "--purge", action="store_true", help="supprimer aussi les utilisateurs Linux et le dossier"
    )
    d.set_defaults(func=_down)

    s = actions.add_parser("status", help="la classe tourne-t-elle ? / is it running?")
    s.add_argument("--dir", help="dossier de la classe")
    s.set_defaults(func=_status)
    p.set_defaults(func=lambda args: p.print_help() or 0)
