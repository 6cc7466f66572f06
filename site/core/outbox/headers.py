"""List-Unsubscribe on one line, as mail clients read it.

Python's e-mail package folds a header longer than 78 characters, and a URL with no
space in it can only be folded into RFC 2047 encoded words (``=?utf-8?q?…?=``), which
RFC 2369 does not allow there: a client would find no link. A one-click link carries
a signed token, so it is always that long. The header is written on one line instead
(RFC 5322 allows up to 998 characters) when it is ASCII and fits.
"""

from email import headerregistry
from email.policy import EmailPolicy

# RFC 5322's limit of a line, less the name and CRLF.
LIMIT = 998 - len("List-Unsubscribe-Post: ") - 2


class OneLineHeader(headerregistry.UnstructuredHeader):
    """An unstructured header written unfolded when it is ASCII and short enough."""

    def fold(self, *, policy):
        value = str(self)
        if value.isascii() and len(value) <= LIMIT and "\r" not in value and "\n" not in value:
            return f"{self.name}: {value}{policy.linesep}"
        return super().fold(policy=policy)


def register() -> None:
    """Map the list headers in the header registry every ``email.policy`` policy shares."""
    for name in ("list-unsubscribe", "list-unsubscribe-post"):
        EmailPolicy.header_factory.map_to_type(name, OneLineHeader)
