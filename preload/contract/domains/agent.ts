import { z } from 'zod';
import { channel } from '../define';
import type { VisibleSignatureSpec } from './queue';

/**
 * The local signing agent (`main/core/agent`): web pages and accounting software ask Signdesk to sign over a
 * loopback HTTP API; the user answers here. Pairing and signing requests reach the window as `agentPending`
 * events, the answer goes back through `agent:decide` (with the PIN or password, typed in Signdesk only).
 */

/** Who is asking: a web page by its origin, or software holding one key's access token. */
export type AgentCaller = { kind: 'origin'; origin: string } | { kind: 'token'; tokenId: string; label: string; prefix: string };

export interface AgentKeyView {
  id: string;
  name: string;
  owner: string | null;
  storage: 'file' | 'token';
  /** Token label for token keys, the file name for file keys. */
  storageLabel: string;
}

/** A web page asks to be allowed to use the agent; it shows `code` so the user can tell it is that page. */
export interface AgentPairingRequest {
  id: string;
  kind: 'pairing';
  caller: { kind: 'origin'; origin: string };
  code: string;
  createdAt: string;
  expiresAt: string;
}

/** What a caller wants signed, shown before anything is signed. */
export interface AgentSigningRequest {
  id: string;
  kind: 'signing';
  caller: AgentCaller;
  createdAt: string;
  expiresAt: string;
  /** `document`: one document, `batch`: many documents in one approval, `hash`: a precomputed digest. */
  operation: 'document' | 'batch' | 'hash';
  key: AgentKeyView;
  /** What the key asks for when it is opened. */
  secretKind: 'pin' | 'password';
  /** `cades`, `pades` or `asice`. */
  format: string;
  /** CAdES detached or attached; null for PAdES and ASiC-E (they carry their documents). */
  packaging: 'detached' | 'attached' | null;
  /** ASiC-E: every document goes into one container of this name; null or absent: one container each. */
  packet?: string | null;
  /** PAdES: where the visible signature goes; null: invisible (or another format). */
  visible: VisibleSignatureSpec | null;
  /** The time-stamp service the signature gets its time-stamp from; null: none. */
  timestamp: string | null;
  count: number;
  totalBytes: number;
  /** Names and sizes (the first 1,000 when there are more: `count` is the whole number). */
  documents: Array<{ name: string; size: number }>;
  hash: { algorithm: string; value: string } | null;
  /** The user approved and the key is being opened. */
  approving: boolean;
}

export type AgentPendingRequest = AgentPairingRequest | AgentSigningRequest;

export interface AgentAllowedOrigin {
  origin: string;
  pairedAt: string;
  lastUsedAt: string | null;
}

/** "Allow for this session": this caller signs with this key without asking again until stopped or the app quits. */
export interface AgentSessionAllowance {
  id: string;
  caller: AgentCaller;
  keyId: string;
  keyName: string;
  since: string;
  /** Requests signed under the allowance so far. */
  signed: number;
}

export interface AgentAccess {
  origins: AgentAllowedOrigin[];
  sessions: AgentSessionAllowance[];
}

export interface AgentStatus {
  listening: boolean;
  /** e.g. `http://127.0.0.1:47350`; null when the agent is not serving. */
  url: string | null;
  port: number | null;
}

const id = z.string().min(1).max(100);

export const agentChannels = {
  'agent:status': channel<AgentStatus>()(z.object({}).strict()),
  /** Pairing and signing requests waiting for the user, oldest first. */
  'agent:pending': channel<AgentPendingRequest[]>()(z.object({}).strict()),
  /**
   * Allow or deny a pending request. Signing: `secret` is the key's PIN or password, it crosses here once and is
   * kept only in memory when `forSession` is set. A wrong PIN rejects and leaves the request pending.
   */
  'agent:decide': channel<{ settled: true }>()(
    z.object({ id, allow: z.boolean(), secret: z.string().max(1024).optional(), forSession: z.boolean().optional() }).strict(),
  ),
  'agent:origins': channel<AgentAccess>()(z.object({}).strict()),
  'agent:revokeOrigin': channel<AgentAccess>()(z.object({ origin: z.string().min(1).max(2048) }).strict()),
  'agent:stopSession': channel<AgentAccess>()(z.object({ id }).strict()),
};
