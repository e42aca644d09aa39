// Module resolution hooks that let connector packages run inside a kconnect worker:
//
// 1. `kconnect` and `kconnect/...` (the API a package imports, `kconnect/api`) always resolve to
//    the kconnect that runs the worker, whatever copy (or none) the package has in its own
//    node_modules. A package therefore shares the worker's classes, so `instanceof
//    SourceConnector` holds and there is one API version in the process: kconnect is a peer
//    dependency of every connector package.
// 2. TypeScript files under node_modules load too. Node strips types from .ts files, but refuses
//    to for files under node_modules; a package installed with npm, or kconnect itself installed
//    as a dependency, would not load. The hook strips them with Node's own stripper.
//
// This file is plain JavaScript on purpose: it must load before any .ts under node_modules can,
// including when kconnect itself is installed under node_modules (`node --import kconnect/register`).

import { readFileSync } from 'node:fs'
import { registerHooks, stripTypeScriptTypes } from 'node:module'
import { fileURLToPath } from 'node:url'

const KCONNECT_SPECIFIER = /^kconnect(\/|$)/
const TYPESCRIPT_UNDER_NODE_MODULES = /\/node_modules\/.*\.m?ts$/

let installed = false

/**
 * Installs the hooks once per process; later calls do nothing. Returns whether this call
 * installed them.
 * @returns {boolean}
 */
export function installModuleHooks () {
  if (installed) return false
  installed = true
  registerHooks({ resolve: resolveKconnect, load: loadTypeScriptUnderNodeModules })
  return true
}

/** Resolves kconnect's own specifiers from inside kconnect (its package.json "exports"). */
function resolveKconnect (specifier, context, nextResolve) {
  if (KCONNECT_SPECIFIER.test(specifier)) {
    return nextResolve(specifier, { ...context, parentURL: import.meta.url })
  }
  return nextResolve(specifier, context)
}

/** Strips the types of a .ts or .mts file under node_modules, which Node would refuse to load. */
function loadTypeScriptUnderNodeModules (url, context, nextLoad) {
  if (url.startsWith('file:') && TYPESCRIPT_UNDER_NODE_MODULES.test(url.split('?')[0])) {
    const source = readFileSync(fileURLToPath(url), 'utf8')
    return {
      format: 'module',
      source: stripTypeScriptTypes(source, { mode: 'strip', sourceUrl: url }),
      shortCircuit: true,
    }
  }
  return nextLoad(url, context)
}
