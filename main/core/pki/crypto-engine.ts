import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];

let installed = false;

/** pkijs needs a WebCrypto engine; Node's is installed once per process. Call before any pkijs crypto. */
export function ensureCryptoEngine(): pkijs.ICryptoEngine {
  if (!installed) {
    pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as EngineCrypto }));
    installed = true;
  }
  return pkijs.getCrypto(true);
}
