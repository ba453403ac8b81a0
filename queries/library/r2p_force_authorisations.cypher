/*
name: r2p_force_authorisations
title: Force authorised under R2P
question: Which Council decisions authorised the use of force on the grounds of the Responsibility to Protect, against whom, and who carried them out?
category: Council & veto
twin: council.r2p_force_authorisations
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the body that authorised force.
  norm:
    type: string
    default: norm.r2p
    description: Id of the norm the decision had to be grounded in.
teaching: >-
  A cyclic pattern: the Council appears twice, once authorising force against a
  target and once as the author of a resolution about that same target, so
  the match ties each authorisation to its resolution without any join key.
*/
MATCH (council:Entity {id: $council})-[force:AUTHORIZES_FORCE]->(target:Entity)
      <-[:CONCERNS|AUTHORIZES_FORCE]-(resolution:Resolution)-[:ESTABLISHED_BY]->(council),
      (resolution)-[:GROUNDED_IN]->(:Entity {id: $norm})
RETURN resolution.id AS resolution,
       resolution.name AS name,
       resolution.from_year AS year,
       target.id AS target_id,
       target.name AS target,
       COLLECT { MATCH (implementer)-[:IMPLEMENTS]->(resolution) RETURN implementer.id ORDER BY implementer.id } AS implemented_by,
       force.description AS authorisation
ORDER BY year, resolution, target_id
