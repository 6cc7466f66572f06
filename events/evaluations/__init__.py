"""Meeting evaluations: a questionnaire sent to participants after each occurrence.

Answers are anonymous: ``EvaluationResponse`` holds the answers with the meeting, the
occurrence and the day, and no link to who gave them. The invitation knows who was
asked and whether they answered, and holds only the answers to questions marked as
named. Models live in ``models`` and are imported by ``events.models`` (app label
``events``).
"""
