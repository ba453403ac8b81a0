/*
name: pressure_on_channels
title: Where member-state pressure bites
question: Which channels does a stall mechanism such as member-state pressure weaken, and which states press on either end of them?
category: Pressure
twin: pressure.pressure_on_channels
parameters:
  mechanism:
    type: string
    default: member_state_pressure
    allowed: [host_consent_dependence, persona_non_grata_risk, humanitarian_access_tradeoff, interagency_rivalry,
              self_censorship, no_political_mandate, capacity_gap, member_state_pressure, veto_deadlock,
              under_resourced_mandate, troop_caveats, no_follow_up, no_shared_responsibility,
              weak_political_engagement, selective_application, regime_change_backlash, no_willing_implementer,
              reluctance_to_use_force, no_political_strategy, implementer_overreach, peacekeeper_misconduct]
    description: The stall mechanism (data/vocabulary/mechanisms.yaml) to look for.
teaching: >-
  IN on a list-valued property selects channels by mechanism; inside a COLLECT
  subquery, "pressed IN [tail, head]" matches pressure on either end of the
  channel with one pattern, and DISTINCT removes states that press on both.
*/
MATCH (tail:Entity)-[channel]->(head:Entity)
WHERE channel.channel AND $mechanism IN channel.mechanism
RETURN channel.edge_id AS edge,
       channel.stage AS stage,
       channel.friction AS friction,
       COLLECT { MATCH (state:MemberState)-[:PRESSURES]->(pressed)
                 WHERE pressed IN [tail, head]
                 RETURN DISTINCT state.id ORDER BY state.id } AS pressed_by,
       channel.rationale AS why
ORDER BY edge
