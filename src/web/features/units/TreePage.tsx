import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronRight, IconSearch } from '@tabler/icons-react';
import { createContext, memo, useCallback, useContext, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import type { UnitSummary } from '../../api/types.ts';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { useFormatNumber } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import classes from './TreePage.module.css';
import { useChildren, useRoots, useUnitSearch } from './units.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const SEARCH_PAGE = 50;

/** The organization tree: lazy children a page at a time, or a flat search across the caller's scope. */
export function TreePage() {
  const intl = useIntl();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const kind = params.get('kind') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const { catalogue, kindLabel } = useCatalogueLabels();
  const searching = debounced.length >= 2 || kind !== '';

  const update = (changes: Record<string, string | null>) => {
    // from the current address: two quick changes must not undo each other
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'units.title' })} />
      <Card withBorder mb="md" padding="sm" role="search">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            style={{ flex: '1 1 240px' }}
            label={intl.formatMessage({ id: 'units.search' })}
            description={intl.formatMessage({ id: 'units.searchHint' })}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            type="search"
            onChange={(e) => {
              setText(e.currentTarget.value);
              update({ q: e.currentTarget.value.trim() || null, page: null });
            }}
          />
          <NativeSelect
            style={{ flex: '0 1 260px' }}
            label={intl.formatMessage({ id: 'units.kindFilter' })}
            value={kind}
            onChange={(e) => update({ kind: e.currentTarget.value || null, page: null })}
            data={[
              { value: '', label: intl.formatMessage({ id: 'units.allKinds' }) },
              ...(catalogue?.unitKinds ?? []).map((k) => ({ value: k.code, label: kindLabel(k.code) })),
            ]}
          />
        </Group>
      </Card>
      {searching ? (
        <SearchResults q={debounced} kind={kind} page={page} onPage={(p) => update({ page: String(p) })} />
      ) : (
        <Tree />
      )}
    </>
  );
}

function SearchResults({
  q,
  kind,
  page,
  onPage,
}: {
  q: string;
  kind: string;
  page: number;
  onPage: (page: number) => void;
}) {
  const intl = useIntl();
  const search = useUnitSearch(q, kind, page, SEARCH_PAGE);
  const { kindLabel } = useCatalogueLabels();
  const formatNumber = useFormatNumber();
  if (search.isPending) return <PageLoader />;
  if (search.isError) return <ErrorNotice error={search.error} onRetry={() => void search.refetch()} />;
  const { items, total } = search.data;
  return (
    <section aria-label={intl.formatMessage({ id: 'units.results' })}>
      {items.length === 0 && (
        <Text c="dimmed" role="status">
          <FormattedMessage id="units.noResults" />
        </Text>
      )}
      {items.length > 0 && (
        <ScrollTable minWidth={560}>
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
                <Table.Th className="num">
                  <FormattedMessage id="units.members" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/units/${u.id}`}>
                      {u.name}
                    </Anchor>
                    {u.closedOn && <ClosedBadge />}
                  </Table.Td>
                  <Table.Td>{kindLabel(u.kind)}</Table.Td>
                  <Table.Td>{u.parentName}</Table.Td>
                  <Table.Td className="num">{formatNumber(u.memberCount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Pager page={page} pageSize={SEARCH_PAGE} total={total} onChange={onPage} />
    </section>
  );
}

function ClosedBadge() {
  return (
    <Badge ms="xs" size="sm" color="gray" variant="outline">
      <FormattedMessage id="units.closed" />
    </Badge>
  );
}

/** The kind names, looked up once for the whole tree rather than by every row. */
const KindLabel = createContext<(code: string) => string>((code) => code);

function Tree() {
  const intl = useIntl();
  const roots = useRoots();
  const { kindLabel } = useCatalogueLabels();
  if (roots.isPending) return <PageLoader />;
  if (roots.isError) return <ErrorNotice error={roots.error} onRetry={() => void roots.refetch()} />;
  if (roots.data.items.length === 0)
    return (
      <Text c="dimmed">
        <FormattedMessage id="units.empty" />
      </Text>
    );
  return (
    <KindLabel.Provider value={kindLabel}>
      <Card withBorder padding="xs" component="nav" aria-label={intl.formatMessage({ id: 'units.tree' })}>
        <ul className={classes.list}>
          {roots.data.items.map((unit) => (
            <TreeNode key={unit.id} unit={unit} depth={0} initiallyOpen={roots.data.items.length === 1} />
          ))}
        </ul>
      </Card>
    </KindLabel.Provider>
  );
}

/**
 * One unit of the tree. Rows are plain elements styled by the tree's own classes (a province opens
 * into dozens of them at once), and a row draws again only when its own unit or state changes.
 */
const TreeNode = memo(function TreeNode({
  unit,
  depth,
  initiallyOpen = false,
}: {
  unit: UnitSummary;
  depth: number;
  initiallyOpen?: boolean;
}) {
  const intl = useIntl();
  const kindLabel = useContext(KindLabel);
  const [open, setOpen] = useState(initiallyOpen);
  const hasChildren = unit.childCount > 0;
  const groupId = `tree-children-${unit.id}`;
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const label = intl.formatMessage(open ? { id: 'units.collapse' } : { id: 'units.expand' }, {
    name: unit.name,
    count: unit.childCount,
  });

  return (
    <li className={classes.item}>
      <div className={classes.row} style={{ paddingInlineStart: depth * 20 }}>
        {hasChildren ? (
          <button
            type="button"
            className={classes.toggle}
            aria-expanded={open}
            aria-controls={open ? groupId : undefined}
            aria-label={label}
            onClick={toggle}
          >
            <IconChevronRight
              size={16}
              aria-hidden
              className={open ? classes.chevronOpen : classes.chevron}
            />
          </button>
        ) : (
          <span className={classes.spacer} aria-hidden />
        )}
        <div className={classes.label}>
          <Link to={`/units/${unit.id}`} className={classes.name}>
            {unit.name}
          </Link>
          <span className={classes.kind}>{kindLabel(unit.kind)}</span>
          {unit.closedOn && <ClosedBadge />}
        </div>
        <span className={classes.count} title={intl.formatMessage({ id: 'units.members' })}>
          <FormattedMessage id="units.memberCount" values={{ count: unit.memberCount }} />
        </span>
      </div>
      {open && hasChildren && <Children parent={unit} depth={depth + 1} id={groupId} />}
    </li>
  );
});

function Children({ parent, depth, id }: { parent: UnitSummary; depth: number; id: string }) {
  const intl = useIntl();
  const children = useChildren(parent.id, true);
  if (children.isPending)
    return (
      <div style={{ paddingInlineStart: depth * 20 + 36 }} role="status">
        <Loader size="xs" />
        <VisuallyHidden>{intl.formatMessage({ id: 'common.loading' })}</VisuallyHidden>
      </div>
    );
  if (children.isError) return <ErrorNotice error={children.error} onRetry={() => void children.refetch()} />;
  const items = children.data.pages.flatMap((p) => p.items);
  const total = children.data.pages[0]?.total ?? parent.childCount;
  return (
    <Stack gap={0}>
      <ul className={classes.list} id={id} aria-label={parent.name}>
        {items.map((unit) => (
          <TreeNode key={unit.id} unit={unit} depth={depth} />
        ))}
      </ul>
      {children.hasNextPage && (
        <div style={{ paddingInlineStart: depth * 20 + 36 }}>
          <Button
            variant="subtle"
            size="compact-sm"
            loading={children.isFetchingNextPage}
            onClick={() => void children.fetchNextPage()}
          >
            <FormattedMessage id="units.showMore" values={{ shown: items.length, total }} />
          </Button>
        </div>
      )}
    </Stack>
  );
}
