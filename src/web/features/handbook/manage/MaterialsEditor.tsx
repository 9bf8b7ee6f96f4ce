import { ActionIcon, Badge, Checkbox, FileButton, Button, Group, Stack, Text, Fieldset } from '@mantine/core';
import { IconPaperclip, IconTrash } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';

/** A file chosen in the form, uploaded once the meeting exists. */
export interface PendingFile {
  key: string;
  file: File;
  sensitive: boolean;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
}

let next = 0;
export function pendingFile(file: File): PendingFile {
  next += 1;
  return { key: `file-${next}`, file, sensitive: false, state: 'waiting' };
}

export interface StoredMaterial {
  id: number;
  fileName: string;
  size?: number;
  sensitive: boolean;
}

function useSize() {
  const intl = useIntl();
  return (bytes: number) =>
    bytes >= 1024 * 1024
      ? intl.formatNumber(bytes / (1024 * 1024), {
          maximumFractionDigits: 1,
          style: 'unit',
          unit: 'megabyte',
        })
      : intl.formatNumber(Math.max(1, Math.round(bytes / 1024)), { style: 'unit', unit: 'kilobyte' });
}

/**
 * The meeting's materials: those already on the meeting (removable) and files chosen now, each
 * markable as sensitive (never kept on members' devices). A file the server refused shows its reason.
 */
export function MaterialsEditor({
  stored,
  pending,
  onPendingChange,
  onRemoveStored,
  removing,
  disabled,
}: {
  stored: StoredMaterial[];
  pending: PendingFile[];
  onPendingChange: (files: PendingFile[]) => void;
  onRemoveStored?: (id: number) => void;
  removing?: boolean;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const size = useSize();
  const update = (key: string, patch: Partial<PendingFile>) =>
    onPendingChange(pending.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  return (
    <Fieldset legend={intl.formatMessage({ id: 'manage.materials' })}>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          <FormattedMessage id="manage.materials.hint" />
        </Text>
        {stored.map((m) => (
          <Group key={m.id} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconPaperclip size={16} aria-hidden />
              <Text size="sm" truncate>
                {m.fileName}
              </Text>
              {m.size != null && (
                <Text size="xs" c="dimmed">
                  {size(m.size)}
                </Text>
              )}
              {m.sensitive && (
                <Badge color="orange" variant="light">
                  <FormattedMessage id="manage.materials.sensitive" />
                </Badge>
              )}
            </Group>
            {onRemoveStored && (
              <ActionIcon
                variant="default"
                size="lg"
                disabled={disabled || removing}
                aria-label={intl.formatMessage({ id: 'manage.materials.remove' }, { name: m.fileName })}
                onClick={() => onRemoveStored(m.id)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
        {pending.map((p) => (
          <Stack key={p.key} gap={2}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <IconPaperclip size={16} aria-hidden />
                <Text size="sm" truncate>
                  {p.file.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {size(p.file.size)}
                </Text>
                {p.state === 'done' && (
                  <Badge color="green" variant="light">
                    <FormattedMessage id="manage.materials.uploaded" />
                  </Badge>
                )}
                {p.state === 'uploading' && (
                  <Badge color="blue" variant="light">
                    <FormattedMessage id="manage.materials.uploading" />
                  </Badge>
                )}
              </Group>
              <Group gap="xs" wrap="nowrap">
                <Checkbox
                  label={intl.formatMessage({ id: 'manage.materials.sensitive' })}
                  aria-label={intl.formatMessage(
                    { id: 'manage.materials.sensitiveOf' },
                    { name: p.file.name },
                  )}
                  checked={p.sensitive}
                  disabled={disabled || p.state === 'done' || p.state === 'uploading'}
                  onChange={(e) => update(p.key, { sensitive: e.currentTarget.checked })}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  disabled={disabled || p.state === 'uploading' || p.state === 'done'}
                  aria-label={intl.formatMessage({ id: 'manage.materials.remove' }, { name: p.file.name })}
                  onClick={() => onPendingChange(pending.filter((x) => x.key !== p.key))}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
            {p.error && (
              <Text size="sm" c="red.8" role="alert">
                {intl.formatMessage(
                  { id: 'manage.materials.failed' },
                  { name: p.file.name, reason: p.error },
                )}
              </Text>
            )}
          </Stack>
        ))}
        <div>
          <FileButton
            multiple
            disabled={disabled}
            onChange={(files) => onPendingChange([...pending, ...files.map(pendingFile)])}
          >
            {(props) => (
              <Button {...props} variant="light" leftSection={<IconPaperclip size={16} aria-hidden />}>
                <FormattedMessage id="manage.materials.add" />
              </Button>
            )}
          </FileButton>
        </div>
      </Stack>
    </Fieldset>
  );
}
