import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../preload/contract/domains/app';
import { openDatabase, type Db } from './storage/database';
import { SettingsStore, type SettingsBacking } from './storage/settings-store';
import { EventBus } from './events/event-bus';
import { PRODUCT_NAME } from './storage/data-dir';
import type { NativeDialogs } from './files/native-dialogs';
import { RevocationService } from './pki/revocation';
import { CaProfileStore, CaService } from './ca';
import { CabinetService, CaServicePort, TokenServicePort, type CabinetKeys } from './cabinet/index';
import { TokenService } from './token/index';
import { KeychainSecretStore, type SecretStore } from './secrets';
import { QueueService } from './queue';
import { AgentService, createQueueAgentSigning, type AgentLimits } from './agent';
import { TrustStore } from './pki/trust-store';
import { loadVerificationTrust, type VerificationTrust } from './verify/verification-trust';

export interface ServicesConfig {
  /** Cabinet, database, settings, trust store and file keys live here; created if missing. */
  dataDir: string;
  runtime: AppInfo['runtime'] | 'cli';
  version?: string;
  /** The app passes electron-store here; the CLI and the bridge default to `conf` on the same file. */
  settingsBacking?: SettingsBacking;
  locale?: string;
  /** OS dialogs and file manager: the Electron shell gives them; the CLI and the bridge have none. */
  dialogs?: NativeDialogs;
  /** PKCS#11 libraries the user added, used besides the known ones found on this machine. */
  pkcs11Modules?: readonly string[];
  /** Remembered file-key passwords; default the OS keychain (tests pass a MemorySecretStore). */
  secrets?: SecretStore;
  /** The signing agent's limits (body sizes, rates, consent timeout); tests make them small. */
  agentLimits?: Partial<AgentLimits>;
  /** The agent rate limiter's clock (monotonic ms); tests hold it still to count exactly. Default performance.now. */
  agentClock?: () => number;
}

export interface Services {
  readonly config: Readonly<ServicesConfig>;
  readonly dataDir: string;
  readonly db: Db;
  readonly events: EventBus;
  readonly settings: SettingsStore;
  /** OCSP / CRL status with the on-disk cache in `<dataDir>/cache/revocation`. */
  readonly revocation: RevocationService;
  /** Settings → Trusted certificates: `<dataDir>/trust/`. */
  readonly trust: TrustStore;
  /**
   * What Verify (app, bridge, CLI) and the cabinet's status check trust: the trusted certificates and every CA
   * profile's, and the profiles' OCSP / CRL sources (for the keys using them, and for certificates their CAs issued).
   */
  verificationTrust(): Promise<VerificationTrust>;
  /** CMP enrolment (ir/cr/kur/rr), CA profiles, certificate status with profile overrides. */
  readonly ca: CaService;
  /** The key cabinet: key records, statuses, requests, access tokens, temporary keys. */
  readonly cabinet: CabinetService;
  /** PKCS#11 tokens. Built on first access; no library is loaded before a token operation needs it. */
  readonly tokens: TokenService;
  /** KeyRef (`pkcs11:` URI, `file:PATH`, cabinet id) → SigningKey; keygen, keys add, CSRs, certificate import. */
  readonly keys: CabinetKeys;
  /** Documents to sign, signing batches (crash-safe journal), inbox folder watch, history. */
  readonly queue: QueueService;
  /** The local signing API: pairing, consent, allowed origins; serves HTTP once `listen` is called. */
  readonly agent: AgentService;
  appInfo(): AppInfo;
  close(): Promise<void>;
}

/** The composition root: the Electron shell, the CLI and the bridge all build their services here. */
export function createServices(config: ServicesConfig): Services {
  const dataDir = path.resolve(config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(dataDir, 'signdesk.db'));
  const events = new EventBus();
  const settings = new SettingsStore(
    () => config.settingsBacking ?? import('conf').then(({ default: Conf }) => new Conf({ cwd: dataDir, configName: 'settings', projectName: 'signdesk' })),
  );
  settings.onChange((value) => events.emit('settingsChanged', value));
  const locale = config.locale ?? Intl.DateTimeFormat().resolvedOptions().locale;

  const revocation = new RevocationService({ cacheDir: path.join(dataDir, 'cache', 'revocation') });
  const trust = new TrustStore(dataDir);
  const closers: Array<() => Promise<void> | void> = [() => void db.close()];
  let cabinet: CabinetService | undefined;
  let tokens: TokenService | undefined;
  let ca: CaService | undefined;
  closers.push(() => tokens?.close());
  let queue: QueueService | undefined;
  let agent: AgentService | undefined;
  // The agent stops taking requests, then batches stop (resumably), then the token sessions and the database close.
  const closeQueue = async () => {
    await agent?.close();
    await queue?.close();
  };

  const services: Services = {
    config,
    dataDir,
    db,
    events,
    settings,
    revocation,
    trust,
    verificationTrust() {
      return loadVerificationTrust({
        dataDir,
        profiles: this.ca.profiles.list(),
        cabinetCertificates: this.cabinet.records.all().map((record) => ({ certificate: record.certificate, caProfileId: record.caProfileId })),
      });
    },
    get cabinet() {
      cabinet ??= new CabinetService({
        db,
        keysDir: path.join(dataDir, 'keys'),
        statementsDir: path.join(dataDir, 'statements'),
        checkRevocation: (certificate, chain, profileId) =>
          this.ca.checkStatus({ certificate, chain: [...chain], ...(profileId && this.ca.profiles.list().some((p) => p.id === profileId) ? { profileId } : {}) }),
        tokens: new TokenServicePort(() => this.tokens),
        tokenService: () => this.tokens,
        secrets: config.secrets ?? new KeychainSecretStore(),
        ca: new CaServicePort(() => this.ca),
      });
      return cabinet;
    },
    get tokens() {
      tokens ??= new TokenService({ modulePaths: config.pkcs11Modules });
      return tokens;
    },
    get ca() {
      ca ??= new CaService({
        profiles: new CaProfileStore(path.join(dataDir, 'ca-profiles.json')),
        revocation,
        trustedCertificates: () => trust.anchors(),
        keys: () => this.keys,
        certificateOfKey: (id) => {
          const record = this.cabinet.records.get(id);
          return { certificate: record.certificate, chain: record.chain };
        },
      });
      return ca;
    },
    get queue() {
      queue ??= new QueueService({
        db,
        events,
        settings,
        openKey: async (keyRef, askSecret) => {
          const key = await this.keys.open(keyRef, askSecret);
          return { key, close: () => key.close() };
        },
        defaultHashOf: (keyRef) => this.keys.defaultHashOf(keyRef),
      });
      return queue;
    },
    get agent() {
      agent ??= new AgentService({
        db,
        events,
        dataDir,
        product: PRODUCT_NAME,
        version: config.version ?? '0.0.0',
        cabinet: () => this.cabinet,
        signing: createQueueAgentSigning({ dataDir, events, queue: () => this.queue, keys: () => this.keys, checkRevocation: revocation.checkRevocation, tsaUrl: async () => (await settings.get()).tsaUrl }),
        ...(config.agentLimits ? { limits: config.agentLimits } : {}),
        ...(config.agentClock ? { clock: config.agentClock } : {}),
      });
      return agent;
    },
    get keys() {
      return this.cabinet.keys;
    },
    appInfo: () => ({
      name: PRODUCT_NAME,
      version: config.version ?? '0.0.0',
      platform: `${os.platform()}-${os.arch()}`,
      locale,
      dataDir,
      runtime: config.runtime === 'electron' ? 'electron' : 'bridge',
    }),
    async close() {
      await closeQueue();
      for (const close of closers.reverse()) await close();
    },
  };
  // The app and the bridge take files from the inbox folders in the settings from the start; the CLI does not.
  if (config.runtime !== 'cli') services.queue.watchInboxes().catch((error: unknown) => process.emitWarning(`inbox folders: ${(error as Error).message}`));
  return services;
}
