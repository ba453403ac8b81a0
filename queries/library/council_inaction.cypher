/*
name: council_inaction
title: Where the Council failed to act
question: On which situations did the Security Council, or a part of it such as the permanent members, fail to act?
category: Council & veto
twin: council.council_inaction
parameters:
  council:
    type: string
    default: un.security-council
    description: Id of the body; its parts (PART_OF it) are included.
  since:
    type: int
    default: 1990
    min: 1945
    max: 2030
    description: Only situations that began in or after this year (undated ones are always shown).
teaching: >-
  A variable-length relationship of zero or one hop ({0,1}) lets the body and
  its parts match one pattern; a null-tolerant year filter keeps undated items.
*/
MATCH (body:Entity)-[:PART_OF]->{0,1}(:Entity {id: $council})
MATCH (body)-[failure:FAILS_TO_ACT_ON]->(situation:Entity)
WHERE situation.from_year IS NULL OR situation.from_year >= $since
RETURN situation.id AS situation_id,
       situation.name AS situation,
       situation.from_year AS year,
       body.id AS body,
       failure.description AS what_happened
ORDER BY year, situation_id, body
