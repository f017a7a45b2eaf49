"""The site navigation.

Each area of the app (self-check, labs, foods, diary, medicines, intake, timeline, profile)
has its own router in ``b12.web.routes``; its menu entry lives here. A planned area may be
listed with no path: it is then shown greyed out as "soon", so the layout does not change
when it arrives (give it its path and include its router in ``b12.web.app``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str | None
    """Where the area lives; None while it is planned but not built."""


NAV: tuple[NavItem, ...] = (
    NavItem("Home", "/"),
    NavItem("Self-check", "/self-check"),
    NavItem("Lab reader", "/labs"),
    NavItem("Foods", "/foods"),
    NavItem("Diary", "/diary"),
    NavItem("Medicines", "/medicines"),
    NavItem("Intake", "/intake"),
    NavItem("Timeline", "/timeline"),
    NavItem("Meal plan", "/plan"),
    NavItem("Report", "/report"),
    NavItem("Profile", "/profile"),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    label: str
    path: str | None
    current: bool


def nav_for(path: str) -> list[NavLink]:
    """The menu with the entry for ``path`` marked current (``/`` only on the home page)."""
    links = []
    for item in NAV:
        here = item.path is not None and (
            path == item.path if item.path == "/" else path.startswith(item.path)
        )
        links.append(NavLink(item.label, item.path, here))
    return links
