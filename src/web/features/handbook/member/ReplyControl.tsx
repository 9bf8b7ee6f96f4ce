import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconClockPause, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorNotice } from '../../../app/status.tsx';
import type { QueuedAction } from '../../../app/offline/store.ts';
import { useOfflineAction } from './actions.ts';
import { TextArea } from './TextArea.tsx';

export interface ReplyState {
  meetingId: number;
  topic: string;
  away: boolean;
  reply: 'attend' | 'excused' | null;
  remote: boolean;
  mayReply: boolean;
}

interface ReplyBody {
  reply: 'attend' | 'excused';
  reason?: string;
  remote?: boolean;
}

/** The member's reply to an invitation: one tap to attend, or excused with a reason. */
export function ReplyControl({ state, waiting }: { state: ReplyState; waiting: QueuedAction | undefined }) {
  const intl = useIntl();
  const action = useOfflineAction();
  const [excusing, setExcusing] = useState(false);
  const [reason, setReason] = useState('');
  const pending = waiting ? (waiting.body as ReplyBody) : null;
  const shown = pending ? pending.reply : state.reply;
  const remote = pending ? !!pending.remote : state.remote;

  const send = (body: ReplyBody) =>
    action.mutate(
      {
        kind: 'reply',
        method: 'PUT',
        path: `/meetings/${state.meetingId}/reply`,
        body,
        meetingId: state.meetingId,
        subject: state.topic,
      },
      {
        onSuccess: () => {
          setExcusing(false);
          setReason('');
        },
      },
    );

  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        {shown === 'attend' && (
          <Badge color="green" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
            <FormattedMessage
              {...(remote ? { id: 'member.reply.state.remote' } : { id: 'member.reply.state.attend' })}
            />
          </Badge>
        )}
        {shown === 'excused' && (
          <Badge color="orange" variant="light" leftSection={<IconX size={12} aria-hidden />}>
            <FormattedMessage id="member.reply.state.excused" />
          </Badge>
        )}
        {shown === null && (
          <Badge color="gray" variant="light">
            <FormattedMessage id="member.reply.state.none" />
          </Badge>
        )}
        {pending && (
          <Badge color="yellow" variant="light" leftSection={<IconClockPause size={12} aria-hidden />}>
            <FormattedMessage id="member.outbox.state.waiting" />
          </Badge>
        )}
      </Group>
      {!state.mayReply ? (
        <Text size="sm" c="dimmed">
          <FormattedMessage id="member.reply.closed" />
        </Text>
      ) : excusing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) send({ reply: 'excused', reason: reason.trim() });
          }}
        >
          <Stack gap="xs">
            <TextArea
              label={intl.formatMessage({ id: 'member.reply.reason' })}
              required
              rows={2}
              maxLength={500}
              value={reason}
              onChange={setReason}
            />
            <Group gap="xs">
              <Button type="submit" loading={action.isPending} disabled={!reason.trim()}>
                <FormattedMessage id="member.reply.sendExcuse" />
              </Button>
              <Button variant="default" onClick={() => setExcusing(false)}>
                <FormattedMessage id="common.cancel" />
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group gap="xs" wrap="wrap">
          <Button
            leftSection={<IconCheck size={16} aria-hidden />}
            loading={action.isPending}
            variant={shown === 'attend' && !remote ? 'filled' : 'light'}
            aria-pressed={shown === 'attend' && !remote}
            onClick={() => send({ reply: 'attend', remote: false })}
          >
            <FormattedMessage id="member.reply.attend" />
          </Button>
          {state.away && (
            <Button
              loading={action.isPending}
              variant={shown === 'attend' && remote ? 'filled' : 'light'}
              aria-pressed={shown === 'attend' && remote}
              onClick={() => send({ reply: 'attend', remote: true })}
            >
              <FormattedMessage id="member.reply.attendRemote" />
            </Button>
          )}
          <Button
            variant={shown === 'excused' ? 'filled' : 'default'}
            color={shown === 'excused' ? 'orange' : undefined}
            aria-pressed={shown === 'excused'}
            onClick={() => setExcusing(true)}
          >
            <FormattedMessage id="member.reply.excused" />
          </Button>
        </Group>
      )}
      {pending && (
        <Alert color="yellow" variant="light" role="status" p="xs">
          <Text size="sm">
            <FormattedMessage id="member.outbox.queued" />
          </Text>
        </Alert>
      )}
      {action.isError && <ErrorNotice error={action.error} />}
    </Stack>
  );
}
