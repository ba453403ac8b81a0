/*
name: mission_reporting_failures
title: Missions whose reporting failed
question: Which missions' information channels pass little or nothing, to whom, and for what reason?
category: Peace operations
twin: peace_operations.mission_reporting_failures
parameters:
  min_friction:
    type: string
    default: high
    allowed: [low, medium, high, blocking]
    description: Show information channels whose friction is at least this level.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only channels in force that year, between actors that existed then.
teaching: >-
  A map literal as a rank table for an ordinal property, a label on the start
  node (:Mission) with property filters on the relationship, and ORDER BY on
  a computed expression (the rank, descending).
*/
WITH {none: 0, low: 1, medium: 2, high: 3, blocking: 4} AS rank
MATCH (mission:Mission)-[r]->(recipient:Entity)
WHERE r.channel AND r.stage = 'information'
  AND rank[r.friction] >= rank[$min_friction]
  AND all(x IN [mission, r, recipient] WHERE x.first_year <= $as_of <= x.last_year)
RETURN mission.id AS mission,
       mission.name AS name,
       type(r) AS channel,
       recipient.id AS recipient,
       r.friction AS friction,
       r.mechanism AS mechanism,
       r.rationale AS why
ORDER BY rank[friction] DESC, mission, recipient, channel
