import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { useIntl } from 'react-intl';
import { useTargetTitle } from './labels.ts';
import type { ProgramDashboard } from './programs.ts';

const COLORS = [
  'blue.6',
  'green.6',
  'orange.6',
  'grape.6',
  'cyan.6',
  'red.6',
  'teal.6',
  'indigo.6',
  'yellow.7',
  'pink.6',
];

/**
 * Each derived target's progress month by month, as a percentage of the target so targets of different
 * sizes share one axis. The table above carries the exact figures, so the chart is one labelled image.
 */
export default function ProgramChart({ d, title }: { d: ProgramDashboard; title: string }) {
  const intl = useIntl();
  const targetTitle = useTargetTitle();
  const targets = d.targets.filter(
    (t) => t.origin === 'derived' && t.assessment && Number(t.assessment.target) > 0,
  );
  const data = d.months.map((m) => {
    const row: Record<string, string | number> = {
      month: intl.formatDate(new Date(`${m.month}-15T00:00:00Z`), {
        month: 'short',
        year: '2-digit',
        timeZone: 'UTC',
      }),
    };
    for (const t of targets) {
      const v = m.values[String(t.id)];
      if (v != null) row[String(t.id)] = Math.round((Number(v) / Number(t.assessment!.target)) * 10000) / 100;
    }
    return row;
  });
  return (
    <div role="img" aria-label={title}>
      <LineChart
        h={280}
        data={data}
        dataKey="month"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        unit="%"
        referenceLines={[{ y: 100, label: '100%', color: 'gray.6' }]}
        valueFormatter={(v) => intl.formatNumber(v, { maximumFractionDigits: 2 })}
        // Keyed by target id: two targets may share an indicator's name.
        series={targets.map((t, i) => ({
          name: String(t.id),
          label: targetTitle(t),
          color: COLORS[i % COLORS.length]!,
        }))}
        curveType="linear"
      />
    </div>
  );
}
