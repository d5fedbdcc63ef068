/**
 * The browser bridge's wire (`npm run dev:web`): what the page's bridge client and main's bridge server must agree
 * on besides the channels. Calls travel as WebSocket text frames `{id, channel, input}`; files travel as HTTP PUT
 * bodies, never inside a frame.
 */

/**
 * Largest call frame the bridge accepts (bytes of JSON). The largest legitimate calls: `queue:sign` / `queue:remove`
 * with 100,000 document ids (≈ 1.2 MB), `queue:add` (sent in chunks of ≤ QUEUE_ADD_CHUNK_BYTES), a CA profile with
 * its trust anchors (tens of KB). A bigger frame closes the socket (1009); the client refuses to send one.
 */
export const MAX_BRIDGE_MESSAGE_BYTES = 4 * 1024 * 1024;

/** How deep a call's JSON may nest (the deepest real call is 5 levels); checked before parsing. */
export const MAX_BRIDGE_JSON_DEPTH = 32;

/** The page's `queue:add` calls carry at most this many bytes of paths each (and at most 5,000 paths). */
export const QUEUE_ADD_CHUNK_BYTES = 1024 * 1024;

/** The first frame the bridge sends on a socket: the id that ties the page's uploads to this connection. */
export interface BridgeHello {
  hello: { connection: string };
}

/** `PUT /upload?purpose=sign|verify&name=…` with the file as the body. */
export const BRIDGE_UPLOAD_PATH = '/upload';
/** The page's session secret (as in its URL). */
export const BRIDGE_SESSION_HEADER = 'x-signdesk-session';
/** The connection id from the hello frame: verify uploads are deleted when that socket closes. */
export const BRIDGE_CONNECTION_HEADER = 'x-signdesk-connection';
