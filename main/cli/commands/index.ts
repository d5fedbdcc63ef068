import type { CliCommand } from '../command';
import { certShowCommand } from './cert-show';
import { certVerifyCommand } from './cert-verify';
import { verifyCommand } from './verify';
import { extendCommand } from './extend';
import { cosignCommand } from './cosign';
import { statusCommand } from './status';
import { tokensCommand } from './tokens';
import { keygenCommand } from './keygen';
import { csrCommand } from './csr';
import { certImportCommand } from './cert-import';
import { keysCommand, keysAddCommand } from './keys';
import { enrollIrCommand } from './enroll-ir';
import { enrollCrCommand } from './enroll-cr';
import { enrollKurCommand } from './enroll-kur';
import { enrollRrCommand } from './enroll-rr';
import { signCommand } from './sign';
import { serveCommand } from './serve';
import { accessTokenCreateCommand, accessTokenListCommand, accessTokenRevokeCommand } from './access-token';

/**
 * Every `signdesk` command. Each lives in its own file in this folder; add it to this list.
 * Two-word commands (`cert show`) are matched before one-word ones.
 */
export const commands: CliCommand[] = [certShowCommand, certVerifyCommand, verifyCommand, extendCommand, cosignCommand, statusCommand, tokensCommand, keygenCommand, csrCommand, certImportCommand, keysCommand, keysAddCommand, enrollIrCommand, enrollCrCommand, enrollKurCommand, enrollRrCommand, signCommand, serveCommand, accessTokenCreateCommand, accessTokenListCommand, accessTokenRevokeCommand];
