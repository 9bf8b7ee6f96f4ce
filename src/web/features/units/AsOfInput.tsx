import { Button, Group, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useIntl } from 'react-intl';
import { todayIso, useFormatDate } from '../../components/format.ts';

// The date field (with @mantine/dates and dayjs) loads beside the page's data instead of before the
// page: until it is there, the same field shows the date, read-only.
const DateField = lazy(async () => ({ default: (await import('../../components/DateField.tsx')).DateField }));

const WIDTH = 190;

/** The date every figure on the page is computed for; empty means today. */
export function AsOfInput({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  const intl = useIntl();
  const formatDate = useFormatDate();
  const today = todayIso();
  const label = intl.formatMessage({ id: 'asOf.label' });
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Suspense
        fallback={
          <TextInput
            label={label}
            value={formatDate(value ?? today)}
            readOnly
            w={WIDTH}
            leftSection={<IconCalendar size={16} aria-hidden />}
          />
        }
      >
        <DateField
          label={label}
          value={value ?? today}
          max={today}
          clearable={value !== undefined}
          w={WIDTH}
          onChange={(next) => onChange(next && next !== today ? next : undefined)}
        />
      </Suspense>
      {value && (
        <Button variant="default" onClick={() => onChange(undefined)}>
          {intl.formatMessage({ id: 'asOf.today' })}
        </Button>
      )}
    </Group>
  );
}
