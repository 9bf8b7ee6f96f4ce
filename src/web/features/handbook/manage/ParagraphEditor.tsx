import { ActionIcon, Button, Group, Stack, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';

export interface ParagraphRow {
  key: string;
  /** The paragraph's id in the published text, kept across versions so comments stay attached. */
  id?: string;
  text: string;
}

let next = 0;
export function newParagraph(init: Partial<ParagraphRow> = {}): ParagraphRow {
  next += 1;
  return { key: `paragraph-${next}`, text: '', ...init };
}

/** A text edited paragraph by paragraph: members comment on each paragraph separately. */
export function ParagraphEditor({
  rows,
  onChange,
  disabled,
}: {
  rows: ParagraphRow[];
  onChange: (rows: ParagraphRow[]) => void;
  disabled?: boolean;
}) {
  const intl = useIntl();
  return (
    <Stack gap="xs">
      {rows.map((row, i) => (
        <Group key={row.key} align="flex-start" wrap="nowrap" gap="xs">
          <Textarea
            style={{ flex: 1 }}
            label={intl.formatMessage({ id: 'manage.draft.paragraph' }, { n: i + 1 })}
            autosize
            minRows={2}
            maxRows={12}
            maxLength={4000}
            disabled={disabled}
            value={row.text}
            onChange={(e) => {
              const text = e.currentTarget.value;
              onChange(rows.map((r, j) => (j === i ? { ...r, text } : r)));
            }}
          />
          <ActionIcon
            mt={26}
            variant="default"
            size="lg"
            disabled={disabled || rows.length === 1}
            aria-label={intl.formatMessage({ id: 'manage.draft.removeParagraph' }, { n: i + 1 })}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <div>
        <Button
          variant="light"
          disabled={disabled}
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => onChange([...rows, newParagraph()])}
        >
          <FormattedMessage id="manage.draft.addParagraph" />
        </Button>
      </div>
    </Stack>
  );
}
