"""E-mail to a county's reporters when editors return or approve its follow-up."""

from core.outbox.services import enqueue

from .models import FollowUpAnswer, ProgrammeReporter


def reviewed(answer: FollowUpAnswer) -> int:
    """Tell each reporter of the county the editors' decision, in their language."""
    name = (
        "follow_up_approved"
        if answer.status == FollowUpAnswer.Status.APPROVED
        else "follow_up_returned"
    )
    reporters = ProgrammeReporter.objects.filter(county=answer.county).select_related("user")
    count = 0
    for reporter in reporters:
        if not reporter.user.email or not reporter.user.is_active:
            continue
        enqueue(
            to=reporter.user.email,
            user=reporter.user,
            template=f"regions/email/{name}",
            context={"answer": answer, "round": answer.round, "county": answer.county},
            kind=f"regions.{name}",
        )
        count += 1
    return count
