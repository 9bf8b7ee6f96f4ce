import { Anchor, Badge, Breadcrumbs, Button, Group, Menu, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconChevronDown, IconHierarchy } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import type { UnitDetail } from '../../api/types.ts';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatDate, useFormatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { RestructureKind } from '../restructure/RestructureDialog.tsx';
import { AsOfInput } from './AsOfInput.tsx';
import { useAsOf, withAsOf } from './asOf.ts';
import { UnitHistory } from './UnitHistory.tsx';
import { UnitStatistics } from './UnitStatistics.tsx';
import { useChildren, useUnit } from './units.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { can, useSession } from '../session/session.ts';

// The restructuring dialog (forms, unit pickers) loads when one of its actions is chosen.
const RestructureDialog = lazy(async () => ({
  default: (await import('../restructure/RestructureDialog.tsx')).RestructureDialog,
}));

const RESTRUCTURE_ACTIONS: { kind: RestructureKind; label: { id: string } }[] = [
  { kind: 'move', label: { id: 'restructure.move' } },
  { kind: 'merge', label: { id: 'restructure.merge' } },
  { kind: 'split', label: { id: 'restructure.split' } },
  { kind: 'dissolve_level', label: { id: 'restructure.dissolve_level' } },
  { kind: 'close', label: { id: 'restructure.close' } },
];

export function UnitPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const [asOf, setAsOf] = useAsOf();
  const [tab, setTab] = useState<string | null>(null);
  const [dialog, setDialog] = useState<RestructureKind | null>(null);
  const unit = useUnit(unitId, asOf);
  const { kindLabel } = useCatalogueLabels();
  const formatDate = useFormatDate();

  if (unit.isPending) return <PageLoader />;
  if (unit.isError) return <LoadError error={unit.error} onRetry={() => void unit.refetch()} />;
  const u = unit.data;
  const ancestors = (u.path ?? []).filter((p) => p.id !== u.id);

  return (
    <>
      <PageHeader
        title={u.name}
        above={
          <nav aria-label={intl.formatMessage({ id: 'units.breadcrumb' })}>
            <Breadcrumbs separatorMargin={6} style={{ flexWrap: 'wrap', rowGap: 4 }}>
              <Anchor component={Link} to="/units" size="sm">
                <FormattedMessage id="units.title" />
              </Anchor>
              {ancestors.map((p) => (
                <Anchor key={p.id} component={Link} to={withAsOf(`/units/${p.id}`, asOf)} size="sm">
                  {p.name}
                </Anchor>
              ))}
              <Text size="sm" aria-current="page">
                {u.name}
              </Text>
            </Breadcrumbs>
          </nav>
        }
        subtitle={
          <Group gap="xs" wrap="wrap">
            <span>{kindLabel(u.kind)}</span>
            {u.code && <span>· {u.code}</span>}
            <span>
              · <FormattedMessage id="units.established" values={{ date: formatDate(u.establishedOn) }} />
            </span>
            {u.closedOn && (
              <Badge color="gray" variant="outline">
                <FormattedMessage id="units.closedOn" values={{ date: formatDate(u.closedOn) }} />
              </Badge>
            )}
          </Group>
        }
        actions={
          u.policies.restructure &&
          !u.closedOn && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  variant="default"
                  leftSection={<IconHierarchy size={16} aria-hidden />}
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                >
                  <FormattedMessage id="restructure.button" />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {RESTRUCTURE_ACTIONS.map((a) => (
                  <Menu.Item key={a.kind} onClick={() => setDialog(a.kind)}>
                    {intl.formatMessage(a.label)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )
        }
      />
      <Group mb="md" align="flex-end" justify="space-between" wrap="wrap">
        <AsOfInput value={asOf} onChange={setAsOf} />
        {u.policies.statistics && (
          <Anchor component={Link} to={`/programs?unitId=${u.id}`} size="sm">
            <FormattedMessage id="units.programs" />
          </Anchor>
        )}
        <HandbookLinks unitId={u.id} />
        {u.enterprise && (
          <Text size="sm">
            <FormattedMessage id="units.enterprise" />: {u.enterprise.name}
          </Text>
        )}
      </Group>

      <Tabs
        value={tab ?? (u.policies.statistics ? 'overview' : 'children')}
        onChange={setTab}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {u.policies.statistics && (
            <Tabs.Tab value="overview">
              <FormattedMessage id="units.tab.statistics" />
            </Tabs.Tab>
          )}
          <Tabs.Tab value="children">
            <FormattedMessage id="units.tab.children" values={{ count: u.childCount }} />
          </Tabs.Tab>
          <Tabs.Tab value="history">
            <FormattedMessage id="units.tab.history" />
          </Tabs.Tab>
        </Tabs.List>
        {u.policies.statistics && (
          <Tabs.Panel value="overview">
            <UnitStatistics unitId={u.id} asOf={asOf} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="children">
          <ChildList unit={u} asOf={asOf} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <UnitHistory unitId={u.id} />
        </Tabs.Panel>
      </Tabs>

      {dialog && (
        <Suspense fallback={null}>
          <RestructureDialog kind={dialog} unit={u} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </>
  );
}

/** The unit's handbook screens, each shown to those whose role works with it. */
function HandbookLinks({ unitId }: { unitId: number }) {
  const session = useSession().data;
  const links = [
    can(session, 'meeting.manage') && { to: 'meetings', label: { id: 'units.handbook.meetings' } },
    can(session, 'meeting.manage') && { to: 'tasks', label: { id: 'units.handbook.tasks' } },
    can(session, 'document.publish') && { to: 'documents', label: { id: 'units.handbook.documents' } },
    can(session, 'handbook.monitor') && { to: 'compliance', label: { id: 'units.handbook.compliance' } },
    can(session, 'handbook.monitor') && { to: 'adoption', label: { id: 'units.handbook.adoption' } },
  ].filter((l): l is { to: string; label: { id: string } } => !!l);
  const intl = useIntl();
  if (links.length === 0) return null;
  return (
    <Group
      gap="md"
      wrap="wrap"
      component="nav"
      aria-label={intl.formatMessage({ id: 'units.handbook.label' })}
    >
      {links.map((l) => (
        <Anchor key={l.to} component={Link} to={`/units/${unitId}/${l.to}`} size="sm">
          {intl.formatMessage(l.label)}
        </Anchor>
      ))}
    </Group>
  );
}

function ChildList({ unit, asOf }: { unit: UnitDetail; asOf: string | undefined }) {
  const children = useChildren(unit.id, unit.childCount > 0, asOf);
  const { kindLabel } = useCatalogueLabels();
  const n = useFormatNumber();
  if (unit.childCount === 0)
    return (
      <Text c="dimmed">
        <FormattedMessage id="units.noChildren" />
      </Text>
    );
  if (children.isPending) return <PageLoader />;
  if (children.isError) return <LoadError error={children.error} onRetry={() => void children.refetch()} />;
  const items = children.data.pages.flatMap((p) => p.items);
  return (
    <Stack gap="sm">
      <ScrollTable minWidth={480}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <FormattedMessage id="units.name" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="units.kind" />
              </Table.Th>
              <Table.Th className="num">
                <FormattedMessage id="units.children" />
              </Table.Th>
              <Table.Th className="num">
                <FormattedMessage id="units.members" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={withAsOf(`/units/${c.id}`, asOf)}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{kindLabel(c.kind)}</Table.Td>
                <Table.Td className="num">{n(c.childCount)}</Table.Td>
                <Table.Td className="num">{n(c.memberCount)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {children.hasNextPage && (
        <div>
          <Button
            variant="default"
            loading={children.isFetchingNextPage}
            onClick={() => void children.fetchNextPage()}
          >
            <FormattedMessage id="units.showMore" values={{ shown: items.length, total: unit.childCount }} />
          </Button>
        </div>
      )}
    </Stack>
  );
}
