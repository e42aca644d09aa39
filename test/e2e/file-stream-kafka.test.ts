// The FileStream pipeline through `kconnect standalone` on the test broker (see file-stream.ts).

import { describeFileStream } from './file-stream.ts'

describeFileStream('kafka')
