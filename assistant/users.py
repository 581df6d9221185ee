"""Local accounts: a name, an argon2 password hash, access groups, an admin flag and a personal API token (stored
as its SHA-256: a token is 256 random bits, so a fast hash is as safe as a slow one and keeps every API request
cheap). Kept in the catalog (migrations.USERS)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from .access import Reader, group_names
from .catalog import Catalog
from .errors import UserError

MAX_PASSWORD = 1024  # characters: argon2 hashes any length, a bound keeps a request cheap
MIN_PASSWORD = 8
RESERVED = {"admin", "anonymous", "operator"}  # names the sign-in and `--as` give their own meaning
TOKEN_PREFIX = "ca_"  # a personal API token: easy to tell from a password in a log or a secret scanner
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def token_digest(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class User:
    """A local account as the catalog holds it (its password hash and token digest stay inside this module)."""

    name: str
    groups: tuple[str, ...]
    admin: bool
    created_at: str
    has_token: bool
    stamp: str  # changes with the password: a sign-in made before a change is no longer valid

    def reader(self) -> Reader:
        """The reader this user is: their groups, or every group for an admin."""
        return Reader(name=self.name, groups=None if self.admin else frozenset(self.groups), admin=self.admin)


class Users:
    """The local accounts of one index."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._dummy = ""  # a hash to verify against for an unknown name (same time as a known one)

    def _rows(self, where: str = "", params: tuple = ()) -> list[tuple]:
        with self.catalog.connect() as conn:
            return conn.execute(f"SELECT name, password, groups, admin, token, created_at FROM users {where} "
                                f"ORDER BY name", params).fetchall()

    @staticmethod
    def _user(row: tuple) -> User:
        name, password, groups, admin, token, created = row
        return User(name, tuple(json.loads(groups)), bool(admin), created, bool(token),
                    hashlib.sha256(password.encode()).hexdigest()[:16])

    def list(self) -> list[User]:
        """Every account, by name."""
        return [self._user(r) for r in self._rows()]

    def get(self, name: str) -> User | None:
        """One account, or None."""
        rows = self._rows("WHERE name = ?", (name,))
        return self._user(rows[0]) if rows else None

    def add(self, name: str, password: str, groups: str | list[str], admin: bool = False) -> User:
        """A new account (UserError when the name is taken or a field is wrong)."""
        name = check_name(name)
        names = group_names(groups)
        if self.get(name) is not None:
            raise UserError(f"a user named {name!r} exists already: `assistant users passwd {name}` changes "
                            f"the password, `assistant users remove {name}` removes it")
        digest = _hasher().hash(check_password(password))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.catalog.connect() as conn:
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?, '', ?)",
                         (name, digest, json.dumps(list(names)), int(admin), now))
        return self.get(name)  # type: ignore[return-value]

    def remove(self, name: str) -> None:
        """Delete an account (its sign-ins and token stop working at once)."""
        with self.catalog.connect() as conn:
            if not conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount:
                raise UserError(f"no user named {name!r} (`assistant users list` shows them)")

    def passwd(self, name: str, password: str) -> None:
        """Set a new password (sign-ins made with the old one end)."""
        digest = _hasher().hash(check_password(password))
        with self.catalog.connect() as conn:
            if not conn.execute("UPDATE users SET password = ? WHERE name = ?", (digest, name)).rowcount:
                raise UserError(f"no user named {name!r} (`assistant users list` shows them)")

    def set_groups(self, name: str, groups: str | list[str], admin: bool | None = None) -> None:
        """Change an account's groups (and admin flag when given)."""
        names = group_names(groups)
        with self.catalog.connect() as conn:
            sql, params = "UPDATE users SET groups = ? WHERE name = ?", [json.dumps(list(names)), name]
            if admin is not None:
                sql, params = "UPDATE users SET groups = ?, admin = ? WHERE name = ?", [params[0], int(admin), name]
            if not conn.execute(sql, params).rowcount:
                raise UserError(f"no user named {name!r} (`assistant users list` shows them)")

    def new_token(self, name: str) -> str:
        """A new personal API token for the user (the old one stops working); shown once, stored as a digest."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.catalog.connect() as conn:
            if not conn.execute("UPDATE users SET token = ? WHERE name = ?", (token_digest(token), name)).rowcount:
                raise UserError(f"no user named {name!r} (`assistant users list` shows them)")
        return token

    def by_token(self, token: str) -> User | None:
        """The user whose personal token this is, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        rows = self._rows("WHERE token = ?", (token_digest(token),))
        return self._user(rows[0]) if rows and hmac.compare_digest(rows[0][4], token_digest(token)) else None

    def check(self, name: str, password: str) -> User | None:
        """The user when the password is theirs, else None (an unknown name takes as long as a wrong password)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        rows = self._rows("WHERE name = ?", (name[:64],)) if password and len(password) <= MAX_PASSWORD else []
        if not self._dummy:
            self._dummy = hasher.hash(secrets.token_hex(16))
        stored = rows[0][1] if rows else self._dummy
        try:
            hasher.verify(stored, (password or "")[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        return self._user(rows[0]) if rows else None


def check_name(name: str) -> str:
    """A user name: 1-64 letters, digits, '.', '_', '@' or '-' (UserError otherwise)."""
    name = (name or "").strip()
    if not _NAME.fullmatch(name):
        raise UserError(f"{name[:40]!r} is not a user name: use 1-64 letters, digits, '.', '_', '@' or '-'")
    if name.lower() in RESERVED:
        raise UserError(f"{name!r} is reserved ({', '.join(sorted(RESERVED))} name the admin, the public and the "
                        f"command line): choose another name; `--admin` makes an account an admin")
    return name


def check_password(password: str) -> str:
    """A password of MIN_PASSWORD to MAX_PASSWORD characters (UserError otherwise)."""
    if not MIN_PASSWORD <= len(password or "") <= MAX_PASSWORD:
        raise UserError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return password
