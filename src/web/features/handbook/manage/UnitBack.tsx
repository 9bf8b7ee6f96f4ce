import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useUnit } from '../../units/units.ts';

/** The way back to the unit a handbook screen belongs to, with its name. */
export function UnitBack({ unitId }: { unitId: number }) {
  const unit = useUnit(unitId);
  return (
    <Anchor component={Link} to={`/units/${unitId}`} size="sm">
      ← {unit.data?.name ?? '…'}
    </Anchor>
  );
}

export function useUnitName(unitId: number): string | undefined {
  return useUnit(unitId).data?.name;
}
