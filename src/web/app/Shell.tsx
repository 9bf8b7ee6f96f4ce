import { ActionIcon, AppShell, Badge, Group, Text } from '@mantine/core';
import {
  IconBell,
  IconBuildingCommunity,
  IconChecklist,
  IconCloudUpload,
  IconFileText,
  IconHome,
  IconCalendarCheck,
  IconFileImport,
  IconLogout,
  IconSettings,
  IconTargetArrow,
  IconSitemap,
  IconUser,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, NavLink, Outlet } from 'react-router';
import { ROLE_PERMISSIONS } from '../../shared/access.ts';
import type { Session } from '../api/types.ts';
import { can, usesConsole } from '../features/session/session.ts';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.tsx';
import { useLeaveAndSignOut } from './offline/useLeave.ts';
import { useOutbox } from './offline/useOutbox.ts';
import classes from './Shell.module.css';
import { OfflineNotice, PageLoader } from './status.tsx';
import { useOnline } from './useOnline.ts';

interface NavItem {
  to: string;
  label: { id: string };
  icon: Icon;
  end?: boolean;
  /** Left out of the phone's tab bar (reachable from the home); in the side bar on wider screens. */
  wideOnly?: boolean;
}

function navItems(session: Session): NavItem[] {
  const items: NavItem[] = [];
  if (usesConsole(session)) {
    items.push({ to: '/units', label: { id: 'nav.units' }, icon: IconSitemap });
    if (can(session, 'person.read.personal'))
      items.push({ to: '/people', label: { id: 'nav.people' }, icon: IconUsers });
    if (can(session, 'unit.statistics'))
      items.push({ to: '/programs', label: { id: 'nav.programs' }, icon: IconTargetArrow });
    // The monitor opens on the unit of the caller's first role that may watch meetings.
    const watched = session.roles.find((r) => ROLE_PERMISSIONS[r.role].has('handbook.monitor'));
    if (watched)
      items.push({
        to: `/units/${watched.unitId}/compliance`,
        label: { id: 'nav.compliance' },
        icon: IconCalendarCheck,
      });
    if (can(session, 'import'))
      items.push({ to: '/imports', label: { id: 'nav.imports' }, icon: IconFileImport });
    if (session.account.personId != null)
      items.push({ to: '/me', label: { id: 'nav.home' }, icon: IconHome, end: true });
  } else {
    items.push({ to: '/me', label: { id: 'nav.home' }, icon: IconHome, end: true });
    items.push({ to: '/me/tasks', label: { id: 'nav.tasks' }, icon: IconChecklist });
    items.push({ to: '/me/documents', label: { id: 'nav.documents' }, icon: IconFileText });
    items.push({ to: '/me/notifications', label: { id: 'nav.inbox' }, icon: IconBell });
    items.push({ to: '/me/profile', label: { id: 'nav.me' }, icon: IconUser, wideOnly: true });
    items.push({ to: '/me/cell', label: { id: 'nav.myCell' }, icon: IconUsersGroup, wideOnly: true });
    items.push({
      to: '/me/organizations',
      label: { id: 'nav.myOrganizations' },
      icon: IconBuildingCommunity,
      wideOnly: true,
    });
  }
  items.push({ to: '/settings', label: { id: 'nav.settings' }, icon: IconSettings });
  return items;
}

export function Shell({ session }: { session: Session }) {
  const intl = useIntl();
  const online = useOnline();
  const items = navItems(session);
  const label = (item: NavItem) => intl.formatMessage(item.label);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: true } }}
      footer={{ height: { base: 64, sm: 0 } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a className="skip-link" href="#main">
        <FormattedMessage id="a11y.skipToContent" />
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <Text fw={700} size="lg" component="span">
              Grassroots
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <OutboxBadge accountId={session.account.id} />
            <LanguageSwitcher compact />
            <AccountMenu session={session} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" visibleFrom="sm" aria-label={intl.formatMessage({ id: 'nav.main' })}>
        {items.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className={classes.sideLink}>
            <item.icon size={20} aria-hidden stroke={1.75} />
            <span>{label(item)}</span>
          </NavLink>
        ))}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        {!online && (
          <div className={classes.offline}>
            <OfflineNotice />
          </div>
        )}
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>

      <AppShell.Footer hiddenFrom="sm" className={classes.footer}>
        <nav aria-label={intl.formatMessage({ id: 'nav.main' })} className={classes.tabs}>
          {items
            .filter((item) => !item.wideOnly)
            .map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className={classes.tab}>
                <item.icon size={22} aria-hidden stroke={1.75} />
                <span className={classes.tabLabel}>{label(item)}</span>
              </NavLink>
            ))}
        </nav>
      </AppShell.Footer>
    </AppShell>
  );
}

/** Replies, comments and check-ins made offline and not sent yet: a count that opens the list. */
function OutboxBadge({ accountId }: { accountId: number }) {
  const intl = useIntl();
  const { pending } = useOutbox(accountId);
  if (pending === 0) return null;
  const label = intl.formatMessage({ id: 'member.outbox.badge' }, { count: pending });
  return (
    <Link to="/me/outbox" aria-label={label} title={label} className={classes.outbox}>
      <IconCloudUpload size={20} aria-hidden />
      <Badge size="sm" color="dark" variant="filled" circle>
        {pending}
      </Badge>
    </Link>
  );
}

function AccountMenu({ session }: { session: Session }) {
  const signOut = useLeaveAndSignOut();
  const intl = useIntl();
  const name = session.account.displayName || session.account.username;
  return (
    <Group gap={4} wrap="nowrap" visibleFrom="sm">
      <IconUser size={18} aria-hidden />
      <Text size="sm" component="span" maw={180} truncate>
        {name}
      </Text>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={intl.formatMessage({ id: 'account.signOut' })}
        title={intl.formatMessage({ id: 'account.signOut' })}
        loading={signOut.isPending}
        onClick={signOut.run}
      >
        <IconLogout size={18} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
