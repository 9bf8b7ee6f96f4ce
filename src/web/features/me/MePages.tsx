import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { PageLoader, ErrorNotice } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatDate } from '../../components/format.ts';
import { statusColor, useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PersonProfile } from '../../components/PersonProfile.tsx';
import { LanguageSwitcher } from '../../i18n/LanguageSwitcher.tsx';
import { useLeaveAndSignOut } from '../../app/offline/useLeave.ts';
import { useOutbox } from '../../app/offline/useOutbox.ts';
import { useSession, usesConsole } from '../session/session.ts';
import { useMe } from './me.ts';

// The notification settings load with the settings screen only.
const NotificationSettingsCard = lazy(() =>
  import('../handbook/member/NotificationSettings.tsx').then((m) => ({
    default: m.NotificationSettingsCard,
  })),
);

export function MePage() {
  const intl = useIntl();
  const me = useMe();
  const session = useSession();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  const person = me.data.person;
  return (
    <>
      <PageHeader
        title={
          person?.fullName ?? session.data?.account.displayName ?? intl.formatMessage({ id: 'me.title' })
        }
        subtitle={<FormattedMessage id="me.subtitle" />}
        actions={
          // Console users have no member tabs; their own cell and organizations are one tap away here.
          usesConsole(session.data) &&
          person && (
            <>
              <Button component={Link} to="/me/cell" variant="default">
                <FormattedMessage id="nav.myCell" />
              </Button>
              <Button component={Link} to="/me/organizations" variant="default">
                <FormattedMessage id="nav.myOrganizations" />
              </Button>
            </>
          )
        }
      />
      {person ? (
        <PersonProfile person={person} />
      ) : (
        <Text c="dimmed">
          <FormattedMessage id="me.noPerson" />
        </Text>
      )}
    </>
  );
}

export function MyCellPage() {
  const intl = useIntl();
  const me = useMe();
  const labels = useLabels();
  const { familyLabel } = useCatalogueLabels();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  const cells = me.data.cells;
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'myCell.title' })} />
      {cells.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="myCell.none" />
        </Text>
      )}
      <Stack gap="lg">
        {cells.map((cell) => (
          <Card key={cell.unit.id} withBorder component="section" aria-labelledby={`cell-${cell.unit.id}`}>
            <Text size="xs" c="dimmed" fw={500}>
              {familyLabel(cell.unit.family)}
            </Text>
            <Title order={2} size="h4" id={`cell-${cell.unit.id}`}>
              {cell.unit.name}
            </Title>
            {cell.secretary && (
              <Card bg="gray.0" mt="sm" padding="sm">
                <Text size="xs" c="dimmed" fw={500}>
                  <FormattedMessage id="myCell.secretary" />
                </Text>
                <Text fw={600}>{cell.secretary.fullName}</Text>
              </Card>
            )}
            <Title order={3} size="h5" mt="md" mb="xs">
              <FormattedMessage id="myCell.members" values={{ count: cell.members.length }} />
            </Title>
            <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {cell.members.map((m) => (
                <Group
                  key={m.id}
                  component="li"
                  justify="space-between"
                  wrap="nowrap"
                  py={8}
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Text style={{ minWidth: 0 }}>
                    {m.fullName}
                    {m.isSecretary && (
                      <Text component="span" size="sm" c="dimmed">
                        {' · '}
                        {labels.role('cell_secretary')}
                      </Text>
                    )}
                  </Text>
                  <Badge color={statusColor(m.status)} variant="light" style={{ flexShrink: 0 }}>
                    {labels.status(m.status)}
                  </Badge>
                </Group>
              ))}
            </Stack>
          </Card>
        ))}
      </Stack>
    </>
  );
}

export function MyOrganizationsPage() {
  const intl = useIntl();
  const me = useMe();
  const labels = useLabels();
  const formatDate = useFormatDate();
  const { familyLabel } = useCatalogueLabels();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  const memberships = me.data.person?.memberships ?? [];
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'myOrganizations.title' })} />
      {memberships.length === 0 && (
        <Text c="dimmed">
          <FormattedMessage id="myOrganizations.none" />
        </Text>
      )}
      <Stack gap="sm">
        {memberships.map((m) => {
          const since = m.events.find((e) => e.kind === 'admit' || e.kind === 'join')?.occurredOn;
          return (
            <Card key={m.id} withBorder padding="md" component="section" aria-label={familyLabel(m.family)}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{familyLabel(m.family)}</Text>
                  {m.unitName && <Text size="sm">{m.unitName}</Text>}
                  {since && (
                    <Text size="sm" c="dimmed">
                      <FormattedMessage id="myOrganizations.since" values={{ date: formatDate(since) }} />
                    </Text>
                  )}
                </div>
                {m.status && (
                  <Badge color={statusColor(m.status)} variant="light" style={{ flexShrink: 0 }}>
                    {labels.status(m.status)}
                  </Badge>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>
    </>
  );
}

export function SettingsPage() {
  const intl = useIntl();
  const session = useSession();
  const signOut = useLeaveAndSignOut();
  const labels = useLabels();
  const account = session.data?.account;
  const outbox = useOutbox(account?.id);
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'settings.title' })} />
      <Stack gap="lg" maw={480}>
        <Card withBorder component="section" aria-labelledby="settings-language">
          <Title order={2} size="h4" id="settings-language" mb="sm">
            <FormattedMessage id="settings.language" />
          </Title>
          <LanguageSwitcher />
        </Card>
        {account && (
          <Suspense fallback={<PageLoader />}>
            <NotificationSettingsCard />
          </Suspense>
        )}
        {account && (
          <Card withBorder component="section" aria-labelledby="settings-account">
            <Title order={2} size="h4" id="settings-account" mb="sm">
              <FormattedMessage id="settings.account" />
            </Title>
            <Text>{account.displayName}</Text>
            <Text size="sm" c="dimmed">
              {account.username}
            </Text>
            <Group gap={4} mt="xs">
              {session.data?.roles.map((r, i) => (
                <Badge key={i} variant="light" color="gray">
                  {labels.role(r.role)} · {r.unitName}
                </Badge>
              ))}
            </Group>
            {outbox.pending > 0 && (
              <Alert color="yellow" variant="light" mt="md" role="status">
                <FormattedMessage id="member.outbox.signOutWarning" values={{ count: outbox.pending }} />
              </Alert>
            )}
            <Button
              mt="md"
              variant="default"
              leftSection={<IconLogout size={16} aria-hidden />}
              loading={signOut.isPending}
              onClick={signOut.run}
            >
              <FormattedMessage id="account.signOut" />
            </Button>
          </Card>
        )}
      </Stack>
    </>
  );
}
