/*
name: sri_lanka_information_gap
title: The Sri Lanka information gap, before and after HRUF
question: How strong was the best information route from the UN country team in Sri Lanka to the Council before Human Rights Up Front, how strong is it after, and which channels made the difference?
category: Stall points
twin: stall_points.sri_lanka_information_gap
parameters:
  team:
    type: string
    default: field.unct.sri-lanka
    description: Id of the country team where the warning starts.
  target:
    type: string
    default: un.security-council
    description: Id of the decision-maker the warning should reach.
  before:
    type: int
    default: 2009
    min: 1945
    max: 2030
    description: The year "before" (the final phase of the war was 2008-09; HRUF came in 2013).
  after:
    type: int
    default: 2014
    min: 1945
    max: 2030
    description: The year "after".
  max_hops:
    type: int
    default: 5
    min: 1
    max: 6
    description: Longest pathway considered, in hops.
teaching: >-
  One query, two time slices: UNWIND a list of [label, year] pairs, then an
  OPTIONAL CALL subquery (importing the year) finds the best route in each
  slice and still yields a row when there is none; a list comprehension over
  relationships(p) names the channels that did not exist in the earlier year.
*/
UNWIND [['before', $before], ['after', $after]] AS slice
WITH slice[0] AS period, slice[1] AS year
MATCH (team:Entity {id: $team}), (target:Entity {id: $target})
OPTIONAL CALL (team, target, year) {
  MATCH p = (team)
            ((a WHERE a <> target)-[r WHERE r.channel AND r.stage = 'information'
                      AND r.first_year <= year <= r.last_year]->
             (b WHERE b.first_year <= year <= b.last_year)){1,6}
            (target)
  WHERE length(p) <= $max_hops
    AND team.first_year <= year <= team.last_year
    AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  WITH p, reduce(signal = 1.0, rel IN relationships(p) |
                 signal * $friction[rel.friction]) AS signal
  RETURN p AS best, signal
  ORDER BY signal DESC, length(p), [n IN nodes(p) | n.id], [rel IN relationships(p) | rel.edge_id]
  LIMIT 1
}
RETURN period,
       year,
       [n IN nodes(best) | n.id] AS route,
       round(signal, 4) AS signal,
       [rel IN relationships(best) | rel.friction] AS frictions,
       [rel IN relationships(best) WHERE rel.from_year > $before | rel.edge_id] AS channels_new_since_before
ORDER BY year, period
