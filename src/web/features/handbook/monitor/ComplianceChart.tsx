import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useDirection } from '@mantine/core';
import { useIntl } from 'react-intl';
import type { ComplianceMonthSummary } from './api.ts';

/**
 * How many cells were green, amber and red in each month, stacked. The summary rows of the table
 * carry the same figures, so to assistive technology the chart is one labelled image.
 */
export default function ComplianceChart({
  summary,
  title,
}: {
  summary: ComplianceMonthSummary[];
  title: string;
}) {
  const intl = useIntl();
  const { dir } = useDirection();
  const data = summary.map((s) => ({
    month: intl.formatDate(new Date(`${s.month}-15T00:00:00Z`), { month: 'short', timeZone: 'UTC' }),
    green: s.green,
    amber: s.amber,
    red: s.red,
  }));
  return (
    <div role="img" aria-label={title}>
      <BarChart
        h={260}
        data={data}
        dataKey="month"
        type="stacked"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        series={[
          { name: 'green', color: 'green.7', label: intl.formatMessage({ id: 'monitor.status.green' }) },
          { name: 'amber', color: 'yellow.6', label: intl.formatMessage({ id: 'monitor.status.amber' }) },
          { name: 'red', color: 'red.7', label: intl.formatMessage({ id: 'monitor.status.red' }) },
        ]}
        valueFormatter={(v) => intl.formatNumber(v)}
        xAxisProps={{ reversed: dir === 'rtl' }}
        yAxisProps={{ orientation: dir === 'rtl' ? 'right' : 'left', allowDecimals: false }}
      />
    </div>
  );
}
