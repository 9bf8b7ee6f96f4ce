import { Anchor, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatNumber } from '../../components/format.ts';
import { Later } from '../../components/Later.tsx';
import { STATUS_CODES, useLabels } from '../../components/labels.ts';
import { withAsOf } from './asOf.ts';
import { OWNERSHIPS, useStatistics } from './units.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const StatisticsChart = lazy(() => import('./StatisticsCharts.tsx'));

/** The chart shows the largest kinds; the table below it lists them all. */
const CHART_BARS = 12;

/** The subtree's figures on the page's date; every figure links to the list behind it. */
export function UnitStatistics({ unitId, asOf }: { unitId: number; asOf: string | undefined }) {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const ownership = OWNERSHIPS.find((o) => o === params.get('ownership'));
  const setOwnership = (value: string | null) => {
    // from the current address: two quick changes must not undo each other
    const next = new URLSearchParams(window.location.search);
    if (value && value !== 'all') next.set('ownership', value);
    else next.delete('ownership');
    setParams(next, { replace: true });
  };
  const stats = useStatistics(unitId, asOf, true, ownership);
  const { kindLabel, familyLabel } = useCatalogueLabels();
  const labels = useLabels();
  const n = useFormatNumber();
  if (stats.isPending) return <PageLoader />;
  if (stats.isError) return <ErrorNotice error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  const unitsLink = (kind?: string) => withAsOf(`/units/${unitId}/units`, asOf, { kind, ownership });
  const membersLink = (family?: string, status?: string) =>
    withAsOf(`/units/${unitId}/members`, asOf, { family, status, ownership });
  const ownershipOptions = [
    { value: 'all', label: intl.formatMessage({ id: 'stats.ownership.all' }) },
    { value: 'non_state', label: intl.formatMessage({ id: 'stats.ownership.non_state' }) },
    { value: 'state_owned', label: intl.formatMessage({ id: 'stats.ownership.state_owned' }) },
    { value: 'foreign_invested', label: intl.formatMessage({ id: 'stats.ownership.foreign_invested' }) },
  ];

  const families = [...new Set(s.members.map((m) => m.family))];
  const statuses = STATUS_CODES.filter((code) => s.members.some((m) => m.status === code));
  const cell = (family: string, status: string) =>
    s.members.find((m) => m.family === family && m.status === status)?.count;

  return (
    <Stack gap="lg" style={{ opacity: stats.isPlaceholderData ? 0.6 : 1 }} aria-busy={stats.isFetching}>
      <Select
        label={intl.formatMessage({ id: 'stats.ownership.label' })}
        description={intl.formatMessage({ id: 'stats.ownership.hint' })}
        data={ownershipOptions}
        value={ownership ?? 'all'}
        onChange={setOwnership}
        allowDeselect={false}
        // The option list is drawn when opened, not kept hidden in the page (placing the hidden
        // list cost a full layout on the page's first render).
        autoSelectOnBlur={false}
        maw={420}
      />
      <section aria-labelledby="stats-totals">
        <Title order={2} size="h4" id="stats-totals" mb="sm">
          <FormattedMessage id="stats.totals" />
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
          <Figure
            label={intl.formatMessage({ id: 'stats.unitsInSubtree' })}
            value={n(s.totals.units)}
            to={unitsLink()}
          />
          {s.totals.members.map((m) => (
            <Figure
              key={m.family}
              label={familyLabel(m.family)}
              caption={intl.formatMessage({ id: 'stats.members' })}
              value={n(m.count)}
              to={membersLink(m.family)}
            />
          ))}
        </SimpleGrid>
      </section>

      <StatisticsChartFrames
        charts={[
          {
            title: intl.formatMessage({ id: 'stats.unitsByKind' }),
            data: [...s.units]
              .sort((a, b) => b.count - a.count)
              .slice(0, CHART_BARS)
              .map((u) => ({ label: kindLabel(u.kind), count: u.count })),
          },
          {
            title: intl.formatMessage({ id: 'stats.membersByFamily' }),
            data: s.totals.members.map((m) => ({ label: familyLabel(m.family), count: m.count })),
          },
        ]}
      />

      <Later>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <section aria-labelledby="stats-units">
            <Title order={2} size="h4" id="stats-units" mb="sm">
              <FormattedMessage id="stats.unitsByKind" />
            </Title>
            {s.units.length === 0 ? (
              <Text c="dimmed" size="sm">
                <FormattedMessage id="stats.none" />
              </Text>
            ) : (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="units.kind" />
                    </Table.Th>
                    <Table.Th className="num">
                      <FormattedMessage id="stats.count" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.units.map((u) => (
                    <Table.Tr key={u.kind}>
                      <Table.Td>{kindLabel(u.kind)}</Table.Td>
                      <Table.Td className="num">
                        <Anchor component={Link} to={unitsLink(u.kind)}>
                          {n(u.count)}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </section>

          <section aria-labelledby="stats-temporary">
            <Title order={2} size="h4" id="stats-temporary" mb="sm">
              <FormattedMessage id="stats.temporary" />
            </Title>
            {s.temporary.length === 0 ? (
              <Text c="dimmed" size="sm">
                <FormattedMessage id="stats.none" />
              </Text>
            ) : (
              <Table striped>
                <Table.Tbody>
                  {s.temporary.map((t) => (
                    <Table.Tr key={t.family}>
                      <Table.Td>{familyLabel(t.family)}</Table.Td>
                      <Table.Td className="num">{n(t.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </section>
        </SimpleGrid>
      </Later>

      <Later>
        <section aria-labelledby="stats-members">
          <Title order={2} size="h4" id="stats-members" mb="sm">
            <FormattedMessage id="stats.membersByStatus" />
          </Title>
          {families.length === 0 ? (
            <Text c="dimmed" size="sm">
              <FormattedMessage id="stats.none" />
            </Text>
          ) : (
            <ScrollTable minWidth={520}>
              <Table striped withColumnBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="stats.organization" />
                    </Table.Th>
                    {statuses.map((status) => (
                      <Table.Th key={status} className="num">
                        {labels.status(status)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {families.map((family) => (
                    <Table.Tr key={family}>
                      <Table.Th scope="row" fw={500}>
                        {familyLabel(family)}
                      </Table.Th>
                      {statuses.map((status) => {
                        const count = cell(family, status);
                        return (
                          <Table.Td key={status} className="num">
                            {count ? (
                              <Anchor component={Link} to={membersLink(family, status)}>
                                {n(count)}
                              </Anchor>
                            ) : (
                              <Text span c="dimmed" aria-label="0">
                                –
                              </Text>
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </section>
      </Later>

      {s.children.length > 0 && (
        <Later>
          <section aria-labelledby="stats-children">
            <Title order={2} size="h4" id="stats-children" mb="sm">
              <FormattedMessage id="stats.byChild" />
            </Title>
            <ScrollTable minWidth={480}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="units.name" />
                    </Table.Th>
                    <Table.Th className="num">
                      <FormattedMessage id="stats.units" />
                    </Table.Th>
                    <Table.Th className="num">
                      <FormattedMessage id="units.members" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.children.map((c) => (
                    <Table.Tr key={c.unitId}>
                      <Table.Td>
                        <Anchor component={Link} to={withAsOf(`/units/${c.unitId}`, asOf)}>
                          {c.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {kindLabel(c.kind)}
                        </Text>
                      </Table.Td>
                      <Table.Td className="num">
                        <Anchor component={Link} to={withAsOf(`/units/${c.unitId}/units`, asOf)}>
                          {n(c.units)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td className="num">
                        <Anchor component={Link} to={withAsOf(`/units/${c.unitId}/members`, asOf)}>
                          {n(c.members)}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </section>
        </Later>
      )}
    </Stack>
  );
}

function Figure({
  label,
  caption,
  value,
  to,
}: {
  label: string;
  caption?: string;
  value: string;
  to: string;
}) {
  return (
    <Card withBorder padding="sm" component={Link} to={to} style={{ textDecoration: 'none' }}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group gap={6} align="baseline">
        <Text fz={26} fw={700} c="brand.7" className="num" style={{ textAlign: 'start' }}>
          {value}
        </Text>
        {caption && (
          <Text size="xs" c="dimmed">
            {caption}
          </Text>
        )}
      </Group>
    </Card>
  );
}

/**
 * Bar charts of the page's figures. They repeat the tables beside them, which carry the links and
 * the exact numbers, so to assistive technology each chart is one labelled image. The charts' code
 * (the largest part of the console) loads and draws only when the charts come on screen; until
 * then each chart's frame holds its place at its final height, so nothing moves when it is drawn.
 */
function StatisticsChartFrames({
  charts,
}: {
  charts: { title: string; data: { label: string; count: number }[] }[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      { rootMargin: '0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  const shown = charts.filter((c) => c.data.length > 0);
  if (shown.length === 0) return null;
  return (
    <SimpleGrid ref={ref} cols={{ base: 1, md: 2 }} spacing="md">
      {shown.map((chart) => {
        const h = Math.max(160, chart.data.length * 34 + 40);
        return (
          <div key={chart.title}>
            <Text size="sm" fw={600} mb="xs" aria-hidden>
              {chart.title}
            </Text>
            <div role="img" aria-label={chart.title} style={{ height: h }}>
              {near && (
                <Suspense fallback={null}>
                  <StatisticsChart title={chart.title} data={chart.data} h={h} />
                </Suspense>
              )}
            </div>
          </div>
        );
      })}
    </SimpleGrid>
  );
}
