/*
name: most_reliable_pathways
title: Most reliable pathways between two actors
question: Which channel pathways from one actor to another are most likely to carry a signal all the way, and how likely is each?
category: Pathways
twin: pathways.most_reliable_pathways
parameters:
  source:
    type: string
    default: field.unct.sri-lanka
    description: Id of the actor where the signal starts.
  target:
    type: string
    default: un.security-council
    description: Id of the actor the signal should reach.
  stage:
    type: string
    default: any
    allowed: [any, information, decision, implementation]
    description: Only channels of this stage ("any" for all).
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
    max: 50
    description: How many pathways to list, best first.
  as_of:
    type: int
    default: 2009
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
teaching: >-
  A quantified path pattern with inline WHERE on each hop, a reduce() that
  multiplies pass probabilities looked up in the $friction map, then
  aggregation by route (max over parallel channels) and ORDER BY ... LIMIT for
  the k best. The same answer as graph.pathways.most_reliable_paths.
*/
MATCH (source:Entity {id: $source}), (target:Entity {id: $target})
WHERE all(n IN [source, target] WHERE n.first_year <= $as_of <= n.last_year)
MATCH p = (source)
          ((a WHERE a <> target)-[r WHERE r.channel AND ($stage = 'any' OR r.stage = $stage)
                    AND r.first_year <= $as_of <= r.last_year]->
           (b WHERE b.first_year <= $as_of <= b.last_year)){1,6}
          (target)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH [n IN nodes(p) | n.id] AS route,
     reduce(signal = 1.0, rel IN relationships(p) |
            signal * $friction[rel.friction]) AS signal
// Parallel channels between the same two actors: a route goes by the best of them.
WITH route, max(signal) AS best
RETURN route, size(route) - 1 AS hops, round(best, 4) AS signal
ORDER BY signal DESC, hops, route
LIMIT $k
