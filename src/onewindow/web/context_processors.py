from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role

from .navigation import items_for


def navigation(request):
    """The actor, their navigation entries and their roles, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    actor = actor_of(user)
    return {
        "actor": actor,
        "nav_items": items_for(actor),
        "actor_roles": [(r, Role(r).label) for r in actor.roles_in_order()],
    }
