import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID_EXT_CERTIFICATE_POLICIES, OID_EXT_INHIBIT_ANY_POLICY, OID_EXT_POLICY_CONSTRAINTS, OID_EXT_POLICY_MAPPINGS } from './oids';

export const ANY_POLICY = '2.5.29.32.0';

/**
 * RFC 5280 §6.1 certificate policy processing, with the valid_policy_tree reduced to the set of its leaf
 * policies (enough to decide whether a path is valid under any-policy with the usual initial inputs:
 * initial-policy-set anyPolicy, explicit policy / mapping / anyPolicy not required or inhibited initially).
 */
export class PolicyProcessor {
  private valid: Set<string> | null = new Set([ANY_POLICY]);
  private explicitPolicy: number;
  private policyMapping: number;
  private inhibitAnyPolicy: number;

  constructor(private readonly pathLength: number) {
    this.explicitPolicy = pathLength + 1;
    this.policyMapping = pathLength + 1;
    this.inhibitAnyPolicy = pathLength + 1;
  }

  /** §6.1.3 (d)–(f) for certificate `index` (1-based from the anchor side). Returns an error text or null. */
  process(certificate: pkijs.Certificate, index: number, selfIssued: boolean): string | null {
    const policies = extension(certificate, OID_EXT_CERTIFICATE_POLICIES);
    if (policies instanceof pkijs.CertificatePolicies && this.valid) {
      const certPolicies = new Set(policies.certificatePolicies.map((policy) => policy.policyIdentifier));
      const anyAllowed = certPolicies.has(ANY_POLICY) && (this.inhibitAnyPolicy > 0 || (index < this.pathLength && selfIssued));
      let next: Set<string>;
      if (this.valid.has(ANY_POLICY)) next = new Set([...certPolicies].filter((policy) => policy !== ANY_POLICY));
      else next = new Set([...this.valid].filter((policy) => certPolicies.has(policy)));
      if (anyAllowed) for (const policy of this.valid) next.add(policy);
      this.valid = next.size > 0 ? next : null;
    } else {
      this.valid = null;
    }
    if (this.explicitPolicy === 0 && this.valid === null) return 'no acceptable certificate policy (an explicit policy is required)';
    return null;
  }

  /** §6.1.4 (a)–(j) policy parts, for a certificate that issues the next one. */
  prepareNext(certificate: pkijs.Certificate, selfIssued: boolean): string | null {
    const mappings = extension(certificate, OID_EXT_POLICY_MAPPINGS);
    if (mappings instanceof pkijs.PolicyMappings) {
      if (mappings.mappings.some((mapping) => mapping.issuerDomainPolicy === ANY_POLICY || mapping.subjectDomainPolicy === ANY_POLICY)) {
        return 'a policy mapping maps to or from anyPolicy';
      }
      if (this.valid && !this.valid.has(ANY_POLICY)) {
        const next = new Set<string>();
        for (const policy of this.valid) {
          const mapped = mappings.mappings.filter((mapping) => mapping.issuerDomainPolicy === policy).map((mapping) => mapping.subjectDomainPolicy);
          if (mapped.length === 0) next.add(policy);
          else if (this.policyMapping > 0) for (const target of mapped) next.add(target);
        }
        this.valid = next.size > 0 ? next : null;
      }
    }
    if (!selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--;
      if (this.policyMapping > 0) this.policyMapping--;
      if (this.inhibitAnyPolicy > 0) this.inhibitAnyPolicy--;
    }
    const constraints = extension(certificate, OID_EXT_POLICY_CONSTRAINTS);
    if (constraints instanceof pkijs.PolicyConstraints) {
      if (constraints.requireExplicitPolicy !== undefined) this.explicitPolicy = Math.min(this.explicitPolicy, constraints.requireExplicitPolicy);
      if (constraints.inhibitPolicyMapping !== undefined) this.policyMapping = Math.min(this.policyMapping, constraints.inhibitPolicyMapping);
    }
    const inhibit = extension(certificate, OID_EXT_INHIBIT_ANY_POLICY);
    if (inhibit instanceof asn1js.Integer) this.inhibitAnyPolicy = Math.min(this.inhibitAnyPolicy, inhibit.valueBlock.valueDec);
    return null;
  }

  /** §6.1.5 (a)(b)(g) for the end-entity certificate. */
  wrapUp(certificate: pkijs.Certificate): string | null {
    if (this.explicitPolicy > 0) this.explicitPolicy--;
    const constraints = extension(certificate, OID_EXT_POLICY_CONSTRAINTS);
    if (constraints instanceof pkijs.PolicyConstraints && constraints.requireExplicitPolicy === 0) this.explicitPolicy = 0;
    if (this.explicitPolicy === 0 && this.valid === null) return 'no acceptable certificate policy (an explicit policy is required)';
    return null;
  }

  /** The policies the path is valid for (anyPolicy when unrestricted), or [] when none. */
  get validPolicies(): string[] {
    return this.valid ? [...this.valid] : [];
  }
}

function extension(certificate: pkijs.Certificate, oid: string): unknown {
  return certificate.extensions?.find((item) => item.extnID === oid)?.parsedValue;
}
