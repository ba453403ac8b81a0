/*
name: high_friction_channels
title: High-friction channels by stage and mechanism
question: Which mechanisms make channels stall most often, stage by stage, and on which channels?
category: Stall points
twin: stall_points.high_friction_channels
parameters:
  min_friction:
    type: string
    default: high
    allowed: [low, medium, high, blocking]
    description: Count channels whose friction is at least this level.
  stage:
    type: string
    default: any
    allowed: [any, information, decision, implementation]
    description: Only channels of this stage ("any" for all).
teaching: >-
  A map literal used as a lookup table turns the ordinal friction into a rank
  ({none: 0, ...}[r.friction]); UNWIND spreads each channel's mechanism list
  into rows; ordering rows before collect() yields sorted lists per group.
*/
WITH {none: 0, low: 1, medium: 2, high: 3, blocking: 4} AS rank
MATCH (:Entity)-[r]->(:Entity)
WHERE r.channel
  AND rank[r.friction] >= rank[$min_friction]
  AND ($stage = 'any' OR r.stage = $stage)
UNWIND r.mechanism AS mechanism
WITH r.stage AS stage, mechanism, r.edge_id AS channel
ORDER BY channel
RETURN stage, mechanism, count(*) AS channels, collect(channel) AS edges
ORDER BY stage, channels DESC, mechanism
