import { Button, Group, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { todayIso, useFormatDate } from '../../components/format.ts';

type DateFieldModule = typeof import('../../components/DateField.tsx');

// The date field (with @mantine/dates and dayjs) loads beside the page's data instead of before the
// page: until it is there, the same field shows the date, read-only. It starts loading with this
// module (index.html fetches it early for the unit page), so it is usually there for the first draw.
let dateField: DateFieldModule | undefined;
let loading: Promise<DateFieldModule> | undefined;

/** Loads the date field's code (once); resolves when it can be drawn. */
function loadDateField(): Promise<DateFieldModule> {
  loading ??= import('../../components/DateField.tsx').then(
    (m) => (dateField = m),
    (error: unknown) => {
      loading = undefined; // try again next time (a lost connection)
      throw error;
    },
  );
  return loading;
}

loadDateField().catch(() => undefined);

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
  const [loaded, setLoaded] = useState(dateField);
  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    loadDateField().then(
      (m) => {
        if (!cancelled) setLoaded(m);
      },
      () => undefined, // the read-only stand-in stays
    );
    return () => {
      cancelled = true;
    };
  }, [loaded]);
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      {loaded ? (
        <loaded.DateField
          label={label}
          value={value ?? today}
          max={today}
          clearable={value !== undefined}
          w={WIDTH}
          onChange={(next) => onChange(next && next !== today ? next : undefined)}
        />
      ) : (
        <TextInput
          label={label}
          value={formatDate(value ?? today)}
          readOnly
          w={WIDTH}
          leftSection={<IconCalendar size={16} aria-hidden />}
        />
      )}
      {value && (
        <Button variant="default" onClick={() => onChange(undefined)}>
          {intl.formatMessage({ id: 'asOf.today' })}
        </Button>
      )}
    </Group>
  );
}
