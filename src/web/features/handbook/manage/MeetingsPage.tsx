import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError, PageLoader } from '../../../app/status.tsx';
import { todayIso } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ScrollTable } from '../../../components/ScrollTable.tsx';
import { can, useSession } from '../../session/session.ts';
import { useUnitMeetings } from './api.ts';
import {
  MEETING_KINDS,
  meetingStatusColor,
  useFormatDateTime,
  useHandbookLabels,
  useOptions,
} from './labels.ts';
import type { MeetingSummary } from './types.ts';
import { UnitBack, useUnitName } from './UnitBack.tsx';

/** Meetings grouped by the month they are for, newest month first. */
function byMonth(items: MeetingSummary[]): [string, MeetingSummary[]][] {
  const groups = new Map<string, MeetingSummary[]>();
  for (const m of [...items].sort((a, b) => b.startsAt.localeCompare(a.startsAt))) {
    const key = m.month.slice(0, 7);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.entries()].sort((a, b) => b[0].localeCompare(a[0]));
}

function Counts({ m }: { m: MeetingSummary }) {
  const intl = useIntl();
  const n = (v: number) => intl.formatNumber(v);
  return (
    <Text size="sm" component="span">
      {m.status === 'held' ? (
        <FormattedMessage
          id="manage.meetings.attended"
          values={{ attended: n(m.counts.attended), invited: n(m.counts.invited) }}
        />
      ) : (
        <FormattedMessage
          id="manage.meetings.replies"
          values={{
            attend: n(m.counts.attend),
            excused: n(m.counts.excused),
            none: n(m.counts.noReply),
            invited: n(m.counts.invited),
          }}
        />
      )}
    </Text>
  );
}

function StatusBadge({ status }: { status: string }) {
  const labels = useHandbookLabels();
  return (
    <Badge color={meetingStatusColor(status)} variant="light">
      {labels.status(status)}
    </Badge>
  );
}

/** For managers, the way to change a meeting that has not taken place. */
function EditLink({ m, manage }: { m: MeetingSummary; manage: boolean }) {
  const intl = useIntl();
  if (!manage || m.status !== 'scheduled') return null;
  return (
    <Anchor
      component={Link}
      to={`/meetings/${m.id}/edit`}
      size="sm"
      aria-label={intl.formatMessage({ id: 'manage.meetings.editOf' }, { topic: m.topic })}
    >
      <FormattedMessage id="manage.meetings.edit" />
    </Anchor>
  );
}

function MonthTable({ items, manage }: { items: MeetingSummary[]; manage: boolean }) {
  const labels = useHandbookLabels();
  const formatDateTime = useFormatDateTime();
  return (
    <ScrollTable minWidth={720}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <FormattedMessage id="manage.meetings.when" />
            </Table.Th>
            <Table.Th>
              <FormattedMessage id="manage.meetings.topic" />
            </Table.Th>
            <Table.Th>
              <FormattedMessage id="manage.meetings.kind" />
            </Table.Th>
            <Table.Th>
              <FormattedMessage id="manage.meetings.status" />
            </Table.Th>
            <Table.Th>
              <FormattedMessage id="manage.meetings.counts" />
            </Table.Th>
            {manage && (
              <Table.Th>
                <VisuallyHidden>
                  <FormattedMessage id="manage.actions" />
                </VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>{formatDateTime(m.startsAt)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/meetings/${m.id}`}>
                  {m.topic}
                </Anchor>
              </Table.Td>
              <Table.Td>{labels.kind(m.kind)}</Table.Td>
              <Table.Td>
                <StatusBadge status={m.status} />
              </Table.Td>
              <Table.Td>
                <Counts m={m} />
              </Table.Td>
              {manage && (
                <Table.Td>
                  <EditLink m={m} manage={manage} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function MonthCards({ items, manage }: { items: MeetingSummary[]; manage: boolean }) {
  const labels = useHandbookLabels();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack gap="xs">
      {items.map((m) => (
        <Paper key={m.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/meetings/${m.id}`} fw={500}>
                {m.topic}
              </Anchor>
              <Text size="xs" c="dimmed">
                {labels.kind(m.kind)} · {formatDateTime(m.startsAt)}
              </Text>
            </div>
            <StatusBadge status={m.status} />
          </Group>
          <Group mt={4} justify="space-between" gap="xs">
            <Counts m={m} />
            <EditLink m={m} manage={manage} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** A unit's meetings month by month: their status, replies and attendance, and for managers the way to schedule one. */
export function MeetingsPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayIso().slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const kind = params.get('kind') || undefined;
  const list = useUnitMeetings(unitId, { from: `${year}-01-01`, to: `${year}-12-31`, kind });
  const unitName = useUnitName(unitId);
  const kinds = useOptions(MEETING_KINDS);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const title = intl.formatMessage({ id: 'manage.meetings.title' });
  const manage = can(session.data, 'meeting.manage');
  return (
    <>
      <PageHeader
        title={unitName ? `${title} · ${unitName}` : title}
        above={<UnitBack unitId={unitId} />}
        actions={
          manage && (
            <Button
              component={Link}
              to={`/units/${unitId}/meetings/new`}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              <FormattedMessage id="manage.meetings.schedule" />
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label={intl.formatMessage({ id: 'manage.year' })}
          w={140}
          allowDeselect={false}
          value={String(year)}
          onChange={(v) => set('year', v)}
          data={Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i))}
        />
        <Select
          label={intl.formatMessage({ id: 'manage.meetings.kind' })}
          w={220}
          clearable
          placeholder={intl.formatMessage({ id: 'manage.allKinds' })}
          value={kind ?? null}
          onChange={(v) => set('kind', v)}
          data={kinds}
        />
      </Group>
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <Alert color="gray">
          <FormattedMessage id="manage.meetings.none" />
        </Alert>
      )}
      {list.data && (
        <Stack gap="lg">
          {byMonth(list.data.items).map(([month, items]) => (
            <section key={month} aria-labelledby={`month-${month}`}>
              <Title order={2} size="h4" mb="xs" id={`month-${month}`}>
                {intl.formatDate(new Date(`${month}-15T00:00:00Z`), {
                  month: 'long',
                  year: 'numeric',
                  timeZone: 'UTC',
                })}
              </Title>
              <Box visibleFrom="sm">
                <MonthTable items={items} manage={manage} />
              </Box>
              <Box hiddenFrom="sm">
                <MonthCards items={items} manage={manage} />
              </Box>
            </section>
          ))}
        </Stack>
      )}
    </>
  );
}
