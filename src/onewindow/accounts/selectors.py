"""Reading accounts."""

from onewindow.org.permissions import actor_of


def citizen_of(user):
    """The user's applicant account (`accounts.Citizen`), or None for staff and other accounts."""
    if not getattr(user, "is_authenticated", False):
        return None
    actor = actor_of(user)
    if actor.staff is not None or actor.is_admin:
        return None
    return getattr(user, "citizen", None)
