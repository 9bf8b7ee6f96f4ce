import { loadConsoleMessages } from '../../../i18n/LocaleProvider.tsx';
import { Badge, Box, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconClockPause, IconMessagePlus } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { newClientId } from '../../../app/offline/device.ts';
import type { QueuedAction } from '../../../app/offline/store.ts';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { useMyOutbox, useOfflineAction } from './actions.ts';
import { useText, type DraftComment, type MeetingDetail, type MeetingText } from './api.ts';
import { useInstant } from './format.ts';
import { useTextKindLabel } from './labels.ts';
import classes from './member.module.css';
import { TextArea } from './TextArea.tsx';

// Answering and adopting comments is the secretary's; its code loads only for them.
const CommentAnswer = lazy(() =>
  loadConsoleMessages()
    .then(() => import('./ManagePanel.tsx'))
    .then((m) => ({ default: m.CommentAnswer })),
);

const SignOffButton = lazy(() =>
  loadConsoleMessages()
    .then(() => import('./ManagePanel.tsx'))
    .then((m) => ({ default: m.SignOffButton })),
);

const ORDER = ['draft_resolution', 'resolution', 'minutes'] as const;

/** The meeting's latest draft resolution (with comments), resolution and minutes. */
export function MeetingTexts({ meeting }: { meeting: MeetingDetail }) {
  const latest = ORDER.flatMap((kind) =>
    meeting.texts.filter((t) => t.kind === kind && t.latest).slice(0, 1),
  );
  if (latest.length === 0) return null;
  return (
    <Stack gap="md">
      {latest.map((t) => (
        <TextCard key={t.id} textId={t.id} meetingId={meeting.id} topic={meeting.topic} />
      ))}
    </Stack>
  );
}

interface CommentBody {
  paragraphId?: string;
  body: string;
  clientId: string;
}

function TextCard({ textId, meetingId, topic }: { textId: number; meetingId: number; topic: string }) {
  const text = useText(textId);
  const kindLabel = useTextKindLabel();
  const instant = useInstant();
  const outbox = useMyOutbox();
  if (!text.data) {
    if (text.isError) return <ErrorNotice error={text.error} onRetry={() => void text.refetch()} />;
    return <PageLoader />;
  }
  const t = text.data;
  const draft = t.kind === 'draft_resolution';
  const waiting = outbox.actions.filter(
    (a) => a.kind === 'comment' && a.state === 'waiting' && a.path === `/meeting-texts/${t.id}/comments`,
  );
  const commentsOn = (paragraphId: string | null) => t.comments.filter((c) => c.paragraphId === paragraphId);
  const waitingOn = (paragraphId: string | null) =>
    waiting.filter((a) => ((a.body as CommentBody).paragraphId ?? null) === paragraphId);
  const headingId = `text-${t.id}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Text size="xs" c="dimmed" fw={500}>
        {kindLabel(t.kind)}
      </Text>
      <Title order={2} size="h4" id={headingId}>
        {t.title}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        <FormattedMessage
          id="member.text.version"
          values={{ version: t.version, date: instant(t.publishedAt) }}
        />
        {t.signedOffAt && (
          <>
            {' · '}
            <FormattedMessage id="member.text.signedOff" values={{ date: instant(t.signedOffAt) }} />
          </>
        )}
      </Text>
      <Stack gap="md">
        {t.paragraphs.map((p, i) => (
          <div key={p.id}>
            <Text className={classes.paragraph}>{p.text}</Text>
            {draft && (
              <Comments
                text={t}
                paragraphId={p.id}
                label={{ id: 'member.comment.onParagraph', values: { n: i + 1 } }}
                comments={commentsOn(p.id)}
                waiting={waitingOn(p.id)}
                meetingId={meetingId}
                topic={topic}
              />
            )}
          </div>
        ))}
        {draft && (
          <div>
            <Title order={3} size="h5" mb={4}>
              <FormattedMessage id="member.comment.whole" />
            </Title>
            <Comments
              text={t}
              paragraphId={null}
              label={{ id: 'member.comment.onWhole', values: {} }}
              comments={commentsOn(null)}
              waiting={waitingOn(null)}
              meetingId={meetingId}
              topic={topic}
            />
          </div>
        )}
      </Stack>
      {!draft && t.maySignOff && (
        <Suspense fallback={null}>
          <SignOffButton textId={t.id} />
        </Suspense>
      )}
    </Card>
  );
}

function Comments({
  text,
  paragraphId,
  label,
  comments,
  waiting,
  meetingId,
  topic,
}: {
  text: MeetingText;
  paragraphId: string | null;
  label: { id: string; values: Record<string, number> };
  comments: DraftComment[];
  waiting: QueuedAction[];
  meetingId: number;
  topic: string;
}) {
  const intl = useIntl();
  const action = useOfflineAction();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const formLabel = intl.formatMessage({ id: label.id }, label.values);
  return (
    <Stack gap={6} mt={6} ps="sm" style={{ borderInlineStart: '3px solid var(--mantine-color-gray-3)' }}>
      {comments.map((c) => (
        <CommentView key={c.id} comment={c} canManage={text.canManage} />
      ))}
      {waiting.map((a) => (
        <Box key={a.clientId} p="xs" bg="yellow.0">
          <Text size="sm" className={classes.paragraph}>
            {(a.body as CommentBody).body}
          </Text>
          <Badge color="yellow" variant="light" mt={4} leftSection={<IconClockPause size={12} aria-hidden />}>
            <FormattedMessage id="member.outbox.state.waiting" />
          </Badge>
        </Box>
      ))}
      {text.mayComment &&
        (open ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const trimmed = body.trim();
              if (!trimmed) return;
              const clientId = newClientId();
              const payload: CommentBody = { body: trimmed, clientId };
              if (paragraphId !== null) payload.paragraphId = paragraphId;
              action.mutate(
                {
                  kind: 'comment',
                  method: 'POST',
                  path: `/meeting-texts/${text.id}/comments`,
                  body: payload,
                  meetingId,
                  subject: topic,
                  clientId,
                },
                {
                  onSuccess: () => {
                    setBody('');
                    setOpen(false);
                  },
                },
              );
            }}
          >
            <Stack gap="xs">
              <TextArea
                label={formLabel}
                rows={3}
                maxLength={4000}
                required
                value={body}
                onChange={setBody}
              />
              <Group gap="xs">
                <Button type="submit" size="xs" loading={action.isPending} disabled={!body.trim()}>
                  <FormattedMessage id="member.comment.send" />
                </Button>
                <Button size="xs" variant="default" onClick={() => setOpen(false)}>
                  <FormattedMessage id="common.cancel" />
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <div>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconMessagePlus size={14} aria-hidden />}
              aria-label={formLabel}
              onClick={() => setOpen(true)}
            >
              <FormattedMessage id="member.comment.add" />
            </Button>
          </div>
        ))}
      {action.isError && <ErrorNotice error={action.error} />}
    </Stack>
  );
}

function CommentView({ comment, canManage }: { comment: DraftComment; canManage: boolean }) {
  const instant = useInstant();
  return (
    <Box p="xs" bg="gray.0">
      <Group gap={6} wrap="wrap">
        <Text size="xs" fw={600}>
          {comment.mine ? <FormattedMessage id="member.comment.you" /> : comment.authorName}
        </Text>
        <Text size="xs" c="dimmed">
          {instant(comment.createdAt)}
        </Text>
        {comment.adopted && (
          <Badge size="xs" color="green" variant="light">
            <FormattedMessage id="member.comment.adopted" />
          </Badge>
        )}
      </Group>
      <Text size="sm" className={classes.paragraph}>
        {comment.body}
      </Text>
      {comment.answer && (
        <Text size="sm" mt={4} c="blue.9" className={classes.paragraph}>
          <Text component="span" fw={600} size="sm">
            <FormattedMessage id="member.comment.answer" />
            {': '}
          </Text>
          {comment.answer}
        </Text>
      )}
      {canManage && (
        <Suspense fallback={null}>
          <CommentAnswer comment={comment} />
        </Suspense>
      )}
    </Box>
  );
}
