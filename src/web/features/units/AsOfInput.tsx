import { Button, Group, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useIntl } from 'react-intl';
import { todayIso } from '../../components/format.ts';

/** The date every figure on the page is computed for; empty means today. */
export function AsOfInput({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  const intl = useIntl();
  const today = todayIso();
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        type="date"
        label={intl.formatMessage({ id: 'asOf.label' })}
        value={value ?? today}
        max={today}
        w={170}
        leftSection={<IconCalendar size={16} aria-hidden />}
        onChange={(e) => {
          const next = e.currentTarget.value;
          onChange(next && next !== today ? next : undefined);
        }}
      />
      {value && (
        <Button variant="default" onClick={() => onChange(undefined)}>
          {intl.formatMessage({ id: 'asOf.today' })}
        </Button>
      )}
    </Group>
  );
}
