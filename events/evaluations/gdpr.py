"""The member's evaluation invitations in their data export, and dropped on erasure.

Anonymous responses are nobody's data; the invitation (who was asked, whether they
answered, their answers to named questions) is the member's.
"""

from members.gdpr import register_eraser, register_exporter

from .models import EvaluationInvitation


@register_exporter
def export_evaluations(user) -> tuple[str, list]:
    """Each invitation: the meeting, the occurrence, and the answers given with the name."""
    return "evaluations", [
        {
            "event": invitation.event.title,
            "occurrence_start": invitation.occurrence_start.isoformat(),
            "sent_at": invitation.sent_at.isoformat(),
            "reminded_at": invitation.reminded_at.isoformat() if invitation.reminded_at else None,
            "answered": invitation.answered,
            "named_answers": invitation.named_answers,
        }
        for invitation in EvaluationInvitation.objects.filter(user=user).select_related("event")
    ]


@register_eraser
def erase_evaluations(user) -> None:
    """Keep the counts (invited, answered); drop the person and their named answers."""
    EvaluationInvitation.objects.filter(user=user).update(user=None, named_answers={})
