"""Screenshots of each tab for the README: starts app.py on an existing index and drives Debian's chromium.

    python scripts/screenshots.py --index /path/to/index [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from running_app import ROOT, running_app

from assistant.ui.texts import UI


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--question", default="Hur många partner har INNO Industry?")
    parser.add_argument("--query", default="good practices Industry 4.0 clusters")
    args = parser.parse_args()
    with running_app({"ASSISTANT_INDEX": args.index}) as url:
        shoot(url, args)


def shoot(url: str, args) -> None:
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(locale="sv-SE", viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="load")
        page.wait_for_function("document.querySelector('#ui-lang input[value=sv]')?.checked === true")
        page.fill("#question textarea", args.question)
        page.click("#send")
        page.wait_for_selector("#cards .card", timeout=120000)
        page.locator("#cards summary").first.click()
        page.screenshot(path=str(args.out / "chat.png"), full_page=True)
        page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="load")
        page.get_by_role("tab", name=UI["en"]["search"]).click()
        page.fill("#query textarea", args.query)
        page.keyboard.press("Enter")
        page.wait_for_selector("#results .doc-card", timeout=60000)
        page.screenshot(path=str(args.out / "search.png"))
        for tab in ("documents", "evaluation"):
            page.get_by_role("tab", name=UI["en"][tab]).click()
            time.sleep(2)
            page.screenshot(path=str(args.out / f"{tab}.png"))
        browser.close()


if __name__ == "__main__":
    main()
