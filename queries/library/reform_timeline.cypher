/*
name: reform_timeline
title: What each reform added or changed, in time order
question: In time order, what did each policy or report create, respond to, replace or recommend?
category: Policies & reforms
twin: policies.reform_timeline
parameters:
  kinds:
    type: list
    default: [policy, report]
    description: Node kinds that count as reforms (comma-separated on the command line).
  since:
    type: int
    default: 2000
    min: 1945
    max: 2030
    description: Only reforms dated in or after this year (undated ones are listed last).
teaching: >-
  A CALL subquery with UNION combines relationships read in opposite
  directions (what a reform ESTABLISHED, read backwards, and what it
  RESPONDS_TO, SUPERSEDES or RECOMMENDS, read forwards) into one change
  column; ascending ORDER BY puts undated reforms (null years) last.
*/
MATCH (reform:Entity)
WHERE reform.kind IN $kinds
  AND (reform.from_year IS NULL OR reform.from_year >= $since)
CALL (reform) {
  MATCH (created:Entity)-[:ESTABLISHED_BY]->(reform)
  RETURN 'created' AS change, created AS other
  UNION
  MATCH (reform)-[r:RESPONDS_TO|SUPERSEDES|RECOMMENDS]->(other:Entity)
  RETURN toLower(type(r)) AS change, other
}
RETURN reform.from_year AS year,
       reform.id AS reform,
       reform.name AS name,
       change,
       other.id AS other_id,
       other.name AS other
ORDER BY year, reform, change, other_id
