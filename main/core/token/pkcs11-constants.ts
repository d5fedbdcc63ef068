/**
 * The PKCS#11 v2.40 numbers we use, from the specification (identical to pkcs11js' exports). Kept here so pure
 * code and unit tests need not load the native binding.
 */
export const CKF_OS_LOCKING_OK = 0x2;
export const CKF_SERIAL_SESSION = 0x4;
export const CKF_RW_SESSION = 0x2;

export const CKU_SO = 0x0;
export const CKU_USER = 0x1;
export const CKU_CONTEXT_SPECIFIC = 0x2;

export const CKS_RO_USER_FUNCTIONS = 0x1;
export const CKS_RW_USER_FUNCTIONS = 0x3;

export const CKO_CERTIFICATE = 0x1;
export const CKO_PUBLIC_KEY = 0x2;
export const CKO_PRIVATE_KEY = 0x3;

export const CKK_RSA = 0x0;
export const CKK_EC = 0x3;
export const CKC_X_509 = 0x0;

export const CKA_CLASS = 0x0;
export const CKA_TOKEN = 0x1;
export const CKA_PRIVATE = 0x2;
export const CKA_LABEL = 0x3;
export const CKA_VALUE = 0x11;
export const CKA_CERTIFICATE_TYPE = 0x80;
export const CKA_ISSUER = 0x81;
export const CKA_SERIAL_NUMBER = 0x82;
export const CKA_KEY_TYPE = 0x100;
export const CKA_SUBJECT = 0x101;
export const CKA_ID = 0x102;
export const CKA_SENSITIVE = 0x103;
export const CKA_DECRYPT = 0x105;
export const CKA_SIGN = 0x108;
export const CKA_VERIFY = 0x10a;
export const CKA_MODULUS = 0x120;
export const CKA_MODULUS_BITS = 0x121;
export const CKA_PUBLIC_EXPONENT = 0x122;
export const CKA_EXTRACTABLE = 0x162;
export const CKA_LOCAL = 0x163;
export const CKA_NEVER_EXTRACTABLE = 0x164;
export const CKA_ALWAYS_SENSITIVE = 0x165;
export const CKA_EC_PARAMS = 0x180;
export const CKA_EC_POINT = 0x181;
export const CKA_ALWAYS_AUTHENTICATE = 0x202;

export const CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0;
export const CKM_RSA_PKCS = 0x1;
export const CKM_RSA_PKCS_PSS = 0xd;
export const CKM_EC_KEY_PAIR_GEN = 0x1040;
export const CKM_ECDSA = 0x1041;
export const CKM_EDDSA = 0x1057;
// Hash mechanisms and MGF1 generators are algorithm facts: they live in the crypto registry (HashSpec.pkcs11).

/** pkcs11js' tag for CK_RSA_PKCS_PSS_PARAMS in a mechanism's `parameter`. */
export const CK_PARAMS_RSA_PSS = 0x5;

/** CK_SLOT_INFO flags. */
export const CKF_HW_SLOT = 0x4;

export const CKF_RNG = 0x1;
export const CKF_WRITE_PROTECTED = 0x2;
export const CKF_LOGIN_REQUIRED = 0x4;
export const CKF_USER_PIN_INITIALIZED = 0x8;
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
export const CKF_TOKEN_INITIALIZED = 0x400;
export const CKF_USER_PIN_COUNT_LOW = 0x10000;
export const CKF_USER_PIN_FINAL_TRY = 0x20000;
export const CKF_USER_PIN_LOCKED = 0x40000;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x80000;
export const CKF_SO_PIN_COUNT_LOW = 0x100000;
export const CKF_SO_PIN_FINAL_TRY = 0x200000;
export const CKF_SO_PIN_LOCKED = 0x400000;
export const CKF_SO_PIN_TO_BE_CHANGED = 0x800000;
