/*
name: reform_signal_change
title: How reforms changed a warning's chances, year by year
question: Year by year, how likely was a warning from one actor to reach another by the best channel route, and by which route?
category: Policies & reforms
twin: policies.reform_signal_change
parameters:
  source:
    type: string
    default: field.unct
    description: Id of the actor where the warning starts.
  target:
    type: string
    default: un.security-council
    description: Id of the actor the warning should reach.
  since:
    type: int
    default: 2008
    min: 1945
    max: 2030
    description: First year.
  until:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Last year.
  max_hops:
    type: int
    default: 5
    min: 1
    max: 6
    description: Longest route considered, in hops.
teaching: >-
  UNWIND range($since, $until) makes one row per year, and an OPTIONAL CALL
  subquery runs a best-route search per year with the year as a variable in
  its inline predicates, so years without any route still give a row.
*/
UNWIND range($since, $until) AS year
MATCH (source:Entity {id: $source}), (target:Entity {id: $target})
OPTIONAL CALL (source, target, year) {
  MATCH p = (source)
            ((a WHERE a <> target)-[r WHERE r.channel
                      AND r.first_year <= year <= r.last_year]->
             (b WHERE b.first_year <= year <= b.last_year)){1,6}
            (target)
  WHERE length(p) <= $max_hops
    AND source.first_year <= year <= source.last_year
    AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  WITH [n IN nodes(p) | n.id] AS route,
       reduce(signal = 1.0, rel IN relationships(p) |
              signal * $friction[rel.friction]) AS signal
  WITH route, max(signal) AS signal
  RETURN route, signal
  ORDER BY signal DESC, size(route), route
  LIMIT 1
}
RETURN year, route, size(route) - 1 AS hops, round(signal, 4) AS signal
ORDER BY year
