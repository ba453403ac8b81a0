/*
name: undp_dpa_programme_links
title: What the Joint UNDP-DPA Programme and the PDAs connect
question: Which actors do the Joint UNDP-DPA conflict-prevention programme and its Peace and Development Advisors link together, and how?
category: Non-mission settings
twin: non_mission.undp_dpa_programme_links
parameters:
  hubs:
    type: list
    default: [policy.joint-undp-dpa-programme, field.pda]
    description: Ids of the actors whose links to show (comma-separated on the command line).
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only links in force that year, with actors that existed then.
teaching: >-
  UNWIND a list parameter into rows; an undirected pattern -[r]- with
  startNode(r) to tell the direction; type(r) for the relationship's type.
*/
UNWIND $hubs AS hub_id
MATCH (hub:Entity {id: hub_id})-[r]-(other:Entity)
WHERE all(x IN [hub, r, other] WHERE x.first_year <= $as_of <= x.last_year)
RETURN hub.id AS hub,
       CASE WHEN startNode(r) = hub THEN 'out' ELSE 'in' END AS direction,
       type(r) AS link,
       other.id AS other_id,
       other.name AS other,
       other.kind AS kind
ORDER BY hub, direction, link, other_id
