/*
name: actor_neighbourhood
title: The neighbourhood of an actor
question: Which actors lie within N hops of a chosen actor, in either direction, and how far is each?
category: Teaching
twin: teaching.actor_neighbourhood
parameters:
  actor:
    type: string
    default: un.secretary-general
    description: Id of the actor at the centre.
  hops:
    type: int
    default: 2
    min: 1
    max: 4
    description: Largest distance, in relationships of any type and direction.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only relationships in force that year, through actors that existed then.
teaching: >-
  Distance without a search per node: a variable-length pattern with no arrow,
  its year predicates written inside the quantified path, reduced to
  min(length(p)) per end node. Because only the shortest length of each end node
  is kept, Neo4j plans it as a single pruning breadth-first search from the
  actor (VarLengthExpand(Pruning,BFS) in PROFILE) that visits each actor once,
  instead of enumerating every path (which explodes around hubs) or running
  shortestPath() once per candidate. A quantifier cannot take a parameter, so
  the search goes to the largest distance, 4, and $hops filters after it.
*/
MATCH (actor:Entity {id: $actor})
WHERE actor.first_year <= $as_of <= actor.last_year
MATCH p = (actor)
          (()-[r WHERE r.first_year <= $as_of <= r.last_year]-
           (n WHERE n.first_year <= $as_of <= n.last_year)){1,4}
          (other)
WHERE other <> actor
WITH other, min(length(p)) AS distance
WHERE distance <= $hops
RETURN distance, other.id AS id, other.name AS name, other.kind AS kind
ORDER BY distance, id
