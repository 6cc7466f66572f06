"""Accessibility and HTML validity checks on a page open in the browser."""

import json
import urllib.request

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations, one readable line each."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


def html_errors(checker_url: str, html: str) -> list[str]:
    """Errors the Nu Html Checker reports for the document."""
    request = urllib.request.Request(  # noqa: S310 - loopback URL
        f"{checker_url}?out=json",
        data=html.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        messages = json.load(response)["messages"]
    return [
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
