"""Who is in the classroom: students and instructors, their generated passwords, the roster file.

A roster comes from ``--students N`` (``etudiant01`` … and one instructor ``enseignant``) or from a CSV with
the columns ``username,role`` and optionally ``first_name,last_name,email`` (role ``student`` /
``instructor``, or French ``etudiant`` / ``enseignant``). Each account gets its own random password, printed
once by ``mlearn classroom up`` and kept in ``comptes.csv`` (readable by the administrator only); the hub
only stores salted PBKDF2 hashes. A single shared password would let any student log in as another one.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mlearn.errors import MlearnError

# Linux user names (Debian's NAME_REGEX) are also valid hub user names: one name everywhere.
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
ROLES = {"student": "student", "etudiant": "student", "étudiant": "student", "instructor": "instructor",
         "enseignant": "instructor", "teacher": "instructor"}  # fmt: skip
PBKDF2_ROUNDS = 200_000


@dataclass
class Member:
    username: str
    role: str = "student"
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    password: str = field(default="", repr=False)

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"


def demo_roster(students: int, instructor: str = "enseignant") -> list[Member]:
    if not 1 <= students <= 500:
        raise MlearnError(
            f"Nombre d'étudiants invalide : {students} (entre 1 et 500)",
            f"invalid number of students: {students} (1 to 500)",
        )
    width = max(2, len(str(students)))
    members = [
        Member(f"etudiant{i:0{width}d}", "student", "Étudiant", f"{i:0{width}d}")
        for i in range(1, students + 1)
    ]
    return [*members, Member(instructor, "instructor", "Enseignant", "M-LEARN")]


def read_roster(path: Path) -> list[Member]:
    """Parse a users CSV; every problem is reported with its line number, nothing is half-created."""
    path = Path(path)
    if not path.is_file():
        raise MlearnError(f"Fichier d'utilisateurs introuvable : {path}", f"users file not found: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "username" not in [f.strip() for f in reader.fieldnames]:
            raise MlearnError(
                f"{path} : colonne « username » absente (colonnes attendues : username,role[,first_name,last_name,email])",
                f"{path}: no 'username' column",
            )
        members, seen, problems = [], set(), []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            name = row.get("username", "").lower()
            role = ROLES.get(row.get("role", "student").lower() or "student")
            if not NAME_RE.match(name):
                problems.append(
                    f"ligne {line} : nom « {name} » invalide (a-z, 0-9, - et _, 31 caractères max)"
                )
            elif name in seen:
                problems.append(f"ligne {line} : « {name} » en double")
            elif role is None:
                problems.append(f"ligne {line} : rôle « {row.get('role')} » inconnu (student ou instructor)")
            else:
                seen.add(name)
                members.append(
                    Member(
                        name, role, row.get("first_name", ""), row.get("last_name", ""), row.get("email", "")
                    )
                )
    if problems:
        raise MlearnError(
            f"{path} : " + " ; ".join(problems), f"{path}: {len(problems)} invalid line(s)", "corrigez le CSV"
        )
    if not any(m.role == "student" for m in members) or not any(m.is_instructor for m in members):
        raise MlearnError(
            f"{path} : il faut au moins un étudiant et un enseignant",
            f"{path}: at least one student and one instructor are needed",
        )
    return members


def new_password() -> str:
    # 4 groups of 4 lower-case letters/digits without look-alikes: easy to read out in a classroom.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def hash_password(password: str, salt: str | None = None) -> dict:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), PBKDF2_ROUNDS)
    return {"salt": salt, "hash": digest.hex()}


def check_password(password: str, record: dict) -> bool:
    expected = hash_password(password, record["salt"])["hash"]
    return hmac.compare_digest(expected, record["hash"])


def assign_passwords(members: list[Member]) -> None:
    for member in members:
        member.password = new_password()


def write_hashes(members: list[Member], path: Path) -> None:
    """The file the hub's authenticator reads: role and password hash per user (no clear password)."""
    records = {m.username: {"role": m.role, **hash_password(m.password)} for m in members}
    _write_private(path, json.dumps(records, indent=1))


def write_accounts_csv(members: list[Member], path: Path) -> None:
    """``comptes.csv``: the clear passwords to hand out, readable by the administrator only."""
    lines = ["username,role,password,first_name,last_name,email"]
    for m in members:
        lines.append(",".join([m.username, m.role, m.password, m.first_name, m.last_name, m.email]))
    _write_private(path, "\n".join(lines) + "\n")


def read_accounts_csv(path: Path) -> list[Member]:
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return [Member(**row) for row in csv.DictReader(handle)]


def members_json(members: list[Member]) -> list[dict]:
    return [{k: v for k, v in asdict(m).items() if k != "password"} for m in members]


def _write_private(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")
