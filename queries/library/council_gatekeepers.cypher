/*
name: council_gatekeepers
title: Who can put a situation before the Council
question: Which bodies have a channel that can bring a situation to the Security Council, and how well does each pass a signal?
category: Structure
twin: structure.council_gatekeepers
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
  "any" escape for an optional filter, and a map parameter ($friction, filled
  from the friction map in use) that turns an ordinal friction level into a pass probability.
*/
MATCH (source:Entity)-[r]->(council:Entity {id: $council})
WHERE r.channel
  AND ($stage = 'any' OR r.stage = $stage)
  AND all(x IN [source, r, council] WHERE x.first_year <= $as_of <= x.last_year)
RETURN source.id AS id, source.name AS name, source.kind AS kind, type(r) AS via, r.stage AS stage,
       r.friction AS friction,
       $friction[r.friction] AS pass_probability,
       r.mechanism AS mechanism
ORDER BY pass_probability DESC, id, via
