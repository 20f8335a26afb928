'use strict';
// Helpers for the Node side of a conformance scenario; _trace.py is the
// Python twin and documents the shared rendering rules (undefined and null
// -> JSON null; errors -> {kind, code, message}).

class Trace {
  constructor() { this.entries = []; }
  log(...items) { this.entries.push(items.map((v) => (v === undefined ? null : v))); }
  dump() { process.stdout.write(JSON.stringify(this.entries) + '\n'); }
}

function errInfo(e) {
  return { kind: e instanceof Error ? e.name : 'Error', code: e.code === undefined ? null : e.code, message: e.message };
}

function attempt(fn, ...args) {
  try {
    fn(...args);
  } catch (e) {
    return { threw: errInfo(e) };
  }
  return { ok: true };
}

module.exports = { Trace, errInfo, attempt };
