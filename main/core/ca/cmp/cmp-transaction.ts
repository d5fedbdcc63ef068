import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import { subjectKeyIdentifier } from '../../pki/revocation/certificate-extensions';
import { decodeCertificate, spkiOf } from '../../pki/certificate';
import { namesEqual } from '../../pki/dn';
import { isIssuerOf } from '../../pki/revocation/find-issuer';
import { verifyObjectSignature } from '../../pki/object-signature';
import type { CmpClientOptions } from './cmp-options';
import type { CmpTransport } from './cmp-transport';
import { describeStatus, type RequestBody } from './pki-body';
import type { PkiHeader } from './pki-header';
import { decodePkiMessage, encodePkiMessage, type IncomingMessage, type Protector } from './pki-message';
import { newPasswordBasedMac, OID_PASSWORD_BASED_MAC, passwordBasedMac, verifyPasswordBasedMac } from './protection';
import { defaultHashFor, signatureAlgorithmFor } from '../../crypto';
import { signatureAlgorithmIdentifier } from '../../pki/signature-algorithm';

export interface TransactionContext {
  options: CmpClientOptions;
  transport: CmpTransport;
  /** Certificates trusted to sign responses. */
  trusted: pkijs.Certificate[];
  now: () => Date;
}

const random = (size: number) => new Uint8Array(crypto.randomBytes(size));
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));
const invalid = (message: string) => new SigndeskError('ERR_CA_RESPONSE_INVALID', message);

/** One CMP transaction: a transactionID, our nonces, and the checks every response must pass. */
export class Transaction {
  private readonly transactionID = random(16);
  private recipNonce: Uint8Array | undefined;

  constructor(
    private readonly context: TransactionContext,
    private readonly subject: pkijs.RelativeDistinguishedNames | undefined,
  ) {}

  async exchange(body: RequestBody, options: { allowError?: boolean } = {}): Promise<IncomingMessage> {
    const { options: clientOptions, transport, trusted, now } = this.context;
    const auth = clientOptions.authentication;
    const senderNonce = random(16);
    const protector = await this.protector();
    const header: PkiHeader = {
      pvno: 2,
      sender: this.sender(),
      recipient: trusted[0]?.subject ?? (auth.kind === 'signature' && auth.key.certificate ? decodeCertificate(auth.key.certificate).issuer : new pkijs.RelativeDistinguishedNames()),
      messageTime: now(),
      transactionID: this.transactionID,
      senderNonce,
      ...(this.recipNonce ? { recipNonce: this.recipNonce } : {}),
    };
    const request = await encodePkiMessage(header, body, protector);
    const response = decodePkiMessage(await transport(clientOptions.serverUrl, request));
    const authenticated = this.verifyProtection(response);
    if (response.body.type === 'error') {
      const body = response.body;
      const text = [describeStatus(body.status), ...body.details].join(': ');
      if (options.allowError) return response;
      throw new SigndeskError('ERR_CA_REJECTED', `The CA answered with an error: ${text}${authenticated === true ? '' : ` (unauthenticated message: ${authenticated})`}`, {
        failInfo: body.status.failInfo,
        authenticated: authenticated === true,
      });
    }
    if (authenticated !== true) throw invalid(`The CA response is not authentic: ${authenticated}`);
    if (!same(response.header.transactionID, this.transactionID)) throw invalid('The CA response belongs to another transaction');
    if (!same(response.header.recipNonce, senderNonce)) throw invalid('The CA response does not echo our nonce');
    this.recipNonce = response.header.senderNonce;
    return response;
  }

  private sender(): pkijs.RelativeDistinguishedNames {
    const auth = this.context.options.authentication;
    if (auth.kind === 'signature' && auth.key.certificate) return decodeCertificate(auth.key.certificate).subject;
    return this.subject ?? new pkijs.RelativeDistinguishedNames();
  }

  private async protector(): Promise<Protector> {
    const auth = this.context.options.authentication;
    if (auth.kind === 'mac') {
      const algorithm = newPasswordBasedMac();
      const secret = Buffer.from(auth.secret, 'utf8');
      return { algorithm, senderKID: Buffer.from(auth.reference, 'utf8'), protect: async (data) => passwordBasedMac(algorithm, secret, data) };
    }
    const key = auth.key;
    if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', 'The authenticating key has no certificate');
    const cert = decodeCertificate(key.certificate);
    const ski = subjectKeyIdentifier(cert);
    const signing = signatureAlgorithmFor(key.algorithm, defaultHashFor(key.algorithm));
    return {
      algorithm: signatureAlgorithmIdentifier(signing),
      ...(ski ? { senderKID: ski } : {}),
      extraCerts: [key.certificate, ...(key.chain ?? [])],
      protect: (data) => key.sign(data, signing),
    };
  }

  /** true, or why the response's protection does not hold. */
  private verifyProtection(response: IncomingMessage): true | string {
    const { options, trusted, now } = this.context;
    const algorithm = response.header.protectionAlg;
    if (!algorithm || !response.protection) return 'the response is not protected';
    if (algorithm.algorithmId === OID_PASSWORD_BASED_MAC) {
      if (options.authentication.kind !== 'mac') return 'MAC-protected, but we share no secret with this CA';
      try {
        const ok = verifyPasswordBasedMac(algorithm, Buffer.from(options.authentication.secret, 'utf8'), response.protectedPart, response.protection);
        return ok ? true : 'the MAC does not match (wrong secret?)';
      } catch (error) {
        return (error as Error).message;
      }
    }
    // The signer is in extraCerts, or is one of the trusted certificates itself (servers may leave it out).
    const candidates = [...response.extraCerts, ...trusted.map((cert) => new Uint8Array(cert.toSchema(true).toBER()))].map((der) => {
      try {
        return decodeCertificate(der);
      } catch {
        return undefined;
      }
    });
    const signer = candidates.find((cert): cert is pkijs.Certificate => {
      if (!cert || !namesEqual(cert.subject, response.header.sender)) return false;
      const ski = subjectKeyIdentifier(cert);
      return !response.header.senderKID || !ski || same(ski, response.header.senderKID);
    });
    if (!signer) return 'the signer certificate is neither in extraCerts nor trusted';
    if (!verifyObjectSignature(response.protectedPart, response.protection, algorithm, spkiOf(signer))) return 'bad signature';
    if (trusted.length === 0) return 'no trusted CA certificate to check it against (give the CA certificate)';
    const signerDer = Buffer.from(signer.toSchema(true).toBER());
    const isTrusted = trusted.some((anchor) => signerDer.equals(Buffer.from(anchor.toSchema(true).toBER())) || isIssuerOf(anchor, signer));
    if (!isTrusted) return 'signed by a certificate we do not trust';
    const at = now().getTime();
    if (at < signer.notBefore.value.getTime() || at > signer.notAfter.value.getTime()) return 'the signer certificate is not valid now';
    return true;
  }
}
