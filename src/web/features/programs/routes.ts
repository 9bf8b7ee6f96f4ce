import '../../app/console.css';
export { ProgramListPage } from './ProgramListPage.tsx';
export { ProgramPage } from './ProgramPage.tsx';
export { TargetRecordsPage } from './TargetRecordsPage.tsx';
