"""Signing the demo accounts in through the real forms, the second factor included."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from .conftest import DEMO_PASSWORD, DEMO_TOTP_SECRET

SECOND_FACTOR_PATH = "/konto/2fa/authenticate/"
# The period of each account's last code: allauth refuses a code used once already.
_used: dict[str, int] = {}


def fresh_code(email: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """The authenticator's code, from a period the account has not used a code of yet.

    Waits for the next period when needed (at most one, 30 s), and when the current
    one is about to end.
    """
    period = mfa_settings.TOTP_PERIOD
    while True:
        now = time.time()
        counter = int(now) // period
        if period - now % period < 3 or _used.get(email) == counter:
            time.sleep(period - now % period + 0.1)
            continue
        _used[email] = counter
        return format_hotp_value(hotp_value(secret, counter))


def sign_in(page, live_site: str, email: str, next_path: str = "/mina-sidor/") -> None:
    """Sign the demo account in and land on ``next_path``.

    The demo editor and coordinator have an authenticator: their code is entered
    when allauth asks for it.
    """
    page.goto(f"{live_site}/konto/login/?next={next_path}")
    page.get_by_label(re.compile("E-post", re.I)).first.fill(email)
    page.get_by_label(re.compile("Lösenord", re.I)).first.fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    target = f"{live_site}{next_path}"
    page.wait_for_url(lambda url: url == target or url.endswith(SECOND_FACTOR_PATH))
    if page.url.endswith(SECOND_FACTOR_PATH):
        page.locator("input[name=code]").fill(fresh_code(email))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_url(target)
