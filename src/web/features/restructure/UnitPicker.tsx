import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useUnitSearch } from '../units/units.ts';

/** Chooses a unit in the caller's scope by searching its name (without diacritics). */
export function UnitPicker({
  label,
  value,
  onChange,
  exclude = [],
  required = false,
  error,
}: {
  label: string;
  value: number | null;
  onChange: (id: number | null) => void;
  exclude?: number[];
  required?: boolean;
  error?: string;
}) {
  const intl = useIntl();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const results = useUnitSearch(debounced, '', 1, 20);
  const { kindLabel } = useCatalogueLabels();
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const options = (results.data?.items ?? [])
    .filter((u) => !exclude.includes(u.id) && !u.closedOn)
    .map((u) => ({
      value: String(u.id),
      label: `${u.name} — ${kindLabel(u.kind)}${u.parentName ? ` (${u.parentName})` : ''}`,
    }));
  if (chosen && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);
  return (
    <Select
      label={label}
      required={required}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': intl.formatMessage({ id: 'picker.clear' }) }}
      data={options}
      value={value === null ? null : String(value)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      placeholder={intl.formatMessage({ id: 'picker.placeholder' })}
      nothingFoundMessage={
        debounced.length < 2
          ? intl.formatMessage({ id: 'picker.typeMore' })
          : intl.formatMessage({ id: 'units.noResults' })
      }
      error={error}
      onChange={(v, option) => {
        setChosen(v && option ? { value: v, label: option.label } : null);
        onChange(v ? Number(v) : null);
      }}
    />
  );
}
