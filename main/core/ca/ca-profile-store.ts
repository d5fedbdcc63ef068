import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { caProfileSchema, type CaProfile } from '../../../preload/contract/domains/ca';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';

const fileSchema = z.object({ version: z.literal(1), profiles: z.array(caProfileSchema) });

/** CA profiles (CMP URL, OCSP / CRL / TSA overrides, trust anchors) in `<dataDir>/ca-profiles.json`. */
export class CaProfileStore {
  constructor(private readonly file: string) {}

  list(): CaProfile[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new SigndeskError('ERR_STORAGE', `Cannot read ${this.file}: ${(error as Error).message}`);
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new SigndeskError('ERR_STORAGE', `${this.file} is not a valid CA profile list`);
    return parsed.data.profiles;
  }

  get(id: string): CaProfile {
    const profile = this.list().find((candidate) => candidate.id === id);
    if (!profile) throw new SigndeskError('ERR_NOT_FOUND', `No CA profile ${id}`);
    return profile;
  }

  /** Adds or replaces (by id) a profile; a profile without id gets a new one. */
  async save(input: Omit<CaProfile, 'id'> & { id?: string | undefined }): Promise<CaProfile> {
    const profile = caProfileSchema.parse({ ...input, id: input.id ?? crypto.randomUUID() });
    const profiles = this.list().filter((candidate) => candidate.id !== profile.id);
    profiles.push(profile);
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, profiles }, null, 2));
    return profile;
  }

  async delete(id: string): Promise<boolean> {
    const profiles = this.list();
    const rest = profiles.filter((candidate) => candidate.id !== id);
    if (rest.length === profiles.length) return false;
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, profiles: rest }, null, 2));
    return true;
  }
}
