import { useMutation } from '@tanstack/react-query';
import { submitOrQueue, type ActionInput, type SubmitResult } from '../../../app/offline/device.ts';
import type { QueuedAction } from '../../../app/offline/store.ts';
import { useOutbox } from '../../../app/offline/useOutbox.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { useSession } from '../../session/session.ts';
import { useRefreshHandbook } from './api.ts';

export type MemberAction = Omit<ActionInput, 'accountId' | 'language'>;

/**
 * A reply, comment or check-in: sent now when the network is there, otherwise queued on the device
 * and sent when it returns. A refusal from the server is the mutation's error, shown in place.
 */
export function useOfflineAction() {
  const session = useSession().data;
  const { locale } = useLocale();
  const refresh = useRefreshHandbook();
  return useMutation({
    mutationFn: (action: MemberAction): Promise<SubmitResult> => {
      if (!session) throw new Error('no session');
      return submitOrQueue({ ...action, accountId: session.account.id, language: locale });
    },
    onSuccess: (result) => {
      if (!result.queued) void refresh();
    },
  });
}

/** The signed-in member's queued actions. */
export function useMyOutbox() {
  const session = useSession().data;
  return useOutbox(session?.account.id);
}

/** The latest action of a kind for a meeting still waiting to be sent, if any. */
export function waitingFor(actions: QueuedAction[], kind: QueuedAction['kind'], meetingId: number) {
  return actions.filter((a) => a.state === 'waiting' && a.kind === kind && a.meetingId === meetingId).at(-1);
}
