export { MePage, MyCellPage, MyOrganizationsPage, SettingsPage } from './MePages.tsx';
