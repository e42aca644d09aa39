// The Log contract (test/log/contract.ts) on the embedded log. Every createLog() opens the same
// folder, so the contract's reopen test reads what an earlier Log instance wrote.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { openEmbeddedLog } from '../../../src/log/embedded/index.ts'
import { describeLogContract } from '../contract.ts'

const dir = mkdtempSync(join(tmpdir(), 'kconnect-embedded-contract-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describeLogContract('embedded', () => openEmbeddedLog({ dir, pollIntervalMs: 20 }))
