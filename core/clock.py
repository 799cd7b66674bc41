"""Times of day as the pages print them ("09:30"), without ``strftime``.

``f"{moment:%H:%M}"`` on an aware datetime asks its time zone for the offset and the daylight
saving time before formatting (``timetuple``), about ten microseconds each; the free times and the
coordinators' plan print a hundred of them per page, an idea page one per comment.
"""

from __future__ import annotations

import datetime as dt


def clock(moment: dt.datetime | dt.time) -> str:
    """``moment`` as hours and minutes, "09:30": the same text as ``f"{moment:%H:%M}"``."""
    return f"{moment.hour:02}:{moment.minute:02}"


def span(start: dt.datetime | dt.time, end: dt.datetime | dt.time) -> str:
    """ "09:30–10:30" """
    return f"{clock(start)}–{clock(end)}"
