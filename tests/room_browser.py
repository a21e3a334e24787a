"""Debian's Chromium at phone size, driven by selenium: for the browser test and the benchmark."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = (390, 844)
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--window-size={PHONE[0]},{PHONE[1]}",
)


def chromium_present() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def must_run() -> bool:
    """On CI the browser test never skips: a missing chromium is a failure there."""
    return bool(os.environ.get("CI"))


@contextmanager
def phone_browser(*flags: str) -> Iterator[Any]:
    """A fresh headless Chromium (its own profile folder) at 390x844, logging the
    page's network events and console; `flags` added to its command line."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="sessie-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, *flags):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        # The layout viewport of a 390x844 phone, whatever the headless window's frame.
        zoom(driver, 1)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def zoom(driver: Any, factor: float) -> None:
    """Browser zoom: the same phone with `factor` times fewer CSS pixels across, the way
    200% zoom lays a page out (what WCAG's reflow criterion asks at 320 CSS px)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": round(PHONE[0] / factor),
            "height": round(PHONE[1] / factor),
            "deviceScaleFactor": factor,
            "mobile": True,
        },
    )


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked for since the last call (performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            url = params.get("request", {}).get("url") or params.get("url")
            if url:
                urls.append(url)
    return urls


def foreign_hosts(urls: list[str], host: str) -> set[str]:
    """The hosts other than `host` that `urls` reach over the network (the browser's own
    chrome:// pages of the blank tab and data: URLs reach none)."""
    return {
        urlsplit(url).netloc
        for url in urls
        if urlsplit(url).scheme in NETWORK_SCHEMES and urlsplit(url).netloc != host
    }


def fresh_page(driver: Any) -> None:
    """The browser as new for the next test: a blank page, no cookies (a cookie is the
    host's whatever the port), phone size, the logs emptied."""
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    zoom(driver, 1)
    driver.get_log("performance")
    driver.get_log("browser")
