// Builds and runs the small Java programs that parity tests use to ask Kafka's own classes what
// they do. A driver folder holds a pom.xml (its dependencies; -Dkafka.version comes from
// scripts/servers/versions.ts) and src/*.java. Maven resolves the classpath once (cached by
// scripts/servers/maven.ts); javac compiles into .servers/java-drivers/<hash>/, keyed by the
// sources and the classpath, so a second run starts at once and an edit recompiles.

import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { resolveClasspath, SERVERS_DIR } from '../../scripts/servers/maven.ts'
import { KAFKA_VERSION } from '../../scripts/servers/versions.ts'

const run = promisify(execFile)

/** A compiled driver: `java -cp <classpath> <main class>` runs it. */
export interface JavaDriver {
  /** The Maven dependencies followed by the compiled classes. */
  readonly classpath: string
}

/**
 * Resolves the dependencies of `dir`/pom.xml and compiles `dir`/src/*.java, reusing an earlier
 * build when neither changed. Throws with javac's or Maven's output when that fails.
 */
export async function buildJavaDriver (dir: string): Promise<JavaDriver> {
  const dependencies = await resolveClasspath(join(dir, 'pom.xml'), { 'kafka.version': KAFKA_VERSION })
  const srcDir = join(dir, 'src')
  const sources = (await readdir(srcDir)).filter(name => name.endsWith('.java')).sort()
  if (sources.length === 0) throw new Error(`no Java sources in ${srcDir}`)

  const hash = createHash('sha256').update(dependencies)
  for (const name of sources) hash.update(name).update(await readFile(join(srcDir, name)))
  const classesDir = join(SERVERS_DIR, 'java-drivers', hash.digest('hex').slice(0, 16))
  const classpath = [dependencies, classesDir].join(delimiter)
  if (await isDirectory(classesDir)) return { classpath }

  // Compile into a private folder, then rename, so that a concurrent build never sees half the classes.
  const tmpDir = `${classesDir}.${process.pid}.tmp`
  await rm(tmpDir, { recursive: true, force: true })
  await mkdir(tmpDir, { recursive: true })
  try {
    await run('javac', ['-nowarn', '-encoding', 'UTF-8', '-d', tmpDir, '-cp', dependencies,
      ...sources.map(name => join(srcDir, name))], { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true })
    const e = error as { stdout?: string, stderr?: string, message: string }
    throw new Error(`javac failed for ${srcDir}: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`)
  }
  try {
    await rename(tmpDir, classesDir)
  } catch (error) {
    // Another process finished the same build first; its classes are as good as ours.
    await rm(tmpDir, { recursive: true, force: true })
    if (!(await isDirectory(classesDir))) throw error
  }
  return { classpath }
}

/**
 * Runs `mainClass` once, writes `lines` to its stdin (one per line) and returns its stdout lines.
 * Rejects, with the driver's stderr, when it exits non-zero or prints a different number of lines.
 */
export async function runJavaLines (driver: JavaDriver, mainClass: string, lines: readonly string[]): Promise<string[]> {
  const child = spawn('java', ['-Xss8m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', driver.classpath, mainClass],
    { stdio: ['pipe', 'pipe', 'pipe'] })
  const stderr: Buffer[] = []
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  // Split on '\n' only: readline would also split inside JSON strings holding U+2028 or U+2029.
  const stdout: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve(code))
  })
  child.stdin.on('error', () => { /* the exit code and stderr tell what went wrong */ })
  child.stdin.end(lines.map(line => line + '\n').join(''))
  const code = await exited
  const text = Buffer.concat(stdout).toString('utf8')
  const output = text.length === 0 ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (code !== 0) {
    throw new Error(`java ${mainClass} exited with ${code}:\n${Buffer.concat(stderr).toString('utf8')}`)
  }
  if (output.length !== lines.length) {
    throw new Error(`java ${mainClass} answered ${output.length} lines to ${lines.length}:\n${Buffer.concat(stderr).toString('utf8')}`)
  }
  return output
}

async function isDirectory (path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
