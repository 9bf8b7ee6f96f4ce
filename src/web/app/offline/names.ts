/**
 * Names the page and the service worker share for what this device keeps (see
 * docs/decisions/0014-offline-cache-on-devices.md).
 */

/** Cache Storage: the member's own schedule, meeting pages and non-sensitive materials. */
export const API_CACHE = 'grassroots-api-v1';

/** IndexedDB: the queue of replies, comments and check-ins made while offline. */
export const DB_NAME = 'grassroots-device';
export const DB_VERSION = 1;
export const OUTBOX_STORE = 'outbox';

/** Background Sync tag that asks the service worker to send the queue when the network returns. */
export const SYNC_TAG = 'grassroots-outbox';

/** Pages and the service worker tell each other that the queue changed. */
export const OUTBOX_CHANNEL = 'grassroots-outbox';

/** Only one sender works on the queue at a time (page tabs and the service worker). */
export const OUTBOX_LOCK = 'grassroots-outbox';

export const API_BASE = '/api/v1';
