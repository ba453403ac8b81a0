/*
name: poc_mandated_missions
title: Missions with a protection-of-civilians mandate
question: Which missions carry a protection-of-civilians mandate, who gave it, where are they, and how well is it carried out?
category: Peace operations
twin: peace_operations.poc_mandated_missions
parameters:
  norm:
    type: string
    default: norm.poc
    description: Id of the protection norm the mandate is about.
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only missions that existed then.
teaching: >-
  EXISTS subqueries joined by OR accept alternative evidence for one fact (the
  mission implements the norm, or a resolution grounded in it mandates the
  mission); COLLECT subqueries add lists without multiplying rows, and
  COLLECT { }[0] turns an optional single value into a scalar or null.
*/
MATCH (mission:Mission)
WHERE mission.first_year <= $as_of <= mission.last_year
  AND (EXISTS { (mission)-[:IMPLEMENTS]->(:Entity {id: $norm}) }
       OR EXISTS { (:Entity {id: $norm})<-[:GROUNDED_IN|CONCERNS]-(:Resolution)-[:MANDATES]->(mission) })
RETURN mission.id AS mission,
       mission.name AS name,
       mission.from_year AS since,
       COLLECT { MATCH (body)-[:MANDATES]->(mission) RETURN body.id ORDER BY body.id } AS mandated_by,
       COLLECT { MATCH (host:MemberState)-[:HOSTS]->(mission) RETURN host.id ORDER BY host.id } AS hosts,
       COLLECT { MATCH (mission)-[i:IMPLEMENTS]->(:Entity {id: $norm}) WHERE i.channel RETURN i.friction }[0] AS implementation_friction
ORDER BY mission
