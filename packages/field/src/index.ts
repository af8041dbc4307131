export { ENCODED_BYTES, FieldMemory, PrimeField } from './field.js';
export {
  ELEMENT_BYTES,
  Ed25519BaseField,
  type Fields,
  loadFields,
  ScalarField,
  Secp256k1BaseField,
} from './fields.js';
export { fail, ok, type Result } from './result.js';
export type { FieldKernels, FieldModuleExports, FieldName } from './wasm.js';
