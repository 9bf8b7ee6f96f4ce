import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { apiUrl } from '../../api/client.ts';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { useFormatDate } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { AsOfInput } from '../units/AsOfInput.tsx';
import { useFilterText, usePercent, useTargetLabel, useTargetTitle } from './labels.ts';
import { useDashboard, type ProgramDashboard, type TargetResult } from './programs.ts';
import { TargetActions } from './TargetForms.tsx';
import classes from './programs.module.css';

const ProgramChart = lazy(() => import('./ProgramChart.tsx'));

/** Progress toward the target, capped at the bar's end; the exact figure is beside it. */
function progressOf(t: TargetResult): number {
  const p = Number(t.assessment?.percentOfTarget ?? 0);
  return Math.max(0, Math.min(100, p));
}

function StatusBadge({ t }: { t: TargetResult }) {
  if (!t.assessment)
    return (
      <Badge color="gray" variant="outline">
        <FormattedMessage id="programs.noValue" />
      </Badge>
    );
  return t.assessment.met ? (
    <Badge color="green" variant="light">
      <FormattedMessage id="programs.met" />
    </Badge>
  ) : (
    <Badge color="red" variant="light">
      <FormattedMessage id="programs.notMet" />
    </Badge>
  );
}

/** The achieved figure; where records stand behind it, a link to them. */
function Achieved({
  d,
  t,
  asOf,
  label,
}: {
  d: ProgramDashboard;
  t: TargetResult;
  asOf: string | undefined;
  label: string;
}) {
  const intl = useIntl();
  if (!t.assessment) return <>—</>;
  const value = intl.formatNumber(Number(t.assessment.achieved));
  if (!t.indicator.drillable) return <>{value}</>;
  return (
    <Anchor
      component={Link}
      to={`/programs/${d.program.id}/targets/${t.id}${asOf ? `?asOf=${asOf}` : ''}`}
      aria-label={intl.formatMessage({ id: 'programs.drill' }, { value, target: label })}
    >
      {value}
    </Anchor>
  );
}

function TargetsTable({ d, asOf }: { d: ProgramDashboard; asOf: string | undefined }) {
  const intl = useIntl();
  const percent = usePercent();
  const filterText = useFilterText();
  const { targetLabel } = useTargetLabel();
  const number = (v: string | null | undefined) => (v == null ? '—' : intl.formatNumber(Number(v)));
  return (
    <ScrollTable minWidth={760}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <FormattedMessage id="programs.target" />
            </Table.Th>
            <Table.Th ta="end">
              <FormattedMessage id="programs.planned" />
            </Table.Th>
            <Table.Th ta="end">
              <FormattedMessage id="programs.achieved" />
            </Table.Th>
            <Table.Th w={200}>
              <FormattedMessage id="programs.percentOfTarget" />
            </Table.Th>
            <Table.Th ta="end">
              <FormattedMessage id="programs.difference" />
            </Table.Th>
            <Table.Th>
              <FormattedMessage id="programs.status" />
            </Table.Th>
            {d.policies.edit && (
              <Table.Th className={classes.noPrint}>
                <VisuallyHidden>
                  <FormattedMessage id="programs.actions" />
                </VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.targets.map((t) => {
            const label = targetLabel(t);
            const filters = filterText(t.filters);
            return (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {label}
                  </Text>
                  {filters && (
                    <Text size="xs" c="dimmed">
                      {filters}
                    </Text>
                  )}
                  {t.origin === 'reported' && (
                    <Text size="xs" c="dimmed">
                      <FormattedMessage id="programs.reported" values={{ source: t.reportSource ?? '—' }} />
                    </Text>
                  )}
                  {t.cascaded && (
                    <Text size="xs" c="dimmed">
                      <FormattedMessage
                        id="programs.cascaded"
                        values={{ count: t.cascaded.count, sum: number(t.cascaded.sum) }}
                      />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="end">{number(t.assessment?.target ?? null)}</Table.Td>
                <Table.Td ta="end">
                  <Achieved d={d} t={t} asOf={asOf} label={label} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={progressOf(t)}
                      color={t.assessment?.met ? 'green' : 'red'}
                      w={110}
                      aria-label={intl.formatMessage({ id: 'programs.progressOf' }, { target: label })}
                    />
                    <Text size="sm">{percent(t.assessment?.percentOfTarget)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="end">{percent(t.assessment?.difference, true)}</Table.Td>
                <Table.Td>
                  <StatusBadge t={t} />
                </Table.Td>
                {d.policies.edit && (
                  <Table.Td className={classes.noPrint}>
                    <TargetActions target={t} dashboard={d} />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** On a phone: one card per target, the figures that matter in one line. */
function TargetCards({ d, asOf }: { d: ProgramDashboard; asOf: string | undefined }) {
  const intl = useIntl();
  const percent = usePercent();
  const filterText = useFilterText();
  const { targetLabel } = useTargetLabel();
  const number = (v: string | null | undefined) => (v == null ? '—' : intl.formatNumber(Number(v)));
  return (
    <Stack gap="xs" hiddenFrom="sm">
      {d.targets.map((t) => {
        const label = targetLabel(t);
        const filters = filterText(t.filters);
        return (
          <Paper key={t.id} withBorder p="sm" radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {label}
                </Text>
                {filters && (
                  <Text size="xs" c="dimmed">
                    {filters}
                  </Text>
                )}
              </div>
              <StatusBadge t={t} />
            </Group>
            <Group gap="xs" mt={6} wrap="nowrap">
              <Text size="lg" fw={700}>
                <Achieved d={d} t={t} asOf={asOf} label={label} />
              </Text>
              <Text size="sm" c="dimmed">
                / {number(t.assessment?.target ?? null)}
              </Text>
              <Text size="sm" ms="auto">
                {percent(t.assessment?.percentOfTarget)} ({percent(t.assessment?.difference, true)})
              </Text>
            </Group>
            <Progress
              mt={6}
              value={progressOf(t)}
              color={t.assessment?.met ? 'green' : 'red'}
              aria-label={intl.formatMessage({ id: 'programs.progressOf' }, { target: label })}
            />
            {t.origin === 'reported' && (
              <Text size="xs" c="dimmed" mt={4}>
                <FormattedMessage id="programs.reported" values={{ source: t.reportSource ?? '—' }} />
              </Text>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}

function ChildrenTable({ d }: { d: ProgramDashboard }) {
  const intl = useIntl();
  const targetTitle = useTargetTitle();
  const derived = d.targets.filter((t) => t.origin === 'derived');
  const number = (v: string | undefined) => (v == null ? '—' : intl.formatNumber(Number(v)));
  if (d.children.length === 0) return null;
  return (
    <section aria-labelledby="program-children">
      <Title order={2} size="h4" id="program-children" mb="xs">
        <FormattedMessage id="programs.children" />
      </Title>
      <ScrollTable minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>
                <FormattedMessage id="programs.unit" />
              </Table.Th>
              {derived.map((t) => (
                <Table.Th key={t.id} ta="end" className={classes.narrowHead}>
                  {targetTitle(t)}
                </Table.Th>
              ))}
              <Table.Th ta="end">
                <FormattedMessage id="programs.metOfCascaded" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.children.map((c, i) => (
              <Table.Tr key={c.unitId ?? 'self'}>
                <Table.Td>{c.unitId === null ? '' : i + 1}</Table.Td>
                <Table.Td>
                  {c.unitId === null ? (
                    c.name
                  ) : (
                    <Anchor component={Link} to={`/units/${c.unitId}`}>
                      {c.name}
                    </Anchor>
                  )}
                </Table.Td>
                {derived.map((t) => (
                  <Table.Td key={t.id} ta="end">
                    {number(c.values[String(t.id)])}
                    {c.targets[String(t.id)] !== undefined && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        / {number(c.targets[String(t.id)])}
                      </Text>
                    )}
                  </Table.Td>
                ))}
                <Table.Td ta="end">{c.assessed > 0 ? `${c.met}/${c.assessed}` : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </section>
  );
}

/** A program's dashboard: the key targets with progress, month by month, and the subordinate units. */
export function ProgramPage() {
  const id = Number(useParams().programId);
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') || undefined;
  const setAsOf = (v: string | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (v) next.set('asOf', v);
    else next.delete('asOf');
    setParams(next);
  };
  const q = useDashboard(id, asOf);
  const formatDate = useFormatDate();
  const intl = useIntl();
  const [chart] = useState(true);
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const p = d.program;
  return (
    <div className={classes.page}>
      <PageHeader
        title={p.title}
        above={
          <Anchor component={Link} to={`/programs?unitId=${p.unitId}`} size="sm" className={classes.noPrint}>
            ← {p.unitName}
          </Anchor>
        }
        subtitle={
          <Group gap="xs" wrap="wrap">
            <span>
              <FormattedMessage id="programs.period" values={{ period: p.period }} />
            </span>
            {p.scopeUnitId !== p.unitId && (
              <span>
                · <FormattedMessage id="programs.counts" values={{ unit: p.scopeUnitName }} />
              </span>
            )}
            <span>
              · <FormattedMessage id="programs.evaluatedOn" values={{ date: formatDate(d.evaluatedOn) }} />
            </span>
          </Group>
        }
        actions={
          <Group gap="xs" className={classes.noPrint}>
            {d.policies.export && (
              <Button
                component="a"
                href={apiUrl(`/programs/${p.id}/export`, { asOf })}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                <FormattedMessage id="export.xlsx" />
              </Button>
            )}
            <Button
              variant="default"
              leftSection={<IconPrinter size={16} aria-hidden />}
              onClick={() => window.print()}
            >
              <FormattedMessage id="programs.print" />
            </Button>
          </Group>
        }
      />
      <Group mb="md" align="flex-end" justify="space-between" wrap="wrap" className={classes.noPrint}>
        <AsOfInput value={asOf} onChange={setAsOf} />
      </Group>
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          <Paper withBorder p="sm" radius="md">
            <Text size="xs" c="dimmed">
              <FormattedMessage id="programs.targetsMet" />
            </Text>
            <Text fw={700} fz={28} data-testid="targets-met">
              {d.summary.label}
            </Text>
          </Paper>
          <Paper withBorder p="sm" radius="md">
            <Text size="xs" c="dimmed">
              <FormattedMessage id="programs.reportedCount" />
            </Text>
            <Text fw={700} fz={28}>
              {d.targets.filter((t) => t.origin === 'reported').length}
            </Text>
          </Paper>
        </SimpleGrid>
        {d.targets.some((t) => t.origin === 'reported') && (
          <Alert color="gray" variant="light">
            <FormattedMessage id="programs.reportedNote" />
          </Alert>
        )}
        {d.targets.length === 0 ? (
          <Text c="dimmed">
            <FormattedMessage id="programs.noTargets" />
          </Text>
        ) : (
          <>
            <Box visibleFrom="sm">
              <TargetsTable d={d} asOf={asOf} />
            </Box>
            <TargetCards d={d} asOf={asOf} />
          </>
        )}
        {d.policies.edit && <TargetActions dashboard={d} />}
        {chart && d.months.length > 1 && d.targets.some((t) => t.origin === 'derived') && (
          <section aria-labelledby="program-months" className={classes.avoidBreak}>
            <Title order={2} size="h4" id="program-months" mb="xs">
              <FormattedMessage id="programs.monthly" />
            </Title>
            <Suspense fallback={<PageLoader />}>
              <ProgramChart d={d} title={intl.formatMessage({ id: 'programs.monthly' })} />
            </Suspense>
          </section>
        )}
        <ChildrenTable d={d} />
      </Stack>
    </div>
  );
}
