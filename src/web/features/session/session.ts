import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
import type { Permission } from '../../../shared/access.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { storedLocale, type Locale } from '../../i18n/locales.ts';

export const sessionKey = ['session'] as const;

/** The signed-in session, or null when nobody is signed in. */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async ({ signal }) => {
    try {
      const session = await api<Session>('/session', { signal, expectUnauthorized: true });
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(undefined);
        return null;
      }
      throw error;
    }
  },
  staleTime: Infinity,
  retry: false,
});

export function useSession() {
  return useQuery(sessionQuery);
}

export function can(session: Session | null | undefined, permission: Permission): boolean {
  return !!session?.permissions.includes(permission);
}

/** Staff, secretaries and administrators work in the console; members only have their own screens. */
export function usesConsole(session: Session | null | undefined): boolean {
  return can(session, 'person.read.personal') || can(session, 'unit.statistics');
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { username: string; password: string }) => {
      const session = await api<Session>('/session', {
        method: 'POST',
        body: input,
        expectUnauthorized: true,
      });
      setCsrfToken(session.csrfToken);
      // A language picked on this device before signing in becomes the account's language.
      const chosen = storedLocale();
      if (chosen && chosen !== session.account.locale) {
        try {
          await api('/session/locale', { method: 'PATCH', body: { locale: chosen } });
          return { ...session, account: { ...session.account, locale: chosen } };
        } catch {
          return session;
        }
      }
      return session;
    },
    onSuccess: (session) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/session', { method: 'DELETE', expectUnauthorized: true }),
    onSettled: () => {
      setCsrfToken(undefined);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/** Switches the language; when signed in, the account remembers it. */
export function useChangeLocale() {
  const client = useQueryClient();
  const { setLocale } = useLocale();
  return (locale: Locale) => {
    setLocale(locale);
    const session = client.getQueryData<Session | null>(sessionKey);
    if (!session) return;
    client.setQueryData<Session | null>(sessionKey, (old) =>
      old ? { ...old, account: { ...old.account, locale } } : old,
    );
    void api('/session/locale', { method: 'PATCH', body: { locale } }).catch(() => {
      // The language still changed on this device; the account keeps the old one until next time.
    });
  };
}

let expired = false;

/** Marks that the session ended under the user, so the sign-in page can say why it is shown. */
export function markSessionExpired(): void {
  expired = true;
}

export function takeSessionExpired(): boolean {
  const value = expired;
  expired = false;
  return value;
}
