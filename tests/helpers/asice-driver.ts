import fs from 'node:fs';
import {
  checkManifestDigests,
  extractDocuments,
  openAsicContainer,
  writeAsicContainer,
  type AsicContainer,
} from '../../main/core/formats/asice/container';

/**
 * A separate process for the container engine, so a test can watch its memory: `node <bundle> write|inspect
 * spec.json` prints one JSON line with the result and the peak RSS (sampled every 10 ms, and the kernel's maxRSS).
 */
interface WriteSpec {
  output: string;
  documents: { name: string; path: string }[];
  manifests: { name: string; path: string }[];
  signatures: { name: string; path: string }[];
  carry?: string;
}

interface InspectSpec {
  container: string;
  extractTo?: string;
}

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 10);

async function write(spec: WriteSpec): Promise<unknown> {
  let carry: AsicContainer | undefined;
  if (spec.carry) carry = await openAsicContainer(spec.carry);
  try {
    const temp = `${spec.output}.partial`;
    const written = await writeAsicContainer(temp, {
      documents: spec.documents,
      manifests: spec.manifests.map((manifest) => ({ name: manifest.name, xml: fs.readFileSync(manifest.path) })),
      signatures: spec.signatures.map((signature) => ({ name: signature.name, der: fs.readFileSync(signature.path) })),
      ...(carry ? { carry } : {}),
    });
    fs.renameSync(temp, spec.output);
    return { entries: written.entries, size: written.size };
  } finally {
    carry?.close();
  }
}

async function inspect(spec: InspectSpec): Promise<unknown> {
  const container = await openAsicContainer(spec.container);
  try {
    const manifests = [];
    for (const entry of container.manifests) {
      const check = await checkManifestDigests(container, entry.manifest);
      manifests.push({
        name: entry.name,
        signature: entry.signature?.name,
        statuses: check.references.map((reference) => [reference.name, reference.status]),
        uncovered: check.uncoveredDocuments,
      });
    }
    const extracted = spec.extractTo ? (await extractDocuments(container, spec.extractTo)).map((item) => item.name) : [];
    return {
      mimetype: container.mimetype,
      warnings: container.warnings.map((warning) => warning.code),
      entries: container.entries.map((entry) => ({ name: entry.name, compression: entry.compression, size: entry.size })),
      manifests,
      extracted,
    };
  } finally {
    container.close();
  }
}

async function main(): Promise<void> {
  const [operation, specFile] = process.argv.slice(2);
  const spec: unknown = JSON.parse(fs.readFileSync(specFile!, 'utf8'));
  const result = operation === 'write' ? await write(spec as WriteSpec) : await inspect(spec as InspectSpec);
  sample();
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ result, peakRss, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
}

main().catch((error: unknown) => {
  clearInterval(timer);
  const coded = error as { code?: string; message?: string };
  process.stdout.write(`${JSON.stringify({ error: { code: coded.code, message: coded.message } })}\n`);
  process.exitCode = 1;
});
