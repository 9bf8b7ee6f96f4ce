import { Anchor, Badge, Card, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useFormatDate } from '../../components/format.ts';
import { STATUS_CODES, statusColor, useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { UnitPicker } from '../restructure/UnitPicker.tsx';
import { can, useSession } from '../session/session.ts';
import { usePeople, type PeopleFilters } from './people.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const PAGE_SIZE = 50;

const SORTS = [
  { value: 'name', label: { id: 'people.sort.name' } },
  { value: '-name', label: { id: 'people.sort.nameDesc' } },
  { value: 'birthDate', label: { id: 'people.sort.birthDate' } },
  { value: '-birthDate', label: { id: 'people.sort.birthDateDesc' } },
];

/** Everyone the caller may see: search by name without diacritics, filters, pages and exports. */
export function PeopleListPage() {
  const intl = useIntl();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const { catalogue, familyLabel } = useCatalogueLabels();
  const labels = useLabels();
  const formatDate = useFormatDate();

  const get = (key: string) => params.get(key) || undefined;
  const unitId = get('unitId') ? Number(get('unitId')) : undefined;
  const filters: PeopleFilters = {
    q: debounced.length >= 2 ? debounced : undefined,
    unitId,
    family: get('family'),
    status: get('status'),
    sort: get('sort'),
    page: Number(get('page') ?? '1') || 1,
    pageSize: PAGE_SIZE,
  };
  const people = usePeople(filters);

  const update = (changes: Record<string, string | undefined>) => {
    // from the current address: two quick changes must not undo each other
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  // The typed text reaches the address once the user pauses, so a reload or a shared link keeps it.
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced || undefined });
  }, [debounced]);

  const families = (catalogue?.families ?? []).filter((f) => f.lifecycle !== 'none');
  const { page: _page, pageSize: _size, ...exportQuery } = filters;

  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'people.title' })}
        actions={can(session.data, 'export') && <ExportButtons path="/people/export" query={exportQuery} />}
      />
      <Card withBorder mb="md" padding="sm" role="search">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            style={{ flex: '2 1 240px' }}
            type="search"
            label={intl.formatMessage({ id: 'people.search' })}
            description={intl.formatMessage({ id: 'people.searchHint' })}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <div style={{ flex: '2 1 240px' }}>
            <UnitPicker
              label={intl.formatMessage({ id: 'people.unit' })}
              value={unitId ?? null}
              onChange={(id) => update({ unitId: id === null ? undefined : String(id) })}
            />
          </div>
          <NativeSelect
            style={{ flex: '1 1 160px' }}
            label={intl.formatMessage({ id: 'people.family' })}
            value={filters.family ?? ''}
            onChange={(e) => update({ family: e.currentTarget.value })}
            data={[
              { value: '', label: intl.formatMessage({ id: 'people.anyFamily' }) },
              ...families.map((f) => ({ value: f.code, label: familyLabel(f.code) })),
            ]}
          />
          <NativeSelect
            style={{ flex: '1 1 160px' }}
            label={intl.formatMessage({ id: 'people.status' })}
            value={filters.status ?? ''}
            onChange={(e) => update({ status: e.currentTarget.value })}
            data={[
              { value: '', label: intl.formatMessage({ id: 'people.anyStatus' }) },
              ...STATUS_CODES.map((s) => ({ value: s, label: labels.status(s) })),
            ]}
          />
          <NativeSelect
            style={{ flex: '1 1 160px' }}
            label={intl.formatMessage({ id: 'people.sort' })}
            value={filters.sort ?? 'name'}
            onChange={(e) =>
              update({ sort: e.currentTarget.value === 'name' ? undefined : e.currentTarget.value })
            }
            data={SORTS.map((s) => ({ value: s.value, label: intl.formatMessage(s.label) }))}
          />
        </Group>
      </Card>

      {people.isPending && <PageLoader />}
      {people.isError && <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />}
      {people.data && (
        <div style={{ opacity: people.isPlaceholderData ? 0.6 : 1 }} aria-busy={people.isFetching}>
          {people.data.items.length === 0 ? (
            <Text c="dimmed" role="status">
              <FormattedMessage id="people.none" />
            </Text>
          ) : (
            <ScrollTable minWidth={640}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="people.name" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="person.birthDate" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="people.unit" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="person.memberships" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${p.id}`}>
                          {p.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDate(p.birthDate)}</Table.Td>
                      <Table.Td>{p.unitName}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {p.memberships.map((m, i) => (
                            <Badge key={i} size="sm" variant="light" color={statusColor(m.status)}>
                              {familyLabel(m.family)} · {labels.status(m.status)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          <Pager
            page={filters.page}
            pageSize={PAGE_SIZE}
            total={people.data.total}
            lowerBound={people.data.totalIsLowerBound}
            onChange={(p) => update({ page: String(p) })}
          />
        </div>
      )}
    </>
  );
}
