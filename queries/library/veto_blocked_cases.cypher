/*
name: veto_blocked_cases
title: Vetoes and the responses they blocked
question: Which veto holders cast a veto, or threatened one, and which situations did that leave without a Council response?
category: Council & veto
twin: council.veto_blocked_cases
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the body whose veto holders to examine.
teaching: >-
  OPTIONAL MATCH keeps the veto holders that never vetoed (their other columns
  are null); COLLECT subqueries gather sorted lists per row, and {0,1} lets one
  pattern cover "the vetoed item is the case" and "the vetoed draft concerns it".
*/
MATCH (holder:Entity)-[:HOLDS_VETO_IN]->(:Entity {id: $council})
OPTIONAL MATCH (holder)-[veto:VETOED]->(vetoed:Entity)
RETURN holder.id AS holder_id,
       holder.name AS holder,
       vetoed.id AS vetoed_id,
       vetoed.name AS vetoed,
       COLLECT { MATCH (vetoed)-[:CONCERNS]->{0,1}(situation:Case) RETURN situation.id ORDER BY situation.id } AS cases,
       COLLECT { MATCH (vetoed)-[:CONCERNS]->(about) WHERE NOT about:Case RETURN about.id ORDER BY about.id } AS concerns,
       veto.description AS what_was_blocked
ORDER BY holder_id, vetoed_id
