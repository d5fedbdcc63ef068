export { asiceFormat } from './asice-format';
export { extractAsicDocuments } from './asice-extract';
