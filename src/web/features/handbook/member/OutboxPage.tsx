import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { dismissActions, sendQueue } from '../../../app/offline/device.ts';
import type { QueuedAction } from '../../../app/offline/store.ts';
import { useOnline } from '../../../app/useOnline.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useMyOutbox } from './actions.ts';
import { useInstant } from './format.ts';
import classes from './member.module.css';

const STATE_COLOR = { waiting: 'yellow', sent: 'green', refused: 'red' } as const;
const STATE_LABEL = {
  waiting: { id: 'member.outbox.state.waiting' },
  sent: { id: 'member.outbox.state.sent' },
  refused: { id: 'member.outbox.state.refused' },
} as const;

/** Replies, comments and check-ins made on this device: waiting, sent, or refused with the reason. */
export function OutboxPage() {
  const intl = useIntl();
  const outbox = useMyOutbox();
  const online = useOnline();
  const instant = useInstant();
  const done = outbox.actions.filter((a) => a.state !== 'waiting').map((a) => a.clientId);
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'member.outbox.title' })}
        subtitle={<FormattedMessage id="member.outbox.subtitle" />}
        actions={
          <>
            {outbox.pending > 0 && (
              <Button
                leftSection={<IconSend size={16} aria-hidden />}
                disabled={!online}
                onClick={() => void sendQueue()}
              >
                <FormattedMessage id="member.outbox.sendNow" />
              </Button>
            )}
            {done.length > 0 && (
              <Button variant="default" onClick={() => void dismissActions(done)}>
                <FormattedMessage id="member.outbox.clearDone" />
              </Button>
            )}
          </>
        }
      />
      {outbox.actions.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage id="member.outbox.none" />
        </Text>
      ) : (
        <Stack gap="xs" component="ul" className={classes.list} maw={720}>
          {outbox.actions
            .slice()
            .reverse()
            .map((a) => (
              <Card key={a.clientId} withBorder padding="sm" component="li">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600}>
                      <ActionName action={a} />
                    </Text>
                    <Anchor component={Link} to={`/meetings/${a.meetingId}`} size="sm">
                      {a.subject}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {instant(a.createdAt)}
                    </Text>
                  </div>
                  <Badge color={STATE_COLOR[a.state]} variant="light" style={{ flexShrink: 0 }}>
                    {intl.formatMessage(STATE_LABEL[a.state])}
                  </Badge>
                </Group>
                {a.state === 'refused' && a.problem && (
                  <Alert color="red" variant="light" mt="xs" p="xs" title={a.problem.title}>
                    {a.problem.detail && a.problem.detail !== a.problem.title && (
                      <Text size="sm">{a.problem.detail}</Text>
                    )}
                  </Alert>
                )}
              </Card>
            ))}
        </Stack>
      )}
    </>
  );
}

function ActionName({ action }: { action: QueuedAction }) {
  const body = action.body as { reply?: string; body?: string };
  if (action.kind === 'reply')
    return (
      <FormattedMessage
        {...(body.reply === 'excused'
          ? { id: 'member.outbox.kind.excused' }
          : { id: 'member.outbox.kind.attend' })}
      />
    );
  if (action.kind === 'comment') return <FormattedMessage id="member.outbox.kind.comment" />;
  return <FormattedMessage id="member.outbox.kind.checkin" />;
}
