import '../../app/console.css';
export { ImportPage } from './ImportPage.tsx';
