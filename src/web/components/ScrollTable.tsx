import type { ReactNode } from 'react';

/**
 * A wide table on a narrow screen scrolls sideways inside this box. The box takes keyboard focus,
 * so the hidden columns can be reached with the arrow keys, not only with a finger or a mouse.
 */
export function ScrollTable({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  label?: string;
  children: ReactNode;
}) {
  return (
    <div
      tabIndex={0}
      role={label ? 'region' : undefined}
      aria-label={label}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
    >
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
