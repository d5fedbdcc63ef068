import type { TokenDetection } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { parsePkcs11Uri } from '../keys/pkcs11-uri';
import type { TokenService } from '../token/index';
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
      tokens: tokens.map((token) => ({ label: token.label, serial: token.serial, modulePath: token.modulePath, manufacturer: token.manufacturer })),
    };
  }

  async generateKey(input: Parameters<CabinetTokenPort['generateKey']>[0]): Promise<{ keyRef: string; publicKeySpki: Uint8Array }> {
    const service = this.tokens();
    const token = await service.findToken({ label: input.tokenLabel });
    await service.login(token, input.pin);
    if (input.entropy) await service.seedRandom(token, input.entropy);
    const key = await service.generateKeyPair({ token, algorithm: input.algorithm, label: input.objectLabel });
    if (!key.publicKeySpki) throw new SigndeskError('ERR_PKCS11', 'The token did not return the new public key');
    return { keyRef: key.uri, publicKeySpki: key.publicKeySpki };
  }

  openSigningKey(keyRef: string, pin: string) {
    return this.tokens().openSigningKey(keyRef, pin);
  }

  async bindCertificate(keyRef: string, pin: string, certificate: Uint8Array): Promise<void> {
    const service = this.tokens();
    const uri = parsePkcs11Uri(keyRef);
    if (!uri.id) throw new SigndeskError('ERR_INPUT_INVALID', 'The token key has no id= in its URI');
    const token = await service.findToken({ label: uri.token, serial: uri.serial, modulePath: uri.modulePath });
    await service.login(token, pin);
    await service.bindCertificate(token, uri.id, certificate);
  }

  async changePin(tokenLabel: string, oldPin: string, newPin: string): Promise<void> {
    const service = this.tokens();
    await service.changePin(await service.findToken({ label: tokenLabel }), oldPin, newPin);
  }
}
