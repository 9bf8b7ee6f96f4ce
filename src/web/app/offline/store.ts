/**
 * The offline queue's storage: one IndexedDB object store keyed by the action's client id. Written
 * on the raw API (a handful of calls) so the page and the service worker share it without a library.
 * Runs in a window and in the service worker alike.
 */
import { DB_NAME, DB_VERSION, OUTBOX_STORE } from './names.ts';

export type ActionKind = 'reply' | 'comment' | 'checkin';
export type ActionState = 'waiting' | 'sent' | 'refused';

export interface ActionProblem {
  status: number;
  code: string;
  title: string;
  detail?: string;
}

export interface QueuedAction {
  /** Sent with comments as `clientId`; the key of the row. */
  clientId: string;
  /** Only the account that made it sends it. */
  accountId: number;
  kind: ActionKind;
  method: 'PUT' | 'POST';
  /** Under /api/v1. */
  path: string;
  body: unknown;
  meetingId: number;
  /** What the queue screen names the action by (the meeting's topic). */
  subject: string;
  /** The language the server answers in, so a refusal reads in the user's words. */
  language: string;
  createdAt: string;
  state: ActionState;
  attempts: number;
  sentAt?: string;
  problem?: ActionProblem;
}

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX_STORE))
        db.createObjectStore(OUTBOX_STORE, { keyPath: 'clientId' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('indexedDB.open failed'));
    };
  });
  return opening;
}

async function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(OUTBOX_STORE, mode);
    const request = work(tx.objectStore(OUTBOX_STORE));
    tx.oncomplete = () => resolve(request ? request.result : (undefined as T));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function allActions(): Promise<QueuedAction[]> {
  const rows = await run<QueuedAction[]>('readonly', (store) => store.getAll() as IDBRequest<QueuedAction[]>);
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function putAction(action: QueuedAction): Promise<void> {
  return run<void>('readwrite', (store) => {
    store.put(action);
  });
}

export function deleteActions(clientIds: string[]): Promise<void> {
  return run<void>('readwrite', (store) => {
    for (const id of clientIds) store.delete(id);
  });
}

export function clearActions(): Promise<void> {
  return run<void>('readwrite', (store) => {
    store.clear();
  });
}
