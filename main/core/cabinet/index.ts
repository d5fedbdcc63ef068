export { CabinetService, type CabinetServiceOptions, type RevocationCheck, type NewKeyRequest, type TemporaryKeyRequest } from './cabinet-service';
export { AccessTokens, hashAccessToken } from './access-tokens';
export { KeyRecords, type KeyRecord } from './key-records';
export { temporaryValidity } from './temporary-validity';
export { buildCertificationRequest, describeCertificationRequest } from './certification-request';
export { certificateBundle } from './certificate-bundle';
export type { CabinetTokenPort } from './token-port';
export { createCabinetHandlers } from './cabinet-handlers';
export { TokenServicePort } from './token-service-port';
