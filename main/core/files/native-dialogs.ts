/**
 * The OS dialogs and file manager, implemented by the Electron shell and handed to the core in the services
 * config. The CLI and the bridge have none.
 */
export interface NativeDialogs {
  /** Cancelled: []. */
  openFiles(options: { multiple: boolean; filter: 'any' | 'signatures' | 'keys' }): Promise<string[]>;
  /** Cancelled: null. */
  chooseFolder(): Promise<string | null>;
  /** Cancelled: null. */
  saveFile(defaultName: string): Promise<string | null>;
  showInFolder(filePath: string): void;
  /** Opens the file with its default application; rejects with the OS's reason. */
  openPath(filePath: string): Promise<void>;
}
