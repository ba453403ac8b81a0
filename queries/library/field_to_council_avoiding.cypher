/*
name: field_to_council_avoiding
title: From the field to the Council, around one actor
question: Which channel pathways lead from any field actor to the Security Council without passing through a chosen actor?
category: Pathways
twin: pathways.field_to_council_avoiding
parameters:
  avoid:
    type: string
    default: un.secretary-general
    description: Id of the actor no pathway may pass through.
  council:
    type: string
    default: un.security-council
    description: Id of the decision-maker to reach.
  setting:
    type: string
    default: any
    allowed: [any, mission, non_mission]
    description: Only channels of this setting, plus those valid in any setting.
  max_hops:
    type: int
    default: 4
    min: 1
    max: 6
    description: Longest pathway considered, in hops.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
teaching: >-
  Start nodes chosen by label (:FieldActor) rather than id; the avoided actor is
  excluded inside the quantified pattern (b.id <> $avoid), which prunes the
  search instead of filtering finished paths; grouping by route keeps the best
  of parallel channels.
*/
MATCH (council:Entity {id: $council})
MATCH p = (origin:FieldActor)
          ((a WHERE a <> council)-[r WHERE r.channel AND ($setting = 'any' OR r.setting IN [$setting, 'any'])
                    AND r.first_year <= $as_of <= r.last_year]->
           (b WHERE b.id <> $avoid
                AND b.first_year <= $as_of <= b.last_year)){1,6}
          (council)
WHERE length(p) <= $max_hops
  AND origin.id <> $avoid
  AND origin.first_year <= $as_of <= origin.last_year
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH origin, [n IN nodes(p) | n.id] AS route,
     reduce(signal = 1.0, rel IN relationships(p) |
            signal * $friction[rel.friction]) AS signal
WITH origin, route, max(signal) AS best
RETURN origin.id AS origin, route, size(route) - 1 AS hops, round(best, 4) AS signal
ORDER BY signal DESC, hops, route
