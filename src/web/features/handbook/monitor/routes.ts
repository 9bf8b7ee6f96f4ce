import '../../../app/console.css';
export { AdoptionPage } from './AdoptionPage.tsx';
export { CompliancePage } from './CompliancePage.tsx';
