/*
name: icc_referrals
title: Referrals to the International Criminal Court
question: Which Council resolutions referred a situation to the International Criminal Court, and which situations?
category: Council & veto
twin: council.icc_referrals
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the body that adopted the resolutions.
  court:
    type: string
    default: org.icc
    description: Id of the court the situations were referred to.
teaching: >-
  Two relationships from the same node in one pattern (a resolution that both
  REFERS_TO the court and was ESTABLISHED_BY the Council), and a COLLECT
  subquery for the situations each one concerns.
*/
MATCH (council:Entity {id: $council})<-[:ESTABLISHED_BY]-(resolution:Resolution)-[:REFERS_TO]->(court:Entity {id: $court})
RETURN resolution.id AS resolution,
       resolution.name AS name,
       resolution.from_year AS year,
       COLLECT { MATCH (resolution)-[:CONCERNS]->(situation) RETURN situation.name ORDER BY situation.name } AS situations
ORDER BY year, resolution
