/*
name: rc_chain_to_secretary_general
title: From a Resident Coordinator to the Secretary-General
question: By which chains of reporting, representation and membership does a Resident Coordinator reach the Secretary-General?
category: Structure
twin: structure.rc_chain_to_secretary_general
parameters:
  source:
    type: string
    default: field.rc
    description: Id of the starting actor (a Resident Coordinator, generic or in one country).
  target:
    type: string
    default: un.secretary-general
    description: Id of the actor the chain should reach.
  max_hops:
    type: int
    default: 4
    min: 1
    max: 6
    description: Longest chain to list, in hops.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only links in force that year, through actors that existed then.
teaching: >-
  A quantified path pattern ((a)-[r:T1|T2]->(b)){1,6} with inline WHERE
  predicates that prune while expanding; length(p) applies the parameter bound
  (path lengths cannot be parameters); returning the path p itself.
*/
MATCH (start:Entity {id: $source}), (goal:Entity {id: $target})
MATCH p = (start)
          ((a WHERE a <> goal)-[r:REPORTS_TO|REPRESENTS|PART_OF|BRIEFS|ALERTS|ADVISES
                WHERE r.first_year <= $as_of <= r.last_year]->
           (b WHERE b.first_year <= $as_of <= b.last_year)){1,6}
          (goal)
WHERE length(p) <= $max_hops
  AND start.first_year <= $as_of <= start.last_year
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))   // a chain visits each actor once
RETURN p AS chain,
       [n IN nodes(p) | n.name] AS names,
       [rel IN relationships(p) | type(rel)] AS links,
       length(p) AS hops
ORDER BY hops, [n IN nodes(p) | n.id], links
