import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useDirection } from '@mantine/core';
import { useIntl } from 'react-intl';

export interface ChartBar {
  label: string;
  count: number;
}

/**
 * One bar chart of the page's figures, `h` pixels high (the frame around it, drawn before the
 * charts' code is loaded, keeps the same height: see StatisticsChartFrames in UnitStatistics.tsx).
 */
export default function StatisticsChart({ title, data, h }: { title: string; data: ChartBar[]; h: number }) {
  const intl = useIntl();
  const { dir } = useDirection();
  return (
    <BarChart
      h={h}
      data={data}
      dataKey="label"
      orientation="vertical"
      series={[{ name: 'count', color: 'brand.7', label: title }]}
      valueFormatter={(v) => intl.formatNumber(v)}
      yAxisProps={{ width: 140, orientation: dir === 'rtl' ? 'right' : 'left' }}
      barChartProps={{ margin: dir === 'rtl' ? { left: 48, right: 8 } : { left: 8, right: 48 } }}
      xAxisProps={{ reversed: dir === 'rtl' }}
      gridAxis="x"
      withTooltip={false}
      withBarValueLabel
    />
  );
}
