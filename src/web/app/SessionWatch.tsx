import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { onUnauthorized, setCsrfToken } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { markSessionExpired, sessionKey, useSession } from '../features/session/session.ts';

/**
 * Keeps the app in step with the session: a 401 from any request ends it (the guarded routes then
 * send the user to sign in and back), and the account's language is applied when a session loads.
 */
export function SessionWatch() {
  const client = useQueryClient();
  const { locale, setLocale } = useLocale();
  const session = useSession();
  const appliedFor = useRef<string | null>(null);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (!client.getQueryData<Session | null>(sessionKey)) return;
        markSessionExpired();
        setCsrfToken(undefined);
        client.setQueryData(sessionKey, null);
      }),
    [client],
  );

  const account = session.data?.account;
  useEffect(() => {
    if (!account) {
      appliedFor.current = null;
      return;
    }
    const key = String(account.id);
    if (appliedFor.current === key) return;
    appliedFor.current = key;
    if (account.locale !== locale) setLocale(account.locale);
  }, [account, locale, setLocale]);

  return null;
}
