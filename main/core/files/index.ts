export type { NativeDialogs } from './native-dialogs';
export { UploadStore, sanitizeFileName, type UploadStoreOptions, type SaveUploadOptions } from './upload-store';
export { expandPaths } from './expand-paths';
export { createFilesHandlers } from './files-handlers';
