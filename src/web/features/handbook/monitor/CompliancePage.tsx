import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsSort, IconDownload, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { apiUrl } from '../../../api/client.ts';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { ScrollTable } from '../../../components/ScrollTable.tsx';
import { UnitBack } from '../manage/UnitBack.tsx';
import { closeLabel, useFormatDateTime, useHandbookLabels, useShare } from '../manage/labels.ts';
import {
  useCellMonth,
  useCompliance,
  type ComplianceMonth,
  type ComplianceQuery,
  type ComplianceRow,
  type ComplianceStatus,
} from './api.ts';
import classes from './monitor.module.css';
import { StatusMark, useStatusText } from './status.tsx';

const ComplianceChart = lazy(() => import('./ComplianceChart.tsx'));

const PAGE_SIZE = 50;
type SortKey = 'name' | 'status' | 'attendance';
type Sort = ComplianceQuery['sort'];
const SORTS: Sort[] = ['name', '-name', 'status', '-status', 'attendance', '-attendance'];
const SORT_LABEL: Record<Sort, { id: string }> = {
  name: { id: 'monitor.sort.name' },
  '-name': { id: 'monitor.sort.nameDesc' },
  status: { id: 'monitor.sort.status' },
  '-status': { id: 'monitor.sort.statusDesc' },
  attendance: { id: 'monitor.sort.attendance' },
  '-attendance': { id: 'monitor.sort.attendanceDesc' },
};
const FILTERS = ['green', 'amber', 'red'] as const;

function useMonthName() {
  const intl = useIntl();
  return (month: string, style: 'short' | 'long' = 'short') =>
    intl.formatDate(new Date(`${month}-15T00:00:00Z`), {
      month: style,
      ...(style === 'long' ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
}

/** A column head that sorts the list; a second press reverses it. */
function SortHead({
  sort,
  by,
  onSort,
  label,
}: {
  sort: Sort;
  by: SortKey;
  onSort: (s: Sort) => void;
  label: string;
}) {
  const active = sort === by || sort === `-${by}`;
  const reversed = sort === `-${by}`;
  const Glyph = !active ? IconArrowsSort : reversed ? IconSortDescending : IconSortAscending;
  return (
    <UnstyledButton
      onClick={() => onSort(active && !reversed ? (`-${by}` as Sort) : by)}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 700, fontSize: 'inherit' }}
    >
      <span>{label}</span>
      <Glyph size={14} aria-hidden />
    </UnstyledButton>
  );
}

function ariaSort(sort: Sort, by: SortKey): 'ascending' | 'descending' | undefined {
  if (sort === by) return 'ascending';
  if (sort === `-${by}`) return 'descending';
  return undefined;
}

/** What a square says to a screen reader: the cell, the month, the status and why. */
function useCellLabel() {
  const intl = useIntl();
  const text = useStatusText();
  const share = useShare();
  const monthName = useMonthName();
  return (row: ComplianceRow, m: ComplianceMonth) => {
    const parts = [`${row.unitName}, ${monthName(m.month, 'long')}: ${text.status(m.status)}`];
    if (m.reasons.length > 0) parts.push(m.reasons.map(text.reason).join(', '));
    if (m.attendanceRate !== null)
      parts.push(intl.formatMessage({ id: 'monitor.attendanceOf' }, { rate: share(m.attendanceRate) }));
    return parts.join('. ');
  };
}

function MonthSquare({
  row,
  m,
  onOpen,
}: {
  row: ComplianceRow;
  m: ComplianceMonth;
  onOpen: (row: ComplianceRow, m: ComplianceMonth) => void;
}) {
  const label = useCellLabel()(row, m);
  if (m.status === 'none' || m.status === 'not_applicable')
    return (
      <span role="img" aria-label={label} title={label}>
        <StatusMark status={m.status} />
      </span>
    );
  return (
    <button
      type="button"
      className={classes.cellButton}
      aria-label={label}
      title={label}
      onClick={() => onOpen(row, m)}
    >
      <StatusMark status={m.status} />
    </button>
  );
}

/** The meetings behind one square: what was scheduled and held, when, and who came. */
function CellMonthModal({
  row,
  m,
  onClose,
}: {
  row: ComplianceRow;
  m: ComplianceMonth;
  onClose: () => void;
}) {
  const intl = useIntl();
  const q = useCellMonth(row.unitId, m.month);
  const text = useStatusText();
  const labels = useHandbookLabels();
  const formatDateTime = useFormatDateTime();
  const monthName = useMonthName();
  const n = (v: number) => intl.formatNumber(v);
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={closeLabel(intl)}
      size="lg"
      title={intl.formatMessage(
        { id: 'monitor.drill.title' },
        { unit: row.unitName, month: monthName(m.month, 'long') },
      )}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <StatusMark status={m.status} />
          <Text fw={600}>{text.status(m.status)}</Text>
        </Group>
        {m.reasons.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {m.reasons.map((r) => (
              <li key={r}>
                <Text size="sm">{text.reason(r)}</Text>
              </li>
            ))}
          </ul>
        )}
        {q.isPending && <PageLoader />}
        {q.isError && <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />}
        {q.data && q.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            <FormattedMessage id="monitor.drill.none" />
          </Text>
        )}
        {q.data?.items.map((meeting) => (
          <Stack
            key={meeting.id}
            gap={2}
            p="sm"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
          >
            <Anchor component={Link} to={`/meetings/${meeting.id}`} fw={500}>
              {meeting.topic}
            </Anchor>
            <Text size="xs" c="dimmed">
              {labels.kind(meeting.kind)} · {labels.status(meeting.status)} ·{' '}
              {formatDateTime(meeting.startsAt)}
            </Text>
            <Text size="sm">
              <FormattedMessage
                id="monitor.drill.scheduled"
                values={{ at: formatDateTime(meeting.scheduledAt) }}
              />
            </Text>
            {meeting.heldAt && (
              <Text size="sm">
                <FormattedMessage id="monitor.drill.held" values={{ at: formatDateTime(meeting.heldAt) }} />
              </Text>
            )}
            <Text size="sm">
              {meeting.minutesPublishedAt ? (
                <FormattedMessage
                  id="monitor.drill.minutes"
                  values={{ at: formatDateTime(meeting.minutesPublishedAt) }}
                />
              ) : (
                <FormattedMessage id="monitor.drill.noMinutes" />
              )}
            </Text>
            <Text size="sm">
              <FormattedMessage
                id="monitor.drill.attended"
                values={{ attended: n(meeting.attended), invited: n(meeting.invited) }}
              />
            </Text>
          </Stack>
        ))}
        <Group justify="space-between">
          <Anchor component={Link} to={`/units/${row.unitId}/meetings?year=${m.month.slice(0, 4)}`} size="sm">
            <FormattedMessage id="monitor.drill.allMeetings" values={{ unit: row.unitName }} />
          </Anchor>
          <Button variant="default" onClick={onClose}>
            <FormattedMessage id="common.close" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Legend() {
  const text = useStatusText();
  const statuses: ComplianceStatus[] = ['green', 'amber', 'red', 'pending', 'none'];
  return (
    <div className={classes.legend}>
      {statuses.map((s) => (
        <Group key={s} gap={6} wrap="nowrap">
          <StatusMark status={s} />
          <Text size="sm">{text.status(s)}</Text>
        </Group>
      ))}
    </div>
  );
}

/**
 * The superior committee's view of its cells' meetings over a year: a square per cell and month, a
 * summary per month, a chart of the same, and every square opens the meetings behind it.
 */
export function CompliancePage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year')) || thisYear;
  const sortParam = params.get('sort') as Sort | null;
  const sort: Sort = sortParam && SORTS.includes(sortParam) ? sortParam : 'name';
  const statusParam = params.get('status');
  const status = FILTERS.find((f) => f === statusParam);
  const page = Number(params.get('page') ?? '1') || 1;
  const q = useCompliance(unitId, { year, sort, status, page, pageSize: PAGE_SIZE });
  const text = useStatusText();
  const share = useShare();
  const formatDate = useFormatDate();
  const monthName = useMonthName();
  const [open, setOpen] = useState<{ row: ComplianceRow; m: ComplianceMonth } | null>(null);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const title = intl.formatMessage({ id: 'monitor.title' });
  const data = q.data;
  const n = (v: number) => intl.formatNumber(v);
  return (
    <>
      <PageHeader
        title={data ? `${title} · ${data.unitName}` : title}
        above={<UnitBack unitId={unitId} />}
        subtitle={
          data && (
            <>
              <FormattedMessage
                id="monitor.subtitle"
                values={{ date: formatDate(data.asOf), day: data.scheduleDay }}
              />
              {data.takenAt && (
                <>
                  {' · '}
                  <FormattedMessage
                    id="monitor.takenAt"
                    values={{ time: intl.formatTime(new Date(data.takenAt), { timeStyle: 'short' }) }}
                  />
                </>
              )}
            </>
          )
        }
        actions={
          <Button
            component="a"
            href={apiUrl(`/units/${unitId}/compliance/export`, { year })}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            <FormattedMessage id="export.xlsx" />
          </Button>
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label={intl.formatMessage({ id: 'manage.year' })}
          w={120}
          allowDeselect={false}
          value={String(year)}
          onChange={(v) => set('year', v)}
          data={Array.from({ length: 6 }, (_, i) => String(thisYear - i))}
        />
        <Select
          label={intl.formatMessage({ id: 'monitor.filter' })}
          w={220}
          clearable
          placeholder={intl.formatMessage({ id: 'manage.allStatuses' })}
          value={status ?? null}
          onChange={(v) => set('status', v)}
          data={FILTERS.map((f) => ({ value: f, label: text.status(f) }))}
        />
        <Select
          label={intl.formatMessage({ id: 'monitor.sort' })}
          w={240}
          allowDeselect={false}
          value={sort}
          onChange={(v) => set('sort', v === 'name' ? null : v)}
          data={SORTS.map((s) => ({ value: s, label: intl.formatMessage(SORT_LABEL[s]) }))}
        />
      </Group>
      {q.isPending && <PageLoader />}
      {q.isError && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      {data && (
        <Stack gap="lg">
          <Legend />
          {data.items.length === 0 ? (
            <Alert color="gray">
              <FormattedMessage id="monitor.none" />
            </Alert>
          ) : (
            <ScrollTable minWidth={1040} label={intl.formatMessage({ id: 'monitor.tableLabel' }, { year })}>
              <Table className={classes.grid} striped withRowBorders>
                <Table.Caption>
                  <FormattedMessage id="monitor.caption" values={{ year, total: n(data.total) }} />
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th className={classes.name} aria-sort={ariaSort(sort, 'name')}>
                      <SortHead
                        sort={sort}
                        by="name"
                        onSort={(s) => set('sort', s)}
                        label={intl.formatMessage({ id: 'monitor.cell' })}
                      />
                    </Table.Th>
                    <Table.Th aria-sort={ariaSort(sort, 'status')}>
                      <SortHead
                        sort={sort}
                        by="status"
                        onSort={(s) => set('sort', s)}
                        label={intl.formatMessage({ id: 'monitor.overall' })}
                      />
                    </Table.Th>
                    <Table.Th aria-sort={ariaSort(sort, 'attendance')}>
                      <SortHead
                        sort={sort}
                        by="attendance"
                        onSort={(s) => set('sort', s)}
                        label={intl.formatMessage({ id: 'monitor.attendance' })}
                      />
                    </Table.Th>
                    {data.summary.map((s) => (
                      <Table.Th key={s.month} scope="col">
                        <abbr title={monthName(s.month, 'long')} style={{ textDecoration: 'none' }}>
                          {monthName(s.month)}
                        </abbr>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((row) => (
                    <Table.Tr key={row.unitId}>
                      <Table.Th scope="row" className={classes.name}>
                        <Anchor component={Link} to={`/units/${row.unitId}/meetings?year=${year}`} size="sm">
                          {row.unitName}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>
                        <span role="img" aria-label={text.status(row.status)} title={text.status(row.status)}>
                          <StatusMark status={row.status} />
                        </span>
                      </Table.Td>
                      <Table.Td className="num">{share(row.attendanceRate)}</Table.Td>
                      {row.months.map((m) => (
                        <Table.Td key={m.month}>
                          <MonthSquare row={row} m={m} onOpen={(r, mm) => setOpen({ row: r, m: mm })} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot className={classes.summary}>
                  <Table.Tr>
                    <Table.Th scope="row" className={classes.name}>
                      <FormattedMessage id="monitor.summary" />
                    </Table.Th>
                    <Table.Td />
                    <Table.Td />
                    {data.summary.map((s) => (
                      <Table.Td key={s.month}>
                        {s.cells === 0 ? (
                          '—'
                        ) : (
                          <span
                            title={intl.formatMessage(
                              { id: 'monitor.summaryCell' },
                              {
                                month: monthName(s.month, 'long'),
                                green: n(s.green),
                                amber: n(s.amber),
                                red: n(s.red),
                                pending: n(s.pending),
                                cells: n(s.cells),
                              },
                            )}
                          >
                            {`${n(s.green)}/${n(s.amber)}/${n(s.red)}`}
                          </span>
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row" className={classes.name}>
                      <FormattedMessage id="monitor.averageAttendance" />
                    </Table.Th>
                    <Table.Td />
                    <Table.Td />
                    {data.summary.map((s) => (
                      <Table.Td key={s.month}>{share(s.averageAttendance)}</Table.Td>
                    ))}
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </ScrollTable>
          )}
          <Text size="xs" c="dimmed">
            <FormattedMessage id="monitor.summaryHint" />
          </Text>
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onChange={(p) => set('page', String(p))}
          />
          {data.summary.some((s) => s.cells > 0) && (
            <section aria-labelledby="monitor-chart">
              <Title order={2} size="h4" id="monitor-chart" mb="xs">
                <FormattedMessage id="monitor.chart" />
              </Title>
              <Suspense fallback={<PageLoader />}>
                <ComplianceChart summary={data.summary} title={intl.formatMessage({ id: 'monitor.chart' })} />
              </Suspense>
            </section>
          )}
        </Stack>
      )}
      {open && <CellMonthModal row={open.row} m={open.m} onClose={() => setOpen(null)} />}
    </>
  );
}
