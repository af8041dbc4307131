// What the other @tallyio packages share with the verifier's TypeScript and nothing else should rely on: the
// `./internal` subpath, not advertised in the README and free to change in any release.
export { fillRandomAt, nodeCrypto, randomValues } from './random.js';
