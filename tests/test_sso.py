"""Single sign-on with OpenID Connect against a real local provider (oidc-provider-mock: discovery, authorization
code flow, signed ID tokens, userinfo), started by the test: the provider's groups claim becomes access groups."""

from __future__ import annotations

import re
from contextlib import closing
from html import unescape

import httpx
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.actions import App
from tests.conftest import served, write_corpus
from tests.fakes import HashEmbedder

provider_mock = pytest.importorskip("oidc_provider_mock")


@pytest.fixture(scope="module")
def provider():
    """The provider, with one user in the IdP group "cluster-staff" and one in none."""
    users = [provider_mock.User(sub="olle", claims={"preferred_username": "olle", "email": "olle@example.org",
                                                     "groups": ["cluster-staff", "Not A Group!"]}),
             provider_mock.User(sub="vera", claims={"preferred_username": "vera", "groups": []})]
    with provider_mock.run_server_in_thread(user_claims=users, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app_url(provider, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sso")
    corpus = write_corpus(tmp / "corpus")
    staff = tmp / "staff"
    staff.mkdir()
    (staff / "memo.txt").write_text("Internal memo: the Orrefors pilot budget is 310,000 euros.", encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection="sso", api_rate_limit=0, oidc_issuer=provider,
                        oidc_client_id="cluster-assistant", oidc_client_secret="not-so-secret",
                        oidc_group_map="cluster-staff=staff", oidc_scope="openid profile email")
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([corpus])
    assistant.ingest([staff], groups="staff")
    with served(App(assistant, corpus, tmp / "uploads", tmp / "reports")) as url:
        yield url


def sign_in(app_url: str, sub: str) -> httpx.Client:
    """The whole round trip as a browser makes it: the app sends us to the provider, we pick the user on its form,
    the provider sends us back with a code, the app checks the ID token and sets its sign-in cookie."""
    http = httpx.Client(timeout=60, follow_redirects=False)
    to_provider = http.get(app_url + "/signin/sso")
    assert to_provider.status_code in (302, 303, 307), to_provider.text
    authorize = to_provider.headers["location"]
    form = http.get(authorize)
    assert form.status_code == 200 and "<form" in form.text
    action = unescape(re.search(r'<form[^>]*action="([^"]*)"', form.text).group(1)) if 'action="' in form.text \
        else authorize
    back = http.post(httpx.URL(authorize).join(action), data={"sub": sub})
    assert back.status_code in (302, 303), back.text
    callback = back.headers["location"]
    assert callback.startswith(app_url + "/signin/sso/callback")
    done = http.get(callback)
    assert done.status_code == 303 and done.headers["location"] == "/", done.text
    return http


def test_sso_maps_the_groups_claim_to_access_groups(app_url):
    with closing(sign_in(app_url, "olle")) as http:
        me = http.get(app_url + "/api/me").json()
        assert me == {"name": "olle", "groups": ["public", "staff"], "admin": False}
        docs = {d["doc"] for d in http.get(app_url + "/api/documents").json()}
        assert "memo.txt" in docs
        hits = http.get(app_url + "/api/search", params={"q": "Orrefors pilot budget", "mode": "bm25"}).json()
        assert hits and hits[0]["doc"] == "memo.txt"
        http.get(app_url + "/signout")
        assert http.get(app_url + "/api/me").json()["name"] == ""


def test_a_provider_user_outside_the_groups_sees_the_public_only(app_url):
    with closing(sign_in(app_url, "vera")) as http:
        assert http.get(app_url + "/api/me").json()["groups"] == ["public"]
        assert "memo.txt" not in {d["doc"] for d in http.get(app_url + "/api/documents").json()}
        assert not http.get(app_url + "/api/search", params={"q": "Orrefors pilot budget", "mode": "bm25"}).json()


def test_a_forged_callback_is_refused(app_url):
    with httpx.Client(timeout=60, follow_redirects=False) as http:
        http.get(app_url + "/signin/sso")  # a real state in the session, but not this one
        forged = http.get(app_url + "/signin/sso/callback", params={"code": "made-up", "state": "made-up"})
        assert forged.status_code == 400 and "Single sign-on failed" in forged.text
        assert http.get(app_url + "/api/me").json()["name"] == ""


def test_sso_in_the_browser(browser, app_url):
    """The page's sign-in link, the provider's form, and back to the page signed in with the mapped groups."""
    context = browser.new_context(locale="en-US")
    # the provider's page styles itself from a CDN: nothing leaves the machine
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(app_url + "/", wait_until="load")
    page.click("#signin-link")
    page.click("#signin-sso")
    page.click("button[name=sub][value=olle]")
    page.wait_for_selector("#who:has-text('Signed in as')", timeout=60000)
    assert "olle" in page.inner_text("#who") and "public, staff" in page.inner_text("#who")
    page.click("#signout-link")
    page.wait_for_selector("#signin-link", timeout=60000)
    context.close()


def test_a_provider_that_does_not_answer_is_explained(tmp_path):
    from tests.conftest import free_port

    settings = Settings(index_dir=tmp_path / "index", collection="sso_down", oidc_issuer=f"http://127.0.0.1:{free_port()}",
                        oidc_client_id="x", oidc_client_secret="y")
    with served(App(Assistant(settings, embedder=HashEmbedder()), tmp_path, tmp_path / "u", tmp_path / "r")) as url:
        reply = httpx.get(url + "/signin/sso", timeout=60)
        assert reply.status_code == 502 and "does not answer" in reply.text
