import { Group, Pagination, Text } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';

const CONTROL = {
  first: { id: 'pagination.first' },
  previous: { id: 'pagination.previous' },
  next: { id: 'pagination.next' },
  last: { id: 'pagination.last' },
} as const;

/** Page numbers with labelled controls, and where the list stands ("1–50 of 1,234"). */
export function Pager({
  page,
  pageSize,
  total,
  onChange,
  lowerBound = false,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  lowerBound?: boolean;
}) {
  const intl = useIntl();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const range = { from: intl.formatNumber(from), to: intl.formatNumber(to), total: intl.formatNumber(total) };
  return (
    <Group justify="space-between" mt="md" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" role="status">
        {lowerBound ? (
          <FormattedMessage id="pagination.rangeMore" values={range} />
        ) : (
          <FormattedMessage id="pagination.range" values={range} />
        )}
      </Text>
      {pages > 1 && (
        <nav aria-label={intl.formatMessage({ id: 'pagination.label' })}>
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={onChange}
            siblings={1}
            boundaries={1}
            getControlProps={(control) => ({ 'aria-label': intl.formatMessage(CONTROL[control]) })}
            getItemProps={(p) => ({
              'aria-label': intl.formatMessage({ id: 'pagination.page' }, { page: p }),
              'aria-current': p === page ? 'page' : undefined,
            })}
          />
        </nav>
      )}
    </Group>
  );
}
