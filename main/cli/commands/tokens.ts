import { ModuleCatalogue, TokenService, type TokenFlags, type TokenInfo } from '../../core/token/index';
import { defineCommand, stringsOption } from '../command';
import { EXIT_OK } from '../exit-codes';

/** One `tokens --json` entry, exactly as ../shared/CLI.md gives it. */
export function tokenJson(token: TokenInfo) {
  return { label: token.label, manufacturer: token.manufacturer, model: token.model, serial: token.serial, slotId: token.slotId, flags: token.flags };
}

const SHOWN_FLAGS: ReadonlyArray<keyof TokenFlags> = ['loginRequired', 'protectedAuthPath', 'pinCountLow', 'pinFinalTry', 'pinLocked', 'pinToBeChanged', 'userPinInitialized', 'writeProtected'];

export const tokensCommand = defineCommand({
  name: 'tokens',
  summary: 'PKCS#11 slots and tokens: label, manufacturer, model, serial, flags',
  usage: 'signdesk tokens [--module PATH]… [--json]',
  options: {
    module: { type: 'string', multiple: true },
  },
  async run(ctx, args) {
    const modulePaths = stringsOption(args, 'module');
    // With --module only those libraries; otherwise the known ones found here. Needs no cabinet or database.
    const service = new TokenService({ catalogue: new ModuleCatalogue({ userModulePaths: modulePaths, includeKnown: modulePaths.length === 0 }) });
    try {
      if (modulePaths.length === 0) {
        for (const status of await service.listModules()) {
          if (!status.loaded) ctx.note(`signdesk: note: skipped ${status.name} (${status.path}): ${status.error?.message ?? 'cannot load'}`);
        }
      }
      const tokens = await service.listTokens();
      ctx.emitJson(tokens.map(tokenJson));
      if (tokens.length === 0) ctx.print('No tokens found.');
      for (const token of tokens) {
        ctx.print(`${token.label || '(not initialised)'}`);
        ctx.print(`  module:       ${token.moduleName} (${token.modulePath})`);
        ctx.print(`  manufacturer: ${token.manufacturer}`);
        ctx.print(`  model:        ${token.model}`);
        ctx.print(`  serial:       ${token.serial}`);
        ctx.print(`  slot:         ${token.slotId}`);
        ctx.print(`  flags:        ${SHOWN_FLAGS.filter((flag) => token.flags[flag]).join(', ') || 'none'}`);
      }
      return EXIT_OK;
    } finally {
      await service.close();
    }
  },
});
