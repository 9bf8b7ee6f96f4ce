import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * Blocks of a long page drawn after the content above them, one block per task, when the page
 * first opens: the top of the page (what the reader sees first) is on screen sooner, and no single
 * task holds the phone's main thread for the whole page. Blocks come in page order, so nothing
 * above moves; until drawn, a block is an empty element marked busy.
 */
const queue: (() => void)[] = [];
let running = false;

function next(): void {
  const reveal = queue.shift();
  if (!reveal) {
    running = false;
    return;
  }
  running = true;
  // A task of its own, after the browser has had the chance to paint what is there.
  setTimeout(reveal, 0);
}

export function Later({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown) {
      next();
      return;
    }
    let cancelled = false;
    queue.push(() => {
      if (cancelled) next();
      else startTransition(() => setShown(true));
    });
    if (!running) next();
    return () => {
      cancelled = true;
    };
  }, [shown]);
  return shown ? children : <div aria-busy="true" />;
}
