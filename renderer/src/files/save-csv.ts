import { api } from '../api';
import { hasNativePaths } from './file-intake';

/**
 * Saves a CSV the user asked for: through the app's save dialog where there is one (Electron), else as the
 * browser's own download (no round trip of the whole CSV). Returns the path chosen, null when the dialog was
 * cancelled, or 'downloaded'.
 */
export async function saveCsv(name: string, csv: string): Promise<string | null | 'downloaded'> {
  if (hasNativePaths()) {
    const saved = await api().files.saveTextAs({ defaultName: name, content: csv });
    if (saved.native) return saved.paths[0] ?? null;
  }
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return 'downloaded';
}
