export { CaService, chainFor, type CaServiceOptions, type CaKeyAccess, type AskSecret, type CmpTarget, type IssuedCertificate, type StatusRequest } from './ca-service';
export { CaProfileStore } from './ca-profile-store';
export { caHandlers } from './ca-handlers';
export * from './cmp';
