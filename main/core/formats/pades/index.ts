export { padesFormat } from './pades-format';
