"""A fetched web page as a document: its main text, title, language and date (trafilatura), its canonical address,
its links (courlan) and a failed answer in words."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from .config import Settings
from .errors import WebError
from .loaders import PIPELINE_VERSION
from .records import Document, Page
from .web import normalize, site_of


def ip_hint(url: str) -> str:
    """Why a sitemap or crawl on an IP address or localhost finds nothing (trafilatura and courlan need a host
    name), and what to do; "" for other hosts."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host != "localhost":
            return ""
    return (f": sitemaps and crawls need a host name, not {host} (e.g. ASSISTANT_WEB_HOSTS=site.test={host} and "
            f"http://site.test:PORT/…)")


def links_of(html: str, url: str) -> list[str]:
    """The page's internal links (courlan, as trafilatura's crawler uses it)."""
    from courlan import extract_links

    try:
        return sorted(extract_links(html, url=url, external_bool=False, with_nav=True, strict=False))
    except ValueError:  # a malformed link in the page
        return []


def web_document(html: str, url: str, meta: dict, settings: Settings) -> Document:
    """A page as a Document: id = canonical URL; title, language, date and site from trafilatura, then the manifest."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                             include_tables=True, favor_recall=True)
    except Exception as exc:  # noqa: BLE001 (lxml and trafilatura raise many kinds on broken markup)
        raise WebError(f"unparsable HTML ({type(exc).__name__})") from exc
    if result is None or not (result.text or "").strip():
        raise WebError("no main text found in the page")
    doc_id = canonical(result.url or "", url)
    lang = str(meta.get("lang") or result.language or html_lang(html) or "")
    title = str(meta.get("title") or result.title or "")
    published = str(meta.get("published") or result.date or "")
    # Access groups change who sees the page, not its text: not in the hash (ingest.Ingestor.regroup applies them).
    digest = hashlib.sha256(json.dumps(
        [result.text, title, lang, published, {k: v for k, v in meta.items() if k != "groups"}, PIPELINE_VERSION,
         settings.chunk_chars, settings.chunk_overlap_chars, settings.latent_terms if settings.latent_weight > 0 else 0],
        sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return Document(doc_id=doc_id, path=doc_id, pages=[Page(1, result.text)], content_hash=digest, doctype="html",
                    title=title, lang=lang[:2].lower(), source=str(meta.get("source") or doc_id), published=published,
                    topic=str(meta.get("topic") or ""), root=str(result.sitename or urlsplit(doc_id).netloc))


def canonical(declared: str, fetched: str) -> str:
    """The page's canonical URL when it declares one on its own site, else the URL it was fetched from."""
    if declared.startswith(("http://", "https://")) and site_of(declared) == site_of(fetched):
        return normalize(declared)
    return normalize(fetched)


def html_lang(html: str) -> str:
    """The two-letter language of <html lang="…">, or ''."""
    import re

    found = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2})", html[:4000], re.I)
    return found.group(1).lower() if found else ""


def http_reason(status: int) -> str:
    """A failed answer in words."""
    kind = "server error" if status >= 500 else "refused by the server" if status in (401, 403) else "answer"
    return f"{kind} (HTTP {status})"
