import { unwrapApi, type SigndeskApi, type SigndeskWireApi } from '../../preload/contract/index';

declare global {
  interface Window {
    readonly signdesk: SigndeskWireApi;
  }
}

let cached: SigndeskApi | undefined;

/** The contract as the screens use it: every call resolves to its result or throws a SigndeskError. */
export function api(): SigndeskApi {
  cached ??= unwrapApi(window.signdesk);
  return cached;
}
