"""Linux accounts and home folders of the classroom.

As root, every roster member becomes a real Linux user (``useradd``) whose home is a private folder
(mode 700) under ``DIR/home/``: servers and kernels run as that user, so the kernel enforces that a student
cannot read another student's files, the instructor's ``source/`` or the gradebook. Users are tagged in
their GECOS field with the classroom folder, and only tagged users are reused or deleted (``--purge``).

Without root (a laptop), everyone runs as the current user with one home folder each: convenient for a
demo, but **no isolation** between accounts (see ``docs/deploy.md``).
"""

from __future__ import annotations

import grp
import hashlib
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlearn.errors import MlearnError


def is_root() -> bool:
    return os.geteuid() == 0


def marker(state_dir: Path) -> str:
    """GECOS tag naming the classroom folder that created a Linux user."""
    return "mlearn-classroom " + hashlib.sha256(str(Path(state_dir).resolve()).encode()).hexdigest()[:12]


def service_user(state_dir: Path) -> str:
    """Linux user of the Voilà dashboards service, one per classroom folder."""
    return "mltdb-" + marker(state_dir).split()[-1][:8]


@dataclass
class Account:
    name: str
    home: Path
    uid: int
    gid: int


def _existing(name: str):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def ensure_account(state_dir: Path, name: str, home_root: Path) -> Account:
    """Create (as root) or reuse the Linux user ``name``; non-root: a home folder for the current user."""
    home = Path(home_root) / name
    if not is_root():
        home.mkdir(parents=True, exist_ok=True)
        return Account(name, home, os.getuid(), os.getgid())
    tag = marker(state_dir)
    entry = _existing(name)
    if entry is not None and entry.pw_gecos != tag:
        raise MlearnError(
            f"L'utilisateur Linux « {name} » existe déjà et n'a pas été créé par cette classe",
            f"Linux user {name!r} already exists and was not created by this classroom",
            "choisissez d'autres noms (--users-file) ou un autre dossier (--dir)",
        )
    if entry is None:
        home_root.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash", "--comment", tag,
             "--user-group", "--no-log-init", name],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        entry = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(0o700)
    return Account(name, home, entry.pw_uid, entry.pw_gid)


def chown_tree(path: Path, account: Account) -> None:
    if not is_root():
        return
    os.chown(path, account.uid, account.gid)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), account.uid, account.gid, follow_symlinks=False)


def tagged_users(state_dir: Path) -> list[str]:
    tag = marker(state_dir)
    return [entry.pw_name for entry in pwd.getpwall() if entry.pw_gecos == tag]


def delete_users(state_dir: Path) -> list[str]:
    """Delete every Linux user tagged with this classroom (their homes are under the classroom folder)."""
    removed = []
    for name in tagged_users(state_dir):
        result = subprocess.run(["userdel", "--force", "--remove", name], capture_output=True, text=True)
        if result.returncode not in (0, 12):  # 12: home already gone
            raise MlearnError(
                f"Impossible de supprimer l'utilisateur {name} : {result.stderr.strip()}",
                f"could not delete user {name}",
            )
        try:
            grp.getgrnam(name)
            subprocess.run(["groupdel", name], capture_output=True)
        except KeyError:
            pass
        removed.append(name)
    return removed


def copy_tree(src: Path, dest: Path, account: Account, ignore=(".ipynb_checkpoints", "__pycache__")) -> None:
    """Copy a folder into a user's home (once: an existing copy is the user's work and is kept)."""
    if dest.exists() or not src.is_dir():
        return
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*ignore))
    chown_tree(dest, account)
