/*
name: council_gatekeepers
title: Who can put a situation before the Council
question: Which bodies have a channel that can bring a situation to the Security Council, and how well does each pass a signal?
category: Structure
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the decision-maker whose incoming channels to list.
  stage:
    type: string
    default: information
    allowed: [any, information, decision, implementation]
    description: Only channels of this stage ("any" for all).
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only channels in force that year, from actors that existed then.
teaching: >-
  Filtering relationships on their properties (r.channel, r.stage) with an
  "any" escape for an optional filter, and a CASE expression that maps an
  ordinal friction level to a pass probability.
*/
MATCH (source:Entity)-[r]->(council:Entity {id: $council})
WHERE r.channel
  AND ($stage = 'any' OR r.stage = $stage)
  AND all(x IN [source, r, council] WHERE (x.from_year IS NULL OR x.from_year <= $as_of)
                                      AND (x.to_year IS NULL OR $as_of <= x.to_year))
RETURN source.id AS id, source.name AS name, source.kind AS kind, type(r) AS via, r.stage AS stage,
       r.friction AS friction,
       CASE r.friction WHEN 'none' THEN 0.95 WHEN 'low' THEN 0.85 WHEN 'medium' THEN 0.6
                       WHEN 'high' THEN 0.3 WHEN 'blocking' THEN 0.0 END AS pass_probability,
       r.mechanism AS mechanism
ORDER BY pass_probability DESC, id, via
