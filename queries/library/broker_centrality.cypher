/*
name: broker_centrality
title: Brokers between the field and the decision-makers
question: Through which actors do the shortest channel pathways from field actors to decision-makers pass, and how many of them?
category: Teaching
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
  A betweenness-like centrality without any plugin: for every pair in a bounded
  set (:FieldActor to :DecisionMaker) the GQL-style ALL SHORTEST path search
  with inline predicates, then UNWIND the inner nodes of each path, nodes(p)[1..-1],
  and count paths and distinct pairs per node.
*/
MATCH (source:FieldActor), (target:DecisionMaker)
WHERE source <> target
  AND all(n IN [source, target] WHERE (n.from_year IS NULL OR n.from_year <= $as_of)
                                  AND (n.to_year IS NULL OR $as_of <= n.to_year))
MATCH p = ALL SHORTEST (source)
          ((a)-[r WHERE r.channel
                    AND (r.from_year IS NULL OR r.from_year <= $as_of) AND (r.to_year IS NULL OR $as_of <= r.to_year)]->
           (b WHERE (b.from_year IS NULL OR b.from_year <= $as_of) AND (b.to_year IS NULL OR $as_of <= b.to_year))){1,8}
          (target)
UNWIND nodes(p)[1..-1] AS broker
RETURN broker.id AS id,
       broker.name AS name,
       count(*) AS shortest_paths_through,
       count(DISTINCT [source.id, target.id]) AS pairs_through
ORDER BY shortest_paths_through DESC, pairs_through DESC, id
LIMIT $limit
