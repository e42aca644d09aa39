// Resolves a Java classpath from a pom.xml with Maven, once. The jars stay in Maven's own local
// repository (~/.m2); we keep only the classpath string, cached under .servers/ and keyed by the
// pom's content and properties, so a second run (or a second test process) starts at once.

import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository's root folder. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..')

/** Where servers keep their downloaded state and caches (git-ignored). */
export const SERVERS_DIR = process.env.KCONNECT_SERVERS_DIR ?? join(REPO_ROOT, '.servers')

/**
 * The runtime classpath of `pomPath` with the given -D properties, as a string for `java -cp`.
 * Throws with Maven's output when resolution fails (no network to Maven Central, a bad version).
 */
export async function resolveClasspath (pomPath: string, properties: Record<string, string> = {}): Promise<string> {
  const pom = await readFile(pomPath, 'utf8')
  const key = createHash('sha256').update(pom).update(JSON.stringify(properties)).digest('hex').slice(0, 16)
  const cacheDir = join(SERVERS_DIR, 'classpaths')
  const cacheFile = join(cacheDir, `${key}.txt`)
  try {
    const cached = (await readFile(cacheFile, 'utf8')).trim()
    if (cached.length > 0) return cached
  } catch {
    // not resolved yet
  }
  await mkdir(cacheDir, { recursive: true })
  const tmpFile = `${cacheFile}.${process.pid}.tmp`
  const args = ['-B', '-q', '-f', pomPath,
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath',
    '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${tmpFile}`,
    ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`)]
  try {
    await run('mvn', args, { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const e = error as { stdout?: string, stderr?: string, message: string }
    throw new Error(`Maven could not resolve the classpath of ${pomPath}: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
  // Rename, so that a concurrent reader never sees a half-written classpath.
  await rename(tmpFile, cacheFile)
  return (await readFile(cacheFile, 'utf8')).trim()
}
