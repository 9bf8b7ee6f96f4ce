import '../../app/console.css';
export { PeopleListPage } from './PeopleListPage.tsx';
export { PersonPage } from './PersonPage.tsx';
