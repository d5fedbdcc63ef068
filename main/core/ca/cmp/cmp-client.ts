import type * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import { digest, type SigningKey } from '../../crypto';
import { decodeCertificate, spkiOf } from '../../pki/certificate';
import { signatureHashOf } from '../../pki/object-signature';
import { reasonCode, type RevocationReason } from '../../pki/revocation/revocation-types';
import { buildCertReqMessages, type CertTemplateInput } from './crmf';
import { Transaction } from './cmp-transaction';
import type { CmpClientOptions } from './cmp-options';
import { httpCmpTransport, type CmpTransport } from './cmp-transport';
import { describeStatus, type CertResponse } from './pki-body';
import { OID_IMPLICIT_CONFIRM } from './pki-header';
import type { IncomingMessage } from './pki-message';

export type { CmpAuthentication, CmpClientOptions } from './cmp-options';

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
  /**
   * The user's look at the issued certificate before the CA is told it is accepted (certConf). Throwing rejects
   * it: certConf carries the rejection and the error is thrown on.
   */
  review?: (certificate: Uint8Array) => Promise<void>;
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
    this.trusted = (options.trusted ?? []).map(decodeCertificate);
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async enroll(request: EnrollRequest): Promise<EnrollResult> {
    const auth = this.options.authentication;
    let oldCertificate: pkijs.Certificate | undefined;
    if (request.type === 'kur') {
      const der = request.oldCertificate ?? (auth.kind === 'signature' ? auth.key.certificate : undefined);
      if (!der) throw new SigndeskError('ERR_INPUT_INVALID', 'Key update needs the certificate being renewed');
      oldCertificate = decodeCertificate(der);
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

    const transaction = this.transaction(subject);
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
    const cert = decodeCertificate(der);
    const transaction = this.transaction(cert.subject);
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
    const cert = decodeCertificate(der);
    let problem: string | undefined;
    if (!same(spkiOf(cert), request.newKey.publicKeySpki)) problem = 'The issued certificate does not carry the requested public key';
    else if (request.maxNotAfter && cert.notAfter.value.getTime() > request.maxNotAfter.getTime()) {
      problem = `The issued certificate is valid until ${cert.notAfter.value.toISOString()}, beyond the allowed ${request.maxNotAfter.toISOString()}`;
    }
    let refusal: unknown;
    if (!problem && request.review) {
      try {
        await request.review(der);
      } catch (error) {
        refusal = error;
        problem = 'The applicant did not accept the certificate';
      }
    }
    const implicitConfirm = response.header.generalInfo?.includes(OID_IMPLICIT_CONFIRM) ?? false;
    if (!implicitConfirm || problem) {
      const certHash = digest(signatureHashOf(cert.signatureAlgorithm) ?? 'SHA-256', der);
      const confirm = await transaction.exchange({
        type: 'certConf',
        statuses: [{ certHash, certReqId: certResponse.certReqId, ...(problem ? { rejection: problem } : {}) }],
      }, { allowError: Boolean(problem) });
      if (!problem && confirm.body.type !== 'pkiconf') throw invalid(`Expected pkiconf from the CA, got ${confirm.body.type}`);
    }
    if (refusal !== undefined) throw refusal;
    if (problem) throw invalid(problem);
    return der;
  }

  private transaction(subject: pkijs.RelativeDistinguishedNames | undefined): Transaction {
    return new Transaction({ options: this.options, transport: this.transport, trusted: this.trusted, now: this.now }, subject);
  }
}
