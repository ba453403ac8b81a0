/*
name: country_team_stall_point
title: Where a country team's warnings stall
question: On the most reliable pathways from a country team to the Council, at which hop does the signal first fall below the threshold, and why?
category: Stall points
twin: stall_points.country_team_stall_point
parameters:
  team:
    type: string
    default: field.unct.sri-lanka
    description: Id of the country team (or any actor) where the warning starts.
  target:
    type: string
    default: un.security-council
    description: Id of the decision-maker the warning should reach.
  threshold:
    type: float
    default: 0.5
    min: 0.0
    max: 1.0
    description: A pathway stalls at the first hop where its cumulative signal falls below this.
  max_hops:
    type: int
    default: 5
    min: 1
    max: 6
    description: Longest pathway considered, in hops.
  k:
    type: int
    default: 3
    min: 1
    max: 20
    description: How many pathways to examine, most reliable first.
  as_of:
    type: int
    default: 2009
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
teaching: >-
  List arithmetic in pure Cypher: max() over lists picks the best channel of
  every hop at once, reduce() over list slices gives the cumulative signal
  after each hop, a filtered range() finds the first hop under the threshold,
  and a COLLECT subquery with a map projection fetches that hop's channel.
*/
MATCH (team:Entity {id: $team}), (target:Entity {id: $target})
WHERE all(n IN [team, target] WHERE n.first_year <= $as_of <= n.last_year)
MATCH p = (team)
          ((a WHERE a <> target)-[r WHERE r.channel
                    AND r.first_year <= $as_of <= r.last_year]->
           (b WHERE b.first_year <= $as_of <= b.last_year)){1,6}
          (target)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH [n IN nodes(p) | n.id] AS route,
     [rel IN relationships(p) | $friction[rel.friction]] AS probabilities
// Parallel channels: the largest list (lexicographically) takes the best channel of every hop.
WITH route, max(probabilities) AS probabilities
WITH route, [i IN range(1, size(probabilities)) | reduce(s = 1.0, x IN probabilities[0..i] | s * x)] AS signals
WITH route, signals, last(signals) AS signal,
     [i IN range(0, size(signals) - 1) WHERE signals[i] < $threshold][0] AS stall
ORDER BY signal DESC, size(route), route
LIMIT $k
RETURN route,
       round(signal, 4) AS signal,
       route[stall] AS stall_from,
       route[stall + 1] AS stall_to,
       round(CASE stall WHEN 0 THEN 1.0 ELSE signals[stall - 1] END, 4) AS signal_before,
       round(signals[stall], 4) AS signal_after,
       COLLECT {
         MATCH (:Entity {id: route[stall]})-[s]->(:Entity {id: route[stall + 1]})
         WHERE s.channel AND s.first_year <= $as_of <= s.last_year
         RETURN s {.edge_id, .friction, .mechanism, .rationale}
         ORDER BY CASE s.friction WHEN 'none' THEN 0 WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END,
                  s.edge_id
         LIMIT 1
       }[0] AS stall_channel
