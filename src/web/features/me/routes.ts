// The member's first screen (the handbook home) and the profile, cell and organizations. The other
// handbook screens (a meeting, tasks, documents, inbox, the offline queue) are chunks of their own.
export { MePage, MyCellPage, MyOrganizationsPage, SettingsPage } from './MePages.tsx';
export { HomePage } from '../handbook/member/HomePage.tsx';
export { homeQuery } from '../handbook/member/api.ts';
