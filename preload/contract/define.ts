import type { z } from 'zod';

/** A channel: the zod schema main parses its input with, and (as a phantom type) what it resolves to. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: I;
  readonly result: R;
}

/** `channel<Result>()(inputSchema)`: the result type is given explicitly, the input type is inferred. */
export function channel<R>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, R> => ({ input, result: undefined as R });
}

/** An event main pushes to the renderer; the payload type is phantom. */
export interface EventSpec<P = unknown> {
  readonly payload: P;
}

export function event<P>(): EventSpec<P> {
  return { payload: undefined as P };
}
