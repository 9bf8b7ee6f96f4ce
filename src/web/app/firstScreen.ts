import type { LoaderFunctionArgs } from 'react-router';

/**
 * The first screen after opening the app is drawn once, complete: until the app has started, a
 * route's loader waits for the data its screen shows (fetched early by index.html, so this is rarely
 * long), instead of drawing the frame, then a spinner, then the content. Later screens open at once
 * and show their own loading state, as before; a slow answer holds the first screen back for at most
 * FIRST_SCREEN_WAIT_MS.
 */
const FIRST_SCREEN_WAIT_MS = 2_500;

let starting = true;

/** Called once the router has drawn its first screen. */
export function firstScreenShown(): void {
  starting = false;
}

export function firstScreen(load: (args: LoaderFunctionArgs) => Promise<unknown>) {
  return async (args: LoaderFunctionArgs): Promise<null> => {
    if (starting)
      await Promise.race([load(args), new Promise((done) => setTimeout(done, FIRST_SCREEN_WAIT_MS))]);
    return null;
  };
}
