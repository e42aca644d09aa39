// `node --import kconnect/register …`: installs kconnect's module hooks before anything else
// loads, so that `kconnect/api` resolves and TypeScript under node_modules runs. A connector
// package's tests use it when kconnect is one of its devDependencies (see
// docs/writing-a-connector.md); the worker installs the same hooks itself before loading plugins.

import { installModuleHooks } from './module-hooks.js'

installModuleHooks()
