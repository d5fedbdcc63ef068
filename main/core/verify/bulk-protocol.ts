import type { BulkItemResult } from './bulk-job';
import type { SignatureItem } from './signature-pairs';

/** main → worker: verify these files. */
export interface WorkerRequest {
  id: number;
  items: SignatureItem[];
}

/** worker → main: their verdicts, in the same order. */
export interface WorkerResponse {
  id: number;
  results: BulkItemResult[];
}
