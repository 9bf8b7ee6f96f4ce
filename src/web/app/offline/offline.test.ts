import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keptMaterialIds, mayStore, offlineRoute, redactForDevice } from './cachePolicy.ts';
import { pushDisplay, resolveAppUrl } from './push.ts';
import type { QueuedAction } from './store.ts';

// The queue's storage is IndexedDB, which Node lacks: an in-memory table stands in for it here.
const rows = new Map<string, QueuedAction>();
vi.mock('./store.ts', () => ({
  allActions: async () => [...rows.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  putAction: async (a: QueuedAction) => void rows.set(a.clientId, structuredClone(a)),
}));
const { flushOutbox, outcomeOf } = await import('./outbox.ts');

const ORIGIN = 'https://handbook.example.org';
const url = (path: string) => new URL(path, ORIGIN);

describe('what the device keeps', () => {
  it.each([
    ['/api/v1/session', 'session'],
    ['/api/v1/me/home', 'home'],
    ['/api/v1/meetings/12', 'meeting'],
    ['/api/v1/meeting-texts/7', 'text'],
    ['/api/v1/meetings/12/materials/3', 'material'],
  ])('keeps %s', (path, kind) => {
    expect(offlineRoute(url(path))?.kind).toBe(kind);
  });

  it.each([
    '/api/v1/people/5',
    '/api/v1/me',
    '/api/v1/meetings/12/invitations',
    '/api/v1/meetings/12/checkin-code',
    '/api/v1/me/notifications',
    '/api/v1/me/tasks',
    '/api/v1/documents/4',
    '/api/v1/units/3/meetings',
    '/api/v1/meetings/12?x=1',
    '/meetings/12',
  ])('never keeps %s', (path) => {
    expect(offlineRoute(url(path))).toBeNull();
  });

  it('takes the CSRF token out of the session copy', () => {
    const kept = redactForDevice({ kind: 'session' }, { account: { id: 1 }, csrfToken: 'secret', roles: [] });
    expect(kept).toEqual({ account: { id: 1 }, roles: [] });
  });

  it('lists no sensitive material in a meeting copy', () => {
    const meeting = {
      id: 12,
      topic: 'Regular meeting',
      materials: [
        { id: 1, fileName: 'agenda.pdf', sensitive: false },
        { id: 2, fileName: 'personnel.pdf', sensitive: true },
        { id: 3, fileName: 'odd.pdf' },
      ],
    };
    const kept = redactForDevice({ kind: 'meeting', meetingId: 12 }, meeting) as typeof meeting;
    expect(kept.materials.map((m) => m.id)).toEqual([1]);
    expect(kept.topic).toBe('Regular meeting');
    expect(keptMaterialIds(kept)).toEqual([1]);
    expect(keptMaterialIds(meeting)).toEqual([1]);
  });

  it("keeps only the member's own comments on a draft", () => {
    const text = {
      id: 7,
      paragraphs: [{ id: 'p1', text: 'Text' }],
      comments: [
        { id: 1, body: 'mine', mine: true, authorName: 'Me' },
        { id: 2, body: 'theirs', mine: false, authorName: 'Someone else' },
      ],
    };
    const kept = redactForDevice({ kind: 'text', textId: 7 }, text) as typeof text;
    expect(kept.comments.map((c) => c.id)).toEqual([1]);
    expect(kept.paragraphs).toEqual(text.paragraphs);
  });

  it('stores nothing that is not a JSON object, and honours no-store', () => {
    expect(redactForDevice({ kind: 'home' }, [1, 2])).toBeNull();
    expect(redactForDevice({ kind: 'material', meetingId: 1, materialId: 2 }, {})).toBeNull();
    expect(mayStore(new Headers({ 'cache-control': 'no-store' }))).toBe(false);
    expect(mayStore(new Headers({ 'cache-control': 'private, max-age=86400' }))).toBe(true);
  });
});

describe('push messages', () => {
  it('shows the message and opens its app path', () => {
    expect(
      pushDisplay({ title: 'Meeting', body: 'Tomorrow 8:00', url: '/meetings/5', tag: 'meeting:5' }, ORIGIN),
    ).toEqual({
      title: 'Meeting',
      body: 'Tomorrow 8:00',
      url: `${ORIGIN}/meetings/5`,
      tag: 'meeting:5',
    });
  });

  it('never opens another site', () => {
    expect(resolveAppUrl('https://evil.example.com/x', ORIGIN)).toBe(`${ORIGIN}/`);
    expect(resolveAppUrl('//evil.example.com/x', ORIGIN)).toBe(`${ORIGIN}/`);
    expect(resolveAppUrl('javascript:alert(1)', ORIGIN)).toBe(`${ORIGIN}/`);
    expect(resolveAppUrl(42, ORIGIN)).toBe(`${ORIGIN}/`);
  });

  it('still shows something for a malformed message', () => {
    expect(pushDisplay('plain text', ORIGIN)).toMatchObject({
      title: 'Grassroots',
      body: 'plain text',
      url: `${ORIGIN}/`,
    });
    expect(pushDisplay(null, ORIGIN).title).toBe('Grassroots');
  });
});

describe('answers to queued actions', () => {
  it.each([
    [200, undefined, 'sent'],
    [204, undefined, 'sent'],
    [409, 'checkin.already', 'sent'],
    [409, 'checkin.closed', 'refused'],
    [422, 'checkin.code_expired', 'refused'],
    [429, 'checkin.too_many', 'refused'],
    [429, 'rate_limited', 'retry'],
    [503, undefined, 'retry'],
    [401, 'auth.required', 'signedOut'],
    [403, 'auth.csrf', 'staleToken'],
    [404, 'not_found', 'refused'],
  ] as const)('%i %s is %s', (status, code, outcome) => {
    expect(outcomeOf(status, code)).toBe(outcome);
  });
});

function action(clientId: string, over: Partial<QueuedAction> = {}): QueuedAction {
  return {
    clientId,
    accountId: 1,
    kind: 'reply',
    method: 'PUT',
    path: `/meetings/1/reply`,
    body: { reply: 'attend' },
    meetingId: 1,
    subject: 'Meeting',
    language: 'vi',
    createdAt: `2026-01-01T00:00:0${clientId.slice(-1)}Z`,
    state: 'waiting',
    attempts: 0,
    ...over,
  };
}

type Answer = { status: number; body?: unknown } | 'offline';

function serve(answers: Record<string, Answer[]>) {
  const calls: { path: string; method: string; token: string | null; language: string | null }[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const path = input.replace('/api/v1', '');
    const headers = new Headers(init.headers);
    calls.push({
      path,
      method: init.method ?? 'GET',
      token: headers.get('x-csrf-token'),
      language: headers.get('accept-language'),
    });
    const answer = answers[path]?.shift() ?? { status: 500 };
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

const session = (token = 't1', id = 1) => ({ status: 200, body: { account: { id }, csrfToken: token } });
const now = () => new Date('2026-01-02T10:00:00Z');

describe('sending the queue', () => {
  beforeEach(() => rows.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('sends oldest first with a fresh token; a repeated check-in counts as done; a refusal keeps its reason', async () => {
    rows.set('a1', action('a1'));
    rows.set(
      'a2',
      action('a2', {
        kind: 'checkin',
        method: 'POST',
        path: '/meetings/1/check-in',
        body: { code: '123456' },
      }),
    );
    rows.set(
      'a3',
      action('a3', { kind: 'checkin', method: 'POST', path: '/meetings/2/check-in', meetingId: 2 }),
    );
    const calls = serve({
      '/session': [session()],
      '/meetings/1/reply': [{ status: 200, body: {} }],
      '/meetings/1/check-in': [{ status: 409, body: { code: 'checkin.already', title: 'Already' } }],
      '/meetings/2/check-in': [
        { status: 422, body: { code: 'checkin.code_expired', title: 'Mã đã hết hạn' } },
      ],
    });
    expect(await flushOutbox(now)).toEqual({ sent: 2, refused: 1, waiting: 0 });
    expect(calls.map((c) => c.path)).toEqual([
      '/session',
      '/meetings/1/reply',
      '/meetings/1/check-in',
      '/meetings/2/check-in',
    ]);
    expect(calls.slice(1).every((c) => c.token === 't1' && c.language === 'vi')).toBe(true);
    expect(rows.get('a1')).toMatchObject({ state: 'sent', sentAt: '2026-01-02T10:00:00.000Z', attempts: 1 });
    expect(rows.get('a2')?.state).toBe('sent');
    expect(rows.get('a3')).toMatchObject({
      state: 'refused',
      problem: { status: 422, code: 'checkin.code_expired', title: 'Mã đã hết hạn' },
    });
  });

  it('stops when the network goes and keeps the rest waiting', async () => {
    rows.set('a1', action('a1'));
    rows.set('a2', action('a2', { path: '/meetings/2/reply', meetingId: 2 }));
    serve({ '/session': [session()], '/meetings/1/reply': ['offline'] });
    expect(await flushOutbox(now)).toEqual({ sent: 0, refused: 0, waiting: 2 });
    expect([...rows.values()].map((a) => [a.state, a.attempts])).toEqual([
      ['waiting', 0],
      ['waiting', 0],
    ]);
  });

  it('sends nothing without a session, and never another account’s actions', async () => {
    rows.set('a1', action('a1'));
    let calls = serve({ '/session': [{ status: 401, body: { code: 'auth.required' } }] });
    await flushOutbox(now);
    expect(calls.map((c) => c.path)).toEqual(['/session']);

    calls = serve({ '/session': [session('t', 2)] });
    await flushOutbox(now);
    expect(calls.map((c) => c.path)).toEqual(['/session']);
    expect(rows.get('a1')?.state).toBe('waiting');
  });

  it('asks for a new token once when the server says the token is stale, and retries a failing server later', async () => {
    rows.set('a1', action('a1'));
    rows.set('a2', action('a2', { path: '/meetings/2/reply', meetingId: 2 }));
    const calls = serve({
      '/session': [session('old'), session('new')],
      '/meetings/1/reply': [
        { status: 403, body: { code: 'auth.csrf' } },
        { status: 200, body: {} },
      ],
      '/meetings/2/reply': [{ status: 503, body: { code: 'unavailable', title: 'Busy' } }],
    });
    expect(await flushOutbox(now)).toEqual({ sent: 1, refused: 0, waiting: 1 });
    expect(calls.filter((c) => c.path === '/meetings/1/reply').map((c) => c.token)).toEqual(['old', 'new']);
    expect(rows.get('a2')).toMatchObject({ state: 'waiting', attempts: 1 });
  });
});
