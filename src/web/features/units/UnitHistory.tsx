import { Text, Timeline } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatDate } from '../../components/format.ts';
import { useUnitHistory } from './units.ts';

const KIND = {
  established: { id: 'history.established' },
  renamed: { id: 'history.renamed' },
  reclassified: { id: 'history.reclassified' },
  attached: { id: 'history.attached' },
  moved: { id: 'history.moved' },
  closed: { id: 'history.closed' },
  merged_in: { id: 'history.merged_in' },
  split_from: { id: 'history.split_from' },
} as const;

/** What happened to the unit, newest first, from its dated events. */
export function UnitHistory({ unitId }: { unitId: number }) {
  const intl = useIntl();
  const history = useUnitHistory(unitId);
  const formatDate = useFormatDate();
  const { kindLabel } = useCatalogueLabels();
  if (history.isPending) return <PageLoader />;
  if (history.isError) return <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />;
  const items = [...history.data.items].sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
  if (items.length === 0)
    return (
      <Text c="dimmed">
        <FormattedMessage id="history.empty" />
      </Text>
    );
  const describe = (kind: string, details: Record<string, unknown>) => {
    const from = details.from;
    const to = details.to;
    if (
      (kind === 'renamed' || kind === 'reclassified') &&
      typeof from === 'string' &&
      typeof to === 'string'
    ) {
      const f = kind === 'reclassified' ? kindLabel(from) : from;
      const t = kind === 'reclassified' ? kindLabel(to) : to;
      return intl.formatMessage({ id: 'history.fromTo' }, { from: f, to: t });
    }
    return '';
  };
  return (
    <Timeline active={items.length} bulletSize={14} lineWidth={2}>
      {items.map((item) => {
        const descriptor = (KIND as Record<string, { id: string } | undefined>)[item.kind];
        return (
          <Timeline.Item key={item.id} title={descriptor ? intl.formatMessage(descriptor) : item.kind}>
            <Text size="sm" c="dimmed">
              <time dateTime={item.occurredOn}>{formatDate(item.occurredOn)}</time>
            </Text>
            {describe(item.kind, item.details) && <Text size="sm">{describe(item.kind, item.details)}</Text>}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
