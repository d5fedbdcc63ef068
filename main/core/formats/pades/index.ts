export { padesFormat } from './pades-format';
export { parseVisibleSpec, VISIBLE_SPEC_SYNTAX } from './visible-spec';
