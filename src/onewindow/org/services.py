"""Changes to the organisation that are more than saving one row."""

from django.db import transaction

from onewindow.audit import services as audit

from .models import Department, Staff, StaffRole
from .roles import Role


def set_roles(*, actor, staff: Staff, roles) -> None:
    """Make the staff member hold exactly `roles`; audited when anything changes.

    The administrator role is what makes an account a Django superuser (the admin site), so the two
    never disagree; a chief representative who loses the role stops being named as one.
    """
    wanted = set(roles)
    with transaction.atomic():
        held = set(staff.role_assignments.values_list("role", flat=True))
        _sync_superuser(staff.user, Role.ADMIN in wanted)
        if held == wanted:
            return
        staff.role_assignments.filter(role__in=held - wanted).delete()
        StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r) for r in sorted(wanted - held)])
        if Role.CHIEF_REP in held - wanted:
            Department.objects.filter(chief_representative=staff).update(chief_representative=None)
        staff.__dict__.pop("_roles", None)
        audit.record(
            actor=actor,
            action="org.staff.roles",
            obj=staff,
            before={"roles": sorted(held)},
            after={"roles": sorted(wanted)},
        )


def _sync_superuser(user, is_admin: bool) -> None:
    if user.is_superuser != is_admin or user.is_staff != is_admin:
        user.is_superuser = user.is_staff = is_admin
        user.save(update_fields=["is_superuser", "is_staff"])
