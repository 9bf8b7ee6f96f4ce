import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sessionKey, useSession } from '../../features/session/session.ts';
import { useOnline } from '../useOnline.ts';
import { clearOfflineCopies, keepOnlyAccount, sendQueue } from './device.ts';
import { OUTBOX_CHANNEL } from './names.ts';

const OWNER_KEY = 'grassroots.deviceOwner';

function readOwner(): string | null {
  try {
    return localStorage.getItem(OWNER_KEY);
  } catch {
    return null;
  }
}

function writeOwner(value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(OWNER_KEY);
    else localStorage.setItem(OWNER_KEY, value);
  } catch {
    // Storage unavailable: the copies are checked again at the next start.
  }
}

/**
 * Keeps the device's offline data tied to the session: when the session ends (signed out, expired,
 * or none at start) the offline copies go; when another account signs in, the previous account's
 * queued actions go too. The queue is sent at start, whenever the network returns, and the screens
 * refresh when it has been sent (possibly by the service worker).
 */
export function DeviceDataWatch() {
  const client = useQueryClient();
  const session = useSession();
  const online = useOnline();
  const data = session.data;
  const accountId = data?.account.id;
  const hasToken = !!data?.csrfToken;

  useEffect(() => {
    if (data === null) {
      writeOwner(null);
      void clearOfflineCopies();
      return;
    }
    if (accountId === undefined) return;
    const owner = readOwner();
    if (owner !== String(accountId)) {
      if (owner !== null) void clearOfflineCopies();
      void keepOnlyAccount(accountId);
      writeOwner(String(accountId));
    }
  }, [data, accountId]);

  useEffect(() => {
    if (!online || accountId === undefined) return;
    // Opened offline from the kept copy of the session, which has no CSRF token: fetch a fresh one.
    if (!hasToken) void client.invalidateQueries({ queryKey: sessionKey });
    void sendQueue();
  }, [online, accountId, hasToken, client]);

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(OUTBOX_CHANNEL);
    channel.addEventListener('message', () => {
      // Offline, asking again would only trade the kept copies for errors.
      if (navigator.onLine)
        void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    });
    return () => channel.close();
  }, [client]);

  return null;
}
