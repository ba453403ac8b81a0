/*
name: actor_neighbourhood
title: The neighbourhood of an actor
question: Which actors lie within N hops of a chosen actor, in either direction, and how far is each?
category: Teaching
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
  Distance by shortestPath() on an undirected pattern, one breadth-first search
  per candidate node instead of enumerating every path (which explodes around
  hubs); all() predicates on nodes(p) and relationships(p) are applied during
  the search, while the length bound is applied after it.
*/
MATCH (actor:Entity {id: $actor})
WHERE (actor.from_year IS NULL OR actor.from_year <= $as_of) AND (actor.to_year IS NULL OR $as_of <= actor.to_year)
MATCH (other:Entity)
WHERE other <> actor
  AND (other.from_year IS NULL OR other.from_year <= $as_of) AND (other.to_year IS NULL OR $as_of <= other.to_year)
MATCH p = shortestPath((actor)-[*..4]-(other))
WHERE all(r IN relationships(p) WHERE (r.from_year IS NULL OR r.from_year <= $as_of) AND (r.to_year IS NULL OR $as_of <= r.to_year))
  AND all(n IN nodes(p) WHERE (n.from_year IS NULL OR n.from_year <= $as_of) AND (n.to_year IS NULL OR $as_of <= n.to_year))
// Filter on the length only after the search: a length predicate inside it would force an exhaustive search.
WITH other, length(p) AS distance
WHERE distance <= $hops
RETURN distance, other.id AS id, other.name AS name, other.kind AS kind
ORDER BY distance, id
