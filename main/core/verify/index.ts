export { createVerifyHandlers, type VerifyHandlerDeps } from './verify-handlers';
export { createCosignHandler, type CosignHandlerDeps } from './cosign-handler';
