"""The rules every message follows, however it was written: subject line and language."""

from django.conf import settings
from django.utils import translation

from core.text import single_line


def subject_line(subject: str) -> str:
    """The subject on one line (a header cannot break), starting with the prefix once."""
    subject = single_line(str(subject))
    prefix = settings.EMAIL_SUBJECT_PREFIX
    return subject if subject.startswith(prefix) else prefix + subject


def language_of(user) -> str:
    """The language to write to ``user`` in: theirs, else the active one, else the site's."""
    return getattr(user, "language", "") or translation.get_language() or settings.LANGUAGE_CODE
