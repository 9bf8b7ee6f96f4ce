import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { SimpleGrid, Text } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useDirection } from '@mantine/core';

export interface ChartBar {
  label: string;
  count: number;
}

/**
 * Bar charts of the page's figures. They repeat the tables beside them, which carry the links and
 * the exact numbers, so to assistive technology each chart is one labelled image.
 */
export default function StatisticsCharts({
  unitsByKind,
  membersByFamily,
}: {
  unitsByKind: ChartBar[];
  membersByFamily: ChartBar[];
}) {
  const intl = useIntl();
  const { dir } = useDirection();
  const charts = [
    { title: intl.formatMessage({ id: 'stats.unitsByKind' }), data: unitsByKind },
    { title: intl.formatMessage({ id: 'stats.membersByFamily' }), data: membersByFamily },
  ].filter((c) => c.data.length > 0);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {charts.map((chart) => (
        <div key={chart.title}>
          <Text size="sm" fw={600} mb="xs" aria-hidden>
            {chart.title}
          </Text>
          <div role="img" aria-label={chart.title}>
            <BarChart
              h={Math.max(160, chart.data.length * 34 + 40)}
              data={chart.data}
              dataKey="label"
              orientation="vertical"
              series={[{ name: 'count', color: 'brand.7', label: chart.title }]}
              valueFormatter={(v) => intl.formatNumber(v)}
              yAxisProps={{ width: 140, orientation: dir === 'rtl' ? 'right' : 'left' }}
              barChartProps={{ margin: dir === 'rtl' ? { left: 48, right: 8 } : { left: 8, right: 48 } }}
              xAxisProps={{ reversed: dir === 'rtl' }}
              gridAxis="x"
              withTooltip={false}
              withBarValueLabel
            />
          </div>
        </div>
      ))}
    </SimpleGrid>
  );
}
