import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useInbox, useMarkRead, type NotificationItem } from './api.ts';
import { useInstant } from './format.ts';
import classes from './member.module.css';

/** Only app paths are followed from a notification. */
function appPath(url: string | null): string | null {
  return url && url.startsWith('/') && !url.startsWith('//') ? url : null;
}

export function InboxPage() {
  const intl = useIntl();
  const inbox = useInbox();
  const markRead = useMarkRead();
  const instant = useInstant();
  if (!inbox.data) {
    if (inbox.isError) return <ErrorNotice error={inbox.error} onRetry={() => void inbox.refetch()} />;
    return <PageLoader />;
  }
  const items = inbox.data.pages.flatMap((p) => p.items);
  const unread = inbox.data.pages[0]?.unread ?? 0;
  const open = (n: NotificationItem) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
  };
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'member.inbox.title' })}
        subtitle={<FormattedMessage id="member.home.unreadNotifications" values={{ count: unread }} />}
        actions={
          unread > 0 && (
            <Button
              variant="default"
              leftSection={<IconChecks size={16} aria-hidden />}
              loading={markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              <FormattedMessage id="member.inbox.markAllRead" />
            </Button>
          )
        }
      />
      {markRead.isError && <ErrorNotice error={markRead.error} />}
      {items.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage id="member.inbox.none" />
        </Text>
      ) : (
        <Stack gap="xs" component="ul" className={classes.list} maw={720}>
          {items.map((n) => {
            const to = appPath(n.url);
            return (
              <Card key={n.id} withBorder padding="sm" component="li" bg={n.readAt ? undefined : 'blue.0'}>
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    {to ? (
                      <Anchor component={Link} to={to} fw={n.readAt ? 500 : 700} onClick={() => open(n)}>
                        {n.title}
                      </Anchor>
                    ) : (
                      <Text fw={n.readAt ? 500 : 700}>{n.title}</Text>
                    )}
                    <Text size="sm" className={classes.paragraph}>
                      {n.body}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {instant(n.createdAt)}
                    </Text>
                  </div>
                  {!n.readAt && (
                    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                      <Badge size="sm" color="blue">
                        <FormattedMessage id="member.inbox.unread" />
                      </Badge>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={intl.formatMessage(
                          { id: 'member.inbox.markReadOne' },
                          { title: n.title },
                        )}
                        onClick={() => markRead.mutate({ ids: [n.id] })}
                      >
                        <IconChecks size={14} aria-hidden />
                      </Button>
                    </Group>
                  )}
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      {inbox.hasNextPage && (
        <Button
          mt="md"
          variant="default"
          loading={inbox.isFetchingNextPage}
          onClick={() => void inbox.fetchNextPage()}
        >
          <FormattedMessage id="member.inbox.more" />
        </Button>
      )}
    </>
  );
}
