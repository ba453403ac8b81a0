/*
name: veto_holders
title: The veto holders
question: Which member states can block a Security Council decision with a veto?
category: Council & veto
twin: council.veto_holders
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the body whose veto holders to list.
teaching: >-
  A pattern with a label (MemberState), a relationship type (HOLDS_VETO_IN)
  and a property map bound to a parameter; ORDER BY makes the order stable.
*/
MATCH (state:MemberState)-[:HOLDS_VETO_IN]->(council:Entity {id: $council})
RETURN state.name AS state, state.id AS id
ORDER BY state, id
