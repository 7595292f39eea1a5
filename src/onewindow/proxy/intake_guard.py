"""A case an agent files rests on an entrustment (委托书) valid for its items on that day, and its items
are on the proxy list of the agent's tier: through the window, the portal and the API alike, since every
intake asks its guards (`cases.intake_guards`). The entrustment is recorded beside the case."""

from onewindow import inserts
from onewindow.cases.choices import Channel
from onewindow.cases.intake_guards import Attempt, register

from .entrustments import entrustment_for, tier_of
from .models import EntrustedCase


@register
def rests_on_an_entrustment(attempt: Attempt):
    if attempt.channel != Channel.AGENT:
        return None
    actor = attempt.actor
    entrustment = entrustment_for(
        actor.user, attempt.applicant, attempt.applied.versions, attempt.on, tier_of(actor)
    )
    return lambda case: inserts.insert_row(EntrustedCase(case=case, entrustment=entrustment))
