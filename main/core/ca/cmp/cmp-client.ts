import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import type { SigningKey } from '../../keys/signing-key';
import { certificateFromDer, namesEqual, spkiDer } from '../../pki/revocation/certificate-input';
import { subjectKeyIdentifier } from '../../pki/revocation/certificate-extensions';
import { isIssuerOf } from '../../pki/revocation/find-issuer';
import { reasonCode, type RevocationReason } from '../../pki/revocation/revocation-types';
import { signatureHash, verifySignature } from '../../pki/revocation/verify-signature';
import { buildCertReqMessages, type CertTemplateInput } from './crmf';
import { httpCmpTransport, type CmpTransport } from './cmp-transport';
import { describeStatus, type CertResponse, type RequestBody } from './pki-body';
import { OID_IMPLICIT_CONFIRM, type PkiHeader } from './pki-header';
import { decodePkiMessage, encodePkiMessage, type IncomingMessage, type Protector } from './pki-message';
import { newPasswordBasedMac, OID_PASSWORD_BASED_MAC, passwordBasedMac, verifyPasswordBasedMac } from './protection';
import { signatureAlgorithmFor, signWithKey } from './sign-with-key';

/** How our messages are authenticated: reference number + shared secret (ir), or the current key (cr, kur, rr). */
export type CmpAuthentication =
  | { kind: 'mac'; reference: string; secret: string }
  | { kind: 'signature'; key: SigningKey };

export interface CmpClientOptions {
  serverUrl: string;
  authentication: CmpAuthentication;
  /** Certificates trusted to sign the CA's responses: the CA / CMP server certificate or its issuer. */
  trusted?: readonly Uint8Array[];
  transport?: CmpTransport;
  /** Longest total wait for delayed issuance (pollReq / pollRep). Default 10 minutes. */
  pollTimeoutMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface EnrollRequest {
  type: 'ir' | 'cr' | 'kur';
  /** The key to be certified (also makes the proof of possession). */
  newKey: SigningKey;
  subject?: pkijs.RelativeDistinguishedNames;
  validity?: { notBefore?: Date; notAfter?: Date };
  /** The issued certificate must not outlive this (temporary keys: the main certificate's notAfter). */
  maxNotAfter?: Date;
  /** kur: the certificate being renewed (default: the authenticating key's certificate). */
  oldCertificate?: Uint8Array;
}

export interface EnrollResult {
  certificate: Uint8Array;
  /** CA certificates the CA published in caPubs (trust anchors, only meaningful when MAC-protected). */
  caPubs: Uint8Array[];
  /** extraCerts of the response (the chain, the CA's protection certificate). */
  extraCerts: Uint8Array[];
  /** Whether we had to wait for the certificate (pollReq). */
  polled: boolean;
}

const CERT_REQ_ID = 0;
const EXPECTED: Record<EnrollRequest['type'], 'ip' | 'cp' | 'kup'> = { ir: 'ip', cr: 'cp', kur: 'kup' };
const random = (size: number) => new Uint8Array(crypto.randomBytes(size));
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));
const invalid = (message: string, details?: Record<string, unknown>) => new SigndeskError('ERR_CA_RESPONSE_INVALID', message, details);

/**
 * A CMP client (RFC 4210, RFC 9483 lightweight profile) for one CA endpoint: ir/cr/kur with certConf and
 * polling for delayed issuance, and rr. Every response must carry our transactionID, echo our nonce and
 * be protected by the shared secret or by a certificate we trust.
 */
export class CmpClient {
  private readonly transport: CmpTransport;
  private readonly trusted: pkijs.Certificate[];
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CmpClientOptions) {
    this.transport = options.transport ?? httpCmpTransport();
    this.trusted = (options.trusted ?? []).map(certificateFromDer);
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async enroll(request: EnrollRequest): Promise<EnrollResult> {
    const auth = this.options.authentication;
    let oldCertificate: pkijs.Certificate | undefined;
    if (request.type === 'kur') {
      const der = request.oldCertificate ?? (auth.kind === 'signature' ? auth.key.certificate : undefined);
      if (!der) throw new SigndeskError('ERR_INPUT_INVALID', 'Key update needs the certificate being renewed');
      oldCertificate = certificateFromDer(der);
    }
    if (request.type !== 'ir' && auth.kind !== 'signature') throw new SigndeskError('ERR_INPUT_INVALID', `${request.type} is authenticated by the current key, not a secret`);
    const subject = request.subject ?? oldCertificate?.subject;
    const template: CertTemplateInput = {
      publicKeySpki: request.newKey.publicKeySpki,
      ...(subject ? { subject } : {}),
      ...(request.validity ? { validity: request.validity } : {}),
    };
    if (request.maxNotAfter && request.validity?.notAfter && request.validity.notAfter > request.maxNotAfter) {
      throw new SigndeskError('ERR_INPUT_INVALID', 'The requested notAfter is later than the allowed limit');
    }
    const certReqMessages = await buildCertReqMessages({
      certReqId: CERT_REQ_ID,
      template,
      popKey: request.newKey,
      ...(oldCertificate ? { oldCertificate } : {}),
    });

    const transaction = new Transaction(this, subject);
    let response = await transaction.exchange({ type: request.type, certReqMessages });
    let polled = false;
    const deadline = this.now().getTime() + (this.options.pollTimeoutMs ?? 10 * 60_000);
    for (;;) {
      const body = response.body;
      if (body.type === 'pollRep') {
        const wait = Math.max(body.entries[0]?.checkAfter ?? 1, 1) * 1000;
        if (this.now().getTime() + wait > deadline) throw new SigndeskError('ERR_NETWORK', 'The CA did not issue the certificate in time (still waiting)');
        await this.sleep(wait);
        polled = true;
        response = await transaction.exchange({ type: 'pollReq', certReqIds: [CERT_REQ_ID] });
        continue;
      }
      if (body.type !== EXPECTED[request.type]) throw invalid(`Expected ${EXPECTED[request.type]} from the CA, got ${body.type}`);
      const certResponse = body.responses.find((candidate) => candidate.certReqId === CERT_REQ_ID) ?? body.responses[0];
      if (!certResponse) throw invalid('The CA response holds no certificate response');
      if (certResponse.status.status === 3 && !certResponse.certificate) {
        polled = true;
        response = await transaction.exchange({ type: 'pollReq', certReqIds: [CERT_REQ_ID] });
        continue;
      }
      const certificate = await this.acceptCertificate(transaction, response, certResponse, request);
      return { certificate, caPubs: body.caPubs, extraCerts: response.extraCerts, polled };
    }
  }

  /** rr for `certificate` (default: the authenticating key's), with an optional CRL reason. */
  async revoke(request: { certificate?: Uint8Array; reason?: RevocationReason } = {}): Promise<void> {
    const auth = this.options.authentication;
    const der = request.certificate ?? (auth.kind === 'signature' ? auth.key.certificate : undefined);
    if (!der) throw new SigndeskError('ERR_INPUT_INVALID', 'Nothing to revoke: the key has no certificate');
    const cert = certificateFromDer(der);
    const transaction = new Transaction(this, cert.subject);
    const response = await transaction.exchange({
      type: 'rr',
      entries: [{ issuer: cert.issuer, serialNumber: new Uint8Array(cert.serialNumber.valueBlock.valueHexView), ...(request.reason ? { reasonCode: reasonCode(request.reason) } : {}) }],
    });
    if (response.body.type !== 'rp') throw invalid(`Expected rp from the CA, got ${response.body.type}`);
    const status = response.body.statuses[0];
    if (!status) throw invalid('The revocation response holds no status');
    if (status.status !== 0 && status.status !== 1) {
      throw new SigndeskError('ERR_CA_REJECTED', `The CA refused the revocation: ${describeStatus(status)}`, { failInfo: status.failInfo });
    }
  }

  private async acceptCertificate(transaction: Transaction, response: IncomingMessage, certResponse: CertResponse, request: EnrollRequest): Promise<Uint8Array> {
    if (certResponse.status.status !== 0 && certResponse.status.status !== 1) {
      throw new SigndeskError('ERR_CA_REJECTED', `The CA refused the request: ${describeStatus(certResponse.status)}`, { failInfo: certResponse.status.failInfo });
    }
    if (!certResponse.certificate) throw invalid('The CA accepted the request but returned no certificate');
    const der = certResponse.certificate;
    const cert = certificateFromDer(der);
    let problem: string | undefined;
    if (!same(spkiDer(cert), request.newKey.publicKeySpki)) problem = 'The issued certificate does not carry the requested public key';
    else if (request.maxNotAfter && cert.notAfter.value.getTime() > request.maxNotAfter.getTime()) {
      problem = `The issued certificate is valid until ${cert.notAfter.value.toISOString()}, beyond the allowed ${request.maxNotAfter.toISOString()}`;
    }
    const implicitConfirm = response.header.generalInfo?.includes(OID_IMPLICIT_CONFIRM) ?? false;
    if (!implicitConfirm || problem) {
      const hashName = signatureHash(cert.signatureAlgorithm.algorithmId) ?? 'sha256';
      const certHash = new Uint8Array(crypto.createHash(hashName).update(der).digest());
      const confirm = await transaction.exchange({
        type: 'certConf',
        statuses: [{ certHash, certReqId: certResponse.certReqId, ...(problem ? { rejection: problem } : {}) }],
      }, { allowError: Boolean(problem) });
      if (!problem && confirm.body.type !== 'pkiconf') throw invalid(`Expected pkiconf from the CA, got ${confirm.body.type}`);
    }
    if (problem) throw invalid(problem);
    return der;
  }

  /** @internal for Transaction */
  get context() {
    return { options: this.options, transport: this.transport, trusted: this.trusted, now: this.now };
  }
}

/** One CMP transaction: a transactionID, our nonces, and the checks every response must pass. */
class Transaction {
  private readonly transactionID = random(16);
  private recipNonce: Uint8Array | undefined;

  constructor(
    private readonly client: CmpClient,
    private readonly subject: pkijs.RelativeDistinguishedNames | undefined,
  ) {}

  async exchange(body: RequestBody, options: { allowError?: boolean } = {}): Promise<IncomingMessage> {
    const { options: clientOptions, transport, trusted, now } = this.client.context;
    const auth = clientOptions.authentication;
    const senderNonce = random(16);
    const protector = await this.protector();
    const header: PkiHeader = {
      pvno: 2,
      sender: this.sender(),
      recipient: trusted[0]?.subject ?? (auth.kind === 'signature' && auth.key.certificate ? certificateFromDer(auth.key.certificate).issuer : new pkijs.RelativeDistinguishedNames()),
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
    const auth = this.client.context.options.authentication;
    if (auth.kind === 'signature' && auth.key.certificate) return certificateFromDer(auth.key.certificate).subject;
    return this.subject ?? new pkijs.RelativeDistinguishedNames();
  }

  private async protector(): Promise<Protector> {
    const auth = this.client.context.options.authentication;
    if (auth.kind === 'mac') {
      const algorithm = newPasswordBasedMac();
      const secret = Buffer.from(auth.secret, 'utf8');
      return { algorithm, senderKID: Buffer.from(auth.reference, 'utf8'), protect: async (data) => passwordBasedMac(algorithm, secret, data) };
    }
    const key = auth.key;
    if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', 'The authenticating key has no certificate');
    const cert = certificateFromDer(key.certificate);
    const ski = subjectKeyIdentifier(cert);
    return {
      algorithm: signatureAlgorithmFor(key),
      ...(ski ? { senderKID: ski } : {}),
      extraCerts: [key.certificate, ...(key.chain ?? [])],
      protect: async (data) => (await signWithKey(key, data)).signature,
    };
  }

  /** true, or why the response's protection does not hold. */
  private verifyProtection(response: IncomingMessage): true | string {
    const { options, trusted, now } = this.client.context;
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
        return certificateFromDer(der);
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
    if (!verifySignature(response.protectedPart, response.protection, algorithm, spkiDer(signer))) return 'bad signature';
    if (trusted.length === 0) return 'no trusted CA certificate to check it against (give the CA certificate)';
    const signerDer = Buffer.from(signer.toSchema(true).toBER());
    const isTrusted = trusted.some((anchor) => signerDer.equals(Buffer.from(anchor.toSchema(true).toBER())) || isIssuerOf(anchor, signer));
    if (!isTrusted) return 'signed by a certificate we do not trust';
    const at = now().getTime();
    if (at < signer.notBefore.value.getTime() || at > signer.notAfter.value.getTime()) return 'the signer certificate is not valid now';
    return true;
  }
}
