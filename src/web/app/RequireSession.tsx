import { Center, Container, Group, Loader, Title, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { useIntl } from 'react-intl';
import { Navigate, useLocation } from 'react-router';
import { NetworkError } from '../api/client.ts';
import { useSession, usesConsole } from '../features/session/session.ts';
import { Shell } from './Shell.tsx';
import { ErrorNotice } from './status.tsx';
import { useOnline } from './useOnline.ts';

/** Screens behind sign-in: without a session the user signs in and comes back here. */
export function RequireSession() {
  const intl = useIntl();
  const location = useLocation();
  const session = useSession();
  const online = useOnline();
  const { isError, refetch } = session;

  // Back online after opening offline: try again without waiting for a tap.
  useEffect(() => {
    if (online && isError) void refetch();
  }, [online, isError, refetch]);

  if (session.isPending) {
    return (
      <Center h="100vh" role="status">
        <Loader />
        <VisuallyHidden>{intl.formatMessage({ id: 'common.loading' })}</VisuallyHidden>
      </Center>
    );
  }
  if (session.isError) {
    // Offline: the shell opened from the cache but nothing personal can be shown.
    return (
      <Container size="sm" py="xl" component="main">
        <Group gap="xs" mb="lg">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <Title order={1} size="h3">
            Grassroots
          </Title>
        </Group>
        <ErrorNotice
          error={session.error instanceof TypeError ? new NetworkError('') : session.error}
          onRetry={() => void session.refetch()}
        />
      </Container>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    const target = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return <Shell session={session.data} />;
}

export function HomeRedirect() {
  const session = useSession();
  return <Navigate to={usesConsole(session.data) ? '/units' : '/me'} replace />;
}
