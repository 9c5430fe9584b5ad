"""The home page's panels: each app contributes what it shows there, the way reports collect
sections.

An app registers a :class:`HomePanel` in its ``AppConfig.ready()``. The home page asks every
panel, in ``order``, for its context with the visitor's permissions (the anonymous public
included) and includes the panel's template with it; a panel whose ``context`` returns ``None``
is left out. Core knows no app: it only collects and includes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the app registry loads this module before the models
    from ssrmonitor.core.actors import Viewer


@dataclass(frozen=True)
class HomePanel:
    """One part of the home page.

    Args:
        key: a unique name (a later registration under the same key replaces it).
        order: position on the page, small first.
        template: the template included with the panel's context.
        context: the visitor → the template's context, or ``None`` to leave the panel out.
    """

    key: str
    order: int
    template: str
    context: Callable[[Viewer], dict[str, Any] | None]


@dataclass(frozen=True)
class ShownPanel:
    """A panel with the context computed for one visitor."""

    key: str
    template: str
    context: dict[str, Any]


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> HomePanel:
    """Add ``panel`` to the home page."""
    _PANELS[panel.key] = panel
    return panel


def home_panels(viewer: Viewer) -> list[ShownPanel]:
    """The panels ``viewer`` sees, in page order, each with its context."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(viewer)
        if context is not None:
            shown.append(ShownPanel(panel.key, panel.template, context))
    return shown
