import { SigndeskError } from '../../../preload/contract/errors';
import type { AskSecret, IssuedCertificate } from '../../core/ca';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { describeCertificate } from '../../core/pki/certificate';
import { certificatePem, certificatesFromBytes } from '../../core/pki/certificate-input';
import { stringOption, type OptionsConfig, type ParsedArgs } from '../command';
import type { CliContext } from '../context';
import { keySecretProvider } from './key-secret-provider';
import { readInputFile } from './read-input-file';

export const CMP_OPTIONS: OptionsConfig = {
  server: { type: 'string' },
  'ca-cert': { type: 'string', multiple: true },
  'pin-env': { type: 'string' },
  'pass-env': { type: 'string' },
};

export function requiredOption(args: ParsedArgs, name: string, usage: string): string {
  const value = stringOption(args, name);
  if (!value) throw new SigndeskError('ERR_USAGE', `--${name} is required\nUsage: ${usage}`);
  return value;
}

export function noPositionals(args: ParsedArgs, usage: string): void {
  if (args.positionals.length > 0) throw new SigndeskError('ERR_USAGE', `Unexpected argument ${args.positionals[0]}\nUsage: ${usage}`);
}

/** `--ca-cert FILE…`: the CA / CMP server certificates trusted for the response protection. */
export function caCertificates(args: ParsedArgs): Uint8Array[] | undefined {
  const value = args.values['ca-cert'];
  const files = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
  if (files.length === 0) return undefined;
  return files.flatMap((file) => certificatesFromBytes(readInputFile(file)));
}

/**
 * Secrets per key: `--pass-env` / `--pin-env` for every key, overridden for one key by `--<role>-pass-env`
 * (`--auth-pass-env` for --auth-key, `--new-pass-env` for --new-key) when the two keys have different passwords.
 */
export function secretsFor(ctx: CliContext, args: ParsedArgs, perKey: Record<string, string | undefined>): AskSecret {
  const fallback = keySecretProvider(ctx, args);
  return async (request) => {
    const envName = perKey[request.keyRef];
    if (envName !== undefined && request.kind === 'password') return ctx.readSecret({ envName, kind: 'password', prompt: '' });
    return fallback(request);
  };
}

/** Prints (or emits) the issued certificate and writes it to `--out` as PEM. */
export async function reportIssued(ctx: CliContext, issued: IssuedCertificate, out: string | undefined): Promise<void> {
  if (out) await writeFileAtomic(out, [issued.certificate, ...issued.chain].map(certificatePem).join(''), { mode: 0o644 });
  const info = describeCertificate(issued.certificate);
  ctx.emitJson({
    keyRef: issued.keyRef,
    subject: info.subject,
    issuer: info.issuer,
    serial: info.serial,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    chain: issued.chain.length,
    polled: issued.polled,
    out: out ?? null,
  });
  ctx.print(`Issued ${info.subject} (serial ${info.serial}, valid ${info.notBefore} to ${info.notAfter})`);
  ctx.print(`Bound to ${issued.keyRef}`);
  if (out) ctx.print(`Written to ${out}`);
}
