import { useLayoutEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { SignInPage } from '../features/session/SignInPage.tsx';
import { HomeRedirect, RequireSession } from './RequireSession.tsx';
import { NotFoundPage, PageLoader, RouteError } from './status.tsx';
import { loadConsoleMessages } from '../i18n/LocaleProvider.tsx';
import { sessionQuery } from '../features/session/session.ts';
import { firstScreen, firstScreenShown } from './firstScreen.ts';
import { queryClient } from './queryClient.ts';

// Each screen is its own chunk. The member's screens (me/*, settings) stay small; the console's
// screens and the charts load only when a console route is opened.
const member = () => import('../features/me/routes.ts');
const meeting = () => import('../features/handbook/member/MeetingPage.tsx');
const checkIn = () => import('../features/handbook/member/CheckIn.tsx');
const tasks = () => import('../features/handbook/member/TasksPage.tsx');
const documents = () => import('../features/handbook/member/DocumentsPages.tsx');
const inbox = () => import('../features/handbook/member/InboxPage.tsx');
const outbox = () => import('../features/handbook/member/OutboxPage.tsx');
/** A console screen's code together with the console's messages (not loaded on members' phones). */
const withConsoleMessages =
  <T,>(load: () => Promise<T>) =>
  async (): Promise<T> =>
    (await Promise.all([load(), loadConsoleMessages()]))[0];
const units = withConsoleMessages(() => import('../features/units/routes.ts'));
const people = withConsoleMessages(() => import('../features/people/routes.ts'));
const imports = withConsoleMessages(() => import('../features/imports/routes.ts'));
const programs = withConsoleMessages(() => import('../features/programs/routes.ts'));
const manage = withConsoleMessages(() => import('../features/handbook/manage/routes.ts'));
const monitor = withConsoleMessages(() => import('../features/handbook/monitor/routes.ts'));

const routes: RouteObject[] = [
  { path: '/sign-in', Component: SignInPage, ErrorBoundary: RouteError },
  {
    path: '/',
    Component: RequireSession,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    loader: firstScreen(() => queryClient.prefetchQuery(sessionQuery)),
    children: [
      { index: true, Component: HomeRedirect },
      {
        ErrorBoundary: RouteError,
        children: [
          {
            path: 'me',
            lazy: async () => {
              const { HomePage, homeQuery } = await member();
              return { Component: HomePage, loader: firstScreen(() => queryClient.prefetchQuery(homeQuery)) };
            },
          },
          { path: 'me/profile', lazy: async () => ({ Component: (await member()).MePage }) },
          { path: 'me/tasks', lazy: async () => ({ Component: (await tasks()).TasksPage }) },
          { path: 'me/documents', lazy: async () => ({ Component: (await documents()).DocumentsPage }) },
          { path: 'me/notifications', lazy: async () => ({ Component: (await inbox()).InboxPage }) },
          { path: 'me/outbox', lazy: async () => ({ Component: (await outbox()).OutboxPage }) },
          {
            path: 'documents/:documentId',
            lazy: async () => ({ Component: (await documents()).DocumentPage }),
          },
          { path: 'meetings/:meetingId', lazy: async () => ({ Component: (await meeting()).MeetingPage }) },
          {
            path: 'meetings/:meetingId/check-in',
            lazy: async () => ({ Component: (await checkIn()).CheckInLinkPage }),
          },
          { path: 'me/cell', lazy: async () => ({ Component: (await member()).MyCellPage }) },
          {
            path: 'me/organizations',
            lazy: async () => ({ Component: (await member()).MyOrganizationsPage }),
          },
          { path: 'settings', lazy: async () => ({ Component: (await member()).SettingsPage }) },
          { path: 'units', lazy: async () => ({ Component: (await units()).TreePage }) },
          {
            path: 'units/:unitId',
            lazy: async () => {
              const { UnitPage, unitPageData } = await units();
              return { Component: UnitPage, loader: firstScreen((args) => unitPageData(queryClient, args)) };
            },
          },
          {
            path: 'units/:unitId/units',
            lazy: async () => ({ Component: (await units()).UnitDrillDownPage }),
          },
          {
            path: 'units/:unitId/members',
            lazy: async () => ({ Component: (await units()).MemberDrillDownPage }),
          },
          {
            path: 'units/:unitId/meetings',
            lazy: async () => ({ Component: (await manage()).MeetingsPage }),
          },
          {
            path: 'units/:unitId/meetings/new',
            lazy: async () => ({ Component: (await manage()).MeetingNewPage }),
          },
          {
            path: 'meetings/:meetingId/edit',
            lazy: async () => ({ Component: (await manage()).MeetingEditPage }),
          },
          { path: 'units/:unitId/tasks', lazy: async () => ({ Component: (await manage()).TasksPage }) },
          {
            path: 'units/:unitId/documents',
            lazy: async () => ({ Component: (await manage()).DocumentsPage }),
          },
          {
            path: 'units/:unitId/compliance',
            lazy: async () => ({ Component: (await monitor()).CompliancePage }),
          },
          {
            path: 'units/:unitId/adoption',
            lazy: async () => ({ Component: (await monitor()).AdoptionPage }),
          },
          { path: 'people', lazy: async () => ({ Component: (await people()).PeopleListPage }) },
          { path: 'people/:personId', lazy: async () => ({ Component: (await people()).PersonPage }) },
          { path: 'imports', lazy: async () => ({ Component: (await imports()).ImportPage }) },
          { path: 'imports/:jobId', lazy: async () => ({ Component: (await imports()).ImportPage }) },
          { path: 'programs', lazy: async () => ({ Component: (await programs()).ProgramListPage }) },
          {
            path: 'programs/:programId',
            lazy: async () => ({ Component: (await programs()).ProgramPage }),
          },
          {
            path: 'programs/:programId/targets/:targetId',
            lazy: async () => ({ Component: (await programs()).TargetRecordsPage }),
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);

if (router.state.initialized) firstScreenShown();
else {
  const unsubscribe = router.subscribe((state) => {
    if (!state.initialized) return;
    firstScreenShown();
    unsubscribe();
  });
}

/**
 * The router on screen. React Router's provider starts listening to the router only when it is
 * committed; the app's first render is a transition drawn in slices, during which the router may
 * already have loaded the first screen. If it changed in between, the provider is mounted once more
 * with the router's current state, so the first screen is never left waiting.
 */
export function AppRouter() {
  const [first] = useState(() => router.state);
  const [generation, setGeneration] = useState(0);
  useLayoutEffect(() => {
    if (router.state !== first) setGeneration(1);
  }, [first]);
  return <RouterProvider key={generation} router={router} />;
}
