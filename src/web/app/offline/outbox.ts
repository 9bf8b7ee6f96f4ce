/**
 * Sends the offline queue. Shared by the page (on start, when the network returns, right after an
 * action is queued) and the service worker (Background Sync), so it reads nothing but fetch,
 * IndexedDB and the Web Locks API. Sending twice is harmless: a reply is a PUT, a comment carries
 * its client id, and a second check-in answers `checkin.already`, which counts as done.
 */
import { API_BASE, OUTBOX_CHANNEL, OUTBOX_LOCK } from './names.ts';
import { allActions, putAction, type ActionProblem, type QueuedAction } from './store.ts';

/** What an answer means for a queued action. */
export type Outcome = 'sent' | 'retry' | 'refused' | 'signedOut' | 'staleToken';

export function outcomeOf(status: number, code: string | undefined): Outcome {
  if (status >= 200 && status < 300) return 'sent';
  // Checked in already (by an earlier try, or by the secretary): the member is there, which is the point.
  if (status === 409 && code === 'checkin.already') return 'sent';
  if (status === 401) return 'signedOut';
  if (status === 403 && code === 'auth.csrf') return 'staleToken';
  // Too many wrong check-in codes is an answer about this meeting, not a busy server.
  if (status === 429 && code?.startsWith('checkin.')) return 'refused';
  // Throttled, timed out or the server failing: the same request may well pass later.
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/** Sent actions stay listed this long so the member sees they went; refused ones until dismissed. */
export const SENT_KEPT_MS = 24 * 60 * 60 * 1000;

export function isPending(action: QueuedAction): boolean {
  return action.state === 'waiting';
}

function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

export function outboxChanged(): void {
  announce();
}

interface LiveSession {
  accountId: number;
  csrfToken: string;
}

async function readSession(language: string): Promise<LiveSession | 'signedOut' | 'offline'> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/session`, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json', 'accept-language': language },
    });
  } catch {
    return 'offline';
  }
  if (response.status === 401) return 'signedOut';
  if (!response.ok) return 'offline';
  const json = (await response.json()) as { account?: { id?: number }; csrfToken?: string };
  if (typeof json.account?.id !== 'number' || typeof json.csrfToken !== 'string') return 'offline';
  return { accountId: json.account.id, csrfToken: json.csrfToken };
}

async function readProblem(response: Response): Promise<ActionProblem> {
  try {
    const json = (await response.json()) as Partial<{ code: string; title: string; detail: string }>;
    return {
      status: response.status,
      code: json.code ?? String(response.status),
      title: json.title ?? response.statusText,
      detail: json.detail,
    };
  } catch {
    return { status: response.status, code: String(response.status), title: response.statusText };
  }
}

export type SendResult = { outcome: 'offline' } | { outcome: Outcome; problem?: ActionProblem };

/** One try at one action. */
export async function sendAction(action: QueuedAction, csrfToken: string): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(API_BASE + action.path, {
      method: action.method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'accept-language': action.language,
        'x-csrf-token': csrfToken,
      },
      body: JSON.stringify(action.body),
    });
  } catch {
    return { outcome: 'offline' };
  }
  if (response.ok) return { outcome: 'sent' };
  const problem = await readProblem(response);
  return { outcome: outcomeOf(response.status, problem.code), problem };
}

export interface FlushSummary {
  sent: number;
  refused: number;
  waiting: number;
}

async function withLock<T>(work: () => Promise<T>): Promise<T | undefined> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  // Another tab or the service worker is sending already: it will get ours too.
  return locks.request(OUTBOX_LOCK, { ifAvailable: true }, (lock) => (lock ? work() : undefined));
}

/**
 * Sends every waiting action of the signed-in account, oldest first. Stops at the first sign that
 * the network or the session is gone; the rest wait for the next try.
 */
export async function flushOutbox(now: () => Date = () => new Date()): Promise<FlushSummary | undefined> {
  return withLock(async () => {
    const waiting = (await allActions()).filter(isPending);
    const summary: FlushSummary = { sent: 0, refused: 0, waiting: waiting.length };
    if (waiting.length === 0) return summary;
    const session = await readSession(waiting[0]!.language);
    if (session === 'offline' || session === 'signedOut') return summary;
    let token = session.csrfToken;
    let changed = false;
    try {
      for (const action of waiting) {
        if (action.accountId !== session.accountId) continue;
        let result = await sendAction(action, token);
        if (result.outcome === 'staleToken') {
          const fresh = await readSession(action.language);
          if (fresh === 'offline' || fresh === 'signedOut' || fresh.accountId !== action.accountId) break;
          token = fresh.csrfToken;
          result = await sendAction(action, token);
        }
        if (result.outcome === 'offline' || result.outcome === 'signedOut' || result.outcome === 'staleToken')
          break;
        const attempts = action.attempts + 1;
        if (result.outcome === 'retry') {
          await putAction({ ...action, attempts, problem: 'problem' in result ? result.problem : undefined });
          changed = true;
          continue;
        }
        if (result.outcome === 'sent') {
          await putAction({
            ...action,
            attempts,
            state: 'sent',
            sentAt: now().toISOString(),
            problem: undefined,
          });
          summary.sent++;
        } else {
          await putAction({
            ...action,
            attempts,
            state: 'refused',
            problem: 'problem' in result ? result.problem : undefined,
          });
          summary.refused++;
        }
        summary.waiting--;
        changed = true;
      }
    } finally {
      if (changed) announce();
    }
    return summary;
  });
}
