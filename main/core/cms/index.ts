export { createSignature, createSignatureParts, signBytes, type CreateSignatureOptions } from './create-signature';
export { hashFile, readChunks, HASH_CHUNK_SIZE } from './hash-file';
export { signFile, type SignFileOptions } from './sign-file';
export { requestTimestamp, type TimestampFetch, type TimestampOptions } from './timestamp';
export { parseHashName, HASH_OIDS } from './algorithms';
