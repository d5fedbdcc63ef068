import type { z } from 'zod';
import { channels, type Channel, type Channels } from './channels';
import { events, type EventName, type EventPayload } from './events';
import type { Envelope } from './envelope';
import { SigndeskError } from './errors';

/** What the renderer passes (before defaults); what main receives after parsing; what comes back. */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelResult<C extends Channel> = Channels[C]['result'];

/** Main's implementation of a channel, and of every channel: what each core feature's `*-handlers.ts` returns. */
export type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<ChannelResult<C>> | ChannelResult<C>;
export type Handlers = { [C in Channel]: Handler<C> };

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}:${infer V}` ? V : never;
type Domain = DomainOf<Channel>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is exactly "an object with no required keys"
type CallArgs<C extends Channel> = {} extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];
type CallFn<C extends Channel> = (...args: CallArgs<C>) => Promise<ChannelResult<C>>;

export type DomainApi<D extends Domain> = {
  [V in VerbOf<Channel, D>]: `${D}:${V}` extends Channel ? CallFn<`${D}:${V}`> : never;
};

export type EventsApi = {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** What the renderer code uses: one async function per channel, grouped by domain, throwing SigndeskError. */
export type SigndeskApi = { [D in Domain]: DomainApi<D> } & EventsApi;

type WireFn<C extends Channel> = (...args: CallArgs<C>) => Promise<Envelope<ChannelResult<C>>>;
type WireDomainApi<D extends Domain> = {
  [V in VerbOf<Channel, D>]: `${D}:${V}` extends Channel ? WireFn<`${D}:${V}`> : never;
};

/**
 * `window.signdesk` as the preload (or the bridge client) exposes it. Calls resolve to envelopes because
 * Electron's contextBridge drops every property of a thrown error but its message.
 */
export type SigndeskWireApi = { [D in Domain]: WireDomainApi<D> } & EventsApi;

export type Transport = {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
};

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function eventMethodName(name: EventName): string {
  return `on${name[0]!.toUpperCase()}${name.slice(1)}`;
}

function splitChannel(name: Channel): [string, string] {
  return name.split(':') as [string, string];
}

/** Builds `window.signdesk` from the contract over a transport (Electron IPC, the bridge's WebSocket). */
export function buildWireApi(transport: Transport): SigndeskWireApi {
  const api: Record<string, unknown> = {};
  for (const name of channelNames) {
    const [domain, verb] = splitChannel(name);
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = (input: unknown = {}) => transport.invoke(name, input);
  }
  for (const name of eventNames) {
    api[eventMethodName(name)] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  return api as SigndeskWireApi;
}

/** The renderer's view of `window.signdesk`: envelopes unwrapped, failures thrown as SigndeskError. */
export function unwrapApi(wire: SigndeskWireApi): SigndeskApi {
  const api: Record<string, unknown> = {};
  const raw = wire as unknown as Record<string, Record<string, (input: unknown) => Promise<Envelope<unknown>>>>;
  for (const name of channelNames) {
    const [domain, verb] = splitChannel(name);
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = async (input: unknown = {}) => {
      const envelope = await raw[domain]![verb]!(input);
      if (envelope.ok) return envelope.value;
      throw SigndeskError.fromPayload(envelope.error);
    };
  }
  for (const name of eventNames) {
    const method = eventMethodName(name);
    api[method] = (wire as unknown as Record<string, unknown>)[method];
  }
  return api as SigndeskApi;
}
