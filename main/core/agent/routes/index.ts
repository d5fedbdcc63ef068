import type { Route } from '../agent-context';
import { infoRoutes } from './info-routes';
import { pairingRoutes } from './pairing-routes';
import { keysRoutes } from './keys-routes';
import { signRoutes } from './sign-routes';
import { batchRoutes } from './batch-routes';
import { verifyRoutes } from './verify-routes';

/** Every route of API v1; `openapi.json` describes each (a test holds the two together). */
export const agentRoutes: readonly Route[] = [...infoRoutes, ...pairingRoutes, ...keysRoutes, ...signRoutes, ...batchRoutes, ...verifyRoutes];
