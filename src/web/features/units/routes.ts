import '../../app/console.css';
export { TreePage } from './TreePage.tsx';
export { UnitPage } from './UnitPage.tsx';
export { MemberDrillDownPage, UnitDrillDownPage } from './DrillDownPages.tsx';
export { unitPageData } from './unitPageData.ts';
