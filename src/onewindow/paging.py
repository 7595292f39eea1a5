"""Bounded pages for the staff lists: one page of a queryset with links to its neighbours, never an
unbounded list and never a COUNT over a big table (one row more is read to know whether another page
follows)."""

from dataclasses import dataclass

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool
    prev_url: str = ""
    next_url: str = ""


def page_number(value) -> int:
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def paged(request, queryset, *, number: int | None = None, section: str = "") -> Page:
    """One bounded page of a queryset, numbered by `?page=` (or `number`); `section` names which of a
    page's several lists the links turn."""
    number = page_number(request.GET.get("page")) if number is None else number
    offset = (number - 1) * PAGE_SIZE
    rows = list(queryset[offset : offset + PAGE_SIZE + 1])
    page = Page(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)
    params = request.GET.copy()
    if section:
        params["section"] = section
    if number > 1:
        params["page"] = number - 1
        page.prev_url = "?" + params.urlencode()
    if page.has_next:
        params["page"] = number + 1
        page.next_url = "?" + params.urlencode()
    return page
