import { Select } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useLabels } from '../../../components/labels.ts';
import { useUnitMembers } from './members.ts';

/** Chooses one of the unit's members by name; the person who is already chosen stays listed. */
export function MemberPicker({
  unitId,
  label,
  value,
  onChange,
  current,
  required = false,
  error,
}: {
  unitId: number;
  label: string;
  value: number | null;
  onChange: (personId: number | null) => void;
  /** The person already on the record, shown even if no longer among the members. */
  current?: { id: number; fullName: string } | null;
  required?: boolean;
  error?: string;
}) {
  const intl = useIntl();
  const labels = useLabels();
  const { members, isPending } = useUnitMembers(unitId);
  const options = members.map((m) => ({
    value: String(m.id),
    label: `${m.fullName} (${labels.status(m.status)})`,
  }));
  if (current && !options.some((o) => o.value === String(current.id)))
    options.unshift({ value: String(current.id), label: current.fullName });
  return (
    <Select
      label={label}
      required={required}
      searchable
      clearable={!required}
      value={value == null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      data={options}
      error={error}
      nothingFoundMessage={
        isPending
          ? intl.formatMessage({ id: 'common.loading' })
          : intl.formatMessage({ id: 'handbook.members.none' })
      }
      comboboxProps={{ withinPortal: true }}
    />
  );
}
