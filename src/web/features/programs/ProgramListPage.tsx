import {
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  TextInput,
  Alert,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitPicker } from '../restructure/UnitPicker.tsx';
import { can, useSession } from '../session/session.ts';
import { useCreateProgram, usePrograms } from './programs.ts';

const PAGE_SIZE = 50;

function CreateProgramModal({ unitId, onClose }: { unitId: number | undefined; onClose: () => void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const create = useCreateProgram();
  const [unit, setUnit] = useState<number | null>(unitId ?? null);
  const [kind, setKind] = useState<string | null>('year');
  const [year, setYear] = useState<string | number>(new Date().getFullYear() + 1);
  const [part, setPart] = useState<string | null>('1');
  const [title, setTitle] = useState('');
  const period =
    kind === 'year'
      ? String(year)
      : kind === 'quarter'
        ? `${year}-Q${part}`
        : `${year}-${String(part).padStart(2, '0')}`;
  return (
    <Modal opened onClose={onClose} title={intl.formatMessage({ id: 'programs.new' })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!unit) return;
          create.mutate(
            { unitId: unit, period, title },
            { onSuccess: (p) => void navigate(`/programs/${p.id}`) },
          );
        }}
      >
        <Stack>
          <UnitPicker
            label={intl.formatMessage({ id: 'programs.unit' })}
            value={unit}
            onChange={setUnit}
            required
          />
          <Group grow>
            <Select
              label={intl.formatMessage({ id: 'programs.periodKind' })}
              value={kind}
              onChange={setKind}
              allowDeselect={false}
              data={[
                { value: 'year', label: intl.formatMessage({ id: 'programs.periodKind.year' }) },
                { value: 'quarter', label: intl.formatMessage({ id: 'programs.periodKind.quarter' }) },
                { value: 'month', label: intl.formatMessage({ id: 'programs.periodKind.month' }) },
              ]}
            />
            <NumberInput
              label={intl.formatMessage({ id: 'programs.year' })}
              min={1900}
              max={2999}
              value={year}
              onChange={setYear}
              required
            />
            {kind !== 'year' && (
              <Select
                label={
                  kind === 'quarter'
                    ? intl.formatMessage({ id: 'programs.quarter' })
                    : intl.formatMessage({ id: 'programs.month' })
                }
                value={part}
                onChange={setPart}
                allowDeselect={false}
                data={Array.from({ length: kind === 'quarter' ? 4 : 12 }, (_, i) => String(i + 1))}
              />
            )}
          </Group>
          <TextInput
            label={intl.formatMessage({ id: 'programs.title' })}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          {create.error && (
            <Alert color="red" role="alert">
              {create.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="common.cancel" />
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!unit || !title.trim()}>
              <FormattedMessage id="programs.save" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Work programs of the units in the caller's scope, newest period first. */
export function ProgramListPage() {
  const intl = useIntl();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const unitId = Number(params.get('unitId')) || undefined;
  const year = Number(params.get('year')) || undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const list = usePrograms({ unitId, year, page, pageSize: PAGE_SIZE });
  const [creating, setCreating] = useState(false);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const thisYear = new Date().getFullYear();
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'programs.title.list' })}
        actions={
          can(session.data, 'program.write') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              <FormattedMessage id="programs.new" />
            </Button>
          )
        }
      />
      <Group mb="md">
        <Select
          label={intl.formatMessage({ id: 'programs.year' })}
          clearable
          w={160}
          value={year ? String(year) : null}
          onChange={(v) => set('year', v ?? undefined)}
          data={Array.from({ length: 8 }, (_, i) => String(thisYear + 1 - i))}
          placeholder={intl.formatMessage({ id: 'programs.allYears' })}
        />
      </Group>
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          <ScrollTable minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <FormattedMessage id="programs.period.column" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="programs.title" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="programs.unit" />
                  </Table.Th>
                  <Table.Th ta="end">
                    <FormattedMessage id="programs.targetCount" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.period}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/programs/${p.id}`}>
                        {p.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{p.unitName}</Table.Td>
                    <Table.Td ta="end">{p.targetCount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {list.data.items.length === 0 && (
            <Alert color="gray" mt="md">
              <FormattedMessage id="programs.none" />
            </Alert>
          )}
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={(p) => set('page', String(p))}
          />
        </>
      )}
      {creating && <CreateProgramModal unitId={unitId} onClose={() => setCreating(false)} />}
    </>
  );
}
