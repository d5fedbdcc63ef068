import type http from 'node:http';
import type { AccessTokens } from '../cabinet';
import type { AgentSigning } from './agent-signing';
import type { AgentKeys } from './agent-keys';
import type { Caller } from './caller';
import type { ConsentQueue } from './consent-queue';
import type { IncomingFolders } from './incoming-folders';
import type { OriginStore } from './origin-store';
import type { PairingBook } from './pairing-book';
import type { RateLimit } from './rate-limiter';
import type { SessionAllowances } from './session-allowances';
import type { UploadLimits } from './http/multipart-upload';

export interface AgentLimits {
  /** JSON bodies (a hash to sign). */
  maxJsonBytes: number;
  upload: UploadLimits;
  /** Per caller: an origin, a token, or callers with neither. */
  rate: RateLimit;
  /** How long a pairing or signing request waits for the user. */
  consentTimeoutMs: number;
  /** The longest `GET /v1/pairing/{id}?wait=` may hold a request. */
  maxPairingWaitMs: number;
  /** How long a finished batch's signed PDFs or containers wait to be fetched (`…/items/{seq}/output`). */
  outputRetentionMs: number;
}

export const DEFAULT_AGENT_LIMITS: AgentLimits = {
  maxJsonBytes: 1024 * 1024,
  upload: { maxDocumentBytes: 2 * 1024 ** 3, maxTotalBytes: 4 * 1024 ** 3, maxDocuments: 10_000 },
  rate: { burst: 60, perSecond: 20 },
  consentTimeoutMs: 120_000,
  maxPairingWaitMs: 30_000,
  outputRetentionMs: 60 * 60_000,
};

/** Everything a route needs; built once by the AgentService. */
export interface AgentContext {
  product: string;
  version: string;
  signing: AgentSigning;
  keys: AgentKeys;
  tokens: () => AccessTokens;
  consent: ConsentQueue;
  pairing: PairingBook;
  origins: OriginStore;
  sessions: SessionAllowances;
  incoming: IncomingFolders;
  limits: AgentLimits;
  /** false under `signdesk serve`: web pages are refused, only access tokens are accepted. */
  browsers: boolean;
  /** A batch this agent started: its incoming folder goes when the batch ends (PAdES, ASiC-E: once its outputs are fetched or kept long enough). */
  trackBatchFolder(batchId: string, folder: string): void;
  /** The caller has what it needs (or gave the batch up): the batch's documents and outputs go now. */
  releaseBatchFiles(batchId: string): void;
}

/** One request as a route sees it, after the Host, Origin, rate and caller checks. */
export interface RouteRequest {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  origin: string | null;
  /** null on public and pairing routes. */
  caller: Caller | null;
  /** CORS headers for this origin (empty for callers without one). */
  cors: Record<string, string>;
  /** Aborted when the caller goes away before the answer. */
  signal: AbortSignal;
}

export type RouteAccess = 'public' | 'pairing' | 'caller';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path pattern; named groups become `params`. */
  path: RegExp;
  access: RouteAccess;
  handle(context: AgentContext, request: RouteRequest): Promise<void> | void;
}
