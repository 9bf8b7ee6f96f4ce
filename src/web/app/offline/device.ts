/**
 * What the page does with the device's offline data: queue an action, send the queue, and forget
 * everything at sign-out or when another account signs in on this device.
 */
import { ApiError, NetworkError, api } from '../../api/client.ts';
import { API_CACHE, SYNC_TAG } from './names.ts';
import { flushOutbox, outboxChanged } from './outbox.ts';
import {
  allActions,
  clearActions,
  deleteActions,
  putAction,
  type ActionKind,
  type QueuedAction,
} from './store.ts';

export interface ActionInput {
  accountId: number;
  kind: ActionKind;
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
  meetingId: number;
  subject: string;
  language: string;
  /** Given when the body already carries it (comments send their client id). */
  clientId?: string;
}

/** A random UUID (v4) that also works where crypto.randomUUID is missing (plain http). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

async function askForBackgroundSync(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration &
      SyncRegistration;
    await registration.sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here (or refused): the page sends the queue when it is next open and online.
  }
}

export async function queueAction(input: ActionInput): Promise<QueuedAction> {
  const action: QueuedAction = {
    clientId: input.clientId ?? newClientId(),
    accountId: input.accountId,
    kind: input.kind,
    method: input.method,
    path: input.path,
    body: input.body,
    meetingId: input.meetingId,
    subject: input.subject,
    language: input.language,
    createdAt: new Date().toISOString(),
    state: 'waiting',
    attempts: 0,
  };
  await putAction(action);
  outboxChanged();
  void askForBackgroundSync();
  if (navigator.onLine) void sendQueue();
  return action;
}

export type SubmitResult = { queued: false } | { queued: true; action: QueuedAction };

/**
 * Sends now when the network is there; otherwise (or when the request cannot reach the server) the
 * action waits in the queue. A refusal from the server is thrown as usual, to be shown in place.
 */
export async function submitOrQueue(input: ActionInput): Promise<SubmitResult> {
  if (navigator.onLine) {
    try {
      await api(input.path, { method: input.method, body: input.body });
      return { queued: false };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'checkin.already') return { queued: false };
      // The app opened offline and has no fresh token yet: the queue fetches one.
      const stale = error instanceof ApiError && error.code === 'auth.csrf';
      if (!(error instanceof NetworkError) && !stale) throw error;
    }
  }
  return { queued: true, action: await queueAction(input) };
}

export function sendQueue(): Promise<unknown> {
  return flushOutbox().catch(() => undefined);
}

/** Clears the schedule and meeting pages kept for offline use. */
export async function clearOfflineCopies(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(API_CACHE);
  } catch {
    // Storage unavailable (private mode): nothing was kept.
  }
}

/** Sign-out: nothing of this account stays on the device. */
export async function forgetDevice(): Promise<void> {
  await clearOfflineCopies();
  try {
    await clearActions();
  } catch {
    // IndexedDB unavailable: nothing was queued.
  }
  outboxChanged();
}

/** Another account signed in here: the previous one's copies and unsent actions go. */
export async function keepOnlyAccount(accountId: number): Promise<void> {
  try {
    const others = (await allActions()).filter((a) => a.accountId !== accountId).map((a) => a.clientId);
    if (others.length > 0) {
      await deleteActions(others);
      outboxChanged();
    }
  } catch {
    // IndexedDB unavailable: nothing was queued.
  }
}

export async function dismissActions(clientIds: string[]): Promise<void> {
  await deleteActions(clientIds);
  outboxChanged();
}

/**
 * Before the session ends: this device stops receiving the account's push messages (while the
 * session can still say so to the server), then its offline copies and queue are cleared.
 */
export async function leaveDevice(): Promise<void> {
  try {
    // Loaded here only: the push code is needed at sign-out and in the settings, not at start.
    const { unsubscribePush } = await import('./pushSubscription.ts');
    await unsubscribePush();
  } catch {
    // Offline or already gone: the server drops subscriptions the push service reports as expired.
  }
  await forgetDevice();
}
