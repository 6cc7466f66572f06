"""Writing to the outbox: one rule for templates, language, subject and headers."""

import copy

from django.core import mail
from django.db import transaction

import pytest

from core.outbox import rules, services
from core.outbox.models import Message
from core.outbox.services import UnsubscribeLink, enqueue
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def greeting(settings, tmp_path):
    """A message template of each part, ``outboxtest/email/greeting``."""
    folder = tmp_path / "outboxtest" / "email"
    folder.mkdir(parents=True)
    (folder / "greeting_subject.txt").write_text(
        "{% load i18n %}{% translate 'Hej!' %}\n{{ name }}\n"
    )
    (folder / "greeting_body.txt").write_text("{{ name }} & {{ site_url }}\n")
    (folder / "greeting_body.html").write_text("<p>{{ name }}</p>\n")
    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    settings.TEMPLATES = templates
    return "outboxtest/email/greeting"


def test_a_message_is_rendered_in_the_recipients_language(greeting, settings):
    settings.SITE_URL = "https://motesplats.example.se"
    user = UserFactory(language="en")
    message = enqueue(
        to=user.email,
        user=user,
        template=greeting,
        context={"name": "Ström & <Co>"},
        kind="tests.greeting",
    )
    message.refresh_from_db()
    assert message.language == "en"
    # One line, with the prefix; text as typed; HTML escaped.
    assert message.subject == "[Mötesplats] Hello! Ström & <Co>"
    assert message.body_text == "Ström & <Co> & https://motesplats.example.se"
    assert message.body_html == "<p>Ström &amp; &lt;Co&gt;</p>"
    assert (message.user, message.to, message.status) == (user, [user.email], "pending")


def test_the_html_part_is_optional(greeting, tmp_path):
    (tmp_path / "outboxtest" / "email" / "greeting_body.html").unlink()
    message = enqueue(to="a@example.se", template=greeting, context={"name": "A"}, kind="t.g")
    assert message.body_html == ""
    assert message.language == "sv"


def test_each_subject_carries_the_prefix_once():
    assert rules.subject_line("Hej") == "[Mötesplats] Hej"
    assert rules.subject_line("[Mötesplats] Hej") == "[Mötesplats] Hej"
    assert rules.subject_line("Två\u2028rader\n") == "[Mötesplats] Två rader"


def test_every_message_is_marked_automatic_and_keeps_its_message_id(
    greeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(to="a@example.se", template=greeting, context={}, kind="t.g")
    message.refresh_from_db()
    assert message.headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message.headers
    [sent] = mail.outbox
    headers = sent.message()
    assert headers["Message-ID"] == message.headers["Message-ID"]
    assert headers["Auto-Submitted"] == "auto-generated"


def test_a_notification_links_to_the_members_mail_settings(greeting, settings):
    """Until one-click links exist, List-Unsubscribe opens the profile, in their language."""
    settings.SITE_URL = "https://motesplats.example.se"
    user = UserFactory(language="en")
    message = enqueue(
        to=user.email, user=user, template=greeting, context={}, kind="t.g", notification=True
    )
    assert message.headers["List-Unsubscribe"] == (
        "<https://motesplats.example.se/en/mina-sidor/profil/>"
    )
    # The profile is a page to open, not an address that unsubscribes on a POST.
    assert "List-Unsubscribe-Post" not in message.headers


def test_a_one_click_link_adds_list_unsubscribe_post(greeting, monkeypatch):
    """An app that can unsubscribe with one POST registers a provider, which is asked first."""
    providers = [*services._unsubscribe_providers]
    monkeypatch.setattr(services, "_unsubscribe_providers", providers)

    @services.register_unsubscribe_provider
    def one_click(user, kind):
        if kind == "t.followed":
            return UnsubscribeLink(f"https://example.se/avsluta/{user.pk}/", one_click=True)
        return None

    user = UserFactory()
    followed = enqueue(
        to=user.email,
        user=user,
        template=greeting,
        context={},
        kind="t.followed",
        notification=True,
    )
    other = enqueue(
        to=user.email, user=user, template=greeting, context={}, kind="t.g", notification=True
    )
    assert followed.headers["List-Unsubscribe"] == f"<https://example.se/avsluta/{user.pk}/>"
    assert followed.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert other.headers["List-Unsubscribe"].endswith("/mina-sidor/profil/>")


def test_a_notification_to_an_address_without_account_has_no_unsubscribe_link(greeting):
    message = enqueue(
        to="utan-konto@example.se", template=greeting, context={}, kind="t.g", notification=True
    )
    assert "List-Unsubscribe" not in message.headers


def test_the_message_is_part_of_the_change_it_reports(
    greeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue(to="a@example.se", template=greeting, context={}, kind="t.g")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Message.objects.exists()
