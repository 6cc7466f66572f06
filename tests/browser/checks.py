"""Accessibility and HTML validity checks on a page open in the browser."""

import json
import urllib.request
from pathlib import Path

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


_LAYOUT_PROBE = (Path(__file__).parent / "layout_probe.js").read_text()


def layout_problems(page) -> list[str]:
    """What is wrong with the open page's frame, one readable line each.

    The body carries at most one class, `page--<type>`, so that no component's rules can
    restyle the frame; the banner spans the viewport at the top and `main` starts below
    it; the document is no wider than the viewport (WCAG 1.4.10 Reflow); buttons, form
    controls and navigation links are at least 24 × 24 px (WCAG 2.2 2.5.8).
    """
    probe = page.evaluate(_LAYOUT_PROBE)
    viewport, problems = probe["viewport"], []
    body_classes = probe["bodyClasses"]
    if len(body_classes) > 1 or any(not name.startswith("page--") for name in body_classes):
        problems.append(f"body classes {body_classes}: want one page--<type> class")
    if probe["documentWidth"] > viewport:
        culprits = "; ".join(
            f"{o['selector']} (right edge {o['right']} px, {o['width']} px wide)"
            for o in probe["overflowing"]
        )
        problems.append(
            f"document is {probe['documentWidth']} px wide in a {viewport} px viewport,"
            f" overflowing from: {culprits or 'nothing found'}"
        )
    banner, main = probe["banner"], probe["main"]
    if banner is None or main is None:
        problems.append("no banner (body > header) or no main")
    else:
        if banner["top"] > 1 or banner["left"] > 1 or banner["right"] < viewport - 1:
            problems.append(
                f"banner spans x {banner['left']:.0f}–{banner['right']:.0f} from y"
                f" {banner['top']:.0f}, not the {viewport} px across the top"
            )
        if main["top"] < banner["bottom"] - 1:
            problems.append(
                f"main starts at y {main['top']:.0f}, above the banner's bottom"
                f" {banner['bottom']:.0f}"
            )
    if probe["small"]:
        problems.append(
            "targets under 24 × 24 px: "
            + "; ".join(
                f"{t['selector']} {t['text']!r} {t['width']} × {t['height']}"
                for t in probe["small"]
            )
        )
    return problems
