import type { Services } from '../services';
import type { Handlers } from './guard';
import { createFilesHandlers } from '../files/index';
import { createCosignHandler, createTrustHandlers, createVerifyHandlers } from '../verify/index';
import { createCabinetHandlers } from '../cabinet/index';
import { caHandlers } from '../ca/ca-handlers';
import { queueHandlers } from '../queue/queue-handlers';
import { createAgentHandlers } from '../agent/agent-handlers';

/** Every channel of the contract, implemented over the core services. Domains add their handlers here. */
export function createHandlers(services: Services): Handlers {
  return {
    'app:info': () => services.appInfo(),
    'settings:get': () => services.settings.get(),
    'settings:update': (patch) => services.settings.update(patch),
    ...createCabinetHandlers(services.cabinet),
    ...caHandlers(services.ca),
    ...createFilesHandlers(services.config.dialogs),
    ...createVerifyHandlers({
      dataDir: services.dataDir,
      checkRevocation: services.revocation.checkRevocation,
      trust: () => services.verificationTrust(),
      tsaUrl: async () => (await services.settings.get()).tsaUrl,
      onExtended: async (signaturePath) => void (await services.queue.recordExtension(signaturePath)),
    }),
    ...createCosignHandler({ queue: () => services.queue, keys: () => services.keys }),
    ...queueHandlers(services.queue),
    ...createAgentHandlers(() => services.agent),
    ...createTrustHandlers(services.trust),
  };
}
