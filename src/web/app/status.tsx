import { Alert, Button, Center, Container, Loader, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconWifiOff } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { ApiError, NetworkError } from '../api/client.ts';

export function PageLoader() {
  const intl = useIntl();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader />
      <VisuallyHidden>{intl.formatMessage({ id: 'common.loading' })}</VisuallyHidden>
    </Center>
  );
}

/** An error while loading data: the server's own words when it sent any. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const intl = useIntl();
  if (error instanceof NetworkError) return <OfflineNotice onRetry={onRetry} />;
  const title = error instanceof ApiError ? error.title : intl.formatMessage({ id: 'error.unexpected' });
  const detail = error instanceof ApiError ? error.detail : undefined;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
      <Stack gap="xs">
        {detail && detail !== title && <Text size="sm">{detail}</Text>}
        {error instanceof ApiError && error.errors.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {error.errors.map((e, i) => (
              <li key={i}>
                <Text size="sm">{e.message}</Text>
              </li>
            ))}
          </ul>
        )}
        {onRetry && (
          <div>
            <Button size="xs" variant="default" onClick={onRetry}>
              <FormattedMessage id="common.retry" />
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

export function OfflineNotice({ onRetry }: { onRetry?: () => void }) {
  return (
    <Alert
      color="gray"
      variant="light"
      icon={<IconWifiOff aria-hidden />}
      title={<FormattedMessage id="offline.title" />}
      role="status"
    >
      <Stack gap="xs">
        <Text size="sm">
          <FormattedMessage id="offline.body" />
        </Text>
        {onRetry && (
          <div>
            <Button size="xs" variant="default" onClick={onRetry}>
              <FormattedMessage id="common.retry" />
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

/** A page's main record failed to load: not found (or out of scope, which looks the same) gets the not-found page. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (notFound) return <NotFoundPage />;
  // A chunk that cannot load is almost always a lost connection or a new version of the app.
  return (
    <Container size="sm" py="xl">
      <ErrorNotice error={error instanceof TypeError ? new NetworkError(error.message) : error} />
      <Button mt="md" variant="default" onClick={() => window.location.reload()}>
        <FormattedMessage id="common.reload" />
      </Button>
    </Container>
  );
}

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl">
      <Title order={1} size="h2">
        <FormattedMessage id="error.notFound.title" />
      </Title>
      <Text mt="sm">
        <FormattedMessage id="error.notFound.body" />
      </Text>
      <Button component={Link} to="/" mt="md" variant="default">
        <FormattedMessage id="common.home" />
      </Button>
    </Container>
  );
}
