import type { Queryable } from '../../db/client.ts';

/** Party members whose membership counts for the handbook: probationary and official. */
export const PARTY_STATUSES = ['probationary', 'official'];
/** The units that hold monthly meetings. */
export const MEETING_UNIT_KINDS = ['party_cell', 'grassroots_party_cell'];

/** A timestamptz column as an ISO instant (the drivers' form), for values built inside JSON. */
export const isoSql = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A unit's latest name (closed units keep their last one). */
export const unitNameSql = (unitCol: string) =>
  `(SELECT name FROM unit_version nv WHERE nv.unit_id = ${unitCol} ORDER BY nv.valid_from DESC LIMIT 1)`;

/**
 * The units a person currently belongs to as a party member (home or temporary), with each unit's kind.
 * `personP` and `todayP` are placeholders.
 */
export const myUnitsSql = (personP: string, todayP: string, statusesP: string) => `
  SELECT DISTINCT pp.unit_id, v.kind_code FROM membership m
  JOIN membership_period pp ON pp.membership_id = m.id AND pp.family = 'party' AND pp.valid_to = 'infinity'
    AND pp.valid_from <= ${todayP}::date AND pp.status = ANY(${statusesP}::text[])
  JOIN unit_version v ON v.unit_id = pp.unit_id AND v.valid_to = 'infinity'
  WHERE m.person_id = ${personP} AND m.family = 'party'`;

/** Is the person a current party member of the unit (home or temporary)? */
export async function isCurrentMember(q: Queryable, personId: number, unitId: number, today: string) {
  const rows = await q.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM (${myUnitsSql('$1', '$2', '$3')}) x WHERE x.unit_id = $4) AS ok`,
    [personId, today, PARTY_STATUSES, unitId],
  );
  return rows[0]?.ok === true;
}
