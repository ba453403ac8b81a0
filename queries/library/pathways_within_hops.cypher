/*
name: pathways_within_hops
title: Every pathway of at most N hops
question: Which channel pathways of at most N hops lead from one actor to another, through which kinds of link and frictions?
category: Pathways
twin: pathways.pathways_within_hops
parameters:
  source:
    type: string
    default: field.rc
    description: Id of the actor where the signal starts.
  target:
    type: string
    default: un.security-council
    description: Id of the actor the signal should reach.
  max_hops:
    type: int
    default: 3
    min: 1
    max: 5
    description: Longest pathway to list, in hops.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
teaching: >-
  Enumerating bounded paths: a quantified path pattern {1,5} with a length(p)
  bound from a parameter, single() to keep the paths simple (no actor twice),
  and list comprehensions over relationships(p) to describe each hop.
*/
MATCH (source:Entity {id: $source}), (target:Entity {id: $target})
WHERE source.first_year <= $as_of <= source.last_year
MATCH p = (source)
          ((a WHERE a <> target)-[r WHERE r.channel
                    AND r.first_year <= $as_of <= r.last_year]->
           (b WHERE b.first_year <= $as_of <= b.last_year)){1,5}
          (target)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN p AS pathway,
       [rel IN relationships(p) | type(rel)] AS links,
       [rel IN relationships(p) | rel.friction] AS frictions,
       length(p) AS hops,
       round(reduce(signal = 1.0, rel IN relationships(p) |
             signal * $friction[rel.friction]), 4) AS signal
ORDER BY hops, signal DESC, [n IN nodes(p) | n.id], links
