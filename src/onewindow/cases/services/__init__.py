"""Everything that changes a case (DESIGN rule 1): intake and every action of the lifecycle.

A call is one transaction: check who acts and what the table allows, claim the case's version (a stale
version answers 409 and writes nothing), write the change and its timeline event, recompute the stored
clock, write the audit event, and tell the applicant and the staff after commit.

The package is layered, each module importing only those before it (tests/cases/test_layers.py holds it):
inputs, then steps (the shared primitives), then fees / materials / tasks / certificates, then
transitions and lifecycle (`act` and the action handlers), then intake (`take_in`).
"""

from .inputs import ActionInput, IntakeInput, MaterialInput
from .intake import applicant_of, intake_channel, may_finish_immediate, take_in
from .lifecycle import act

__all__ = [
    "ActionInput",
    "IntakeInput",
    "MaterialInput",
    "act",
    "applicant_of",
    "intake_channel",
    "may_finish_immediate",
    "take_in",
]
