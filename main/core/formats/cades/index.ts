export { cadesFormat } from './cades-format';
export { checkCadesOutput, checkCadesSignature, type CadesCheckTask } from './output-check';
