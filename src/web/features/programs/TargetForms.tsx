import {
  Alert,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { todayIso } from '../../components/format.ts';
import { useChildren } from '../units/units.ts';
import { useTargetLabel } from './labels.ts';
import {
  useAddTarget,
  useCascade,
  useIndicators,
  useReport,
  type ProgramDashboard,
  type TargetResult,
} from './programs.ts';

function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </Alert>
  );
}

function AddTargetModal({ d, onClose }: { d: ProgramDashboard; onClose: () => void }) {
  const intl = useIntl();
  const indicators = useIndicators();
  const { indicatorLabel } = useTargetLabel();
  const add = useAddTarget(d.program.id);
  const [indicator, setIndicator] = useState<string | null>(null);
  const [value, setValue] = useState<string | number>('');
  const [ownership, setOwnership] = useState<string | null>(null);
  const chosen = indicators.data?.items.find((i) => i.code === indicator);
  return (
    <Modal opened onClose={onClose} title={intl.formatMessage({ id: 'programs.addTarget' })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!indicator) return;
          add.mutate(
            {
              indicator,
              targetValue: String(value),
              filters:
                ownership && chosen?.filters.includes('ownership')
                  ? { ownership: ownership as 'non_state' }
                  : {},
            },
            { onSuccess: onClose },
          );
        }}
      >
        <Stack>
          <Select
            label={intl.formatMessage({ id: 'programs.indicator' })}
            required
            searchable
            value={indicator}
            onChange={setIndicator}
            data={(indicators.data?.items ?? []).map((i) => ({
              value: i.code,
              label:
                indicatorLabel(i) +
                (i.origin === 'reported' ? ` (${intl.formatMessage({ id: 'programs.reportedShort' })})` : ''),
            }))}
          />
          <NumberInput
            label={intl.formatMessage({ id: 'programs.planned' })}
            required
            min={0}
            decimalScale={6}
            value={value}
            onChange={setValue}
          />
          {chosen?.filters.includes('ownership') && (
            <Select
              label={intl.formatMessage({ id: 'stats.ownership.label' })}
              clearable
              value={ownership}
              onChange={setOwnership}
              data={['non_state', 'state_owned', 'foreign_invested'].map((o) => ({
                value: o,
                label: intl.formatMessage({ id: `stats.ownership.${o}` }),
              }))}
            />
          )}
          <ErrorText error={add.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="common.cancel" />
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!indicator || value === ''}>
              <FormattedMessage id="programs.save" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CascadeModal({ d, t, onClose }: { d: ProgramDashboard; t: TargetResult; onClose: () => void }) {
  const intl = useIntl();
  const { targetLabel } = useTargetLabel();
  const children = useChildren(d.program.scopeUnitId, true);
  const cascade = useCascade(t.id);
  const units = children.data?.pages.flatMap((p) => p.items) ?? [];
  const [values, setValues] = useState<Record<number, string | number>>(() =>
    Object.fromEntries(
      d.children
        .filter((c) => c.unitId !== null && c.targets[String(t.id)])
        .map((c) => [c.unitId!, c.targets[String(t.id)]!]),
    ),
  );
  const sum = Object.values(values).reduce<number>((s, v) => s + (Number(v) || 0), 0);
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={intl.formatMessage({ id: 'programs.cascadeTitle' }, { target: targetLabel(t) })}
    >
      <Stack>
        <Table>
          <Table.Tbody>
            {units.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td w={140}>
                  <NumberInput
                    aria-label={u.name}
                    min={0}
                    decimalScale={6}
                    value={values[u.id] ?? ''}
                    onChange={(v) => setValues((prev) => ({ ...prev, [u.id]: v }))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Alert color={sum === Number(t.assessment?.target ?? 0) ? 'green' : 'yellow'}>
          <FormattedMessage
            id="programs.cascadeSum"
            values={{
              sum: intl.formatNumber(sum),
              target: intl.formatNumber(Number(t.assessment?.target ?? 0)),
            }}
          />
        </Alert>
        <ErrorText error={cascade.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            <FormattedMessage id="common.cancel" />
          </Button>
          <Button
            loading={cascade.isPending}
            disabled={Object.values(values).every((v) => v === '')}
            onClick={() =>
              cascade.mutate(
                Object.entries(values)
                  .filter(([, v]) => v !== '')
                  .map(([unitId, v]) => ({ unitId: Number(unitId), targetValue: String(v) })),
                { onSuccess: onClose },
              )
            }
          >
            <FormattedMessage id="programs.save" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ReportModal({ t, onClose }: { t: TargetResult; onClose: () => void }) {
  const intl = useIntl();
  const { targetLabel } = useTargetLabel();
  const report = useReport(t.id);
  const [value, setValue] = useState<string | number>('');
  const [source, setSource] = useState('');
  const [on, setOn] = useState(todayIso());
  return (
    <Modal
      opened
      onClose={onClose}
      title={intl.formatMessage({ id: 'programs.reportTitle' }, { target: targetLabel(t) })}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          report.mutate({ value: String(value), reportedOn: on, source }, { onSuccess: onClose });
        }}
      >
        <Stack>
          <NumberInput
            label={intl.formatMessage({ id: 'programs.achieved' })}
            required
            min={0}
            value={value}
            onChange={setValue}
          />
          <TextInput
            type="date"
            label={intl.formatMessage({ id: 'programs.reportedOn' })}
            required
            value={on}
            max={todayIso()}
            onChange={(e) => setOn(e.currentTarget.value)}
          />
          <TextInput
            label={intl.formatMessage({ id: 'programs.source' })}
            required
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
          />
          <ErrorText error={report.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="common.cancel" />
            </Button>
            <Button type="submit" loading={report.isPending}>
              <FormattedMessage id="programs.save" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** With a target: its menu (cascade, report a value). Without: the button that adds a target. */
export function TargetActions({ dashboard, target }: { dashboard: ProgramDashboard; target?: TargetResult }) {
  const intl = useIntl();
  const [open, setOpen] = useState<'add' | 'cascade' | 'report' | null>(null);
  if (!target)
    return (
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setOpen('add')}
        >
          <FormattedMessage id="programs.addTarget" />
        </Button>
        {open === 'add' && <AddTargetModal d={dashboard} onClose={() => setOpen(null)} />}
      </Group>
    );
  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            variant="subtle"
            size="compact-sm"
            aria-label={intl.formatMessage({ id: 'programs.actions' })}
          >
            <IconDots size={16} aria-hidden />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setOpen('cascade')}>
            <FormattedMessage id="programs.cascade" />
          </Menu.Item>
          {target.origin === 'reported' && (
            <Menu.Item onClick={() => setOpen('report')}>
              <FormattedMessage id="programs.report" />
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {open === 'cascade' && <CascadeModal d={dashboard} t={target} onClose={() => setOpen(null)} />}
      {open === 'report' && <ReportModal t={target} onClose={() => setOpen(null)} />}
    </>
  );
}
