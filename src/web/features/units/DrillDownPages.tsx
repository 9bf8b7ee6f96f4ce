import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams, useSearchParams } from 'react-router';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useFormatDate } from '../../components/format.ts';
import { statusColor, useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { can, useSession } from '../session/session.ts';
import { withAsOf } from './asOf.ts';
import { useDrillMembers, useDrillUnits, useUnit } from './units.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const PAGE_SIZE = 50;

function useDrillParams() {
  const unitId = Number(useParams().unitId);
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) || undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const setPage = (p: number) => {
    // from the current address: two quick changes must not undo each other
    const next = new URLSearchParams(window.location.search);
    next.set('page', String(p));
    setParams(next);
  };
  return {
    unitId,
    asOf: get('asOf'),
    ownership: get('ownership'),
    kind: get('kind'),
    family: get('family'),
    status: get('status'),
    page,
    setPage,
  };
}

function BackToUnit({ unitId, asOf }: { unitId: number; asOf: string | undefined }) {
  const unit = useUnit(unitId, asOf);
  return (
    <Anchor component={Link} to={withAsOf(`/units/${unitId}`, asOf)} size="sm">
      ← {unit.data?.name ?? '…'}
    </Anchor>
  );
}

function AsOfNote({ asOf }: { asOf: string }) {
  const formatDate = useFormatDate();
  return <FormattedMessage id="drill.asOf" values={{ date: formatDate(asOf) }} />;
}

/** The units behind a count on a unit's statistics. */
export function UnitDrillDownPage() {
  const intl = useIntl();
  const { unitId, asOf, ownership, kind, page, setPage } = useDrillParams();
  const list = useDrillUnits(unitId, { asOf, ownership, kind, page, pageSize: PAGE_SIZE });
  const { kindLabel } = useCatalogueLabels();
  const formatDate = useFormatDate();
  const title = kind
    ? intl.formatMessage({ id: 'drill.unitsOfKind' }, { kind: kindLabel(kind) })
    : intl.formatMessage({ id: 'drill.units' });
  return (
    <>
      <PageHeader
        title={title}
        above={<BackToUnit unitId={unitId} asOf={asOf} />}
        subtitle={list.data && <AsOfNote asOf={list.data.asOf} />}
      />
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          <ScrollTable minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <FormattedMessage id="units.name" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="units.kind" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="units.parent" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="units.enterprise" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="units.establishedOn" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      <Anchor component={Link} to={withAsOf(`/units/${u.id}`, asOf)}>
                        {u.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{kindLabel(u.kind)}</Table.Td>
                    <Table.Td>{u.parentName}</Table.Td>
                    <Table.Td>{u.enterpriseName}</Table.Td>
                    <Table.Td>{formatDate(u.establishedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />
        </>
      )}
    </>
  );
}

/** The people behind a count on a unit's statistics. */
export function MemberDrillDownPage() {
  const intl = useIntl();
  const session = useSession();
  const { unitId, asOf, ownership, family, status, page, setPage } = useDrillParams();
  const list = useDrillMembers(unitId, { asOf, ownership, family, status, page, pageSize: PAGE_SIZE });
  const unit = useUnit(unitId, asOf);
  const { familyLabel } = useCatalogueLabels();
  const labels = useLabels();
  const formatDate = useFormatDate();
  const linkPeople = can(session.data, 'person.read.personal');
  const parts = [family && familyLabel(family), status && labels.status(status)].filter(Boolean).join(' · ');
  const title = parts
    ? intl.formatMessage({ id: 'drill.membersOf' }, { what: parts })
    : intl.formatMessage({ id: 'drill.members' });
  return (
    <>
      <PageHeader
        title={title}
        above={<BackToUnit unitId={unitId} asOf={asOf} />}
        subtitle={list.data && <AsOfNote asOf={list.data.asOf} />}
        actions={
          unit.data?.policies.export && (
            <ExportButtons
              path={`/units/${unitId}/statistics/members/export`}
              query={{ asOf, family, status }}
            />
          )
        }
      />
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          {list.data.items.length === 0 && (
            <Text c="dimmed">
              <FormattedMessage id="people.none" />
            </Text>
          )}
          {list.data.items.length > 0 && (
            <ScrollTable minWidth={640}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="people.name" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="person.birthDate" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="stats.organization" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="people.unit" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="drill.since" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((m) => (
                    <Table.Tr key={`${m.id}-${m.family}`}>
                      <Table.Td>
                        {linkPeople ? (
                          <Anchor component={Link} to={`/people/${m.id}`}>
                            {m.fullName}
                          </Anchor>
                        ) : (
                          m.fullName
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(m.birthDate)}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <span>{familyLabel(m.family)}</span>
                          <Badge size="sm" variant="light" color={statusColor(m.status)}>
                            {labels.status(m.status)}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={withAsOf(`/units/${m.unitId}`, asOf)}>
                          {m.unitName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDate(m.since)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />
        </>
      )}
    </>
  );
}
