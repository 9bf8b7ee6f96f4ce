import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useDirection } from '@mantine/core';
import { useIntl } from 'react-intl';

export interface ReadsBar {
  label: string;
  read: number;
  studied: number;
}

/**
 * Read and studied shares per subordinate unit, in percent. The table beside it carries the exact
 * figures, so to assistive technology the chart is one labelled image.
 */
export default function ReadsChart({ data, title }: { data: ReadsBar[]; title: string }) {
  const intl = useIntl();
  const { dir } = useDirection();
  return (
    <div role="img" aria-label={title}>
      <BarChart
        h={Math.max(180, data.length * 44 + 60)}
        data={data}
        dataKey="label"
        orientation="vertical"
        unit="%"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        series={[
          { name: 'read', color: 'brand.7', label: intl.formatMessage({ id: 'manage.reads.read' }) },
          { name: 'studied', color: 'teal.8', label: intl.formatMessage({ id: 'manage.reads.studied' }) },
        ]}
        valueFormatter={(v) => intl.formatNumber(v, { maximumFractionDigits: 1 })}
        yAxisProps={{ width: 150, orientation: dir === 'rtl' ? 'right' : 'left' }}
        xAxisProps={{ reversed: dir === 'rtl', domain: [0, 100] }}
        gridAxis="x"
        withTooltip={false}
      />
    </div>
  );
}
