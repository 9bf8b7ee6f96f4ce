import { Alert, Anchor, Box, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError, PageLoader } from '../../../app/status.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ScrollTable } from '../../../components/ScrollTable.tsx';
import { useShare } from '../manage/labels.ts';
import { UnitBack } from '../manage/UnitBack.tsx';
import { useAdoption } from './api.ts';

const AdoptionChart = lazy(() => import('./AdoptionChart.tsx'));

/** How far the handbook has reached the unit's members: activated accounts and use in the last 30 days. */
export function AdoptionPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const [params, setParams] = useSearchParams();
  const from = params.get('from') || undefined;
  const to = params.get('to') || undefined;
  const q = useAdoption(unitId, { from, to });
  const share = useShare();
  const formatDate = useFormatDate();
  const n = (v: number) => intl.formatNumber(v);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const title = intl.formatMessage({ id: 'adoption.title' });
  const data = q.data;
  const last = data?.series[data.series.length - 1];
  return (
    <>
      <PageHeader
        title={data ? `${title} · ${data.unitName}` : title}
        above={<UnitBack unitId={unitId} />}
        subtitle={<FormattedMessage id="adoption.subtitle" />}
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <DateField
          label={intl.formatMessage({ id: 'adoption.from' })}
          clearable
          w={180}
          max={to}
          value={from}
          onChange={(v) => set('from', v)}
        />
        <DateField
          label={intl.formatMessage({ id: 'adoption.to' })}
          clearable
          w={180}
          min={from}
          value={to}
          onChange={(v) => set('to', v)}
        />
      </Group>
      {q.isPending && <PageLoader />}
      {q.isError && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      {data && (
        <Stack gap="lg">
          {last && (
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <Paper withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="adoption.members" />
                </Text>
                <Text fw={700} fz={28}>
                  {n(last.members)}
                </Text>
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="adoption.onDate" values={{ date: formatDate(last.date) }} />
                </Text>
              </Paper>
              <Paper withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="adoption.activated" />
                </Text>
                <Text fw={700} fz={28}>
                  {share(last.activatedShare)}
                </Text>
                <Text size="xs" c="dimmed">
                  {n(last.activated)}
                </Text>
              </Paper>
              <Paper withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="adoption.active" />
                </Text>
                <Text fw={700} fz={28}>
                  {share(last.activeShare)}
                </Text>
                <Text size="xs" c="dimmed">
                  {n(last.active30)}
                </Text>
              </Paper>
            </SimpleGrid>
          )}
          {data.series.length > 1 && (
            <section aria-labelledby="adoption-chart">
              <Title order={2} size="h4" id="adoption-chart" mb="xs">
                <FormattedMessage id="adoption.overTime" />
              </Title>
              <Suspense fallback={<PageLoader />}>
                <AdoptionChart series={data.series} title={intl.formatMessage({ id: 'adoption.overTime' })} />
              </Suspense>
            </section>
          )}
          <section aria-labelledby="adoption-children">
            <Title order={2} size="h4" id="adoption-children" mb="xs">
              <FormattedMessage id="adoption.byUnit" />
            </Title>
            {data.children.length === 0 ? (
              <Alert color="gray">
                <FormattedMessage id="adoption.noUnits" />
              </Alert>
            ) : (
              <Box>
                <ScrollTable minWidth={640}>
                  <Table striped highlightOnHover>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>
                          <FormattedMessage id="adoption.unit" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="adoption.members" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="adoption.activated" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="adoption.active" />
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.children.map((c) => (
                        <Table.Tr key={c.unitId}>
                          <Table.Td>
                            <Anchor component={Link} to={`/units/${c.unitId}/adoption`} size="sm">
                              {c.unitName}
                            </Anchor>
                          </Table.Td>
                          <Table.Td className="num">{n(c.members)}</Table.Td>
                          <Table.Td className="num">
                            {share(c.activatedShare)} ({n(c.activated)})
                          </Table.Td>
                          <Table.Td className="num">
                            {share(c.activeShare)} ({n(c.active30)})
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              </Box>
            )}
          </section>
        </Stack>
      )}
    </>
  );
}
