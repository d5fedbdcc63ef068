export { CmpClient, type CmpAuthentication, type CmpClientOptions, type EnrollRequest, type EnrollResult } from './cmp-client';
export { httpCmpTransport, type CmpTransport } from './cmp-transport';
export { decodePkiMessage, encodePkiMessage, type IncomingMessage, type Protector } from './pki-message';
export { passwordBasedMac, verifyPasswordBasedMac, newPasswordBasedMac, OID_PASSWORD_BASED_MAC } from './protection';
export { encodeCertTemplate, buildCertReqMessages, type CertTemplateInput } from './crmf';
export { describeStatus, type PkiStatusInfo, type ResponseBody, type RequestBody } from './pki-body';
