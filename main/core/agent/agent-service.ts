import http from 'node:http';
import type { AgentAccess, AgentPendingRequest, AgentStatus } from '../../../preload/contract/domains/agent';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CabinetService } from '../cabinet';
import type { EventBus } from '../events/event-bus';
import type { Db } from '../storage/database';
import { DEFAULT_AGENT_LIMITS, type AgentContext, type AgentLimits } from './agent-context';
import { AgentKeys } from './agent-keys';
import { createAgentRequestHandler } from './agent-request-handler';
import type { AgentSigning } from './agent-signing';
import { ConsentQueue } from './consent-queue';
import { IncomingFolders } from './incoming-folders';
import { DEFAULT_AGENT_PORT, listenLoopback } from './listen-loopback';
import { OriginStore } from './origin-store';
import { PairingBook } from './pairing-book';
import { publishPortFile, removePortFile } from './port-file';
import { RateLimiter } from './rate-limiter';
import { SessionAllowances } from './session-allowances';
import { agentRoutes } from './routes';
import { API_VERSION } from './routes/info-routes';

export interface AgentServiceDeps {
  db: Db;
  events: EventBus;
  dataDir: string;
  product: string;
  version: string;
  cabinet: () => CabinetService;
  signing: AgentSigning;
  limits?: Partial<AgentLimits>;
  /** Monotonic milliseconds for the rate limiter; default performance.now. */
  clock?: () => number;
}

export interface AgentListenOptions {
  /** Default DEFAULT_AGENT_PORT, then the next ports, then any; 0: any free port. */
  port?: number;
  /** false (`signdesk serve`): web pages are refused; only access tokens are accepted. Default true. */
  browsers?: boolean;
}

export interface AgentServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The local signing agent: the loopback HTTP API plus what the user sees of it (pairing and consent requests,
 * the allow-list of origins, "allow for this session"). Built by the composition root; serving starts only when
 * the shell, the bridge or `signdesk serve` calls `listen`.
 */
export class AgentService {
  readonly consent: ConsentQueue;
  readonly origins: OriginStore;
  readonly sessions: SessionAllowances;
  readonly pairing: PairingBook;
  readonly incoming: IncomingFolders;
  readonly keys: AgentKeys;
  readonly limits: AgentLimits;
  private server: AgentServer | null = null;
  private readonly batchFolders = new Map<string, string>();
  /** Finished batches whose output files wait for their caller (removed after outputRetentionMs). */
  private readonly retained = new Map<string, NodeJS.Timeout>();
  private readonly offBatchEvents: () => void;

  constructor(private readonly deps: AgentServiceDeps) {
    this.limits = { ...DEFAULT_AGENT_LIMITS, ...deps.limits };
    this.consent = new ConsentQueue({ timeoutMs: this.limits.consentTimeoutMs });
    this.origins = new OriginStore(deps.db);
    this.sessions = new SessionAllowances(() => this.accessChanged());
    this.pairing = new PairingBook(this.consent, this.origins, () => this.accessChanged());
    this.incoming = new IncomingFolders(deps.dataDir);
    this.keys = new AgentKeys(deps.cabinet);
    this.consent.onChange((pending) => deps.events.emit('agentPending', pending));
    this.offBatchEvents = deps.signing.onBatchEvent((event) => {
      if (event.type !== 'finished') return;
      const { id, state, options } = event.summary;
      // A stopped or interrupted batch may be resumed from the app: its documents stay until it ends.
      if (!this.batchFolders.has(id) || (state !== 'done' && state !== 'cancelled')) return;
      // CAdES signatures are all in the journal; a signed PDF or a container is a file the caller still fetches.
      if (state === 'done' && options.format !== 'cades') {
        this.retained.set(id, setTimeout(() => this.releaseBatchFiles(id), this.limits.outputRetentionMs).unref());
      } else {
        // After the other listeners (the caller's event stream) have heard that the batch ended.
        setImmediate(() => this.releaseBatchFiles(id));
      }
    });
  }

  /** Removes a batch's incoming folder (its documents and outputs), off the event loop. */
  private releaseBatchFiles(batchId: string): void {
    const folder = this.batchFolders.get(batchId);
    clearTimeout(this.retained.get(batchId));
    this.retained.delete(batchId);
    if (!folder) return;
    this.batchFolders.delete(batchId);
    void this.incoming.removeLater(folder).catch((error: unknown) => process.emitWarning(`agent: ${(error as Error).message}`));
  }

  /** Starts serving on 127.0.0.1 and publishes the port in `<dataDir>/agent.json`. */
  async listen(options: AgentListenOptions = {}): Promise<AgentServer> {
    if (this.server) throw new SigndeskError('ERR_BUSY', `The agent already serves ${this.server.url}`);
    this.incoming.sweep((batchId) => {
      try {
        return this.deps.signing.batch(batchId).state;
      } catch {
        return null;
      }
    });
    let port = 0;
    const context: AgentContext = {
      product: this.deps.product,
      version: this.deps.version,
      signing: this.deps.signing,
      keys: this.keys,
      tokens: () => this.deps.cabinet().accessTokens,
      consent: this.consent,
      pairing: this.pairing,
      origins: this.origins,
      sessions: this.sessions,
      incoming: this.incoming,
      limits: this.limits,
      browsers: options.browsers ?? true,
      trackBatchFolder: (batchId, folder) => this.batchFolders.set(batchId, folder),
      releaseBatchFiles: (batchId) => this.releaseBatchFiles(batchId),
    };
    const server = http.createServer(
      { requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 },
      createAgentRequestHandler(context, agentRoutes, new RateLimiter(this.limits.rate, this.deps.clock), () => port),
    );
    port = await listenLoopback(server, options.port ?? DEFAULT_AGENT_PORT);
    const url = `http://127.0.0.1:${port}`;
    await publishPortFile(this.deps.dataDir, { url, port, pid: process.pid, apiVersion: API_VERSION, startedAt: new Date().toISOString() });
    const served: AgentServer = {
      url,
      port,
      close: async () => {
        if (this.server === served) this.server = null;
        removePortFile(this.deps.dataDir, port);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    this.server = served;
    return served;
  }

  status(): AgentStatus {
    return { listening: this.server !== null, url: this.server?.url ?? null, port: this.server?.port ?? null };
  }

  pending(): AgentPendingRequest[] {
    return this.consent.list();
  }

  async decide(input: { id: string; allow: boolean; secret?: string | undefined; forSession?: boolean | undefined }): Promise<{ settled: true }> {
    await this.consent.decide(input.id, input.allow, { secret: input.secret, forSession: input.forSession ?? false });
    return { settled: true };
  }

  access(): AgentAccess {
    return { origins: this.origins.list(), sessions: this.sessions.list() };
  }

  /** Takes an origin off the allow-list and stops its session allowances; its next request must pair again. */
  revokeOrigin(origin: string): AgentAccess {
    this.origins.remove(origin);
    this.sessions.stopCaller(`origin:${origin}`);
    this.accessChanged();
    return this.access();
  }

  stopSession(id: string): AgentAccess {
    if (!this.sessions.stop(id)) throw new SigndeskError('ERR_NOT_FOUND', 'No such session allowance');
    return this.access();
  }

  async close(): Promise<void> {
    this.consent.close();
    this.sessions.clear();
    this.offBatchEvents();
    // Outputs nobody fetched go at the next start (the sweep), not while batches may still be finishing.
    for (const timer of this.retained.values()) clearTimeout(timer);
    this.retained.clear();
    await this.server?.close();
  }

  private accessChanged(): void {
    this.deps.events.emit('agentAccess', this.access());
  }
}
