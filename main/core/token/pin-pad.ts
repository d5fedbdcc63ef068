/**
 * What we send for "use the PIN pad" (CKF_PROTECTED_AUTHENTICATION_PATH). PKCS#11 wants a NULL pPin; pkcs11js 2.x
 * only passes strings, and an empty one (length 0) is what OpenSC and vendor modules take as "ask the reader" too.
 */
export const PIN_PAD = '';
