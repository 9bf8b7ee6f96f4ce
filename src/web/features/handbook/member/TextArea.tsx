import { Input } from '@mantine/core';
import { useId } from 'react';

/**
 * A labelled multi-line field built on Mantine's Input (already in the app shell), so the member's
 * screens do not ship Mantine's auto-growing Textarea and its sizing library.
 */
export function TextArea({
  label,
  value,
  onChange,
  maxLength,
  required,
  rows = 3,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  required?: boolean;
  rows?: number;
}) {
  const id = useId();
  return (
    <Input.Wrapper label={label} required={required} id={id}>
      <Input
        component="textarea"
        multiline
        id={id}
        rows={rows}
        maxLength={maxLength}
        required={required}
        value={value}
        onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.currentTarget.value)}
        styles={{ input: { paddingBlock: 8, resize: 'vertical' } }}
      />
    </Input.Wrapper>
  );
}
