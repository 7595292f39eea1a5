"""People the tests add beside the demo county's."""

from django.contrib.auth import get_user_model

from onewindow.org.models import Staff
from onewindow.org.services import set_roles


def add_staff(username, body, *roles, department=None) -> Staff:
    """A member of staff of `body` (and `department`) holding `roles`, with a throw-away password."""
    user = get_user_model().objects.create_user(username, password="pw-123456789")
    staff = Staff.objects.create(user=user, full_name=username, body=body, department=department)
    set_roles(actor=None, staff=staff, roles=roles)
    return staff
