export { ENCODED_BYTES, FieldMemory, PrimeField } from './field.js';
export {
  Ed25519BaseField,
  ELEMENT_BYTES,
  type Fields,
  fieldsOver,
  loadFields,
  ScalarField,
  Secp256k1BaseField,
} from './fields.js';
export { fail, ok, type Result } from './result.js';
export {
  type FieldKernels,
  type FieldModuleExports,
  type FieldName,
  initWasm,
} from './wasm.js';
