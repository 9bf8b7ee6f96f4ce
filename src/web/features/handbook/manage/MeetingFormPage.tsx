import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconAlertTriangle, IconCalendarTime } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { LIMITS } from '../../../../shared/limits.ts';
import { ApiError } from '../../../api/client.ts';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { AgendaEditor, newAgendaRow, type AgendaRow } from './AgendaEditor.tsx';
import {
  useCreateMeeting,
  useMeeting,
  useMeetingText,
  usePublishText,
  useRemoveMaterial,
  useUpdateMeeting,
  useUploadMaterial,
} from './api.ts';
import { localDateTime, localToday, splitLocal } from './datetime.ts';
import { MEETING_KINDS, useOptions } from './labels.ts';
import { MaterialsEditor, type PendingFile } from './MaterialsEditor.tsx';
import { MemberPicker } from './MemberPicker.tsx';
import { newParagraph, ParagraphEditor, type ParagraphRow } from './ParagraphEditor.tsx';
import { isLateSchedule, nextMeetingMonth, scheduleDeadline, SCHEDULE_DAY } from './schedule.ts';
import type { MeetingDetail, MeetingKind, MeetingText } from './types.ts';
import { UnitBack } from './UnitBack.tsx';

/** The months a regular meeting can be scheduled for: a few back (late entries) and a year ahead. */
function monthOptions(today: string, formatMonth: (m: string) => string, keep?: string) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const months = Array.from({ length: 16 }, (_, i) =>
    new Date(Date.UTC(y, m - 1 + i - 3, 1)).toISOString().slice(0, 7),
  );
  if (keep && !months.includes(keep)) months.unshift(keep);
  return months.map((value) => ({ value, label: formatMonth(value) }));
}

/** An alert's title in the text colour: the light yellow alert's own title colour is too pale to read. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? error.title;
  return error instanceof Error ? error.message : String(error);
}

interface Props {
  unitId: number;
  meeting?: MeetingDetail;
  /** The latest draft resolution, to start a new version from. */
  draft?: MeetingText;
  onReload?: () => void;
}

function MeetingForm({ unitId, meeting, draft, onReload }: Props) {
  const intl = useIntl();
  const navigate = useNavigate();
  const today = localToday();
  const start = splitLocal(meeting?.startsAt);
  const end = splitLocal(meeting?.endsAt);
  const [kind, setKind] = useState<MeetingKind>(meeting?.kind ?? 'regular');
  const [month, setMonth] = useState(meeting?.month.slice(0, 7) ?? nextMeetingMonth(today));
  const [date, setDate] = useState<string | null>(start.date);
  const [startTime, setStartTime] = useState(start.time || '08:00');
  const [endTime, setEndTime] = useState(end.time);
  const [place, setPlace] = useState(meeting?.place ?? '');
  const [onlineUrl, setOnlineUrl] = useState(meeting?.onlineUrl ?? '');
  const [topic, setTopic] = useState(meeting?.topic ?? '');
  const [chair, setChair] = useState<number | null>(meeting?.chair?.personId ?? null);
  const [secretary, setSecretary] = useState<number | null>(meeting?.secretary?.personId ?? null);
  const [agenda, setAgenda] = useState<(AgendaRow & { id?: number })[]>(
    () =>
      meeting?.agenda.map((a) => ({
        ...newAgendaRow({ title: a.title, notes: a.notes ?? '', vote: a.vote }),
        id: a.id,
      })) ?? [newAgendaRow()],
  );
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [withDraft, setWithDraft] = useState(false);
  const [draftTitle, setDraftTitle] = useState(draft?.title ?? '');
  const [paragraphs, setParagraphs] = useState<ParagraphRow[]>(() =>
    draft ? draft.paragraphs.map((p) => newParagraph({ id: p.id, text: p.text })) : [newParagraph()],
  );
  const [saved, setSaved] = useState<number | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = useCreateMeeting(unitId);
  const update = useUpdateMeeting(meeting?.id ?? 0);
  const upload = useUploadMaterial();
  const publish = usePublishText();
  const remove = useRemoveMaterial(meeting?.id ?? 0);
  const kinds = useOptions(MEETING_KINDS);
  const formatDate = useFormatDate();

  const formatMonth = (m: string) =>
    intl.formatDate(new Date(`${m}-15T00:00:00Z`), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const startsAt = localDateTime(date, startTime);
  const endsAt = endTime ? localDateTime(date, endTime) : null;
  const endBeforeStart = startsAt !== null && endsAt !== null && endsAt <= startsAt;
  const deadline = scheduleDeadline(month);
  const late = !meeting && kind === 'regular' && isLateSchedule(month, today);
  const conflict = update.error instanceof ApiError && update.error.status === 409;
  const formError = create.error ?? (conflict ? null : update.error);
  const locked = saved !== null || busy;
  const draftIncomplete = withDraft && (!draftTitle.trim() || paragraphs.every((p) => !p.text.trim()));
  const canSubmit = !!startsAt && !!topic.trim() && !endBeforeStart && !draftIncomplete && !busy;

  /** After the meeting is saved: the files not yet up, then the draft; true when everything went. */
  async function afterSave(id: number): Promise<boolean> {
    let ok = true;
    let current = files;
    const set = (key: string, patch: Partial<PendingFile>) => {
      current = current.map((f) => (f.key === key ? { ...f, ...patch } : f));
      setFiles(current);
    };
    for (const f of files) {
      if (f.state === 'done') continue;
      if (f.file.size > LIMITS.materialBytes) {
        ok = false;
        set(f.key, {
          state: 'failed',
          error: intl.formatMessage(
            { id: 'manage.materials.tooLarge' },
            { max: intl.formatNumber(LIMITS.materialBytes / (1024 * 1024)) },
          ),
        });
        continue;
      }
      set(f.key, { state: 'uploading', error: undefined });
      try {
        await upload.mutateAsync({ meetingId: id, file: f.file, sensitive: f.sensitive });
        set(f.key, { state: 'done' });
      } catch (error) {
        ok = false;
        set(f.key, { state: 'failed', error: errorMessage(error) });
      }
    }
    if (withDraft && draftError !== 'published') {
      try {
        await publish.mutateAsync({
          meetingId: id,
          body: {
            kind: 'draft_resolution',
            title: draftTitle.trim(),
            paragraphs: paragraphs
              .filter((p) => p.text.trim())
              .map((p) => (p.id ? { id: p.id, text: p.text.trim() } : { text: p.text.trim() })),
          },
        });
        setDraftError('published');
      } catch (error) {
        ok = false;
        setDraftError(errorMessage(error));
      }
    }
    return ok;
  }

  async function submit() {
    if (!startsAt) return;
    setBusy(true);
    try {
      let id = saved ?? meeting?.id ?? null;
      if (saved === null) {
        const agendaBody = agenda
          .filter((a) => a.title.trim())
          .map((a) => ({
            ...(a.id ? { id: a.id } : {}),
            title: a.title.trim(),
            vote: a.vote,
            ...(a.notes.trim() ? { notes: a.notes.trim() } : {}),
          }));
        if (meeting) {
          // The agenda is sent only when it changed: once a vote has opened it may not change.
          const before = meeting.agenda.map((a) => ({
            id: a.id,
            title: a.title,
            vote: a.vote,
            ...(a.notes ? { notes: a.notes } : {}),
          }));
          const agendaChanged = JSON.stringify(before) !== JSON.stringify(agendaBody);
          await update.mutateAsync({
            version: meeting.version,
            startsAt,
            endsAt,
            place: place.trim() || null,
            onlineUrl: onlineUrl.trim() || null,
            topic: topic.trim(),
            chairPersonId: chair,
            secretaryPersonId: secretary,
            ...(agendaChanged ? { agenda: agendaBody } : {}),
          });
        } else {
          const created = await create.mutateAsync({
            kind,
            ...(kind === 'regular' ? { month } : {}),
            startsAt,
            ...(endsAt ? { endsAt } : {}),
            ...(place.trim() ? { place: place.trim() } : {}),
            ...(onlineUrl.trim() ? { onlineUrl: onlineUrl.trim() } : {}),
            topic: topic.trim(),
            ...(chair ? { chairPersonId: chair } : {}),
            ...(secretary ? { secretaryPersonId: secretary } : {}),
            agenda: agendaBody,
          });
          id = created.id;
        }
        setSaved(id);
      }
      if (id !== null && (await afterSave(id))) void navigate(`/meetings/${id}`);
    } catch {
      // The mutation's error is on screen.
    } finally {
      setBusy(false);
    }
  }

  const failedFiles = files.some((f) => f.state === 'failed');
  const draftFailed = draftError !== null && draftError !== 'published';

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="md" maw={880}>
        {!meeting && (
          <Alert
            color={late ? 'yellow' : 'blue'}
            variant="light"
            icon={late ? <IconAlertTriangle aria-hidden /> : <IconCalendarTime aria-hidden />}
            title={intl.formatMessage({ id: 'manage.rule.title' })}
            styles={READABLE_TITLE}
          >
            <Text size="sm">
              <FormattedMessage id="manage.rule.body" values={{ day: SCHEDULE_DAY }} />
            </Text>
            {kind === 'regular' && deadline && (
              <Text size="sm" fw={late ? 600 : undefined} mt={4} role={late ? 'alert' : undefined}>
                {late ? (
                  <FormattedMessage
                    id="manage.rule.late"
                    values={{ month: formatMonth(month), date: formatDate(deadline) }}
                  />
                ) : (
                  <FormattedMessage
                    id="manage.rule.deadline"
                    values={{ month: formatMonth(month), date: formatDate(deadline) }}
                  />
                )}
              </Text>
            )}
          </Alert>
        )}
        <Fieldset legend={intl.formatMessage({ id: 'manage.form.when' })} disabled={locked}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={intl.formatMessage({ id: 'manage.meetings.kind' })}
              required
              allowDeselect={false}
              disabled={!!meeting || locked}
              value={kind}
              onChange={(v) => setKind((v ?? 'regular') as MeetingKind)}
              data={kinds}
            />
            {kind === 'regular' && (
              <Select
                label={intl.formatMessage({ id: 'manage.form.month' })}
                description={intl.formatMessage({ id: 'manage.form.monthHint' })}
                required
                allowDeselect={false}
                disabled={!!meeting || locked}
                value={month}
                onChange={(v) => v && setMonth(v)}
                data={monthOptions(today, formatMonth, month)}
              />
            )}
            <DateField
              label={intl.formatMessage({ id: 'manage.form.date' })}
              required
              disabled={locked}
              value={date}
              onChange={setDate}
            />
            <Group grow gap="sm" align="flex-start">
              <TimeInput
                label={intl.formatMessage({ id: 'manage.form.startTime' })}
                required
                value={startTime}
                onChange={(e) => setStartTime(e.currentTarget.value)}
              />
              <TimeInput
                label={intl.formatMessage({ id: 'manage.form.endTime' })}
                value={endTime}
                onChange={(e) => setEndTime(e.currentTarget.value)}
                error={endBeforeStart ? intl.formatMessage({ id: 'manage.form.endBeforeStart' }) : undefined}
              />
            </Group>
            <TextInput
              label={intl.formatMessage({ id: 'manage.form.place' })}
              maxLength={300}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
            />
            <TextInput
              type="url"
              label={intl.formatMessage({ id: 'manage.form.onlineUrl' })}
              description={intl.formatMessage({ id: 'manage.form.onlineUrlHint' })}
              maxLength={500}
              dir="ltr"
              value={onlineUrl}
              onChange={(e) => setOnlineUrl(e.currentTarget.value)}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={intl.formatMessage({ id: 'manage.form.content' })} disabled={locked}>
          <Stack gap="sm">
            <TextInput
              label={intl.formatMessage({ id: 'manage.meetings.topic' })}
              required
              maxLength={300}
              value={topic}
              onChange={(e) => setTopic(e.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <MemberPicker
                unitId={unitId}
                label={intl.formatMessage({ id: 'manage.form.chair' })}
                value={chair}
                onChange={setChair}
                current={meeting?.chair ? { id: meeting.chair.personId, fullName: meeting.chair.name } : null}
              />
              <MemberPicker
                unitId={unitId}
                label={intl.formatMessage({ id: 'manage.form.secretary' })}
                value={secretary}
                onChange={setSecretary}
                current={
                  meeting?.secretary
                    ? { id: meeting.secretary.personId, fullName: meeting.secretary.name }
                    : null
                }
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <AgendaEditor rows={agenda} onChange={setAgenda} disabled={locked} />
        <MaterialsEditor
          stored={meeting?.materials ?? []}
          pending={files}
          onPendingChange={setFiles}
          onRemoveStored={meeting ? (id) => remove.mutate(id) : undefined}
          removing={remove.isPending}
          disabled={busy}
        />
        {remove.error && <ErrorNotice error={remove.error} />}
        <Fieldset legend={intl.formatMessage({ id: 'manage.draft' })}>
          <Stack gap="sm">
            <Checkbox
              label={
                draft
                  ? intl.formatMessage({ id: 'manage.draft.newVersion' })
                  : intl.formatMessage({ id: 'manage.draft.include' })
              }
              description={intl.formatMessage({ id: 'manage.draft.hint' })}
              checked={withDraft}
              disabled={busy || draftError === 'published'}
              onChange={(e) => setWithDraft(e.currentTarget.checked)}
            />
            {withDraft && (
              <>
                <TextInput
                  label={intl.formatMessage({ id: 'manage.draft.title' })}
                  required
                  maxLength={300}
                  disabled={busy || draftError === 'published'}
                  value={draftTitle}
                  onChange={(e) => setDraftTitle(e.currentTarget.value)}
                />
                <ParagraphEditor
                  rows={paragraphs}
                  onChange={setParagraphs}
                  disabled={busy || draftError === 'published'}
                />
              </>
            )}
            {draftFailed && (
              <Alert color="red" role="alert">
                {intl.formatMessage({ id: 'manage.draft.failed' }, { reason: draftError })}
              </Alert>
            )}
          </Stack>
        </Fieldset>
        {conflict && (
          <Alert
            color="yellow"
            role="alert"
            title={intl.formatMessage({ id: 'manage.form.conflict' })}
            styles={READABLE_TITLE}
          >
            <Stack gap="xs">
              <Text size="sm">
                <FormattedMessage id="manage.form.conflictBody" />
              </Text>
              {onReload && (
                <div>
                  <Button size="xs" variant="default" onClick={onReload}>
                    <FormattedMessage id="common.reload" />
                  </Button>
                </div>
              )}
            </Stack>
          </Alert>
        )}
        {formError && <ErrorNotice error={formError} />}
        {saved !== null && (failedFiles || draftFailed) && (
          <Alert color="yellow" role="status">
            <Stack gap="xs">
              <Text size="sm">
                <FormattedMessage id="manage.form.savedWithProblems" />
              </Text>
              <Anchor component={Link} to={`/meetings/${saved}`} size="sm">
                <FormattedMessage id="manage.form.openMeeting" />
              </Anchor>
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            component={Link}
            to={meeting ? `/meetings/${meeting.id}` : `/units/${unitId}/meetings`}
          >
            <FormattedMessage id="common.cancel" />
          </Button>
          <Button type="submit" loading={busy} disabled={!canSubmit}>
            {saved !== null ? (
              <FormattedMessage id="manage.form.retry" />
            ) : meeting ? (
              <FormattedMessage id="manage.form.save" />
            ) : (
              <FormattedMessage id="manage.form.schedule" />
            )}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Scheduling a meeting of the unit. */
export function MeetingNewPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'manage.form.newTitle' })}
        above={<UnitBack unitId={unitId} />}
      />
      <MeetingForm unitId={unitId} />
    </>
  );
}

/** Changing a scheduled meeting; the save names the version it was read at. */
export function MeetingEditPage() {
  const intl = useIntl();
  const id = Number(useParams().meetingId);
  const meeting = useMeeting(id);
  const latestDraft = meeting.data?.texts.find((t) => t.kind === 'draft_resolution' && t.latest);
  const draft = useMeetingText(latestDraft?.id);
  const [generation, setGeneration] = useState(0);
  if (meeting.isPending || (latestDraft && draft.isPending)) return <PageLoader />;
  if (meeting.isError) return <LoadError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  const m = meeting.data;
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'manage.form.editTitle' })}
        subtitle={m.topic}
        above={
          <Anchor component={Link} to={`/meetings/${m.id}`} size="sm">
            ← {m.topic}
          </Anchor>
        }
      />
      {!m.canManage || m.status !== 'scheduled' ? (
        <Alert color="gray">
          <FormattedMessage id="manage.form.notEditable" />
        </Alert>
      ) : (
        <MeetingForm
          key={`${m.version}-${generation}`}
          unitId={m.unitId}
          meeting={m}
          draft={draft.data}
          onReload={() =>
            void Promise.all([meeting.refetch(), latestDraft ? draft.refetch() : null]).then(() =>
              setGeneration((g) => g + 1),
            )
          }
        />
      )}
    </>
  );
}
