/*
name: highest_official_no_mission
title: The highest UN official where there is no mission
question: In countries that host a UN presence but no UN mission, who is the highest UN official, and to whom does that official answer?
category: Non-mission settings
twin: non_mission.highest_official_no_mission
parameters:
  country:
    type: string
    default: any
    description: Id of one country (a member state), or "any" for every country without a mission.
  as_of:
    type: int
    default: 2009
    min: 1945
    max: 2030
    description: Year; presences, missions and links in force that year.
teaching: >-
  NOT EXISTS { } to require the absence of a pattern (no mission hosted or
  deployed, in either direction with an undirected -[:HOSTS|DEPLOYED_IN]-),
  a quantified LEADS chain of zero or more hops climbed to the presence that
  nobody in the country leads, and a node returned whole (the backends give it
  as {id, name, labels}).
*/
MATCH (country:MemberState)-[hosts:HOSTS]->(presence:FieldPresence)
WHERE ($country = 'any' OR country.id = $country)
  AND all(x IN [country, hosts, presence] WHERE x.first_year <= $as_of <= x.last_year)
  AND NOT EXISTS {
    MATCH (country)-[link:HOSTS|DEPLOYED_IN]-(mission:Mission)
    WHERE all(x IN [link, mission] WHERE x.first_year <= $as_of <= x.last_year)
  }
// Climb the in-country chain of command to the presence that nobody leads.
MATCH (top:FieldPresence)
      ((:FieldPresence)-[lead:LEADS WHERE lead.first_year <= $as_of <= lead.last_year]->(:FieldPresence)){0,3}
      (presence)
WHERE top.first_year <= $as_of <= top.last_year
  AND NOT EXISTS { (:FieldPresence)-[:LEADS]->(top) }
WITH DISTINCT country, top
RETURN country.id AS country,
       top AS official,
       COLLECT { MATCH (top)-[:REPORTS_TO|REPRESENTS]->(superior) RETURN DISTINCT superior.id ORDER BY superior.id } AS answers_to
ORDER BY country, top.id
