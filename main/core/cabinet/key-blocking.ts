import type { BlockResult, CabinetKey } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CabinetContext } from './cabinet-context';
import { holdOutcome } from './hold-outcome';
import type { KeyViews } from './key-views';

/** Blocking keys here and, through the CA connector, holding their certificates. */
export class KeyBlocking {
  constructor(
    private readonly context: CabinetContext,
    private readonly views: KeyViews,
  ) {}

  async setBlocked(keyId: string, blocked: boolean): Promise<CabinetKey> {
    this.context.records.update(keyId, { blocked });
    return this.views.key(keyId);
  }

  /**
   * Blocks the key here and, when its CA profile has CMP and it has a certificate, asks the CA to hold the
   * certificate (rr certificateHold) first, while the key may still sign. The local block applies whatever
   * the CA answers; the answer is reported.
   */
  async block(keyId: string, secret?: string): Promise<BlockResult> {
    const { context } = this;
    const record = context.records.get(keyId);
    let ca: Pick<BlockResult, 'ca' | 'errorCode'> = { ca: 'notSent', errorCode: null };
    if (context.holdsAtCa(record) && !record.blocked) {
      if (!secret) throw new SigndeskError(record.storage === 'file' ? 'ERR_PASSWORD_REQUIRED' : 'ERR_PIN_REQUIRED', 'The key\'s password or PIN is needed to ask the CA to hold its certificate');
      try {
        await context.ca!.hold({ keyRef: record.keyRef, secret, profileId: record.caProfileId });
        ca = { ca: 'held', errorCode: null };
      } catch (error) {
        const outcome = holdOutcome(error);
        if (!outcome) throw error;
        ca = outcome;
      } finally {
        context.records.update(keyId, { blocked: true });
      }
    }
    context.records.update(keyId, { blocked: true });
    return { key: await this.views.key(keyId), ...ca };
  }

  /** Chooses the CA profile for the key's requests, renewals, holds and status checks (null: the default). */
  async setCaProfile(keyId: string, profileId: string | null): Promise<CabinetKey> {
    this.context.records.update(keyId, { caProfileId: this.context.knownProfile(profileId) });
    return this.views.key(keyId);
  }
}
