// The FileStream pipeline through `kconnect standalone` on the embedded log (see file-stream.ts).

import { describeFileStream } from './file-stream.ts'

describeFileStream('embedded')
