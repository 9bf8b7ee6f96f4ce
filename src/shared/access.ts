/** Roles, what each may do, and how they rank. Shared by the server (enforcement) and the web app (what to show). */
export const ROLES = ['member', 'cell_secretary', 'committee_staff', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'unit.read',
  'unit.statistics',
  'unit.restructure',
  'enterprise.write',
  'person.read.basic',
  'person.read.personal',
  'person.read.party',
  'person.read.sensitive',
  'person.write',
  'membership.write',
  'import',
  'export',
  'program.write',
  'meeting.manage',
  'document.publish',
  'handbook.monitor',
  'account.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MEMBER: Permission[] = ['unit.read', 'person.read.basic'];
const SECRETARY: Permission[] = [
  ...MEMBER,
  'unit.statistics',
  'person.read.personal',
  'person.read.party',
  'person.write',
  'membership.write',
  'export',
  'meeting.manage',
  'handbook.monitor',
];
const STAFF: Permission[] = [
  ...SECRETARY,
  'person.read.sensitive',
  'unit.restructure',
  'enterprise.write',
  'import',
  'program.write',
  'document.publish',
];
const ADMIN: Permission[] = [...STAFF, 'account.manage', 'audit.read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(MEMBER),
  cell_secretary: new Set(SECRETARY),
  committee_staff: new Set(STAFF),
  administrator: new Set(ADMIN),
};

export const ROLE_RANK: Record<Role, number> = {
  member: 1,
  cell_secretary: 2,
  committee_staff: 3,
  administrator: 4,
};

export function permissionsOf(roles: Iterable<Role>): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

/** May a holder of `granterRoles` (on a unit covering the target) grant `role`? Never above their own rank. */
export function mayGrant(granterRoles: Iterable<Role>, role: Role): boolean {
  let best = 0;
  let canManage = false;
  for (const r of granterRoles) {
    best = Math.max(best, ROLE_RANK[r]);
    if (ROLE_PERMISSIONS[r].has('account.manage')) canManage = true;
  }
  return canManage && ROLE_RANK[role] <= best;
}
