import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconChecklist, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { encode } from 'uqr';
import { api } from '../../../api/client.ts';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { newParagraph, ParagraphEditor, type ParagraphRow } from '../manage/ParagraphEditor.tsx';
import { TallyLine } from './Agenda.tsx';
import {
  memberKeys,
  useRefreshHandbook,
  type AttendanceStatus,
  type CheckinCode,
  type DraftComment,
  type InvitationList,
  type MeetingDetail,
  type TextInput as TextBody,
} from './api.ts';
import { ATTENDANCE_CODES, useAttendanceLabel, useTextKindLabel } from './labels.ts';
import classes from './member.module.css';

/** The secretary's meeting day on the meeting page: check-in code, attendance, votes, held, texts. */
export function ManagePanel({ meeting }: { meeting: MeetingDetail }) {
  const intl = useIntl();
  const scheduled = meeting.status === 'scheduled';
  return (
    <Card withBorder component="section" aria-labelledby="manage-title" padding="md" bg="brand.0">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="manage-title">
          <FormattedMessage id="member.manage.title" />
        </Title>
        <Button component={Link} to={`/units/${meeting.unitId}/meetings`} variant="default" size="xs">
          <FormattedMessage id="member.manage.unitMeetings" />
        </Button>
      </Group>
      <Stack gap="lg">
        {scheduled && meeting.checkInOpen && <CheckinCodeBox meetingId={meeting.id} />}
        {meeting.status !== 'cancelled' && <AttendanceBox meeting={meeting} />}
        {meeting.agenda.some((i) => i.vote !== 'none') && (
          <Block title={intl.formatMessage({ id: 'member.manage.votes' })}>
            <Stack gap="sm">
              {meeting.agenda
                .filter((i) => i.vote !== 'none')
                .map((item) => (
                  <VoteControl key={item.id} item={item} />
                ))}
            </Stack>
          </Block>
        )}
        {scheduled && <HeldBox meetingId={meeting.id} />}
        {meeting.status !== 'cancelled' && <PublishBox meeting={meeting} />}
      </Stack>
    </Card>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </div>
  );
}

/** The QR code as an SVG drawn from the module matrix (no markup strings). */
function QrCode({ value, label }: { value: string; label: string }) {
  const path = useMemo(() => {
    const { data, size } = encode(value, { ecc: 'M', border: 2 });
    let d = '';
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y]![x]) d += `M${x} ${y}h1v1h-1z`;
    return { d, size };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${path.size} ${path.size}`}
      width={240}
      height={240}
      shapeRendering="crispEdges"
      style={{ background: '#fff', maxWidth: '100%', height: 'auto' }}
    >
      <path d={path.d} fill="#000" />
    </svg>
  );
}

function useSecondsLeft(expiresAt: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  if (!expiresAt) return 0;
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

function CheckinCodeBox({ meetingId }: { meetingId: number }) {
  const intl = useIntl();
  const code = useQuery({
    queryKey: memberKeys.checkinCode(meetingId),
    queryFn: ({ signal }) => api<CheckinCode>(`/meetings/${meetingId}/checkin-code`, { signal }),
    staleTime: 0,
    gcTime: 0,
    // Fetch the next code a moment before this one expires.
    refetchInterval: (query) => {
      const expires = query.state.data ? Date.parse(query.state.data.expiresAt) : NaN;
      return Number.isNaN(expires) ? 5000 : Math.max(1000, expires - Date.now() - 2000);
    },
    refetchIntervalInBackground: false,
  });
  const left = useSecondsLeft(code.data?.expiresAt);
  return (
    <Block title={intl.formatMessage({ id: 'member.manage.code' })}>
      {code.data ? (
        <Group gap="lg" align="center" wrap="wrap">
          <QrCode value={code.data.url} label={intl.formatMessage({ id: 'member.manage.qr' })} />
          <Stack gap={4}>
            <Text
              fz={48}
              fw={700}
              ff="monospace"
              lh={1}
              aria-live="polite"
              aria-label={intl.formatMessage(
                { id: 'member.manage.codeIs' },
                { code: code.data.code.split('').join(' ') },
              )}
            >
              {code.data.code}
            </Text>
            <Text size="sm" c="dimmed">
              <FormattedMessage id="member.manage.codeChanges" values={{ seconds: left }} />
            </Text>
          </Stack>
        </Group>
      ) : code.isError ? (
        <ErrorNotice error={code.error} onRetry={() => void code.refetch()} />
      ) : (
        <PageLoader />
      )}
    </Block>
  );
}

function AttendanceBox({ meeting }: { meeting: MeetingDetail }) {
  const intl = useIntl();
  const client = useQueryClient();
  const refresh = useRefreshHandbook();
  const attendanceLabel = useAttendanceLabel();
  const list = useQuery({
    queryKey: memberKeys.invitations(meeting.id),
    queryFn: ({ signal }) => api<InvitationList>(`/meetings/${meeting.id}/invitations`, { signal }),
    // Members check themselves in meanwhile: keep the list current while the panel is open.
    refetchInterval: meeting.checkInOpen ? 15_000 : false,
  });
  const [changes, setChanges] = useState<Record<number, AttendanceStatus>>({});
  const save = useMutation({
    mutationFn: (entries: { personId: number; status: AttendanceStatus }[]) =>
      api<InvitationList>(`/meetings/${meeting.id}/attendance`, { method: 'PUT', body: { entries } }),
    onSuccess: (data) => {
      client.setQueryData(memberKeys.invitations(meeting.id), data);
      setChanges({});
      void refresh();
    },
  });
  const options = [
    { value: '', label: intl.formatMessage({ id: 'member.manage.notMarked' }), disabled: true },
    ...ATTENDANCE_CODES.map((c) => ({ value: c, label: attendanceLabel(c) })),
  ];
  const changed = Object.entries(changes).map(([personId, status]) => ({
    personId: Number(personId),
    status,
  }));
  return (
    <Block title={intl.formatMessage({ id: 'member.manage.attendance' })}>
      {!list.data ? (
        list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <PageLoader />
        )
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            <FormattedMessage
              id="member.manage.counts"
              values={{
                invited: list.data.counts.invited,
                attended: list.data.counts.attended,
                attend: list.data.counts.attend,
                excused: list.data.counts.excused,
                noReply: list.data.counts.noReply,
              }}
            />
          </Text>
          <Stack gap={4} component="ul" className={classes.list}>
            {list.data.items.map((p) => (
              <Group key={p.personId} component="li" justify="space-between" wrap="nowrap" gap="xs" py={4}>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {p.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.reply ? (
                      <FormattedMessage
                        {...(p.reply === 'attend'
                          ? { id: 'member.reply.state.attend' }
                          : { id: 'member.reply.state.excused' })}
                      />
                    ) : (
                      <FormattedMessage id="member.reply.state.none" />
                    )}
                    {p.reason ? ` · ${p.reason}` : ''}
                  </Text>
                </div>
                <NativeSelect
                  aria-label={intl.formatMessage({ id: 'member.manage.attendanceOf' }, { name: p.name })}
                  data={options}
                  value={changes[p.personId] ?? p.attendance ?? ''}
                  onChange={(e) => {
                    const status = e.currentTarget.value as AttendanceStatus;
                    setChanges((c) => ({ ...c, [p.personId]: status }));
                  }}
                  w={130}
                  size="xs"
                />
              </Group>
            ))}
          </Stack>
          <div>
            <Button
              leftSection={<IconChecklist size={16} aria-hidden />}
              disabled={changed.length === 0}
              loading={save.isPending}
              onClick={() => save.mutate(changed)}
            >
              <FormattedMessage id="member.manage.saveAttendance" values={{ count: changed.length }} />
            </Button>
          </div>
          {save.isError && <ErrorNotice error={save.error} />}
        </Stack>
      )}
    </Block>
  );
}

function VoteControl({ item }: { item: MeetingDetail['agenda'][number] }) {
  const intl = useIntl();
  const refresh = useRefreshHandbook();
  const change = useMutation({
    mutationFn: (action: 'open' | 'close') =>
      api(`/agenda-items/${item.id}/vote`, { method: 'POST', body: { action } }),
    onSuccess: refresh,
  });
  return (
    <Stack gap={4}>
      {/* The button drops below a long title on a narrow phone instead of being cut off. */}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" fw={500} style={{ minWidth: 0, flex: '1 1 12rem' }}>
          {item.title}
        </Text>
        {item.voteState === 'pending' && (
          <Button
            size="xs"
            leftSection={<IconPlayerPlay size={14} aria-hidden />}
            loading={change.isPending}
            aria-label={intl.formatMessage({ id: 'member.manage.openVoteOn' }, { title: item.title })}
            onClick={() => change.mutate('open')}
          >
            <FormattedMessage id="member.manage.openVote" />
          </Button>
        )}
        {item.voteState === 'open' && (
          <Button
            size="xs"
            color="red"
            leftSection={<IconPlayerStop size={14} aria-hidden />}
            loading={change.isPending}
            aria-label={intl.formatMessage({ id: 'member.manage.closeVoteOn' }, { title: item.title })}
            onClick={() => change.mutate('close')}
          >
            <FormattedMessage id="member.manage.closeVote" />
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        <FormattedMessage id="member.vote.ballots" values={{ count: item.ballots }} />
      </Text>
      <TallyLine item={item} />
      {change.isError && <ErrorNotice error={change.error} />}
    </Stack>
  );
}

function HeldBox({ meetingId }: { meetingId: number }) {
  const intl = useIntl();
  const refresh = useRefreshHandbook();
  const [confirming, setConfirming] = useState(false);
  const held = useMutation({
    mutationFn: () => api(`/meetings/${meetingId}/held`, { method: 'POST' }),
    onSuccess: refresh,
  });
  return (
    <Block title={intl.formatMessage({ id: 'member.manage.held' })}>
      {confirming ? (
        <Alert color="yellow" variant="light">
          <Text size="sm" mb="xs">
            <FormattedMessage id="member.manage.heldConfirm" />
          </Text>
          <Group gap="xs">
            <Button loading={held.isPending} onClick={() => held.mutate()}>
              <FormattedMessage id="member.manage.heldSubmit" />
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              <FormattedMessage id="common.cancel" />
            </Button>
          </Group>
        </Alert>
      ) : (
        <Button variant="light" onClick={() => setConfirming(true)}>
          <FormattedMessage id="member.manage.heldSubmit" />
        </Button>
      )}
      {held.isError && <ErrorNotice error={held.error} />}
    </Block>
  );
}

const TEXT_KINDS = ['draft_resolution', 'resolution', 'minutes'] as const;
type TextKind = (typeof TEXT_KINDS)[number];

function PublishBox({ meeting }: { meeting: MeetingDetail }) {
  const intl = useIntl();
  const kindLabel = useTextKindLabel();
  const refresh = useRefreshHandbook();
  const [kind, setKind] = useState<TextKind | null>(null);
  const [title, setTitle] = useState('');
  const [rows, setRows] = useState<ParagraphRow[]>([]);
  const latest = kind ? meeting.texts.find((t) => t.kind === kind && t.latest) : undefined;
  // A new version starts from the latest one, keeping paragraph ids so comments stay attached.
  const source = useQuery({
    queryKey: memberKeys.text(latest?.id ?? 0),
    enabled: latest !== undefined,
    queryFn: ({ signal }) =>
      api<{ title: string; paragraphs: { id: string; text: string }[] }>(`/meeting-texts/${latest!.id}`, {
        signal,
      }),
  });
  const publish = useMutation({
    mutationFn: (body: TextBody) => api(`/meetings/${meeting.id}/texts`, { method: 'POST', body }),
    onSuccess: () => {
      setKind(null);
      void refresh();
    },
  });
  const start = (k: TextKind) => {
    setKind(k);
    setTitle('');
    setRows([newParagraph()]);
  };
  useEffect(() => {
    if (!source.data) return;
    setTitle(source.data.title);
    setRows(source.data.paragraphs.map((p) => newParagraph({ id: p.id, text: p.text })));
  }, [source.data]);

  const valid = title.trim() !== '' && rows.length > 0 && rows.every((r) => r.text.trim() !== '');
  return (
    <Block title={intl.formatMessage({ id: 'member.manage.publish' })}>
      {kind === null ? (
        <Group gap="xs">
          {TEXT_KINDS.map((k) => (
            <Button key={k} variant="default" size="xs" onClick={() => start(k)}>
              {kindLabel(k)}
            </Button>
          ))}
        </Group>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            publish.mutate({
              kind,
              title: title.trim(),
              paragraphs: rows.map((r) =>
                r.id ? { id: r.id, text: r.text.trim() } : { text: r.text.trim() },
              ),
            });
          }}
        >
          <Stack gap="xs">
            <Text fw={600}>{kindLabel(kind)}</Text>
            <TextInput
              label={intl.formatMessage({ id: 'member.manage.textTitle' })}
              required
              maxLength={300}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <ParagraphEditor rows={rows} onChange={setRows} disabled={publish.isPending} />
            <Group gap="xs">
              <Button type="submit" loading={publish.isPending} disabled={!valid}>
                <FormattedMessage id="member.manage.publishSubmit" />
              </Button>
              <Button variant="default" onClick={() => setKind(null)}>
                <FormattedMessage id="common.cancel" />
              </Button>
            </Group>
            {publish.isError && <ErrorNotice error={publish.error} />}
          </Stack>
        </form>
      )}
    </Block>
  );
}

/** The chair's or the secretary's sign-off of a published resolution or minutes (once). */
export function SignOffButton({ textId }: { textId: number }) {
  const refresh = useRefreshHandbook();
  const sign = useMutation({
    mutationFn: () => api(`/meeting-texts/${textId}/sign-off`, { method: 'POST' }),
    onSuccess: () => void refresh(),
  });
  return (
    <Stack gap={4} mt="sm">
      <Group>
        <Button size="xs" variant="light" loading={sign.isPending} onClick={() => sign.mutate()}>
          <FormattedMessage id="manage.text.signOff" />
        </Button>
      </Group>
      {sign.isError && <ErrorNotice error={sign.error} />}
    </Stack>
  );
}

/** The secretary's answer to a member's comment, and whether it was taken into the text. */
export function CommentAnswer({ comment }: { comment: DraftComment }) {
  const intl = useIntl();
  const refresh = useRefreshHandbook();
  const [answer, setAnswer] = useState(comment.answer ?? '');
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: (body: { answer?: string | null; adopted?: boolean }) =>
      api(`/draft-comments/${comment.id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      setOpen(false);
      void refresh();
    },
  });
  return (
    <Stack gap={4} mt={6}>
      <Checkbox
        size="xs"
        label={intl.formatMessage({ id: 'member.comment.adopt' })}
        checked={comment.adopted}
        disabled={save.isPending}
        onChange={(e) => save.mutate({ adopted: e.currentTarget.checked })}
      />
      {open ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ answer: answer.trim() || null });
          }}
        >
          <Textarea
            label={intl.formatMessage({ id: 'member.comment.answer' })}
            autosize
            minRows={2}
            maxLength={4000}
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
          />
          <Group gap="xs" mt={4}>
            <Button type="submit" size="xs" loading={save.isPending}>
              <FormattedMessage id="member.comment.saveAnswer" />
            </Button>
            <Button size="xs" variant="default" onClick={() => setOpen(false)}>
              <FormattedMessage id="common.cancel" />
            </Button>
          </Group>
        </form>
      ) : (
        <div>
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)}>
            <FormattedMessage
              {...(comment.answer ? { id: 'member.comment.editAnswer' } : { id: 'member.comment.answerIt' })}
            />
          </Button>
        </div>
      )}
      {save.isError && <ErrorNotice error={save.error} />}
    </Stack>
  );
}
