import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { useDirection } from '@mantine/core';
import { useIntl } from 'react-intl';
import type { Adoption } from './api.ts';

/**
 * Activated and active-in-30-days shares over time, in percent. The table below carries the figures,
 * so to assistive technology the chart is one labelled image.
 */
export default function AdoptionChart({ series, title }: { series: Adoption['series']; title: string }) {
  const intl = useIntl();
  const { dir } = useDirection();
  const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
  const data = series.map((p) => ({
    date: intl.formatDate(new Date(`${p.date}T12:00:00Z`), {
      day: '2-digit',
      month: 'short',
      year: '2-digit',
      timeZone: 'UTC',
    }),
    activated: percent(p.activatedShare),
    active: percent(p.activeShare),
  }));
  return (
    <div role="img" aria-label={title}>
      <LineChart
        h={280}
        data={data}
        dataKey="date"
        unit="%"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        yAxisProps={{ domain: [0, 100], orientation: dir === 'rtl' ? 'right' : 'left' }}
        xAxisProps={{ reversed: dir === 'rtl' }}
        valueFormatter={(v) => intl.formatNumber(v, { maximumFractionDigits: 1 })}
        series={[
          { name: 'activated', color: 'brand.7', label: intl.formatMessage({ id: 'adoption.activated' }) },
          { name: 'active', color: 'teal.8', label: intl.formatMessage({ id: 'adoption.active' }) },
        ]}
        curveType="linear"
        connectNulls
      />
    </div>
  );
}
