"""Where ``events`` still imports the spreadsheet helpers from; they live in ``core.exports``.

Delete this module once ``events`` imports ``core.exports`` (issue 19, phase B).
"""

from core.exports import spreadsheet_cell  # noqa: F401
