"""What a web source's check said, in the reader's language: the core words every failure in English (web.py,
webingest.py, webpages.py); the page says each of a known kind by its key in the UI table, its addresses, numbers and
technical reasons kept. A message of an unknown kind is shown as the core words it."""

from __future__ import annotations

import re

from .texts import ui_text

# The core's messages by kind (whole messages, fullmatch), and the key of each in the UI table; a group named
# `reason` is itself a message (said again), one named `kind` a source's kind (kind_* in the table).
KINDS = [(re.compile(pattern), key) for pattern, key in (
    (r"refused by (?P<site>\S+)/robots\.txt: \S+ is disallowed for our user agent", "web_robots"),
    (r"refused by this server's settings: (?P<host>\S+) is a private or loopback address \((?P<ip>[^)]*)\); set "
     r"ASSISTANT_WEB_PRIVATE=1 to allow intranet addresses", "web_private"),
    # as the core said it before (kept in a catalog until the source's next check): the same refusal, no outage
    # (before web_robots_unread, which would match it too)
    (r"\S+/robots\.txt could not be read \(refused: (?P<host>\S+) is a private or loopback address "
     r"\((?P<ip>[^)]*)\); set ASSISTANT_WEB_PRIVATE=1 to index intranet sites\): the site is not crawled until it "
     r"answers", "web_private"),
    (r"(?P<site>\S+)/robots\.txt could not be read \((?P<reason>.*)\): the site is not crawled until it answers",
     "web_robots_unread"),
    (r"(?P<site>\S+)/robots\.txt answered (?P<status>\d+): the site is not crawled until it answers",
     "web_robots_status"),
    (r"unreachable host (?P<host>\S+) \((?P<detail>.*)\)", "web_unreachable"),
    (r"timed out after (?P<seconds>[\d.]+) s \((?P<detail>.*)\)", "web_timeout"),
    (r"TLS error \((?P<detail>.*)\)", "web_tls"),
    (r"HTTP error \((?P<detail>.*)\)", "web_http_error"),
    (r"too large \((?P<size>[\d.]+) MB; the limit is (?P<limit>[\d.]+) MB\)", "web_too_large"),
    (r"too large \(over the (?P<limit>[\d.]+) MB limit\)", "web_over_limit"),
    (r"too large once decompressed \(over the (?P<limit>[\d.]+) MB limit\), or corrupt", "web_inflated"),
    (r"not an HTML page \(no content type, and the body is not HTML\)", "web_no_type"),
    (r"not an HTML page \((?P<type>[^)]*)\)", "web_not_html"),
    (r"unexpected content type (?P<type>.+)", "web_type"),
    (r"server error \(HTTP (?P<status>\d+)\)", "web_server_error"),
    (r"refused by the server \(HTTP (?P<status>\d+)\)", "web_forbidden"),
    (r"answer \(HTTP (?P<status>\d+)\)", "web_answer"),
    (r"not found \(HTTP (?P<status>\d+)\)", "web_not_found"),
    (r"not found \(HTTP (?P<status>\d+)\) since (?P<since>\S+); removed if still missing (?P<hours>[\d.]+) h after "
     r"that", "web_gone"),
    (r"redirect \((?P<status>\d+)\) without a Location", "web_redirect_bare"),
    (r"redirect loop: (?P<chain>.+)", "web_redirect_loop"),
    (r"more than (?P<n>\d+) redirects: (?P<chain>.+)", "web_redirects"),
    (r"no page address found in this (?P<kind>\w+)", "web_no_pages"),
    (r"no page address found in this (?P<kind>\w+): sitemaps and crawls need a host name, not (?P<host>\S+) "
     r"\(e\.g\. (?P<hosts>\S+) and (?P<address>\S+)\)", "web_no_pages_host"),
    (r"not a feed, or a feed without entries", "web_no_feed"),
    (r"unparsable HTML \((?P<error>[^)]*)\)", "web_unparsable"),
    (r"no main text found in the page", "web_no_text"),
    (r"not a web address: (?P<url>.+)", "web_not_url"),
    (r"(?P<n>\d+) pages", "web_pages"),
    (r"(?P<n>\d+) pages; deleted by the admin, not indexed again: (?P<skipped>\d+)", "web_pages_skipped"),
    (r"(?P<n>\d+) pages read", "web_pages_read"),
    (r"same page as (?P<url>\S+)", "web_same_page"),
)]
SEEDS = ("sitemap", "feed", "crawl")  # the kinds of source that list pages (kind_* in the UI table)
KEPT = "; the indexed version is kept"  # what a failed check of an indexed page adds (webingest._failed)


def said(message: str, lang: str) -> str:
    """A web source's message in the reader's language when its kind is known, else as the core words it."""
    if message.endswith(KEPT):
        return f"{said(message[:-len(KEPT)], lang)}; {ui_text(lang, 'web_kept')}"
    for pattern, key in KINDS:
        found = pattern.fullmatch(message)
        if found:
            values = found.groupdict()
            if "reason" in values:
                values["reason"] = said(values["reason"], lang)
            if "kind" in values:
                values["kind"] = ui_text(lang, f"kind_{values['kind']}") if values["kind"] in SEEDS else values["kind"]
            return ui_text(lang, key).format(**values)
    return message
