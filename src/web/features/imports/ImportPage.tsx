import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NativeSelect,
  Progress,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconCheck, IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router';
import { api, apiUrl } from '../../api/client.ts';
import type { ImportJob } from '../../api/types.ts';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { useFormatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { LIMITS } from '../../../shared/limits.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const KINDS = [
  { value: 'people', label: { id: 'import.kind.people' } },
  { value: 'units', label: { id: 'import.kind.units' } },
  { value: 'enterprises', label: { id: 'import.kind.enterprises' } },
];

const FINISHED = new Set(['succeeded', 'failed']);
const ERROR_PAGE = 50;

const STATUS: Record<string, { id: string }> = {
  validating: { id: 'import.status.validating' },
  writing: { id: 'import.status.writing' },
  succeeded: { id: 'import.status.done' },
  failed: { id: 'import.status.failed' },
};

const RECORDS: Record<string, { id: string }> = {
  people: { id: 'import.records.people' },
  memberships: { id: 'import.records.memberships' },
  units: { id: 'import.records.units' },
  enterprises: { id: 'import.records.enterprises' },
};

const TALLY = [
  { key: 'created', label: { id: 'import.summary.created' } },
  { key: 'updated', label: { id: 'import.summary.updated' } },
  { key: 'unchanged', label: { id: 'import.summary.unchanged' } },
] as const;

/** The import wizard: choose and upload a file, follow its progress, read the row errors or the summary. */
export function ImportPage() {
  const { jobId } = useParams();
  const intl = useIntl();
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'import.title' })} />
      {jobId ? <ImportJobView jobId={jobId} /> : <UploadForm />}
    </>
  );
}

function Steps({ active }: { active: number }) {
  const intl = useIntl();
  return (
    <Stepper active={active} size="sm" mb="lg" allowNextStepsSelect={false}>
      <Stepper.Step label={intl.formatMessage({ id: 'import.step.upload' })} />
      <Stepper.Step label={intl.formatMessage({ id: 'import.step.check' })} />
      <Stepper.Step label={intl.formatMessage({ id: 'import.step.summary' })} />
    </Stepper>
  );
}

function UploadForm() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [kind, setKind] = useState('people');
  const [file, setFile] = useState<File | null>(null);
  const tooLarge = file !== null && file.size > LIMITS.importFileBytes;
  const upload = useMutation({
    mutationFn: (input: { kind: string; file: File }) => {
      const body = new FormData();
      body.append('file', input.file);
      return api<{ jobId: number | string }>('/imports', {
        method: 'POST',
        query: { kind: input.kind },
        body,
      });
    },
    onSuccess: ({ jobId }) => void navigate(`/imports/${jobId}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file && !tooLarge) upload.mutate({ kind, file });
  };
  return (
    <>
      <Steps active={0} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder component="form" onSubmit={submit} aria-labelledby="import-upload">
          <Title order={2} size="h4" id="import-upload" mb="sm">
            <FormattedMessage id="import.step.upload" />
          </Title>
          <Stack>
            <NativeSelect
              label={intl.formatMessage({ id: 'import.kind' })}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value)}
              data={KINDS.map((k) => ({ value: k.value, label: intl.formatMessage(k.label) }))}
            />
            <FileInput
              label={intl.formatMessage({ id: 'import.file' })}
              description={intl.formatMessage({ id: 'import.fileHint' })}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
              value={file}
              onChange={setFile}
              clearable
              required
              error={tooLarge ? intl.formatMessage({ id: 'import.tooLarge' }) : undefined}
            />
            {upload.isError && <ErrorNotice error={upload.error} />}
            <Group>
              <Button
                type="submit"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={upload.isPending}
                disabled={!file || tooLarge}
              >
                <FormattedMessage id="import.upload" />
              </Button>
            </Group>
          </Stack>
        </Card>
        <Card withBorder component="section" aria-labelledby="import-templates">
          <Title order={2} size="h4" id="import-templates" mb="sm">
            <FormattedMessage id="import.templates" />
          </Title>
          <Text size="sm" mb="sm">
            <FormattedMessage id="import.templatesHint" />
          </Text>
          <Group gap="xs">
            <Button
              component="a"
              variant="default"
              href={apiUrl(`/imports/templates/${kind}`, { format: 'xlsx' })}
              download
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              <FormattedMessage id="export.xlsx" />
            </Button>
            <Button
              component="a"
              variant="default"
              href={apiUrl(`/imports/templates/${kind}`, { format: 'csv' })}
              download
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              <FormattedMessage id="export.csv" />
            </Button>
          </Group>
        </Card>
      </SimpleGrid>
    </>
  );
}

function ImportJobView({ jobId }: { jobId: string }) {
  const intl = useIntl();
  const n = useFormatNumber();
  const [errorPage, setErrorPage] = useState(1);
  const job = useQuery({
    queryKey: ['imports', jobId],
    queryFn: ({ signal }) => api<ImportJob>(`/imports/${jobId}`, { signal }),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 1000),
  });
  if (job.isPending) return <PageLoader />;
  if (job.isError) return <ErrorNotice error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  const finished = FINISHED.has(j.status);
  const failed = j.status === 'failed';
  const percent = j.totalRows ? Math.round((j.processedRows / j.totalRows) * 100) : finished ? 100 : 0;
  const fileErrors = j.errors.filter((e) => e.row === null);
  const rowErrors = j.errors.filter((e) => e.row !== null);
  const errors = rowErrors.slice((errorPage - 1) * ERROR_PAGE, errorPage * ERROR_PAGE);
  const statusKey = finished ? j.status : j.phase;

  return (
    <Stack gap="lg">
      <Steps active={finished ? 3 : 1} />
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            <FormattedMessage id="import.job" values={{ id: j.id }} />
            {j.fileName ? ` · ${j.fileName}` : ''}
          </Text>
          <Badge color={finished ? (failed ? 'red' : 'green') : 'blue'} variant="light">
            {STATUS[statusKey] ? intl.formatMessage(STATUS[statusKey]!) : statusKey}
          </Badge>
        </Group>
        <Progress
          value={percent}
          size="lg"
          animated={!finished}
          aria-label={intl.formatMessage({ id: 'import.progress' })}
        />
        <Text size="sm" mt="xs" aria-live="polite">
          <FormattedMessage
            id="import.progressText"
            values={{ done: n(j.processedRows), total: j.totalRows ? n(j.totalRows) : '…' }}
          />
        </Text>
      </Card>

      {finished && !failed && (
        <Alert
          color="green"
          icon={<IconCheck aria-hidden />}
          title={intl.formatMessage({ id: 'import.success' })}
          role="status"
        >
          {Object.keys(j.summary).length > 0 && (
            <Table mt="xs" withRowBorders={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {TALLY.map((t) => (
                    <Table.Th key={t.key} className="num">
                      {intl.formatMessage(t.label)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.entries(j.summary).map(([what, tally]) => (
                  <Table.Tr key={what}>
                    <Table.Th scope="row" fw={500}>
                      {RECORDS[what] ? intl.formatMessage(RECORDS[what]!) : what}
                    </Table.Th>
                    {TALLY.map((t) => (
                      <Table.Td key={t.key} className="num">
                        {n(tally[t.key])}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Alert>
      )}

      {fileErrors.map((e, i) => (
        <Alert key={i} color="red" title={e.message} role="alert">
          {rowErrors.length > 0 && <FormattedMessage id="import.errorsHint" />}
        </Alert>
      ))}

      {rowErrors.length > 0 && (
        <section aria-labelledby="import-errors">
          <Title order={2} size="h4" id="import-errors" mb="xs" c="red.8">
            <FormattedMessage id="import.errors" values={{ count: j.errorCount }} />
          </Title>
          <ScrollTable minWidth={480}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className="num">
                    <FormattedMessage id="import.row" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="import.column" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="import.message" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td className="num">{e.row === null ? '' : n(e.row)}</Table.Td>
                    <Table.Td>{e.column}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Pager page={errorPage} pageSize={ERROR_PAGE} total={rowErrors.length} onChange={setErrorPage} />
        </section>
      )}

      {finished && (
        <div>
          <Anchor component={Link} to="/imports">
            <FormattedMessage id="import.another" />
          </Anchor>
        </div>
      )}
    </Stack>
  );
}
