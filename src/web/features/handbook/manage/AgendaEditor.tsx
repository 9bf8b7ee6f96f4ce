import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useOptions, VOTE_MODES } from './labels.ts';
import type { VoteMode } from './types.ts';

export interface AgendaRow {
  /** Stable while the list is edited, so inputs keep focus when rows move. */
  key: string;
  title: string;
  notes: string;
  vote: VoteMode;
}

let next = 0;
export function newAgendaRow(init: Partial<AgendaRow> = {}): AgendaRow {
  next += 1;
  return { key: `agenda-${next}`, title: '', notes: '', vote: 'none', ...init };
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = list.slice();
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/** The meeting's agenda: items in order, each with a title, notes and how it is voted on. */
export function AgendaEditor({
  rows,
  onChange,
  disabled,
}: {
  rows: AgendaRow[];
  onChange: (rows: AgendaRow[]) => void;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const votes = useOptions(VOTE_MODES);
  const update = (i: number, patch: Partial<AgendaRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Fieldset legend={intl.formatMessage({ id: 'manage.agenda' })} disabled={disabled}>
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            <FormattedMessage id="manage.agenda.empty" />
          </Text>
        )}
        {rows.map((row, i) => {
          const n = i + 1;
          return (
            <Paper key={row.key} withBorder p="sm" radius="md">
              <Group align="flex-end" wrap="wrap" gap="xs">
                <TextInput
                  style={{ flex: '1 1 16rem' }}
                  label={intl.formatMessage({ id: 'manage.agenda.itemTitle' }, { n })}
                  required
                  maxLength={300}
                  value={row.title}
                  onChange={(e) => update(i, { title: e.currentTarget.value })}
                />
                <Select
                  w={170}
                  label={intl.formatMessage({ id: 'manage.agenda.vote' }, { n })}
                  allowDeselect={false}
                  value={row.vote}
                  onChange={(v) => update(i, { vote: (v ?? 'none') as VoteMode })}
                  data={votes}
                />
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="default"
                    size="lg"
                    disabled={i === 0}
                    aria-label={intl.formatMessage({ id: 'manage.agenda.up' }, { n })}
                    onClick={() => onChange(move(rows, i, i - 1))}
                  >
                    <IconArrowUp size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    size="lg"
                    disabled={i === rows.length - 1}
                    aria-label={intl.formatMessage({ id: 'manage.agenda.down' }, { n })}
                    onClick={() => onChange(move(rows, i, i + 1))}
                  >
                    <IconArrowDown size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    color="red"
                    size="lg"
                    aria-label={intl.formatMessage({ id: 'manage.agenda.remove' }, { n })}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Group>
              <Textarea
                mt="xs"
                label={intl.formatMessage({ id: 'manage.agenda.notes' }, { n })}
                autosize
                minRows={1}
                maxRows={6}
                maxLength={4000}
                value={row.notes}
                onChange={(e) => update(i, { notes: e.currentTarget.value })}
              />
            </Paper>
          );
        })}
        <div>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => onChange([...rows, newAgendaRow()])}
          >
            <FormattedMessage id="manage.agenda.add" />
          </Button>
        </div>
      </Stack>
    </Fieldset>
  );
}
