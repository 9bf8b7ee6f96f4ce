import { Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The page's one h1, which also names the browser tab. */
export function PageHeader({
  title,
  subtitle,
  actions,
  above,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  above?: ReactNode;
}) {
  useEffect(() => {
    document.title = title ? `${title} · Grassroots` : 'Grassroots';
  }, [title]);
  return (
    <Stack gap={4} mb="md">
      {above}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" component="div">
              {subtitle}
            </Text>
          )}
        </div>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
    </Stack>
  );
}
