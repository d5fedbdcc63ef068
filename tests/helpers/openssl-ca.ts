import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A throw-away `openssl ca` with an index (for revocation and OCSP), plus helpers to run OpenSSL's
 * loopback servers (`ocsp -port`, `cmp -port`) on a random free port. For CA, revocation and CMP tests.
 */
export class OpensslCa {
  readonly key: string;
  readonly cert: string;
  private readonly config: string;
  private serial = 0x1000;

  constructor(readonly dir: string, readonly name = 'Signdesk Test CA') {
    fs.mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'index.txt.attr'), 'unique_subject = no\n');
    fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
    this.key = path.join(dir, 'ca.key');
    this.cert = path.join(dir, 'ca.pem');
    this.config = path.join(dir, 'ca.cnf');
    fs.writeFileSync(
      this.config,
      [
        '[ca]',
        'default_ca = testca',
        '[testca]',
        `dir = ${dir}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir/newcerts',
        'certificate = $dir/ca.pem',
        'private_key = $dir/ca.key',
        'serial = $dir/serial',
        'crlnumber = $dir/crlnumber',
        'default_md = sha256',
        'default_days = 30',
        'default_crl_days = 1',
        'policy = anything',
        'copy_extensions = none',
        'unique_subject = no',
        '[anything]',
        'commonName = supplied',
        'organizationName = optional',
        '[req]',
        'distinguished_name = dn',
        '[dn]',
        '[v3_ca]',
        'basicConstraints = critical,CA:true',
        'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    this.openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', this.key]);
    this.openssl(['req', '-config', this.config, '-new', '-x509', '-key', this.key, '-out', this.cert, '-subj', `/CN=${name}`, '-days', '60', '-extensions', 'v3_ca']);
  }

  openssl(args: string[], input?: string): string {
    return execFileSync('openssl', args, { cwd: this.dir, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  }

  /** A new EC P-256 key (unencrypted PKCS#8 PEM) written to `<dir>/<name>.key`. */
  newKey(name: string, algorithm: 'ec' | 'rsa' = 'ec'): string {
    const file = path.join(this.dir, `${name}.key`);
    if (algorithm === 'ec') this.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
    else this.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file]);
    return file;
  }

  /**
   * Issues an end-entity certificate for `keyFile` through `openssl ca` (so it is in the index),
   * with the given AIA / CRLDP URLs and extra extension lines. Returns the PEM path.
   */
  issue(
    name: string,
    keyFile: string,
    options: { ocspUrl?: string; crlUrl?: string; freshestCrlUrl?: string; caIssuersUrl?: string; extensions?: string[]; days?: number; subject?: string } = {},
  ): string {
    const csr = path.join(this.dir, `${name}.csr`);
    const out = path.join(this.dir, `${name}.pem`);
    const extFile = path.join(this.dir, `${name}.ext`);
    const aia: string[] = [];
    if (options.ocspUrl) aia.push(`OCSP;URI:${options.ocspUrl}`);
    if (options.caIssuersUrl) aia.push(`caIssuers;URI:${options.caIssuersUrl}`);
    const lines = [
      '[ext]',
      'basicConstraints = CA:false',
      'keyUsage = critical,digitalSignature,nonRepudiation',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      ...(aia.length ? [`authorityInfoAccess = ${aia.join(',')}`] : []),
      ...(options.crlUrl ? [`crlDistributionPoints = URI:${options.crlUrl}`] : []),
      ...(options.freshestCrlUrl ? [`freshestCRL = URI:${options.freshestCrlUrl}`] : []),
      ...(options.extensions ?? []),
      '',
    ];
    fs.writeFileSync(extFile, lines.join('\n'));
    this.openssl(['req', '-new', '-key', keyFile, '-out', csr, '-subj', options.subject ?? `/CN=${name}/O=Signdesk Tests`]);
    this.serial += 1;
    fs.writeFileSync(path.join(this.dir, 'serial'), `${this.serial.toString(16).toUpperCase()}\n`);
    this.openssl(['ca', '-batch', '-config', this.config, '-in', csr, '-out', out, '-notext', '-extfile', extFile, '-extensions', 'ext', '-days', String(options.days ?? 30)]);
    return out;
  }

  revoke(certFile: string, reason = 'keyCompromise'): void {
    this.openssl(['ca', '-config', this.config, '-revoke', certFile, '-crl_reason', reason]);
  }

  /** A CRL of the index (DER), valid for `hours` (default 24). */
  crl(hours = 24, extraArgs: string[] = []): Uint8Array {
    const pem = path.join(this.dir, 'crl.pem');
    this.openssl(['ca', '-config', this.config, '-gencrl', '-crlhours', String(hours), '-out', pem, ...extraArgs]);
    return new Uint8Array(execFileSync('openssl', ['crl', '-in', pem, '-outform', 'DER']));
  }

  serialOf(certFile: string): string {
    return this.openssl(['x509', '-in', certFile, '-noout', '-serial']).trim().split('=')[1]!.toLowerCase();
  }

  get indexFile(): string {
    return path.join(this.dir, 'index.txt');
  }
}

export interface RunningServer {
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts an OpenSSL server that cannot listen on port 0: picks a random high port, waits for its
 * `ACCEPT` line, and retries on another port when it fails to start.
 */
export async function startOpensslServer(argsForPort: (port: number) => string[], cwd: string, attempts = 5): Promise<RunningServer> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if (!(await portIsFree(port))) continue;
    const child = spawn('openssl', argsForPort(port), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const ready = await new Promise<boolean>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ACCEPT')) resolve(true);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => resolve(false));
      setTimeout(() => resolve(false), 10_000);
    });
    if (ready) {
      return {
        port,
        process: child,
        output: () => output,
        stop: () => stopProcess(child),
      };
    }
    await stopProcess(child);
  }
  throw new Error('Could not start the OpenSSL server on a free port');
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
