/**
 * Which API answers this device keeps for offline use, and what is taken out of them before they
 * are stored (docs/decisions/0014-offline-cache-on-devices.md). Pure functions: the service worker
 * applies them, the tests check them.
 */
import { API_BASE } from './names.ts';

export type OfflineRoute =
  | { kind: 'session' }
  | { kind: 'home' }
  | { kind: 'meeting'; meetingId: number }
  | { kind: 'text'; textId: number }
  | { kind: 'material'; meetingId: number; materialId: number };

const ROUTES: [RegExp, (m: RegExpExecArray) => OfflineRoute][] = [
  [/^\/session$/, () => ({ kind: 'session' })],
  [/^\/me\/home$/, () => ({ kind: 'home' })],
  [/^\/meetings\/(\d{1,9})$/, (m) => ({ kind: 'meeting', meetingId: Number(m[1]) })],
  [/^\/meeting-texts\/(\d{1,9})$/, (m) => ({ kind: 'text', textId: Number(m[1]) })],
  [
    /^\/meetings\/(\d{1,9})\/materials\/(\d{1,9})$/,
    (m) => ({ kind: 'material', meetingId: Number(m[1]), materialId: Number(m[2]) }),
  ],
];

/** The kept route a same-origin GET belongs to, or null: everything else goes to the network only. */
export function offlineRoute(url: URL): OfflineRoute | null {
  if (!url.pathname.startsWith(API_BASE + '/') || url.search !== '') return null;
  const rest = url.pathname.slice(API_BASE.length);
  for (const [pattern, make] of ROUTES) {
    const m = pattern.exec(rest);
    if (m) return make(m);
  }
  return null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The copy of a JSON answer that may be stored, or null when none may:
 * - the session without its CSRF token (a copy opened offline cannot write anything);
 * - a meeting without its sensitive materials (never listed offline, never downloaded to keep);
 * - a draft or resolution with the member's own comments only (others' opinions stay on the server).
 */
export function redactForDevice(route: OfflineRoute, body: unknown): unknown {
  if (!isObject(body)) return null;
  switch (route.kind) {
    case 'session': {
      const { csrfToken: _token, ...rest } = body;
      return rest;
    }
    case 'home':
      return body;
    case 'meeting': {
      const materials = Array.isArray(body.materials) ? body.materials : [];
      return { ...body, materials: materials.filter((m) => isObject(m) && m.sensitive === false) };
    }
    case 'text': {
      const comments = Array.isArray(body.comments) ? body.comments : [];
      return { ...body, comments: comments.filter((c) => isObject(c) && c.mine === true) };
    }
    case 'material':
      return null;
  }
}

/** The materials of a kept meeting copy (only the non-sensitive ones are ever in it). */
export function keptMaterialIds(meeting: unknown): number[] {
  if (!isObject(meeting) || !Array.isArray(meeting.materials)) return [];
  return meeting.materials.flatMap((m) =>
    isObject(m) && m.sensitive === false && typeof m.id === 'number' ? [m.id] : [],
  );
}

/** Largest material fetched ahead for offline reading. */
export const MATERIAL_PREFETCH_MAX_BYTES = 15 * 1024 * 1024;
/** Most materials of one meeting fetched ahead. */
export const MATERIAL_PREFETCH_MAX = 10;

/** A response the server marked as not to be stored is never stored. */
export function mayStore(headers: Headers): boolean {
  return !/\bno-store\b/i.test(headers.get('cache-control') ?? '');
}
