/*
name: broker_centrality
title: Brokers between the field and the decision-makers
question: Through which actors do the shortest channel pathways from field actors to decision-makers pass, and how many of them?
category: Teaching
twin: teaching.broker_centrality
parameters:
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only channels in force that year, through actors that existed then.
  limit:
    type: int
    default: 15
    min: 1
    max: 500
    description: How many brokers to list, busiest first.
teaching: >-
  A betweenness-like centrality without any plugin, in three steps per
  :DecisionMaker. A variable-length pattern reduced to min(length(p)) is planned
  as one pruning breadth-first search (VarLengthExpand(Pruning,BFS)) that gives
  each actor its distance to the target; the actors are collected into one list
  per distance. The channels that step exactly one distance closer then hold
  every shortest route and nothing else, so matching routes from :FieldActor
  sources along those channels only (r IN closer) finds each shortest path once,
  the answer of an ALL SHORTEST search with {1,8}; UNWIND nodes(p)[1..-1] then
  counts paths and distinct pairs per inner node. ALL SHORTEST itself is the
  natural way to write it, but in Neo4j 5 its cost grows faster than the square
  of the sources one search finds, and a {1,8} bound slows it further (each
  length is a separate state of its search): seconds at 130 countries, a
  time-out at 1,000.
*/
MATCH (target:DecisionMaker)
WHERE target.first_year <= $as_of <= target.last_year
// 1. How many channels each actor is from the target: one breadth-first search.
CALL (target) {
  MATCH p = (actor)
            ((a)-[r WHERE r.channel
                      AND r.first_year <= $as_of <= r.last_year]->
             (b WHERE b.first_year <= $as_of <= b.last_year)){1,8}
            (target)
  WHERE actor <> target
    AND actor.first_year <= $as_of <= actor.last_year
  RETURN actor, min(length(p)) AS distance
}
WITH target, distance, collect(actor) AS level
ORDER BY distance
WITH target, [[target]] + collect(level) AS levels  // levels[d]: the actors d channels away
// 2. The channels in force that step one level closer: the graph of shortest routes.
CALL (levels) {
  UNWIND range(1, size(levels) - 1) AS distance
  UNWIND levels[distance] AS sender
  MATCH (sender)-[r WHERE r.channel
                     AND r.first_year <= $as_of <= r.last_year]->(receiver)
  WHERE receiver IN levels[distance - 1]
  RETURN collect(r) AS closer
}
// 3. Every route along those channels from a field actor is a shortest path to the target.
MATCH p = (source:FieldActor)((a)-[r WHERE r IN closer]->(b)){1,8}(target)
UNWIND nodes(p)[1..-1] AS broker
WITH broker, count(*) AS shortest_paths_through, count(DISTINCT [source, target]) AS pairs_through
ORDER BY shortest_paths_through DESC, pairs_through DESC, broker.id
LIMIT $limit
RETURN broker.id AS id, broker.name AS name, shortest_paths_through, pairs_through
