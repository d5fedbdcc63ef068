import type { AgentPendingRequest, AgentSigningRequest } from '../../../preload/contract/domains/agent';
import { toErrorPayload } from '../../../preload/contract/errors';
import type { AgentService } from '../../core/agent';
import type { CliContext } from '../context';

function callerLabel(request: AgentSigningRequest): string {
  return request.caller.kind === 'token' ? `token "${request.caller.label || request.caller.prefix}" (${request.caller.prefix}…)` : request.caller.origin;
}

function formatText(request: AgentSigningRequest): string {
  if (request.format === 'pades') return 'PAdES (inside the PDF)';
  if (request.format === 'asice') return request.packet ? `ASiC-E container ${request.packet}` : 'ASiC-E, a container per document';
  return `CAdES ${request.packaging ?? 'detached'}`;
}

function describe(request: AgentSigningRequest): string[] {
  const what =
    request.operation === 'hash'
      ? `a ${request.hash!.algorithm} hash ${request.hash!.value}`
      : `${request.count} document${request.count === 1 ? '' : 's'} (${request.totalBytes} bytes)`;
  const lines = [`Signing request from ${callerLabel(request)}: ${what}, ${formatText(request)}, key "${request.key.name}" (${request.key.storage} ${request.key.storageLabel})`];
  for (const document of request.documents.slice(0, 20)) lines.push(`  ${document.name}  ${document.size} bytes`);
  if (request.count > 20) lines.push(`  … and ${request.count - 20} more`);
  return lines;
}

/** Reads one line from the terminal (echoed: it is a yes/no answer, not a secret). */
function readLine(ctx: CliContext, prompt: string): Promise<string> {
  return new Promise((resolve) => {
    ctx.io.stderr.write(prompt);
    let line = '';
    const stdin = ctx.io.stdin;
    const onData = (chunk: Buffer | string) => {
      line += chunk.toString();
      const end = line.indexOf('\n');
      if (end < 0) return;
      stdin.off('data', onData);
      stdin.pause();
      resolve(line.slice(0, end).trim());
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * `signdesk serve` on a terminal: each signing request is shown there and waits for y / n / s (this caller for
 * the rest of the run), then the key's PIN or password, typed without echo. One request at a time.
 */
export function askOnTerminal(agent: AgentService, ctx: CliContext): () => void {
  let busy = false;
  let stopped = false;
  const next = async () => {
    if (busy || stopped) return;
    const request = agent.pending().find((pending): pending is AgentSigningRequest => pending.kind === 'signing' && !pending.approving);
    if (!request) return;
    busy = true;
    try {
      for (const line of describe(request)) ctx.note(line);
      const answer = (await readLine(ctx, 'Sign? [y]es / [n]o / [s]ession (this caller until serve stops): ')).toLowerCase();
      const allow = answer === 'y' || answer === 'yes' || answer === 's' || answer === 'session';
      const secret = allow ? await ctx.readSecret({ kind: request.secretKind, prompt: request.secretKind === 'pin' ? 'Token PIN: ' : 'Key password (empty if remembered): ' }) : undefined;
      await agent.decide({ id: request.id, allow, ...(secret ? { secret } : {}), forSession: answer.startsWith('s') });
      ctx.note(allow ? 'Approved.' : 'Declined.');
    } catch (error) {
      const payload = toErrorPayload(error);
      ctx.note(`signdesk: ${payload.code}: ${payload.message}`);
    } finally {
      busy = false;
      void next();
    }
  };
  const off = agent.consent.onChange(() => void next());
  return () => {
    stopped = true;
    off();
  };
}

/**
 * `signdesk serve --unattended --key ID`: the operator consented when starting the service with the key's PIN
 * (from the environment). Requests for that key are approved and logged; any other key is declined.
 */
export function approveUnattended(agent: AgentService, keyId: string, secret: string | undefined, ctx: CliContext): () => void {
  const handled = new Set<string>();
  const onPending = (pending: AgentPendingRequest[]) => {
    for (const request of pending) {
      if (request.kind !== 'signing' || handled.has(request.id)) continue;
      handled.add(request.id);
      const allow = request.key.id === keyId;
      ctx.note(`${new Date().toISOString()} ${allow ? 'signing' : 'declined (another key)'}: ${describe(request)[0]}`);
      agent
        .decide({ id: request.id, allow, ...(allow && secret !== undefined ? { secret } : {}) })
        .catch((error: unknown) => {
          ctx.note(`signdesk: ${toErrorPayload(error).code}: ${toErrorPayload(error).message}`);
          // Nobody is there to try again (a token pulled out): the caller hears why at once.
          agent.consent.reject(request.id, error);
        })
        .finally(() => handled.delete(request.id));
    }
  };
  return agent.consent.onChange(onPending);
}
