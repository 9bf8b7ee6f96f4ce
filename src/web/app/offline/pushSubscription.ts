/**
 * This device's Web Push subscription: asked for with the browser's permission, registered with the
 * server under the signed-in account, and withdrawn at sign-out so a shared device stops showing
 * the previous member's notifications.
 */
import { api } from '../../api/client.ts';

export class PushDenied extends Error {}
export class PushUnavailable extends Error {}

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!pushSupported()) return undefined;
  return navigator.serviceWorker.getRegistration();
}

export async function currentPushSubscription(): Promise<PushSubscription | null> {
  const reg = await registration();
  return reg ? reg.pushManager.getSubscription() : null;
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function subscribePush(): Promise<void> {
  const reg = await registration();
  if (!reg) throw new PushUnavailable();
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushDenied();
  const { publicKey } = await api<{ publicKey: string }>('/push/public-key');
  const key = base64UrlToBytes(publicKey);
  let subscription = await reg.pushManager.getSubscription();
  // A subscription made for another server key cannot be reused.
  if (subscription && subscription.options.applicationServerKey) {
    const old = new Uint8Array(subscription.options.applicationServerKey);
    if (old.length !== key.length || old.some((b, i) => b !== key[i])) {
      await subscription.unsubscribe();
      subscription = null;
    }
  }
  subscription ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await api('/me/push-subscriptions', { method: 'POST', body: subscription.toJSON() });
}

export async function unsubscribePush(): Promise<void> {
  const subscription = await currentPushSubscription();
  if (!subscription) return;
  try {
    await api('/me/push-subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
  } finally {
    await subscription.unsubscribe();
  }
}
