"""The default mailer writes to the outbox, and nothing sends mail around the outbox."""

import ast
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.db import transaction

from wagtail.admin.mail import send_mail as wagtail_send_mail

import pytest
from django_tasks_db.models import DBTaskResult

from core.mail import QueuedEmailBackend, deliver_mail
from core.outbox.models import Message
from core.outbox.services import enqueue_message
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

QUEUED = {
    "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture
def queued(settings):
    settings.MAILERS = QUEUED


def run_worker(monkeypatch) -> None:
    """``db_worker --batch`` in this process, on the test's open transaction."""
    # The worker closes connections between tasks, as after a request; the test's
    # transaction must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def _message() -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject="Välkommen till Mötesplats",
        body="Hej Åsa,\n\nvälkommen.",
        to=["asa@example.se"],
        cc=["kopia@example.se"],
        bcc=["arkiv@example.se"],
        reply_to=["kontakt@example.se"],
        headers={"X-Motesplats": "medlem"},
    )
    message.attach_alternative("<p>Hej Åsa, välkommen.</p>", "text/html")
    message.attach("inbjudan.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("kod.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    message.attach("lista.csv", "Län;Antal\nGävleborg;3\n".encode("latin-1"), "text/csv")
    return message


def test_a_message_survives_the_outbox_unchanged():
    original = _message()
    stored = enqueue_message(original, kind="tests.message")
    copy = Message.objects.get(pk=stored.pk).as_email()
    for field in ("body", "from_email", "to", "cc", "bcc", "reply_to"):
        assert getattr(copy, field) == getattr(original, field), field
    assert copy.subject == "[Mötesplats] Välkommen till Mötesplats"
    assert copy.extra_headers["X-Motesplats"] == "medlem"
    assert copy.alternatives == original.alternatives
    assert copy.attachments == original.attachments


def test_mail_is_sent_once_the_transaction_commits(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sent = mail.send_mail("Bekräftelse", "Du är anmäld.", None, ["b@example.se"])
        assert sent == 1
        assert mail.outbox == []  # stored, not sent, inside the transaction
        assert Message.objects.get().status == Message.Status.PENDING
    [delivered] = mail.outbox
    assert (delivered.subject, delivered.to) == ("[Mötesplats] Bekräftelse", ["b@example.se"])
    assert delivered.from_email == "Mötesplats <noreply@localhost>"
    assert delivered.extra_headers["Auto-Submitted"] == "auto-generated"
    assert Message.objects.get().status == Message.Status.SENT


def test_no_mail_for_a_rolled_back_change(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                mail.send_mail("Aldrig", "Ångrat.", None, ["c@example.se"])
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Message.objects.exists()


def test_messages_without_recipients_are_not_stored(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        count = QueuedEmailBackend().send_messages([mail.EmailMessage("Ingen", "mottagare")])
    assert count == 0 and callbacks == []
    assert not Message.objects.exists()


def test_mail_to_an_account_is_linked_to_it_in_its_language(
    queued, django_capture_on_commit_callbacks
):
    """Wagtail's notices (its own send_mail, on the default mailer) find their reader."""
    editor = UserFactory(email="Redaktor@Example.se", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        wagtail_send_mail("Sida väntar på granskning", "Granska den.", ["redaktor@example.se"])
    message = Message.objects.get()
    assert (message.user, message.language, message.kind) == (editor, "en", "core.mail")
    [delivered] = mail.outbox
    assert delivered.subject == "[Mötesplats] Sida väntar på granskning"
    # Wagtail sets Auto-Submitted itself; the outbox does not add a second.
    assert delivered.message().get_all("Auto-Submitted") == ["auto-generated"]


def test_with_the_database_backend_the_worker_sends_it(
    queued, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _message().send()
    assert mail.outbox == []
    message = Message.objects.get()
    [task] = DBTaskResult.objects.all()
    # The task names the row; the message's text stays in the outbox.
    assert task.task_path == "core.outbox.delivery.deliver"
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}

    run_worker(monkeypatch)

    [delivered] = mail.outbox
    assert delivered.subject == "[Mötesplats] Välkommen till Mötesplats"
    assert [name for name, _, _ in delivered.attachments] == [
        "inbjudan.ics",
        "kod.png",
        "lista.csv",
    ]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)


def test_a_task_queued_before_the_outbox_is_moved_into_it(
    queued, django_capture_on_commit_callbacks
):
    """``deliver_mail`` tasks left in the queue by the release before are not lost."""
    queued_before = {
        "subject": "Bekräftelse",
        "body": "Du är anmäld.",
        "content_subtype": "plain",
        "from_email": "Mötesplats <noreply@localhost>",
        "to": ["d@example.se"],
        "cc": [],
        "bcc": [],
        "reply_to": [],
        "headers": {},
        "alternatives": [["<p>Du är anmäld.</p>", "text/html"]],
        "attachments": [{"filename": "a.txt", "content": "aGVq", "mimetype": "text/plain"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_mail.call(queued_before) == 1
    [delivered] = mail.outbox
    assert delivered.to == ["d@example.se"]
    assert delivered.alternatives[0].content == "<p>Du är anmäld.</p>"
    assert delivered.attachments == [("a.txt", "hej", "text/plain")]
    assert Message.objects.get().status == Message.Status.SENT


# Functions of django.core.mail and wagtail.admin.mail that send, or open a connection.
SENDING_FUNCTIONS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "get_connection",
    "mailers",
}
MAIL_MODULES = {"django.core.mail", "django.core.mail.message", "wagtail.admin.mail"}
MESSAGE_CLASSES = {"EmailMessage", "EmailMultiAlternatives"}
# The outbox's delivery is the one module that hands mail to the server.
DELIVERY = ROOT / "site" / "core" / "outbox" / "delivery.py"
SKIPPED_FOLDERS = {".git", ".venv", "venv", "node_modules", "tests", "var", "migrations"}


class MailSends(ast.NodeVisitor):
    """Finds what sends mail or opens a mail connection in one module's syntax tree."""

    def __init__(self, tree: ast.Module):
        self.found: list[tuple[int, str, str]] = []
        self.function = "<module>"
        self.builds_messages = any(
            isinstance(node, ast.ImportFrom)
            and node.module in MAIL_MODULES
            and any(alias.name in MESSAGE_CLASSES for alias in node.names)
            for node in ast.walk(tree)
        )
        self.visit(tree)

    def visit_FunctionDef(self, node):  # noqa: N802 (ast's API)
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 (ast's API)

    def visit_ImportFrom(self, node):  # noqa: N802 (ast's API)
        if node.module in MAIL_MODULES:
            for alias in node.names:
                if alias.name in SENDING_FUNCTIONS:
                    self.found.append((node.lineno, self.function, f"imports {alias.name}"))

    def visit_Attribute(self, node):  # noqa: N802 (ast's API)
        if node.attr in SENDING_FUNCTIONS and isinstance(node.value, ast.Name):
            self.found.append((node.lineno, self.function, f"{node.value.id}.{node.attr}"))
        self.generic_visit(node)

    def visit_Call(self, node):  # noqa: N802 (ast's API)
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        keywords = {keyword.arg for keyword in node.keywords}
        if method == "send_messages" or (
            method == "send" and (self.builds_messages or keywords & {"using", "connection"})
        ):
            self.found.append((node.lineno, self.function, f".{method}(…)"))
        self.generic_visit(node)


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIPPED_FOLDERS & set(relative.parts[:-1]) and "site-packages" not in str(path):
            yield path, relative


def test_nothing_sends_mail_around_the_outbox():
    """Outside the outbox's delivery no module sends mail or opens a connection itself.

    Mail goes through ``core.outbox.services`` (or, for libraries, the default
    mailer, which writes to the outbox), so that it is kept until the server has it.
    """
    offenders = []
    for path, relative in _project_modules():
        if path == DELIVERY:
            continue
        for line, function, what in MailSends(ast.parse(path.read_text(), str(path))).found:
            offenders.append(f"{relative}:{line} ({function}): {what}")
    assert offenders == [], "send through core.outbox.services instead"


def test_the_check_finds_each_way_of_sending():
    source = (
        "from django.core import mail\n"
        "from django.core.mail import EmailMessage, send_mass_mail\n"
        "def notify():\n"
        "    mail.send_mail('a', 'b', None, ['c@example.se'])\n"
        "    EmailMessage('a', 'b').send()\n"
        "    connection = mail.get_connection()\n"
        "    connection.send_messages([])\n"
    )
    found = MailSends(ast.parse(source)).found
    assert [(line, what) for line, _, what in found] == [
        (2, "imports send_mass_mail"),
        (4, "mail.send_mail"),
        (5, ".send(…)"),
        (6, "mail.get_connection"),
        (7, ".send_messages(…)"),
    ]
    assert {function for _, function, _ in found} == {"<module>", "notify"}
