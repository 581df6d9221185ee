"""Who a request is: a personal API token or the admin password (Authorization: Bearer), a sign-in cookie (made by
/signin with a local account or the admin password, or by single sign-on with OpenID Connect), or an anonymous
reader. Everything that shows text asks `SignIn.reader` and hands the reader to the facade (assistant.api), which
scopes every search, list and count to the reader's access groups."""

from __future__ import annotations

import hashlib
import hmac
import html
import logging
import secrets
import threading
from collections.abc import Mapping
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from ..api import Reader, group_names, signed_in
from .guard import client_key
from .texts import UI_LANGS, ui_text

log = logging.getLogger("app.auth")
COOKIE = "ca_session"  # the signed sign-in cookie (HttpOnly, SameSite=Lax)
SSO_COOKIE = "ca_sso"  # the provider round trip's state and nonce (Starlette's session middleware)
SSO_PATH = "/signin/sso"  # the single sign-on routes, the only ones that read or write that cookie
MAX_FIELD = 1024  # characters of a sign-in form field


class Unauthorized(Exception):
    """A bearer token that is neither the admin password nor a user's token."""


class Locked(Exception):
    """Too many wrong passwords from this client; `wait` seconds to go."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"locked for {wait} s")
        self.wait = wait


class SignIn:
    """Sign-in cookies and bearer tokens into readers, for one App."""

    def __init__(self, app) -> None:
        from itsdangerous import URLSafeTimedSerializer

        self.app = app
        self.settings = app.assistant.settings
        self.secret = self.settings.secret_key or self._kept_secret()
        self.signer = URLSafeTimedSerializer(self.secret, salt="cluster-assistant sign-in")
        self.max_age = int(self.settings.session_hours * 3600)
        self.public = frozenset(self.settings.public_groups)
        self._trying: dict[str, threading.Lock] = {}  # one sign-in checked at a time per client (no burst of guesses)
        self._trying_lock = threading.Lock()

    def stamp(self, secret: str) -> str:
        """A keyed digest that changes with a password or its hash (a sign-in made before a change stops working);
        keyed, so that a cookie read by someone tells nothing to guess the password with offline."""
        return hmac.new(self.secret.encode(), secret.encode(), hashlib.sha256).hexdigest()[:32]

    def _kept_secret(self) -> str:
        """The key that signs cookies, made once and kept in the index (ASSISTANT_SECRET_KEY overrides it)."""
        catalog = self.app.assistant.catalog
        secret = catalog.get_meta("session_secret")
        if not secret:
            secret = secrets.token_hex(32)
            catalog.set_meta("session_secret", secret)
        return secret

    @property
    def anonymous(self) -> Reader:
        return Reader(groups=self.public)

    def admin(self) -> Reader:
        """The admin (the admin password): every group, may change the index."""
        return Reader(name="admin", groups=None, admin=True)

    def reader(self, headers: Mapping[str, str], bearer: str = "", admin: bool = True) -> Reader:
        """The reader of a request: its bearer token (Unauthorized when it is no one's; tried as the admin password
        only when `admin`), else its sign-in cookie, else anonymous."""
        if bearer:
            if admin and self.app.is_admin(bearer):
                return self.admin()
            user = self.app.assistant.users.by_token(bearer)
            if user is None:
                raise Unauthorized("unknown token: send a personal token (`assistant users token NAME`) or the "
                                   "admin password as 'Authorization: Bearer <token>'")
            return self.widened(user.reader())
        return self.from_cookie(cookie_value(headers.get("cookie", ""), COOKIE)) or self.anonymous

    def widened(self, reader: Reader) -> Reader:
        """A signed-in reader sees the public groups too (signing in never shows less)."""
        return signed_in(reader, self.public)

    def from_cookie(self, value: str) -> Reader | None:
        """The reader a sign-in cookie names, if it is valid, recent and still matches the account."""
        from itsdangerous import BadSignature

        if not value or len(value) > 4096:
            return None
        try:
            data = self.signer.loads(value, max_age=self.max_age)
        except BadSignature:
            return None
        kind, name = data.get("kind"), str(data.get("name", ""))
        if kind == "admin":
            password = self.settings.admin_password or ""
            return self.admin() if password and hmac.compare_digest(str(data.get("stamp", "")), self.stamp(password)) \
                else None
        if kind == "local":
            user = self.app.assistant.users.get(name)
            if user is None or not hmac.compare_digest(self.stamp(user.stamp), str(data.get("stamp", ""))):
                return None
            return self.widened(user.reader())
        issuer = self.settings.oidc_issuer
        if kind == "sso" and issuer and data.get("issuer") == issuer:  # none once single sign-on is off
            groups = frozenset(group_names(data.get("groups") or [], default=()))
            return self.widened(Reader(name=name, groups=None if data.get("admin") else groups,
                                       admin=bool(data.get("admin"))))
        return None

    def cookie(self, data: dict) -> str:
        """A signed sign-in cookie's value."""
        return self.signer.dumps(data)

    def check(self, name: str, password: str, client: str) -> dict | None:
        """The cookie data for a right name and password (the admin's name is "admin"), or None; Locked when the
        client is locked out. Wrong tries count towards the client's lockout, like wrong admin passwords; a right
        one resets it for the admin password only (an account of one's own must not buy more guesses), and one
        client's tries are checked one at a time (a burst cannot slip past the count)."""
        name, password = (name or "").strip()[:MAX_FIELD], (password or "")[:MAX_FIELD]
        key = client_key(client)
        with self._trying_lock:
            if len(self._trying) > 10_000:
                self._trying.clear()
            lock = self._trying.setdefault(key, threading.Lock())
        with lock:
            wait = self.app.lockout.locked_for(key)
            if wait:
                raise Locked(wait)
            user = self.app.assistant.users.check(name, password)
            if user is not None:
                return {"kind": "local", "name": user.name, "stamp": self.stamp(user.stamp)}
            if name == "admin" and self.app.is_admin(password):
                self.app.lockout.succeeded(key)
                return {"kind": "admin", "name": "admin", "stamp": self.stamp(password)}
            if password:
                self.app.lockout.failed(key)
                log.warning("wrong sign-in for %r from %s", name[:64], key)
            return None

    def sso_groups(self, claims: Mapping) -> dict:
        """The cookie data of a single sign-on: the provider's groups claim mapped to access groups."""
        settings = self.settings
        raw = claims.get(settings.oidc_groups_claim) or []
        given = [raw] if isinstance(raw, str) else [str(g) for g in raw if isinstance(g, str | int)]
        mapping = dict(pair.split("=", 1) for pair in settings.oidc_group_map.split(",") if "=" in pair)
        mapped = []
        for group in given[:100]:
            target = mapping.get(group, group).strip().lower()
            try:
                mapped += group_names([target], default=())
            except ValueError:
                log.info("provider group %r is no access group name: ignored", group[:64])
        name = str(claims.get("preferred_username") or claims.get("email") or claims.get("sub") or "")[:120]
        admin = bool(settings.oidc_admin_group) and settings.oidc_admin_group in given
        return {"kind": "sso", "name": name, "groups": sorted(set(mapped))[:20], "admin": admin,
                "issuer": settings.oidc_issuer}


def cookie_value(header: str, name: str) -> str:
    """One cookie's value from a Cookie header ('' when absent or unreadable)."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header or "")
    except Exception:  # noqa: BLE001 (a malformed header: no cookie)
        return ""
    return jar[name].value if name in jar else ""


def same_origin(headers: Mapping[str, str]) -> bool:
    """Whether a form post comes from this site (its Origin, when sent, names the host it was sent to)."""
    origin = headers.get("origin", "")
    if not origin or origin == "null":
        return not origin
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    return urlsplit(origin).netloc.lower() == host.lower()


def form_page(lang: str, error: str = "", sso: bool = False, name: str = "") -> str:
    """The sign-in page in the UI language: name and password, and single sign-on when configured."""
    lang = lang if lang in UI_LANGS else "en"
    t = {k: html.escape(ui_text(lang, k)) for k in ("signin", "user_name", "password_field", "signin_button",
                                                     "signin_sso", "back", "signin_help")}
    failed = f'<p role="alert" id="signin-error">{html.escape(error)}</p>' if error else ""
    sso_link = f'<p><a id="signin-sso" href="/signin/sso?lang={lang}">{t["signin_sso"]}</a></p>' if sso else ""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{t["signin"]}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}'
            'label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.5rem}</style></head>'
            f'<body><h1>{t["signin"]}</h1>{failed}<p>{t["signin_help"]}</p>'
            f'<form method="post" action="/signin?lang={lang}"><label for="name">{t["user_name"]}</label>'
            f'<input id="name" name="name" autocomplete="username" value="{html.escape(name)}" maxlength="64" '
            f'required><label for="password">{t["password_field"]}</label><input id="password" name="password" '
            f'type="password" autocomplete="current-password" maxlength="{MAX_FIELD}" required>'
            f'<button id="signin-submit" type="submit">{t["signin_button"]}</button></form>{sso_link}'
            f'<p><a href="/">{t["back"]}</a></p></body></html>')


def who(reader: Reader, lang: str) -> str:
    """The page's line that says whose groups are searched, with the sign-in or sign-out link (HTML)."""
    lang = lang if lang in UI_LANGS else "en"
    if not reader.name:
        text = ui_text(lang, "visitor").format(groups=html.escape(reader.label()))
        return (f'<p id="who">{text} · <a id="signin-link" href="/signin?lang={quote(lang)}">'
                f'{html.escape(ui_text(lang, "signin"))}</a></p>')
    if reader.groups is None:  # the admin: every group, said as such (not "the groups all groups")
        text = ui_text(lang, "signed_in_all").format(name=html.escape(reader.name))
    else:
        text = ui_text(lang, "signed_in").format(name=html.escape(reader.name), groups=html.escape(reader.label()))
    return (f'<p id="who">{text} · <a id="signout-link" href="/signout">{html.escape(ui_text(lang, "signout"))}'
            f'</a></p>')
