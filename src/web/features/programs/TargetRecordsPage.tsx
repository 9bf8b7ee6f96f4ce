import { Anchor, Table, Text } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatDate } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { can, useSession } from '../session/session.ts';
import { useTargetLabel } from './labels.ts';
import { useDashboard, useTargetRecords } from './programs.ts';

const PAGE_SIZE = 50;

/** The records behind a target's figure: the people admitted, the units established, the enterprises. */
export function TargetRecordsPage() {
  const intl = useIntl();
  const params = useParams();
  const programId = Number(params.programId);
  const targetId = Number(params.targetId);
  const [search, setSearch] = useSearchParams();
  const asOf = search.get('asOf') || undefined;
  const unitId = Number(search.get('unitId')) || undefined;
  const page = Number(search.get('page') ?? '1') || 1;
  const dashboard = useDashboard(programId, asOf);
  const records = useTargetRecords(targetId, { asOf, unitId, page, pageSize: PAGE_SIZE });
  const formatDate = useFormatDate();
  const { kindLabel } = useCatalogueLabels();
  const { targetLabel } = useTargetLabel();
  const session = useSession();
  const target = dashboard.data?.targets.find((t) => t.id === targetId);
  const linkPeople = can(session.data, 'person.read.personal');
  const setPage = (p: number) => {
    const next = new URLSearchParams(window.location.search);
    next.set('page', String(p));
    setSearch(next);
  };
  const subject = records.data?.subject;
  return (
    <>
      <PageHeader
        title={target ? targetLabel(target) : '…'}
        above={
          <Anchor component={Link} to={`/programs/${programId}${asOf ? `?asOf=${asOf}` : ''}`} size="sm">
            ← {dashboard.data?.program.title ?? '…'}
          </Anchor>
        }
        subtitle={
          records.data && (
            <FormattedMessage
              id="programs.recordsCount"
              values={{ count: records.data.total, date: formatDate(dashboard.data?.evaluatedOn) }}
            />
          )
        }
      />
      {records.isPending && <PageLoader />}
      {records.isError && <LoadError error={records.error} onRetry={() => void records.refetch()} />}
      {records.data && (
        <>
          <ScrollTable minWidth={600}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>
                    {subject === 'people' ? (
                      <FormattedMessage id="people.name" />
                    ) : (
                      <FormattedMessage id="units.name" />
                    )}
                  </Table.Th>
                  {subject !== 'enterprises' && (
                    <Table.Th>
                      <FormattedMessage id="programs.recordDate" />
                    </Table.Th>
                  )}
                  {subject !== 'enterprises' && (
                    <Table.Th>
                      {subject === 'people' ? (
                        <FormattedMessage id="programs.recordUnit" />
                      ) : (
                        <FormattedMessage id="units.parent" />
                      )}
                    </Table.Th>
                  )}
                  {subject !== 'people' && (
                    <Table.Th>
                      {subject === 'units' ? (
                        <FormattedMessage id="units.kind" />
                      ) : (
                        <FormattedMessage id="programs.hasOrganization" />
                      )}
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {records.data.items.map((r, i) => (
                  <Table.Tr key={`${r.id}-${i}`}>
                    <Table.Td>{(page - 1) * PAGE_SIZE + i + 1}</Table.Td>
                    <Table.Td>
                      {subject === 'people' && linkPeople ? (
                        <Anchor component={Link} to={`/people/${r.id}`}>
                          {r.name}
                        </Anchor>
                      ) : subject === 'units' ? (
                        <Anchor component={Link} to={`/units/${r.id}`}>
                          {r.name}
                        </Anchor>
                      ) : (
                        r.name
                      )}
                    </Table.Td>
                    {subject !== 'enterprises' && <Table.Td>{formatDate(r.date)}</Table.Td>}
                    {subject !== 'enterprises' && <Table.Td>{r.unitName}</Table.Td>}
                    {subject !== 'people' && (
                      <Table.Td>
                        {subject === 'units'
                          ? kindLabel(r.detail ?? '')
                          : r.detail === 'yes'
                            ? intl.formatMessage({ id: 'programs.yes' })
                            : intl.formatMessage({ id: 'programs.no' })}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {records.data.items.length === 0 && (
            <Text c="dimmed" mt="md">
              <FormattedMessage id="programs.noRecords" />
            </Text>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={records.data.total} onChange={setPage} />
        </>
      )}
    </>
  );
}
