// Client 6 of the mTLS benchmark: undici's Pool with a client certificate, the client of
// undici's client-certificate example. Driven by UndiciClient over standard input and
// output, one command per line:
//   warmup <requests> <concurrency> <milliseconds at most>
//   run <concurrency> <milliseconds>
// Each answers with one line:
//   RESULT <requests> <errors> <elapsed ns> <p50 ns> <p99 ns> <process CPU ns> <first error>
// Arguments: origin path ca.pem client.pem client-key.pem connections

import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { Pool } from 'undici'

const [origin, path, ca, cert, key, connections] = process.argv.slice(2)

const pool = new Pool(origin, {
  connections: Number(connections),
  connect: {
    ca: readFileSync(ca),
    cert: readFileSync(cert),
    key: readFileSync(key)
  }
})

async function request () {
  const { statusCode, body } = await pool.request({ path, method: 'GET' })
  const text = await body.text()
  if (statusCode !== 200 || text.length === 0) {
    throw new Error(`HTTP ${statusCode}`)
  }
}

// Closed loop like the Java load threads: each of `concurrency` loops sends its next
// request when the previous one has been read.
async function load (concurrency, more) {
  const latencies = []
  let errors = 0
  let firstError = '-'
  const cpuBefore = process.cpuUsage()
  const start = process.hrtime.bigint()
  const loop = async () => {
    while (more()) {
      const begin = process.hrtime.bigint()
      try {
        await request()
        latencies.push(Number(process.hrtime.bigint() - begin))
      } catch (err) {
        errors++
        if (firstError === '-') firstError = String(err && err.code ? err.code : err).replace(/\s+/g, '_')
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  const elapsed = Number(process.hrtime.bigint() - start)
  const cpu = process.cpuUsage(cpuBefore)
  const cpuNanos = (cpu.user + cpu.system) * 1000
  const sorted = Float64Array.from(latencies).sort()
  return `RESULT ${sorted.length} ${errors} ${elapsed} ${percentile(sorted, 50)} ${percentile(sorted, 99)} ${cpuNanos} ${firstError}`
}

function percentile (sorted, p) {
  if (sorted.length === 0) return 0
  const rank = Math.ceil(p / 100 * sorted.length)
  return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))])
}

const commands = createInterface({ input: process.stdin })
let queue = Promise.resolve()
commands.on('line', (line) => {
  queue = queue.then(async () => {
    const [command, a, b, c] = line.trim().split(/\s+/)
    if (command === 'warmup') {
      let remaining = Number(a)
      const deadline = process.hrtime.bigint() + BigInt(c) * 1000000n
      console.log(await load(Number(b), () => remaining-- > 0 && process.hrtime.bigint() < deadline))
    } else if (command === 'run') {
      const deadline = process.hrtime.bigint() + BigInt(b) * 1000000n
      console.log(await load(Number(a), () => process.hrtime.bigint() < deadline))
    }
  })
})
commands.on('close', () => {
  queue.then(() => pool.close()).then(() => process.exit(0))
})
console.log('READY')
