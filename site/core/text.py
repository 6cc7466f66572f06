"""Text as every output channel can carry it, whatever an editor or member typed."""

import re

# C0 control characters other than tab, line feed and carriage return: XML 1.0 and XLSX
# cells (openpyxl) refuse them, and iCalendar's and vCard's TEXT excludes them, and DEL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The characters str.splitlines() breaks at; an e-mail header refuses every one of them.
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def representable(text: str) -> str:
    """The text with each control character replaced by U+FFFD, which every format carries."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def single_line(text: str) -> str:
    """The text on one line: each run of line breaks becomes a space."""
    return LINE_BREAKS.sub(" ", text).strip()
