"""Screenshots of each tab for the README: starts app.py on an existing index and drives Debian's chromium.

    python scripts/screenshots.py --index /path/to/index [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--question", default="Hur många partner har INNO Industry?")
    parser.add_argument("--query", default="good practices Industry 4.0 clusters")
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "ASSISTANT_INDEX": args.index}
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--no-ingest"], env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        shoot(url, args)
    finally:
        app.terminate()


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
        page.get_by_role("tab", name="Good practices").click()
        page.fill("#query textarea", args.query)
        page.keyboard.press("Enter")
        page.wait_for_selector("#results .card", timeout=60000)
        page.screenshot(path=str(args.out / "search.png"))
        for tab in ("Documents", "Evaluation"):
            page.get_by_role("tab", name=tab).click()
            time.sleep(2)
            page.screenshot(path=str(args.out / f"{tab.lower()}.png"))
        browser.close()


if __name__ == "__main__":
    main()
