import { Button, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import { apiUrl, type Query } from '../api/client.ts';

/** Downloads of the list on screen, with the same filters: plain links, so the browser saves the file. */
export function ExportButtons({ path, query }: { path: string; query: Query }) {
  return (
    <Group gap="xs">
      <Button
        component="a"
        href={apiUrl(path, { ...query, format: 'xlsx' })}
        download
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
      >
        <FormattedMessage id="export.xlsx" />
      </Button>
      <Button
        component="a"
        href={apiUrl(path, { ...query, format: 'csv' })}
        download
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
      >
        <FormattedMessage id="export.csv" />
      </Button>
    </Group>
  );
}
