/*
name: secretariat_reporting_lines
title: Reporting lines inside the Secretariat
question: Inside the UN Secretariat, who reports to, advises or belongs to whom?
category: Structure
twin: structure.secretariat_reporting_lines
parameters:
  secretariat:
    type: string
    default: un.secretariat
    description: Id of the body whose internal lines to show (its head and everything part of either count as inside).
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only lines in force that year, between actors that existed then, are shown.
teaching: >-
  Membership by reachability: EXISTS subqueries with a quantified relationship
  (-[:PART_OF]->+) test "part of, at any depth". A CASE on type(r) turns LEADS
  round so every row reads junior -> senior, and a list of mixed nodes and
  relationships checks their validity years in one all() predicate.
*/
MATCH (secretariat:Entity {id: $secretariat})
// Inside: the body itself, whoever leads it, and whatever is part of either, at any depth.
MATCH (inside:Entity)
WHERE inside = secretariat
   OR EXISTS { (inside)-[:LEADS]->(secretariat) }
   OR EXISTS { (inside)-[:PART_OF]->+(secretariat) }
   OR EXISTS { (inside)-[:PART_OF]->+(:Entity)-[:LEADS]->(secretariat) }
WITH collect(inside) AS members
UNWIND members AS a
MATCH (a)-[r:REPORTS_TO|PART_OF|LEADS|ADVISES|BRIEFS]->(b)
WHERE b IN members
  AND all(x IN [a, r, b] WHERE x.first_year <= $as_of <= x.last_year)
// "A LEADS B" means B answers to A: turn it round so each row reads junior -> senior.
WITH type(r) AS line,
     CASE type(r) WHEN 'LEADS' THEN b ELSE a END AS junior,
     CASE type(r) WHEN 'LEADS' THEN a ELSE b END AS senior
RETURN junior.id AS junior_id, junior.name AS junior, line, senior.id AS senior_id, senior.name AS senior
ORDER BY senior_id, junior_id, line
