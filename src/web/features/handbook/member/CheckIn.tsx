import { Alert, Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconClockPause, IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import type { QueuedAction } from '../../../app/offline/store.ts';
import { useOfflineAction, useMyOutbox, waitingFor } from './actions.ts';
import { useMeetingDetail, type AttendanceStatus } from './api.ts';
import { useAttendanceLabel } from './labels.ts';
import { MeetingFacts } from './MeetingFacts.tsx';
import classes from './member.module.css';

const CODE = /^\d{6}$/;

/** The member's check-in on the meeting page: the 6-digit code the secretary shows. */
export function CheckInBox({
  meetingId,
  topic,
  attendance,
  waiting,
}: {
  meetingId: number;
  topic: string;
  attendance: AttendanceStatus | null;
  waiting: QueuedAction | undefined;
}) {
  const intl = useIntl();
  const action = useOfflineAction();
  const attendanceLabel = useAttendanceLabel();
  const [code, setCode] = useState('');

  if (attendance) {
    return (
      <Group gap="xs">
        <IconUserCheck size={20} aria-hidden />
        <Text fw={600}>
          <FormattedMessage id="member.checkin.done" values={{ status: attendanceLabel(attendance) }} />
        </Text>
      </Group>
    );
  }
  if (waiting) {
    return (
      <Alert color="yellow" variant="light" icon={<IconClockPause aria-hidden />} role="status">
        <FormattedMessage id="member.checkin.waiting" />
      </Alert>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!CODE.test(code)) return;
        action.mutate(
          {
            kind: 'checkin',
            method: 'POST',
            path: `/meetings/${meetingId}/check-in`,
            body: { code, via: 'code' },
            meetingId,
            subject: topic,
          },
          { onSuccess: () => setCode('') },
        );
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            className={classes.codeInput}
            label={intl.formatMessage({ id: 'member.checkin.code' })}
            description={intl.formatMessage({ id: 'member.checkin.codeHint' })}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            w={200}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
          />
          <Button type="submit" loading={action.isPending} disabled={!CODE.test(code)}>
            <FormattedMessage id="member.checkin.submit" />
          </Button>
        </Group>
        {action.data && !action.data.queued && (
          <Badge color="green" variant="light">
            <FormattedMessage id="member.checkin.sent" />
          </Badge>
        )}
        {action.isError && <ErrorNotice error={action.error} />}
      </Stack>
    </form>
  );
}

/** The address in the secretary's QR code: confirm, then checked in. */
export function CheckInLinkPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const meetingId = Number(useParams().meetingId);
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const meeting = useMeetingDetail(meetingId);
  const outbox = useMyOutbox();
  const action = useOfflineAction();

  if (!meeting.data) {
    if (meeting.isError) return <LoadError error={meeting.error} onRetry={() => void meeting.refetch()} />;
    return <PageLoader />;
  }
  const m = meeting.data;
  const attendance = m.myInvitation?.attendance ?? null;
  const waiting = waitingFor(outbox.actions, 'checkin', meetingId);
  const back = `/meetings/${meetingId}`;
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'member.checkin.title' })} />
      <Stack gap="md" maw={520}>
        <div>
          <Title order={2} size="h4" mb={4}>
            {m.topic}
          </Title>
          <MeetingFacts startsAt={m.startsAt} endsAt={m.endsAt} place={m.place} onlineUrl={null} />
        </div>
        {attendance || (action.data && !action.data.queued) ? (
          <Alert color="green" variant="light" icon={<IconUserCheck aria-hidden />} role="status">
            <FormattedMessage id="member.checkin.sent" />
          </Alert>
        ) : waiting || action.data?.queued ? (
          <Alert color="yellow" variant="light" icon={<IconClockPause aria-hidden />} role="status">
            <FormattedMessage id="member.checkin.waiting" />
          </Alert>
        ) : !CODE.test(code) || !m.myInvitation ? (
          <Alert color="red" variant="light" role="alert">
            <FormattedMessage
              {...(m.myInvitation ? { id: 'member.checkin.badLink' } : { id: 'member.checkin.notInvited' })}
            />
          </Alert>
        ) : (
          <>
            <Text>
              <FormattedMessage id="member.checkin.confirm" />
            </Text>
            <Group gap="xs">
              <Button
                size="md"
                loading={action.isPending}
                leftSection={<IconUserCheck size={18} aria-hidden />}
                onClick={() =>
                  action.mutate({
                    kind: 'checkin',
                    method: 'POST',
                    path: `/meetings/${meetingId}/check-in`,
                    body: { code, via: 'qr' },
                    meetingId,
                    subject: m.topic,
                  })
                }
              >
                <FormattedMessage id="member.checkin.submit" />
              </Button>
              <Button variant="default" size="md" onClick={() => void navigate(back)}>
                <FormattedMessage id="common.cancel" />
              </Button>
            </Group>
          </>
        )}
        {action.isError && <ErrorNotice error={action.error} />}
        <div>
          <Button component={Link} to={back} variant="subtle">
            <FormattedMessage id="member.meeting.open" />
          </Button>
        </div>
      </Stack>
    </>
  );
}
