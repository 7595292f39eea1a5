"""Numbers the API accepts, bounded so that every value it lets through fits the database.

An unbounded `int` lets a caller send 10**20 as an id or an offset; SQLite then fails to bind it
(OverflowError) and PostgreSQL rejects it as out of range, both a 500. The bounds here turn such input
into a 422 before any query runs, and the OpenAPI document states them.
"""

from typing import Annotated

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DB_INT_MAX = 2**63 - 1  # a 64-bit signed integer: SQLite's INTEGER, PostgreSQL's bigint
OFFSET_MAX = 10**12  # far past any list; leaves room for offset + limit within DB_INT_MAX

Id = Annotated[int, Field(ge=1, le=DB_INT_MAX, description="对象编号")]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX, description="跳过的条数")]


class LimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination with an upper bound on the offset (ninja's has none)."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: Offset = 0
