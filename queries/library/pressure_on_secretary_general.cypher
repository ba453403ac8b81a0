/*
name: pressure_on_secretary_general
title: Member states that pressured the Secretary-General
question: Which member states pressured the Secretary-General (the office, its holder or the leadership it belongs to), when, with what threat, and what leverage do they hold?
category: Pressure
twin: pressure.pressure_on_secretary_general
parameters:
  office:
    type: string
    default: un.secretary-general
    description: Id of the office under pressure; its holders and the bodies it is part of count too.
teaching: >-
  One target, three ways to be it (the office, a person who HOLDS_OFFICE in it,
  a body the office is PART_OF), tested with EXISTS patterns in WHERE; string
  concatenation inside a COLLECT subquery to describe leverage.
*/
MATCH (office:Entity {id: $office})
MATCH (state:MemberState)-[pressure:PRESSURES]->(target:Entity)
WHERE target = office
   OR EXISTS { (target)-[:HOLDS_OFFICE]->(office) }
   OR EXISTS { (office)-[:PART_OF]->(target) }
RETURN state.id AS state_id,
       state.name AS state,
       target.id AS target,
       pressure.from_year AS year,
       pressure.description AS threat,
       COLLECT { MATCH (state)-[l:FUNDS|CONTRIBUTES_TROOPS_TO]->(beneficiary)
                 RETURN type(l) + ' ' + beneficiary.id AS leverage ORDER BY leverage } AS leverage
ORDER BY year, state_id, target
