import { useIntl } from 'react-intl';
import type { IndicatorView, TargetResult } from './programs.ts';

/** The indicator's name in the user's language, the target's own wording first. */
export function useTargetLabel() {
  const intl = useIntl();
  const indicatorLabel = (i: IndicatorView) => i.label[intl.locale] ?? i.label.en ?? i.code;
  const targetLabel = (t: TargetResult) => t.label ?? indicatorLabel(t.indicator);
  return { indicatorLabel, targetLabel };
}

/** A target's name with its filters, telling apart two targets on the same indicator (chart legends, column heads). */
export function useTargetTitle() {
  const { targetLabel } = useTargetLabel();
  const filterText = useFilterText();
  return (t: TargetResult) => {
    const filters = filterText(t.filters);
    return filters ? `${targetLabel(t)} (${filters})` : targetLabel(t);
  };
}

/** The target's filters as a short phrase ("non-state enterprises · age ≤ 30"). */
export function useFilterText() {
  const intl = useIntl();
  return (filters: Record<string, unknown>) =>
    Object.entries(filters)
      .map(([field, value]) => {
        if (field === 'ownership') return intl.formatMessage({ id: `stats.ownership.${String(value)}` });
        if (field === 'ageMin')
          return intl.formatMessage({ id: 'programs.filter.ageMin' }, { n: Number(value) });
        if (field === 'ageMax')
          return intl.formatMessage({ id: 'programs.filter.ageMax' }, { n: Number(value) });
        if (field === 'sex') return intl.formatMessage({ id: `sex.${String(value)}` });
        return Array.isArray(value) ? value.join(', ') : String(value);
      })
      .join(' · ');
}

/** Formats a two-decimal percent string from the server in the user's locale, keeping its sign. */
export function usePercent() {
  const intl = useIntl();
  return (value: string | null | undefined, signed = false) => {
    if (value == null) return '—';
    const n = Number(value);
    const text = intl.formatNumber(Math.abs(n), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const sign = n > 0 ? (signed ? '+' : '') : n < 0 ? '−' : '';
    return `${sign}${text}%`;
  };
}
