"""Changes to the organisation that are more than saving one row."""

from django.db import transaction

from onewindow.audit import services as audit

from .models import Staff, StaffRole


def set_roles(*, actor, staff: Staff, roles) -> None:
    """Make the staff member hold exactly `roles`; audited when anything changes."""
    wanted = set(roles)
    with transaction.atomic():
        held = set(staff.role_assignments.values_list("role", flat=True))
        if held == wanted:
            return
        staff.role_assignments.filter(role__in=held - wanted).delete()
        StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r) for r in sorted(wanted - held)])
        staff.__dict__.pop("_roles", None)
        audit.record(
            actor=actor,
            action="org.staff.roles",
            obj=staff,
            before={"roles": sorted(held)},
            after={"roles": sorted(wanted)},
        )
