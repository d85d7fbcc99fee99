"""Who a user is: a role (capturista, supervisor or coordinador) and, except for the coordinator,
an agency, read from the user's one `Membership`.

The rights built on them live above this module: which objects a user may see or change in
`access.py` (which re-exports these names, so views import them from there), who may move what
through the workflow in `workflow.py`. Both import this module; it imports neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Agency, Membership


class Role:
    CAPTURIST = "capturista"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinador"
    CHOICES = [(CAPTURIST, "Capturista"), (SUPERVISOR, "Supervisor"), (COORDINATOR, "Coordinador")]


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


def agency_of(user) -> Agency | None:
    """The agency the user works for, or None (anonymous, coordinator, no membership)."""
    membership = membership_of(user)
    return membership.agency if membership and membership.agency_id else None


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def is_coordinator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or role_of(user) == Role.COORDINATOR)


def sees_all_agencies(user) -> bool:
    return is_coordinator(user)


def captures_for(user) -> Agency | None:
    """The agency whose content the user may prepare (capturista or supervisor), or None."""
    if role_of(user) in (Role.CAPTURIST, Role.SUPERVISOR):
        return agency_of(user)
    return None


def reviews_for(user) -> Agency | None:
    """The agency whose submissions the user may return or authorise (supervisor), or None."""
    return agency_of(user) if role_of(user) == Role.SUPERVISOR else None


def captures_in(user, agency_id: int | None) -> bool:
    """Whether the user prepares content of the agency `agency_id` (its capturista or supervisor)."""
    agency = captures_for(user)
    return agency is not None and agency.pk == agency_id


def reviews_in(user, agency_id: int | None) -> bool:
    """Whether the user returns or authorises what the agency `agency_id` submits (its supervisor)."""
    agency = reviews_for(user)
    return agency is not None and agency.pk == agency_id
