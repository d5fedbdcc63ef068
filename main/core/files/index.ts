export type { NativeDialogs } from './native-dialogs';
export { UploadStore, sanitizeFileName, decodeBase64 } from './upload-store';
export { expandPaths } from './expand-paths';
export { createFilesHandlers } from './files-handlers';
