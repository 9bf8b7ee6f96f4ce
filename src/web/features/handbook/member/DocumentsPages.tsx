import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { IconBookmark, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { apiUrl } from '../../../api/client.ts';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useHandbookLabels } from '../manage/labels.ts';
import { useDocument, useMarkStudied, useMyDocuments } from './api.ts';
import classes from './member.module.css';

export function DocumentsPage() {
  const intl = useIntl();
  const [unread, setUnread] = useState(false);
  const docs = useMyDocuments(unread);
  const labels = useHandbookLabels();
  const formatDate = useFormatDate();
  return (
    <>
      <PageHeader
        title={intl.formatMessage({ id: 'member.documents.title' })}
        subtitle={
          docs.data && (
            <FormattedMessage id="member.home.unreadDocuments" values={{ count: docs.data.unread }} />
          )
        }
      />
      <Checkbox
        mb="md"
        label={intl.formatMessage({ id: 'member.documents.unreadOnly' })}
        checked={unread}
        onChange={(e) => setUnread(e.currentTarget.checked)}
      />
      {!docs.data ? (
        docs.isError ? (
          <ErrorNotice error={docs.error} onRetry={() => void docs.refetch()} />
        ) : (
          <PageLoader />
        )
      ) : docs.data.items.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage id="member.documents.none" />
        </Text>
      ) : (
        <Stack gap="xs" component="ul" className={classes.list} maw={720}>
          {docs.data.items.map((d) => (
            <Card key={d.id} withBorder padding="sm" component="li">
              <Anchor component={Link} to={`/documents/${d.id}`} fw={d.readAt ? 500 : 700}>
                {d.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {labels.document(d.kind)}
                {d.number ? ` ${d.number}` : ''} · {d.issuerUnitName} · {formatDate(d.publishedAt)}
              </Text>
              <Group gap={6} mt={4}>
                {!d.readAt && (
                  <Badge size="sm" color="blue">
                    <FormattedMessage id="member.documents.unread" />
                  </Badge>
                )}
                {d.studiedAt && (
                  <Badge size="sm" color="green" variant="light">
                    <FormattedMessage id="member.documents.studied" />
                  </Badge>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </>
  );
}

export function DocumentPage() {
  const id = Number(useParams().documentId);
  const doc = useDocument(id);
  const studied = useMarkStudied(id);
  const labels = useHandbookLabels();
  const formatDate = useFormatDate();
  if (!doc.data) {
    if (doc.isError) return <LoadError error={doc.error} onRetry={() => void doc.refetch()} />;
    return <PageLoader />;
  }
  const d = doc.data;
  return (
    <>
      <PageHeader
        title={d.title}
        above={
          <Text size="sm" c="dimmed">
            {labels.document(d.kind)}
            {d.number ? ` ${d.number}` : ''}
          </Text>
        }
        subtitle={
          <FormattedMessage
            id="member.documents.issued"
            values={{ unit: d.issuerUnitName, date: formatDate(d.publishedAt) }}
          />
        }
      />
      <Stack gap="md" maw={760}>
        {d.summary && (
          <Card withBorder bg="gray.0">
            <Title order={2} size="h5" mb={4}>
              <FormattedMessage id="member.documents.summary" />
            </Title>
            <Text className={classes.paragraph}>{d.summary}</Text>
          </Card>
        )}
        {d.body && <Text className={classes.paragraph}>{d.body}</Text>}
        <Group gap="xs">
          {d.fileName && (
            <Button
              component="a"
              href={apiUrl(`/documents/${d.id}/file`)}
              download={d.fileName}
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              <FormattedMessage id="member.documents.download" />
            </Button>
          )}
          {d.policies.study &&
            (d.studiedAt ? (
              <Badge size="lg" color="green" variant="light">
                <FormattedMessage
                  id="member.documents.studiedOn"
                  values={{ date: formatDate(d.studiedAt) }}
                />
              </Badge>
            ) : (
              <Button
                leftSection={<IconBookmark size={16} aria-hidden />}
                loading={studied.isPending}
                onClick={() => studied.mutate()}
              >
                <FormattedMessage id="member.documents.markStudied" />
              </Button>
            ))}
        </Group>
        {studied.isError && <ErrorNotice error={studied.error} />}
      </Stack>
    </>
  );
}
