"""What every staff page's template may ask about the user, from the access helpers, so that no
template spells a role out."""

from __future__ import annotations

from .access import captures_for, is_coordinator


def staff_rights(request) -> dict:
    # A callable, which the template calls only where it asks: public pages never pay for it.
    return {
        "is_coordinator": lambda: is_coordinator(request.user),
        # Capturistas and supervisors: who prepares an agency's content (and imports it).
        "captures": lambda: captures_for(request.user) is not None,
    }
