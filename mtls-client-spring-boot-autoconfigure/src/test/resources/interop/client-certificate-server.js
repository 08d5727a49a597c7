'use strict'

// HTTPS server asking for a client certificate without rejecting unauthorized ones, in
// the manner of undici's client-certificate example. Used by NodeHttpsServer in tests.
// Environment: SERVER_KEY, SERVER_CERT and CLIENT_CA are paths to PEM files.

const fs = require('fs')
const https = require('https')

function pemFile (name) {
  const path = process.env[name]
  if (!path) {
    console.error(`${name} is not set`)
    process.exit(2)
  }
  return fs.readFileSync(path)
}

const options = {
  key: pemFile('SERVER_KEY'),
  cert: pemFile('SERVER_CERT'),
  ca: pemFile('CLIENT_CA'),
  requestCert: true,
  rejectUnauthorized: false
}

const server = https.createServer(options, (req, res) => {
  const authorized = req.client.authorized === true
  if (authorized) {
    console.log('valid')
  } else {
    console.error(req.client.authorizationError)
  }
  const peer = req.socket.getPeerCertificate()
  const present = peer && Object.keys(peer).length > 0
  const body = JSON.stringify({
    authorized,
    authorizationError: req.client.authorizationError ? String(req.client.authorizationError) : null,
    subject: present && peer.subject && peer.subject.CN ? String(peer.subject.CN) : null,
    serial: present && peer.serialNumber ? peer.serialNumber : null
  })
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})

server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`)
})

process.on('SIGTERM', () => process.exit(0))
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
