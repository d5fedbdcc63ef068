import fs from 'node:fs';
import path from 'node:path';

/** Puts a CA certificate in the app's trust store (`<dataDir>/trust/`), as a user importing their CA would. */
export function trustForVerify(dataDir: string, caCertFile: string): void {
  const dir = path.join(dataDir, 'trust');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(caCertFile, path.join(dir, path.basename(caCertFile)));
}
