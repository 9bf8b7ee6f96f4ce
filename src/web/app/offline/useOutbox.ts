import { useEffect, useState } from 'react';
import { OUTBOX_CHANNEL } from './names.ts';
import { SENT_KEPT_MS, isPending } from './outbox.ts';
import { allActions, type QueuedAction } from './store.ts';

export interface OutboxView {
  actions: QueuedAction[];
  pending: number;
}

const EMPTY: OutboxView = { actions: [], pending: 0 };

async function read(accountId: number | undefined): Promise<OutboxView> {
  if (accountId === undefined) return EMPTY;
  const cutoff = Date.now() - SENT_KEPT_MS;
  const actions = (await allActions()).filter(
    (a) => a.accountId === accountId && !(a.state === 'sent' && Date.parse(a.sentAt ?? a.createdAt) < cutoff),
  );
  return { actions, pending: actions.filter(isPending).length };
}

/** The signed-in account's queued actions, kept current across tabs and the service worker. */
export function useOutbox(accountId: number | undefined): OutboxView {
  const [view, setView] = useState<OutboxView>(EMPTY);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void read(accountId)
        .then((next) => live && setView(next))
        .catch(() => live && setView(EMPTY));
    refresh();
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(OUTBOX_CHANNEL);
    channel?.addEventListener('message', refresh);
    return () => {
      live = false;
      channel?.close();
    };
  }, [accountId]);
  return view;
}
