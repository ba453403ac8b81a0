"""Twins grouped by query category; importing this package registers all of them."""

from un_pathways.queries.twin_library import (  # noqa: F401
    council,
    non_mission,
    pathways,
    peace_operations,
    policies,
    pressure,
    stall_points,
    structure,
    teaching,
)
