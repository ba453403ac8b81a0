/*
name: troop_contributor_caveats
title: Troop contributors and their caveats
question: Which states and groups contribute troops, to which missions, what caveats and constraints does the paper record on them, and which protection channels do caveats weaken?
category: Peace operations
twin: peace_operations.troop_contributor_caveats
parameters:
  mechanism:
    type: string
    default: troop_caveats
    allowed: [host_consent_dependence, persona_non_grata_risk, humanitarian_access_tradeoff, interagency_rivalry,
              self_censorship, no_political_mandate, capacity_gap, member_state_pressure, veto_deadlock,
              under_resourced_mandate, troop_caveats, no_follow_up, no_shared_responsibility,
              weak_political_engagement, selective_application, regime_change_backlash, no_willing_implementer,
              reluctance_to_use_force, no_political_strategy, implementer_overreach, peacekeeper_misconduct]
    description: The stall mechanism (data/vocabulary/mechanisms.yaml) to look for on the channels of the contributors' missions.
teaching: >-
  Label disjunction (:TroopContributor, or anyone with a CONTRIBUTES_TROOPS_TO
  relationship); a PART_OF chain of {0,2} hops widens "a mission" to its
  components; IN tests list membership on a list-valued property (mechanism).
*/
MATCH (contributor:Entity)
WHERE contributor:TroopContributor OR EXISTS { (contributor)-[:CONTRIBUTES_TROOPS_TO]->() }
RETURN contributor.id AS contributor,
       contributor.name AS name,
       COLLECT { MATCH (contributor)-[:CONTRIBUTES_TROOPS_TO]->(mission) RETURN mission.id ORDER BY mission.id } AS contributes_to,
       COLLECT { MATCH (contributor)-[:CONSTRAINS]->(constrained) RETURN constrained.id ORDER BY constrained.id } AS constrains,
       COLLECT { MATCH (constraint)-[:CONSTRAINS]->(contributor) RETURN constraint.id ORDER BY constraint.id } AS constrained_by,
       COLLECT { MATCH (caveat)-[:CONSTRAINS]->(:Mission)<-[:CONTRIBUTES_TROOPS_TO]-(contributor)
                 RETURN DISTINCT caveat.id ORDER BY caveat.id } AS caveats_on_its_missions,
       COLLECT { MATCH (contributor)-[:CONTRIBUTES_TROOPS_TO]->(:Mission)<-[:PART_OF]-{0,2}(part:Mission)-[channel]->()
                 WHERE channel.channel AND $mechanism IN channel.mechanism
                 RETURN DISTINCT channel.edge_id ORDER BY channel.edge_id } AS weakened_channels
ORDER BY contributor
