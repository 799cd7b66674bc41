"""The pages the run measures, as one table of paths: change a path here when a URL changes.

Placeholders: ``{project}`` (the bench project's slug), ``{hot_idea}`` (the idea with 100 comments),
``{idea}`` (filled per request by the mixed load), ``{office}`` (the first bench office's slug) and
``{day}`` (the next weekday after today, ISO format).
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
CITIZEN = "citizen"
COORDINATOR = "coordinator"

# Kaiserslautern as a whole: south, west, north, east (the order the map's data endpoint reads).
CITY_BBOX = "49.40,7.68,49.48,7.84"
CITY_ZOOM = 12


@dataclass(frozen=True)
class Page:
    key: str  # the name the targets refer to
    name: str
    path: str
    wing: str  # "participation" or "helpdesk": the stage that measures it as served
    who: str = ANONYMOUS

    def url(self, **values: str) -> str:
        return self.path.format(**values)


IDEA_LIST = "/mitwirkung/{project}/ideen/"
IDEA_PAGE = "/mitwirkung/{project}/ideen/{idea}/"
PROJECT_PAGE = "/mitwirkung/{project}/"
SUPPORT_POST = "/mitwirkung/{project}/ideen/{idea}/unterstuetzen/"
COMMENT_POST = "/mitwirkung/{project}/ideen/{idea}/kommentieren/"
# Today the map loads every idea at once and ignores the viewport; the lead's map data takes
# bbox and zoom (server-side clustering). Older code simply ignores the query.
MAP_DATA = f"/mitwirkung/{{project}}/karte/ideen.geojson?bbox={CITY_BBOX}&zoom={CITY_ZOOM}"

PAGES = [
    Page("idea-list", "idea list (anonymous)", IDEA_LIST, "participation"),
    Page("idea-list-signed-in", "idea list (signed in)", IDEA_LIST, "participation", who=CITIZEN),
    Page(
        "idea-page",
        "idea page, 100 comments (first comment page)",
        IDEA_PAGE.replace("{idea}", "{hot_idea}"),
        "participation",
    ),
    Page("map-data", "map data, city-wide viewport (10,000 ideas)", MAP_DATA, "participation"),
    Page("project-page", "project page", PROJECT_PAGE, "participation"),
    Page("api-ideas", "API idea list", "/api/ideas/?project={project}", "participation"),
    Page("free-slots", "free slots of an office, next week", "/hilfe/{office}/termine/?woche=1", "helpdesk"),
    Page(
        "day-plan", "coordinator's day plan (TOTP session)", "/hilfe/buero/{office}/?tag={day}", "helpdesk", COORDINATOR
    ),
    Page(
        "day-list",
        "coordinator's day list (print)",
        "/hilfe/buero/{office}/tagesliste/?tag={day}",
        "helpdesk",
        COORDINATOR,
    ),
]


def pages_of(wing: str) -> list[Page]:
    return [page for page in PAGES if page.wing == wing]


def anonymous_pages() -> list[Page]:
    """The pages that may answer conditional GETs: nothing personal in them."""
    return [page for page in PAGES if page.who == ANONYMOUS]
