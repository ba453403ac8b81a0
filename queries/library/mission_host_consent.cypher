/*
name: mission_host_consent
title: Missions, their hosts and host consent
question: Which state hosts each mission, does the paper record it consenting, and how many of the mission's channels suffer from depending on that consent?
category: Peace operations
twin: peace_operations.mission_host_consent
parameters:
  as_of:
    type: int
    default: 2016
    min: 1945
    max: 2030
    description: Year; only missions and hosting relationships in force then.
teaching: >-
  A pattern predicate used as a boolean value (EXISTS { } in RETURN), and a
  COUNT { } subquery to count matching relationships per row.
*/
MATCH (host:MemberState)-[hosting:HOSTS]->(mission:Mission)
WHERE all(x IN [host, hosting, mission] WHERE x.first_year <= $as_of <= x.last_year)
RETURN mission.id AS mission,
       mission.name AS name,
       host.id AS host,
       EXISTS { (host)-[:CONSENTS_TO]->(mission) } AS consent_recorded,
       COUNT { (mission)-[c]->() WHERE c.channel AND 'host_consent_dependence' IN c.mechanism } AS consent_dependent_channels
ORDER BY mission, host
