import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronRight, IconQrcode } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useSession } from '../../session/session.ts';
import { useHandbookLabels } from '../manage/labels.ts';
import { waitingFor, useMyOutbox } from './actions.ts';
import { useHome, type HomeMeeting } from './api.ts';
import { useInstant } from './format.ts';
import { MeetingFacts } from './MeetingFacts.tsx';
import classes from './member.module.css';
import { ReplyControl } from './ReplyControl.tsx';

/** The member's handbook: next meetings with the reply, unread documents, open tasks, the inbox. */
export function HomePage() {
  const intl = useIntl();
  const home = useHome();
  const session = useSession();
  const outbox = useMyOutbox();
  const formatDate = useFormatDate();
  const instant = useInstant();
  const labels = useHandbookLabels();

  if (!home.data) {
    if (home.isError) return <ErrorNotice error={home.error} onRetry={() => void home.refetch()} />;
    return <PageLoader />;
  }
  const { person, meetings, documents, tasks, inbox } = home.data;
  const title =
    person?.name ?? session.data?.account.displayName ?? intl.formatMessage({ id: 'member.home.title' });

  return (
    <>
      <PageHeader title={title} subtitle={<FormattedMessage id="member.home.subtitle" />} />
      {!person && (
        <Text c="dimmed" mb="md">
          <FormattedMessage id="me.noPerson" />
        </Text>
      )}
      <Stack gap="lg">
        <Section id="home-meetings" title={intl.formatMessage({ id: 'member.home.meetings' })}>
          {meetings.length === 0 ? (
            <Text c="dimmed" size="sm">
              <FormattedMessage id="member.home.noMeetings" />
            </Text>
          ) : (
            <Stack gap="sm">
              {meetings.map((m) => (
                <MeetingCard key={m.id} meeting={m} waiting={waitingFor(outbox.actions, 'reply', m.id)} />
              ))}
            </Stack>
          )}
        </Section>

        <div className={classes.grid}>
          <Section
            id="home-documents"
            title={intl.formatMessage({ id: 'member.home.documents' })}
            link={{ to: '/me/documents', label: intl.formatMessage({ id: 'member.home.allDocuments' }) }}
          >
            <Text size="sm" mb="xs">
              <FormattedMessage id="member.home.unreadDocuments" values={{ count: documents.unread }} />
            </Text>
            <Stack gap={6} component="ul" className={classes.list}>
              {documents.latest.map((d) => (
                <li key={d.id}>
                  <Anchor component={Link} to={`/documents/${d.id}`} size="sm" fw={d.readAt ? 400 : 700}>
                    {d.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {labels.document(d.kind)} · {formatDate(d.publishedAt)}
                  </Text>
                </li>
              ))}
            </Stack>
          </Section>

          <Section
            id="home-tasks"
            title={intl.formatMessage({ id: 'member.home.tasks' })}
            link={{ to: '/me/tasks', label: intl.formatMessage({ id: 'member.home.allTasks' }) }}
          >
            <Group gap="xs" mb="xs">
              <Text size="sm">
                <FormattedMessage id="member.home.openTasks" values={{ count: tasks.open }} />
              </Text>
              {tasks.overdue > 0 && (
                <Badge color="red" variant="light">
                  <FormattedMessage id="member.tasks.overdueCount" values={{ count: tasks.overdue }} />
                </Badge>
              )}
            </Group>
            <Stack gap={6} component="ul" className={classes.list}>
              {tasks.next.map((t) => (
                <li key={t.id}>
                  <Text size="sm" fw={500}>
                    {t.title}
                  </Text>
                  {t.dueOn && (
                    <Text size="xs" c={t.overdue ? 'red.8' : 'dimmed'} fw={t.overdue ? 700 : 400}>
                      <FormattedMessage
                        {...(t.overdue ? { id: 'member.tasks.overdueSince' } : { id: 'member.tasks.due' })}
                        values={{ date: formatDate(t.dueOn) }}
                      />
                    </Text>
                  )}
                </li>
              ))}
            </Stack>
          </Section>

          <Section
            id="home-inbox"
            title={intl.formatMessage({ id: 'member.home.inbox' })}
            link={{
              to: '/me/notifications',
              label: intl.formatMessage({ id: 'member.home.allNotifications' }),
            }}
          >
            <Text size="sm" mb="xs">
              <FormattedMessage id="member.home.unreadNotifications" values={{ count: inbox.unread }} />
            </Text>
            <Stack gap={6} component="ul" className={classes.list}>
              {inbox.latest.map((n) => (
                <li key={n.id}>
                  <Text size="sm" fw={n.read ? 400 : 700}>
                    {inboxLine(n.payload) ?? intl.formatMessage({ id: 'member.inbox.item' })}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {instant(n.createdAt)}
                  </Text>
                </li>
              ))}
            </Stack>
          </Section>
        </div>

        <Group gap="xs">
          <Button component={Link} to="/me/profile" variant="default" size="xs">
            <FormattedMessage id="nav.me" />
          </Button>
          <Button component={Link} to="/me/cell" variant="default" size="xs">
            <FormattedMessage id="nav.myCell" />
          </Button>
          <Button component={Link} to="/me/organizations" variant="default" size="xs">
            <FormattedMessage id="nav.myOrganizations" />
          </Button>
        </Group>
      </Stack>
    </>
  );
}

/** The line an inbox item shows on the home: its topic or title, as the payload carries it. */
function inboxLine(payload: Record<string, unknown>): string | null {
  for (const key of ['topic', 'title', 'unitName']) {
    const value = payload[key];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

function Section({
  id,
  title,
  link,
  children,
}: {
  id: string;
  title: string;
  link?: { to: string; label: string };
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id} padding="md">
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {link && (
          <Anchor component={Link} to={link.to} size="sm" style={{ flexShrink: 0 }}>
            <Group gap={2} wrap="nowrap" component="span">
              {link.label}
              <IconChevronRight size={14} aria-hidden className={classes.chevron} />
            </Group>
          </Anchor>
        )}
      </Group>
      {children}
    </Card>
  );
}

function MeetingCard({
  meeting,
  waiting,
}: {
  meeting: HomeMeeting;
  waiting: Parameters<typeof ReplyControl>[0]['waiting'];
}) {
  const labels = useHandbookLabels();
  const intl = useIntl();
  const cancelled = meeting.status === 'cancelled';
  return (
    <Card
      withBorder
      padding="sm"
      bg={cancelled ? 'gray.0' : undefined}
      component="article"
      aria-labelledby={`m-${meeting.id}`}
    >
      <Text size="xs" c="dimmed" fw={500}>
        {labels.kind(meeting.kind)} · {meeting.unitName}
      </Text>
      <Title order={3} size="h5" id={`m-${meeting.id}`} mb={6}>
        <Anchor component={Link} to={`/meetings/${meeting.id}`} inherit>
          {meeting.topic}
        </Anchor>
      </Title>
      {cancelled && (
        <Badge color="gray" mb={6}>
          {labels.status('cancelled')}
        </Badge>
      )}
      <MeetingFacts
        startsAt={meeting.startsAt}
        endsAt={meeting.endsAt}
        place={meeting.place}
        onlineUrl={meeting.onlineUrl}
      />
      {!cancelled && (
        <Stack gap="xs" mt="sm">
          <ReplyControl
            state={{
              meetingId: meeting.id,
              topic: meeting.topic,
              away: meeting.away,
              reply: meeting.myReply,
              remote: meeting.myReplyRemote,
              mayReply: meeting.status === 'scheduled' && new Date(meeting.startsAt).getTime() > Date.now(),
            }}
            waiting={waiting}
          />
          {meeting.checkInOpen && !meeting.myAttendance && (
            <div>
              <Button
                component={Link}
                to={`/meetings/${meeting.id}#check-in`}
                variant="outline"
                leftSection={<IconQrcode size={16} aria-hidden />}
                aria-label={intl.formatMessage({ id: 'member.checkin.openFor' }, { topic: meeting.topic })}
              >
                <FormattedMessage id="member.checkin.title" />
              </Button>
            </div>
          )}
        </Stack>
      )}
    </Card>
  );
}
