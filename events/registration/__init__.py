"""Registration for meetings: seats, waiting lists, e-mail, check-in and the member's feed.

A package of the events app: its models keep the ``events`` app label and tables.
It builds on the meeting modules (``events.models``, ``events.ical``). Of the rest of
the project only the events app's entry points import it: the model registry
(``events.models``), the app config, URLs, admin hooks, tasks, commands, demo data,
and the listing and template tags that show free seats (a contract of ``lint-imports``).
"""
