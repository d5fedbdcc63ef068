import type { TokenDetection } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { parsePkcs11Uri, type TokenService } from '../token';
import type { CabinetTokenPort } from './token-port';

/** The cabinet's token needs, met by the token feature's TokenService (built lazily by the services). */
export class TokenServicePort implements CabinetTokenPort {
  constructor(private readonly tokens: () => TokenService) {}

  async detect(): Promise<TokenDetection> {
    const service = this.tokens();
    const modules = await service.listModules();
    const libraryMissing = !modules.some((module) => module.loaded);
    if (libraryMissing) return { libraryMissing: true, tokens: [] };
    // An uninitialised slot (SoftHSM2's free slot, a blank card) cannot hold keys yet: not offered.
    const tokens = (await service.listTokens()).filter((token) => token.flags.tokenInitialized);
    return {
      libraryMissing: false,
      tokens: tokens.map((token) => ({
        label: token.label,
        serial: token.serial,
        modulePath: token.modulePath,
        manufacturer: token.manufacturer,
        pinState: !token.flags.userPinInitialized ? 'notInitialized' : token.flags.pinToBeChanged ? 'mustChange' : 'set',
        pinPad: token.flags.protectedAuthPath,
        pinCountLow: token.flags.pinCountLow,
        pinFinalTry: token.flags.pinFinalTry,
        pinLocked: token.flags.pinLocked,
      })),
    };
  }

  async generateKey(input: Parameters<CabinetTokenPort['generateKey']>[0]): Promise<{ keyRef: string; publicKeySpki: Uint8Array }> {
    const service = this.tokens();
    const token = await service.findToken({ label: input.tokenLabel });
    const key = await service.withLogin(token, input.pin, async () => {
      if (input.entropy) await service.seedRandom(token, input.entropy);
      return service.generateKeyPair({ token, algorithm: input.algorithm, label: input.objectLabel, pin: input.pin });
    });
    if (!key.publicKeySpki) throw new SigndeskError('ERR_PKCS11', 'The token did not return the new public key');
    return { keyRef: key.uri, publicKeySpki: key.publicKeySpki };
  }

  async bindCertificate(keyRef: string, pin: string, certificate: Uint8Array): Promise<void> {
    const service = this.tokens();
    const uri = parsePkcs11Uri(keyRef);
    if (!uri.id) throw new SigndeskError('ERR_INPUT_INVALID', 'The token key has no id= in its URI');
    const token = await service.findToken({ label: uri.token, serial: uri.serial, modulePath: uri.modulePath });
    await service.bindCertificate(token, uri.id, certificate, { pin });
  }

  async changePin(tokenLabel: string, oldPin: string, newPin: string): Promise<void> {
    const service = this.tokens();
    await service.changePin(await service.findToken({ label: tokenLabel }), oldPin, newPin);
  }

  async initPin(tokenLabel: string, soPin: string, newPin: string): Promise<void> {
    const service = this.tokens();
    await service.initUserPin(await service.findToken({ label: tokenLabel }), soPin, newPin);
  }
}
