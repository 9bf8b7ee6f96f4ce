import { loadConsoleMessages } from '../../../i18n/LocaleProvider.tsx';
import { Alert, Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconLock } from '@tabler/icons-react';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useLocation, useParams } from 'react-router';
import { apiUrl } from '../../../api/client.ts';
import { LoadError, NotFoundPage, PageLoader } from '../../../app/status.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { meetingStatusColor, useHandbookLabels } from '../manage/labels.ts';
import { useMyOutbox, waitingFor } from './actions.ts';
import { Agenda } from './Agenda.tsx';
import { useMeetingDetail, type MeetingDetail } from './api.ts';
import { CheckInBox } from './CheckIn.tsx';
import { formatBytes } from './format.ts';
import { MeetingFacts } from './MeetingFacts.tsx';
import classes from './member.module.css';
import { ReplyControl } from './ReplyControl.tsx';
import { MeetingTexts } from './Texts.tsx';

// The secretary's meeting-day panel (QR code, attendance, votes, publishing) loads only for them.
const ManagePanel = lazy(() =>
  loadConsoleMessages()
    .then(() => import('./ManagePanel.tsx'))
    .then((m) => ({ default: m.ManagePanel })),
);

export function MeetingPage() {
  const meetingId = Number(useParams().meetingId);
  const meeting = useMeetingDetail(meetingId);
  if (!Number.isInteger(meetingId) || meetingId <= 0) return <NotFoundPage />;
  if (!meeting.data) {
    if (meeting.isError) return <LoadError error={meeting.error} onRetry={() => void meeting.refetch()} />;
    return <PageLoader />;
  }
  return <MeetingView meeting={meeting.data} />;
}

function MeetingView({ meeting: m }: { meeting: MeetingDetail }) {
  const intl = useIntl();
  const labels = useHandbookLabels();
  const outbox = useMyOutbox();
  const location = useLocation();
  const invitation = m.myInvitation;
  const cancelled = m.status === 'cancelled';

  // A link to "#check-in" (from the home) scrolls to the check-in box once the page is there.
  useEffect(() => {
    if (location.hash === '#check-in') document.getElementById('check-in')?.scrollIntoView();
  }, [location.hash]);

  return (
    <>
      <PageHeader
        title={m.topic}
        above={
          <Text size="sm" c="dimmed">
            {labels.kind(m.kind)} · {m.unitName}
          </Text>
        }
        subtitle={
          <Badge color={meetingStatusColor(m.status)} variant="light" mt={4}>
            {labels.status(m.status)}
          </Badge>
        }
      />
      <Stack gap="lg" maw={760}>
        {cancelled && (
          <Alert color="gray" variant="light" role="status">
            <FormattedMessage id="member.meeting.cancelled" values={{ reason: m.cancelledReason ?? '' }} />
          </Alert>
        )}
        <Card withBorder padding="md">
          <MeetingFacts startsAt={m.startsAt} endsAt={m.endsAt} place={m.place} onlineUrl={m.onlineUrl} />
          {(m.chair || m.secretary) && (
            <Text size="sm" mt="xs">
              {m.chair && <FormattedMessage id="member.meeting.chair" values={{ name: m.chair.name }} />}
              {m.chair && m.secretary && ' · '}
              {m.secretary && (
                <FormattedMessage id="member.meeting.secretary" values={{ name: m.secretary.name }} />
              )}
            </Text>
          )}
        </Card>

        {invitation && !cancelled && (
          <Section id="my-reply" title={intl.formatMessage({ id: 'member.meeting.myReply' })}>
            <ReplyControl
              state={{
                meetingId: m.id,
                topic: m.topic,
                away: invitation.away,
                reply: invitation.reply,
                remote: invitation.remote,
                mayReply: invitation.mayReply,
              }}
              waiting={waitingFor(outbox.actions, 'reply', m.id)}
            />
            {invitation.reason && invitation.reply === 'excused' && (
              <Text size="sm" c="dimmed" mt="xs">
                <FormattedMessage id="member.reply.yourReason" values={{ reason: invitation.reason }} />
              </Text>
            )}
          </Section>
        )}

        {invitation && (m.checkInOpen || invitation.attendance) && (
          <Section id="check-in" title={intl.formatMessage({ id: 'member.checkin.title' })}>
            <CheckInBox
              meetingId={m.id}
              topic={m.topic}
              attendance={invitation.attendance}
              waiting={waitingFor(outbox.actions, 'checkin', m.id)}
            />
          </Section>
        )}

        {m.canManage && (
          <Suspense fallback={<PageLoader />}>
            <ManagePanel meeting={m} />
          </Suspense>
        )}

        <Section id="agenda" title={intl.formatMessage({ id: 'member.meeting.agenda' })}>
          <Agenda items={m.agenda} />
        </Section>

        <Section id="materials" title={intl.formatMessage({ id: 'member.meeting.materials' })}>
          <Materials meeting={m} />
        </Section>

        <MeetingTexts meeting={m} />
      </Stack>
    </>
  );
}

function Materials({ meeting }: { meeting: MeetingDetail }) {
  const intl = useIntl();
  if (meeting.materials.length === 0)
    return (
      <Text c="dimmed" size="sm">
        <FormattedMessage id="member.meeting.noMaterials" />
      </Text>
    );
  const n = (v: number, digits: number) => intl.formatNumber(v, { maximumFractionDigits: digits });
  return (
    <Stack gap="xs" component="ul" className={classes.list}>
      {meeting.materials.map((f) => (
        <li key={f.id}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconDownload size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <div style={{ minWidth: 0 }}>
              <Anchor
                href={apiUrl(`/meetings/${meeting.id}/materials/${f.id}`)}
                download={f.fileName}
                style={{ overflowWrap: 'anywhere' }}
              >
                {f.fileName}
              </Anchor>
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {formatBytes(f.size, n)}
                </Text>
                {f.sensitive && (
                  <Badge
                    size="xs"
                    color="grape"
                    variant="light"
                    leftSection={<IconLock size={10} aria-hidden />}
                  >
                    <FormattedMessage id="member.meeting.sensitive" />
                  </Badge>
                )}
              </Group>
            </div>
          </Group>
        </li>
      ))}
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-title`} id={id} padding="md">
      <Title order={2} size="h4" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}
