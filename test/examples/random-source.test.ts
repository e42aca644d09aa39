// Runs the example connector's own tests (examples/random-source/test) inside kconnect's suite.
// The example imports 'kconnect/api' as any connector package does; the module hooks a worker
// installs (src/runtime/plugins/module-hooks.js) resolve it to this repository's API.

import { installModuleHooks } from '../../src/runtime/plugins/module-hooks.js'

installModuleHooks()
await import('../../examples/random-source/test/random-source.test.ts')
