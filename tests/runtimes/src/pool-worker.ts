// The page's verification worker: @tallyio/nostr's pool worker, in a file of the application so that the bundler
// sees `new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' })` and bundles it.
import '@tallyio/nostr/worker';
