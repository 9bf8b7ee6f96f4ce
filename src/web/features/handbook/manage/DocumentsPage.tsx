import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileButton,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconFileUpload, IconPlus } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { useCatalogueLabels } from '../../../components/catalogue.ts';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { ScrollTable } from '../../../components/ScrollTable.tsx';
import { can, useSession } from '../../session/session.ts';
import { useDocumentReads, usePublishDocument, useUnitDocuments, useUploadDocumentFile } from './api.ts';
import { closeLabel, DOCUMENT_KINDS, useHandbookLabels, useOptions, useShare } from './labels.ts';
import type { DocumentFile, DocumentKind, IssuedDocument } from './types.ts';
import { UnitBack, useUnitName } from './UnitBack.tsx';

const ReadsChart = lazy(() => import('./ReadsChart.tsx'));

const PAGE_SIZE = 50;

function PublishModal({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const intl = useIntl();
  const publish = usePublishDocument(unitId);
  const upload = useUploadDocumentFile(unitId);
  const { catalogue, kindLabel } = useCatalogueLabels();
  const kinds = useOptions(DOCUMENT_KINDS);
  const [kind, setKind] = useState<DocumentKind>('resolution');
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [unitKinds, setUnitKinds] = useState<string[]>([]);
  const [file, setFile] = useState<DocumentFile | null>(null);
  const kindOptions = (catalogue?.unitKinds ?? [])
    .filter((k) => k.active && k.family === 'party')
    .sort((a, b) => a.rank - b.rank)
    .map((k) => ({ value: k.code, label: kindLabel(k.code) }));
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={closeLabel(intl)}
      size="lg"
      title={intl.formatMessage({ id: 'manage.doc.publish' })}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate(
            {
              kind,
              title: title.trim(),
              ...(number.trim() ? { number: number.trim() } : {}),
              ...(summary.trim() ? { summary: summary.trim() } : {}),
              ...(body.trim() ? { body } : {}),
              ...(unitKinds.length > 0 ? { unitKinds } : {}),
              ...(file ? { fileId: file.fileId } : {}),
            },
            { onSuccess: onClose },
          );
        }}
      >
        <Stack>
          <Group grow align="flex-start">
            <Select
              label={intl.formatMessage({ id: 'manage.doc.kind' })}
              required
              allowDeselect={false}
              value={kind}
              onChange={(v) => setKind((v ?? 'resolution') as DocumentKind)}
              data={kinds}
            />
            <TextInput
              label={intl.formatMessage({ id: 'manage.doc.number' })}
              maxLength={60}
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
            />
          </Group>
          <TextInput
            label={intl.formatMessage({ id: 'manage.doc.title' })}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label={intl.formatMessage({ id: 'manage.doc.summary' })}
            autosize
            minRows={2}
            maxLength={4000}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
          />
          <Textarea
            label={intl.formatMessage({ id: 'manage.doc.body' })}
            autosize
            minRows={5}
            maxRows={16}
            maxLength={100_000}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <MultiSelect
            label={intl.formatMessage({ id: 'manage.doc.unitKinds' })}
            description={intl.formatMessage({ id: 'manage.doc.unitKindsHint' })}
            clearable
            searchable
            value={unitKinds}
            onChange={setUnitKinds}
            data={kindOptions}
          />
          <Group gap="sm" wrap="wrap">
            <FileButton
              accept="application/pdf"
              onChange={(f) => {
                setFile(null);
                if (f) upload.mutate(f, { onSuccess: setFile });
              }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  loading={upload.isPending}
                  leftSection={<IconFileUpload size={16} aria-hidden />}
                >
                  <FormattedMessage id="manage.doc.attach" />
                </Button>
              )}
            </FileButton>
            {file && (
              <Text size="sm">
                <FormattedMessage id="manage.doc.attached" values={{ name: file.fileName }} />
              </Text>
            )}
          </Group>
          {upload.error && <ErrorNotice error={upload.error} />}
          {publish.error && <ErrorNotice error={publish.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="common.cancel" />
            </Button>
            <Button type="submit" loading={publish.isPending} disabled={!title.trim() || upload.isPending}>
              <FormattedMessage id="manage.doc.publishButton" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Read and studied shares of one document per subordinate unit, one level at a time. */
function ReadsModal({ doc, onClose }: { doc: IssuedDocument; onClose: () => void }) {
  const intl = useIntl();
  const share = useShare();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const at = trail[trail.length - 1];
  const reads = useDocumentReads(doc.id, true, at?.id);
  const n = (v: number) => intl.formatNumber(v);
  const chartTitle = intl.formatMessage({ id: 'manage.reads.chart' }, { title: doc.title });
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={closeLabel(intl)}
      size="xl"
      title={intl.formatMessage({ id: 'manage.reads.title' }, { title: doc.title })}
    >
      <Stack>
        {trail.length > 0 && (
          <Group gap="xs">
            <Anchor component="button" type="button" size="sm" onClick={() => setTrail(trail.slice(0, -1))}>
              ← {trail.length > 1 ? trail[trail.length - 2]!.name : doc.issuerUnitName}
            </Anchor>
          </Group>
        )}
        {reads.isPending && <PageLoader />}
        {reads.isError && <ErrorNotice error={reads.error} onRetry={() => void reads.refetch()} />}
        {reads.data && (
          <>
            <Text size="sm">
              <FormattedMessage
                id="manage.reads.total"
                values={{
                  unit: reads.data.unitName,
                  read: share(reads.data.total.readShare),
                  studied: share(reads.data.total.studiedShare),
                  audience: n(reads.data.total.audience),
                }}
              />
            </Text>
            {reads.data.rows.length === 0 ? (
              <Text c="dimmed" size="sm">
                <FormattedMessage id="manage.reads.noUnits" />
              </Text>
            ) : (
              <>
                <ScrollTable minWidth={560}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>
                          <FormattedMessage id="manage.reads.unit" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="manage.reads.audience" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="manage.reads.read" />
                        </Table.Th>
                        <Table.Th className="num">
                          <FormattedMessage id="manage.reads.studied" />
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {reads.data.rows.map((r) => (
                        <Table.Tr key={r.unitId}>
                          <Table.Td>
                            <Anchor
                              component="button"
                              type="button"
                              size="sm"
                              onClick={() => setTrail([...trail, { id: r.unitId, name: r.unitName }])}
                            >
                              {r.unitName}
                            </Anchor>
                          </Table.Td>
                          <Table.Td className="num">{n(r.audience)}</Table.Td>
                          <Table.Td className="num">
                            {share(r.readShare)} ({n(r.read)})
                          </Table.Td>
                          <Table.Td className="num">
                            {share(r.studiedShare)} ({n(r.studied)})
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
                <Suspense fallback={<PageLoader />}>
                  <ReadsChart
                    title={chartTitle}
                    data={reads.data.rows.map((r) => ({
                      label: r.unitName,
                      read: Math.round((r.readShare ?? 0) * 1000) / 10,
                      studied: Math.round((r.studiedShare ?? 0) * 1000) / 10,
                    }))}
                  />
                </Suspense>
              </>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** Documents the unit published to its subtree, how far they have been read and studied. */
export function DocumentsPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const session = useSession();
  const formatDate = useFormatDate();
  const labels = useHandbookLabels();
  const { kindLabel } = useCatalogueLabels();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useUnitDocuments(unitId, { page, pageSize: PAGE_SIZE });
  const unitName = useUnitName(unitId);
  const [publishing, setPublishing] = useState(false);
  const [reads, setReads] = useState<IssuedDocument | null>(null);
  const title = intl.formatMessage({ id: 'manage.docs.title' });
  const readsButton = (d: IssuedDocument) => (
    <Button
      variant="subtle"
      size="compact-sm"
      onClick={() => setReads(d)}
      aria-label={intl.formatMessage({ id: 'manage.reads.open' }, { title: d.title })}
    >
      <FormattedMessage id="manage.reads.button" />
    </Button>
  );
  const heading = (d: IssuedDocument) => (
    <>
      <Text size="sm" fw={500}>
        {d.number ? `${d.number} · ${d.title}` : d.title}
      </Text>
      <Group gap={4} mt={2}>
        <Badge variant="light" color="gray">
          {labels.document(d.kind)}
        </Badge>
        {d.unitKinds?.map((k) => (
          <Badge key={k} variant="outline" color="gray">
            {kindLabel(k)}
          </Badge>
        ))}
      </Group>
    </>
  );
  return (
    <>
      <PageHeader
        title={unitName ? `${title} · ${unitName}` : title}
        above={<UnitBack unitId={unitId} />}
        actions={
          can(session.data, 'document.publish') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setPublishing(true)}>
              <FormattedMessage id="manage.doc.publish" />
            </Button>
          )
        }
      />
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          <Box visibleFrom="sm">
            <ScrollTable minWidth={760}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="manage.doc.title" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.doc.publishedAt" />
                    </Table.Th>
                    <Table.Th className="num">
                      <FormattedMessage id="manage.reads.audience" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.reads.byUnit" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{heading(d)}</Table.Td>
                      <Table.Td>{formatDate(d.publishedAt)}</Table.Td>
                      <Table.Td className="num">{intl.formatNumber(d.audience)}</Table.Td>
                      <Table.Td>{readsButton(d)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </Box>
          <Stack gap="xs" hiddenFrom="sm">
            {list.data.items.map((d) => (
              <Paper key={d.id} withBorder p="sm" radius="md">
                {heading(d)}
                <Text size="xs" c="dimmed" mt={4}>
                  {formatDate(d.publishedAt)}
                </Text>
                <Text size="sm" mt={4}>
                  <FormattedMessage
                    id="manage.reads.audienceOf"
                    values={{ audience: intl.formatNumber(d.audience) }}
                  />
                </Text>
                <Box mt={4}>{readsButton(d)}</Box>
              </Paper>
            ))}
          </Stack>
          {list.data.items.length === 0 && (
            <Alert color="gray" mt="md">
              <FormattedMessage id="manage.docs.none" />
            </Alert>
          )}
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={(p) => {
              const next = new URLSearchParams(window.location.search);
              next.set('page', String(p));
              setParams(next);
            }}
          />
        </>
      )}
      {publishing && <PublishModal unitId={unitId} onClose={() => setPublishing(false)} />}
      {reads && <ReadsModal doc={reads} onClose={() => setReads(null)} />}
    </>
  );
}
