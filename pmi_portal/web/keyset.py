"""Keyset pagination: a list newest first by (time or date, id), a page at a time, without
counting.

A page is found from the row it starts after (`?after=`, older rows) or before (`?before=`,
newer rows), so its cost does not grow with the list, where OFFSET and a page count do.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    newer: str | None  # the cursor of the page before this one, None on the first
    older: str | None  # the cursor of the page after this one, None on the last


def keyset_page(queryset: QuerySet, *, field: str, params, size: int) -> KeysetPage:
    """The page of `queryset` (newest first by `field`, then id) that `params` asks for; a
    cursor that cannot be read asks for the first page."""
    before = _position(params.get("before"))
    after = _position(params.get("after"))
    if before is not None:
        moment, pk = before
        newer_rows = queryset.filter(
            Q(**{f"{field}__gte": moment}) & ~Q(**{field: moment, "pk__lte": pk})
        ).order_by(field, "pk")
        rows = list(newer_rows[: size + 1])
        if rows:
            more = len(rows) > size
            rows = rows[:size][::-1]
            return KeysetPage(
                rows,
                newer=_cursor(rows[0], field) if more else None,
                older=_cursor(rows[-1], field),
            )
        after = None  # nothing newer: the first page
    older_rows = queryset
    if after is not None:
        moment, pk = after
        older_rows = queryset.filter(
            Q(**{f"{field}__lte": moment}) & ~Q(**{field: moment, "pk__gte": pk})
        )
    rows = list(older_rows.order_by(f"-{field}", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows,
        newer=_cursor(rows[0], field) if after is not None and rows else None,
        older=_cursor(rows[-1], field) if more else None,
    )


def _cursor(row, field: str) -> str:
    value = getattr(row, field)
    if not isinstance(value, datetime.datetime):  # a date: "d" and its days since the epoch
        return f"d{(value - EPOCH.date()).days}.{row.pk}"
    moment = value - EPOCH
    microseconds = (moment.days * 86_400 + moment.seconds) * 1_000_000 + moment.microseconds
    return f"{microseconds}.{row.pk}"


def _position(cursor: str | None) -> tuple[datetime.date, int] | None:
    """The (time or date, id) a cursor names; None for one that cannot be read."""
    position, _, pk = (cursor or "").partition(".")
    days = position.removeprefix("d")
    if not (days.isdigit() and pk.isdigit()) or len(days) > 18:
        return None
    if days != position:
        if int(days) > 2_000_000:  # past the year 7000: no date of ours
            return None
        return EPOCH.date() + datetime.timedelta(days=int(days)), int(pk)
    return EPOCH + datetime.timedelta(microseconds=int(position)), int(pk)
