// A child process for concurrency tests: for each line `{"dataDir": …}` on stdin it opens the core on that folder
// (the database and every domain's migrations, as a first start of the app or the CLI does), closes it, and
// answers one line: `{"ok":true}` or `{"ok":false,"error":{code,message}}`.
import readline from 'node:readline';
import { createServices } from '../../main/core/services';
import { toErrorPayload } from '../../preload/contract/errors';

for await (const line of readline.createInterface({ input: process.stdin })) {
  const { dataDir } = JSON.parse(line) as { dataDir: string };
  let answer: unknown;
  try {
    const services = createServices({ dataDir, runtime: 'cli' });
    try {
      services.queue.batches();
      await services.cabinet.list();
    } finally {
      await services.close();
    }
    answer = { ok: true };
  } catch (error) {
    answer = { ok: false, error: toErrorPayload(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
