"""A case told in order: when each timeline entry happened, as a span a chart can place.

Timeline dates in ``data/cases/`` are written the way the paper gives them: a
year (``2009``), a month (``2012-11``), a day (``2016-07-08``), a span
(``"2008-2009"``) or words (``"before 2014"``). The text stays what people
read; :func:`timeline_span` only turns it into a first and a last day so a
timeline chart can draw a point or a bar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from un_pathways.graph.model import Case

__all__ = ["dated_timeline", "timeline_span"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")


def _year_span(first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def timeline_span(when: int | dt.date | str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a timeline date stands for; None when it names no year.

    Free text is placed on the first year it names (``"before 2014"`` -> 2014):
    the chart then shows roughly where the event sits, and the list beside it
    keeps the exact words.

    Examples
    --------
    >>> timeline_span(2009)
    (datetime.date(2009, 1, 1), datetime.date(2009, 12, 31))
    >>> timeline_span("2012-11")
    (datetime.date(2012, 11, 1), datetime.date(2012, 11, 30))
    >>> timeline_span("2008-2009")
    (datetime.date(2008, 1, 1), datetime.date(2009, 12, 31))
    >>> timeline_span("2016 (by November)")
    (datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
    >>> timeline_span("in the end") is None
    True
    """
    if isinstance(when, dt.date):
        return when, when
    if isinstance(when, int):
        return _year_span(when, when)
    text = when.strip()
    if month := _MONTH.match(text):
        year, number = int(month[1]), int(month[2])
        if 1 <= number <= 12:
            last = calendar.monthrange(year, number)[1]
            return dt.date(year, number, 1), dt.date(year, number, last)
    if span := _SPAN.match(text):
        first, last = sorted((int(span[1]), int(span[2])))
        return _year_span(first, last)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return day, day
    years = _YEAR.findall(text)
    if years:
        return _year_span(int(years[0]), int(years[0]))
    return None


def dated_timeline(case: Case) -> list[dict]:
    """The case's timeline in the curator's order, each entry with its span (None when undated).

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> case = read_dataset().cases["case.sri-lanka-2008-09"]
    >>> first = dated_timeline(case)[0]
    >>> first["start"].year, first["end"].year, first["when"]
    (2008, 2009, '2008-2009')
    """
    rows = []
    for order, entry in enumerate(case.timeline):
        span = timeline_span(entry.when)
        rows.append(
            {
                "order": order,
                "when": str(entry.when),
                "event": entry.event,
                "sources": [source.citation() for source in entry.sources],
                "start": span[0] if span else None,
                "end": span[1] if span else None,
            }
        )
    return rows
