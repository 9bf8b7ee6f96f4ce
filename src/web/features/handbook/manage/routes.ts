import '../../../app/console.css';
export { DocumentsPage } from './DocumentsPage.tsx';
export { MeetingEditPage, MeetingNewPage } from './MeetingFormPage.tsx';
export { MeetingsPage } from './MeetingsPage.tsx';
export { TasksPage } from './TasksPage.tsx';
