/*
name: actor_degree
title: Degree centrality of actors
question: Which actors have the most relationships (or the most channels) in and out?
category: Teaching
twin: teaching.actor_degree
parameters:
  channels_only:
    type: bool
    default: false
    description: Count only channel relationships (those that carry signals).
  kind:
    type: string
    default: any
    allowed: [any, organ, office, department, agency, field_presence, mission, member_state, regional_org,
              state_group, court, panel, mechanism, policy, report, resolution, norm, case, person,
              non_state_actor, ngo]
    description: Only actors of this kind (data/vocabulary/kinds.yaml), or "any".
  limit:
    type: int
    default: 15
    min: 1
    max: 500
    description: How many actors to list, most connected first.
teaching: >-
  Degree centrality in pure Cypher: COUNT { } subqueries count incoming and
  outgoing relationships per node (with a boolean parameter switching a filter
  on or off), and ORDER BY ... DESC, id LIMIT gives a stable top list.
*/
MATCH (actor:Entity)
WHERE $kind = 'any' OR actor.kind = $kind
WITH actor,
     COUNT { (actor)<-[r]-() WHERE NOT $channels_only OR r.channel } AS in_degree,
     COUNT { (actor)-[r]->() WHERE NOT $channels_only OR r.channel } AS out_degree
RETURN actor.id AS id, actor.name AS name, in_degree, out_degree, in_degree + out_degree AS degree
ORDER BY degree DESC, id
LIMIT $limit
