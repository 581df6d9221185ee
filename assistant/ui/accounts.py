"""The sign-in routes beside the page: /signin (a local account, or "admin" with the admin password), /signout,
and single sign-on with OpenID Connect (/signin/sso, authlib; the provider's groups claim mapped to access
groups)."""

from __future__ import annotations

import logging
from typing import Annotated

import httpx
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from .auth import COOKIE, MAX_FIELD, Locked, form_page, same_origin
from .common import client, the_app
from .texts import preferred, ui_text

log = logging.getLogger("app.auth")
router = APIRouter()
Lang = Annotated[str, Query(max_length=8)]


def page_lang(request: Request, lang: str) -> str:
    """The language of a sign-in page: the one the link names, else the one the browser asks for."""
    return lang or preferred(request.headers.get("accept-language", ""))


def _secure(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (directly or through a proxy that says so)."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def signed_in(request: Request, data: dict) -> RedirectResponse:
    """Back to the page with a sign-in cookie."""
    app = the_app(request)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, app.signin.cookie(data), max_age=app.signin.max_age, httponly=True,
                        samesite="lax", secure=_secure(request), path="/")
    return response


@router.get("/signin", include_in_schema=False)
def signin_form(request: Request, lang: Lang = "") -> HTMLResponse:
    """The sign-in form."""
    return HTMLResponse(form_page(page_lang(request, lang), sso=bool(the_app(request).assistant.settings.oidc_issuer)))


@router.post("/signin", include_in_schema=False, response_model=None)
async def signin(request: Request, lang: Lang = "") -> HTMLResponse | RedirectResponse:
    """Check a name and password; a right one sets the sign-in cookie, a wrong one counts towards the lockout."""
    app, lang = the_app(request), page_lang(request, lang)
    sso = bool(app.assistant.settings.oidc_issuer)
    if not same_origin(request.headers):
        raise HTTPException(403, "a sign-in must be sent from this site's own form")
    try:
        form = await request.form(max_files=0, max_fields=4)
    except Exception as exc:  # noqa: BLE001 (not a form)
        raise HTTPException(400, "send the form's fields 'name' and 'password'") from exc
    name, password = str(form.get("name") or "")[:MAX_FIELD], str(form.get("password") or "")[:MAX_FIELD]
    try:
        data = await run_in_threadpool(app.signin.check, name, password, client(request))
    except Locked as exc:
        return HTMLResponse(form_page(lang, ui_text(lang, "signin_locked").format(wait=exc.wait), sso), status_code=429,
                            headers={"Retry-After": str(exc.wait)})
    if data is None:
        return HTMLResponse(form_page(lang, ui_text(lang, "wrong_signin"), sso, name[:64]), status_code=401)
    return signed_in(request, data)


@router.api_route("/signout", methods=["GET", "POST"], include_in_schema=False)
def signout() -> RedirectResponse:
    """Forget the sign-in (the cookie is cleared) and go back to the page."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def sso_client(app):
    """The OpenID Connect client (authlib), registered once from the provider's discovery document."""
    if getattr(app, "_sso", None) is None:
        from authlib.integrations.starlette_client import OAuth

        settings = app.assistant.settings
        oauth = OAuth()
        oauth.register("sso", server_metadata_url=settings.oidc_issuer.rstrip("/") +
                       "/.well-known/openid-configuration", client_id=settings.oidc_client_id,
                       client_secret=settings.oidc_client_secret, client_kwargs={"scope": settings.oidc_scope})
        app._sso = oauth.create_client("sso")
    return app._sso


@router.get("/signin/sso", include_in_schema=False)
async def sso(request: Request, lang: Lang = ""):
    """Send the browser to the provider's sign-in."""
    app, lang = the_app(request), page_lang(request, lang)
    settings = app.assistant.settings
    if not settings.oidc_issuer:
        raise HTTPException(404, "single sign-on is off (ASSISTANT_OIDC_ISSUER is not set)")
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    request.session["lang"] = lang if len(lang) <= 3 else "en"
    try:
        return await sso_client(app).authorize_redirect(request, f"{base}/signin/sso/callback")
    except Exception as exc:  # noqa: BLE001 (the provider does not answer, or answers nonsense)
        log.warning("single sign-on unavailable: %s", exc)
        reason = ui_text(lang, "sso_failed").format(reason="the sign-in service does not answer; try again later")
        return HTMLResponse(form_page(lang, reason, sso=True), status_code=502)


@router.get("/signin/sso/callback", include_in_schema=False, response_model=None)
async def sso_callback(request: Request) -> HTMLResponse | RedirectResponse:
    """The provider's answer: its ID token checked (signature, issuer, audience, nonce), its groups claim mapped."""
    from authlib.integrations.base_client import OAuthError

    app = the_app(request)
    if not app.assistant.settings.oidc_issuer:
        raise HTTPException(404, "single sign-on is off (ASSISTANT_OIDC_ISSUER is not set)")
    lang = request.session.get("lang", "en")
    provider = sso_client(app)
    try:
        token = await provider.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if app.assistant.settings.oidc_groups_claim not in claims:  # some providers put groups in userinfo only
            claims.update(await provider.userinfo(token=token))
    except (OAuthError, ValueError, KeyError, httpx.HTTPError) as exc:
        log.warning("single sign-on failed: %s", exc)
        reason = ui_text(lang, "sso_failed").format(reason=str(exc)[:200])
        return HTMLResponse(form_page(lang, reason, sso=True), status_code=400)
    request.session.clear()  # the round trip is over: its cookie goes
    return signed_in(request, app.signin.sso_groups(claims))
