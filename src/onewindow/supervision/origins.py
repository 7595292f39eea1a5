"""Where a matter came from, for the rooms above supervision that register matters (which supervision
may not import): each registers the prefix of the external ids it gives (`onsite:` for an on-site
decision, `proxy:` for a proxy request) with a function that names the origin and links to it, and the
matter's page and API show that link. The reverse link is the registering room's own."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    label: str
    url: str


Resolver = Callable[[str], Origin | None]  # the id after the prefix -> the origin (None: gone)

_RESOLVERS: dict[str, Resolver] = {}


def register(prefix: str, resolver: Resolver) -> None:
    _RESOLVERS[prefix] = resolver


def origin_of(matter) -> Origin | None:
    prefix, _sep, key = (matter.external_id or "").partition(":")
    resolver = _RESOLVERS.get(prefix) if key else None
    return resolver(key) if resolver is not None else None
