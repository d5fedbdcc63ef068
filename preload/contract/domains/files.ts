import { z } from 'zod';
import { channel } from '../define';

/**
 * A native dialog's answer. `native: false`: this runtime has no native dialog (the browser bridge), so the
 * renderer falls back to `<input type=file>` + an upload (SigndeskUploadBridge) or a typed path. Cancelled: `paths: []`.
 */
export type DialogResult = { native: false } | { native: true; paths: string[] };

/** What an uploaded file is for: `sign` files go to `<dataDir>/inbox/`, `verify` files to `<dataDir>/verify-uploads/`. */
export const UPLOAD_PURPOSES = ['sign', 'verify'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/** Largest file the browser may upload through the bridge (bytes). */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

const filePath = z.string().min(1).max(4096);

export const filesChannels = {
  /** Open files (`kind: files`) or one folder (`kind: folder`) with the OS dialog. */
  'files:openDialog': channel<DialogResult>()(
    z.object({ kind: z.enum(['files', 'folder']), multiple: z.boolean().optional(), filter: z.enum(['any', 'signatures', 'keys']).optional() }).strict(),
  ),
  /** Where to save a file (one path, or none when cancelled). */
  'files:saveDialog': channel<DialogResult>()(z.object({ defaultName: z.string().min(1).max(255) }).strict()),
  /**
   * Asks where to save with the OS dialog and writes `content` there atomically (e.g. the history CSV). The path
   * is chosen in main, never sent by the page. `native: false`: no dialog here, the page downloads it itself.
   */
  'files:saveTextAs': channel<DialogResult>()(z.object({ defaultName: z.string().min(1).max(255), content: z.string().max(64 * 1024 * 1024) }).strict()),
  /** Files and folders → the regular files they hold (folders walked recursively, hidden entries skipped). */
  'files:expand': channel<{ files: string[]; skipped: number }>()(z.object({ paths: z.array(filePath).min(1).max(100_000) }).strict()),
  /** Shows the file in the OS file manager; `shown: false` where there is none (the browser bridge). */
  'files:showInFolder': channel<{ shown: boolean }>()(z.object({ path: filePath }).strict()),
  /** Opens the file with the OS's default application (a signed PDF in the viewer); `opened: false` where there is none. */
  'files:openPath': channel<{ opened: boolean }>()(z.object({ path: filePath }).strict()),
};

/**
 * The one function the Electron preload exposes beside the contract: the path of a dropped `File`
 * (`webUtils.getPathForFile`). Absent in a browser.
 */
export interface SigndeskFilesBridge {
  /** `file` is a DOM `File` (typed loosely: the contract is runtime-neutral). */
  pathForFile(file: { readonly name: string; readonly size: number }): string;
}

/**
 * The browser bridge's one extra (`window.signdeskUploads`, absent in Electron): a dropped or picked file without a
 * path is streamed to main, which stores it under the data folder (`sign`: `inbox/`, kept; `verify`: a folder of
 * this page's connection, deleted when the page goes) and answers its path.
 */
export interface SigndeskUploadBridge {
  /** `file` is a DOM `File` (typed loosely: the contract is runtime-neutral). */
  upload(file: { readonly name: string; readonly size: number }, purpose: UploadPurpose): Promise<{ path: string }>;
}
