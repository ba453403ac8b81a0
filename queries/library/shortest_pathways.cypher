/*
name: shortest_pathways
title: Shortest pathways between two actors
question: What are the shortest channel pathways (fewest hops) from one actor to another, and how strong a signal does each carry?
category: Pathways
twin: pathways.shortest_pathways
parameters:
  source:
    type: string
    default: field.unct.sri-lanka
    description: Id of the actor where the signal starts.
  target:
    type: string
    default: un.security-council
    description: Id of the actor the signal should reach.
  as_of:
    type: int
    default: 2009
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
teaching: >-
  allShortestPaths() with predicates on relationships(p) and nodes(p), which
  Neo4j applies during the breadth-first search; a reduce() folds the hops'
  pass probabilities ($friction[r.friction]) into the signal. Shortest is not
  most reliable: compare with most_reliable_pathways.
*/
MATCH (source:Entity {id: $source}), (target:Entity {id: $target})
WHERE source <> target
MATCH p = allShortestPaths((source)-[*..10]->(target))
WHERE all(r IN relationships(p) WHERE r.channel
          AND r.first_year <= $as_of <= r.last_year)
  AND all(n IN nodes(p) WHERE n.first_year <= $as_of <= n.last_year)
RETURN p AS pathway,
       [r IN relationships(p) | type(r)] AS links,
       length(p) AS hops,
       round(reduce(signal = 1.0, r IN relationships(p) |
             signal * $friction[r.friction]), 4) AS signal
ORDER BY signal DESC, [n IN nodes(p) | n.id], links
