"""Times of day as the helpdesk pages print them ("09:30"), without ``strftime``.

``f"{moment:%H:%M}"`` on an aware datetime asks its time zone for the offset and the daylight
saving time before formatting (``timetuple``), about ten microseconds each; the free times and the
coordinators' plan print a hundred of them per page.
"""

from __future__ import annotations

import datetime as dt


def clock(moment: dt.datetime | dt.time) -> str:
    """``moment`` as hours and minutes, "09:30": the same text as ``f"{moment:%H:%M}"``."""
    return f"{moment.hour:02}:{moment.minute:02}"


def span(start: dt.datetime | dt.time, end: dt.datetime | dt.time) -> str:
    """ "09:30–10:30" """
    return f"{start.hour:02}:{start.minute:02}–{end.hour:02}:{end.minute:02}"
