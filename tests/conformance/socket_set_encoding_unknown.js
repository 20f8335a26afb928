'use strict';
// setEncoding() with an unknown name throws ERR_UNKNOWN_ENCODING (a TypeError)
// at once; a known name returns the socket.
const net = require('net');
const { Trace, attempt } = require('./_trace');

const t = new Trace();
const s = new net.Socket();
t.log('unknown', attempt(() => s.setEncoding('bogus')));
t.log('known returns the socket', s.setEncoding('latin1') === s);
t.dump();
