"""The follow-up's part of a member's data export.

On erasure the reporter rows go with the user (cascade) and the answers keep their
county's figures without the name of who submitted or reviewed them (set null).
"""

from .models import FollowUpAnswer, ProgrammeReporter


def export_reporting(user) -> tuple[str, dict]:
    """The counties the member reports for and the follow-ups they submitted."""
    counties = ProgrammeReporter.objects.filter(user=user).values_list("county__name", flat=True)
    submitted = FollowUpAnswer.objects.filter(submitted_by=user).select_related("round", "county")
    return "programme_follow_up", {
        "reports_for": list(counties),
        "submitted": [
            {
                "year": answer.round.year,
                "county": answer.county.name,
                "status": answer.status,
                "submitted_at": answer.submitted_at.isoformat() if answer.submitted_at else None,
            }
            for answer in submitted
        ],
    }
