'use strict';
// The Node side of _tls_certs.py: run it with the venv's Python ($GNET_PYTHON,
// which the test session sets; never a python3 from PATH), read the paths.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function makeCerts() {
  const python = process.env.GNET_PYTHON;
  if (!python) throw new Error('GNET_PYTHON is not set: run the scenario through pytest, ' +
                               'or set it to the venv\'s python (.venv/bin/python)');
  const out = execFileSync(python, [path.join(__dirname, '_tls_certs.py')], { encoding: 'utf8' });
  const paths = JSON.parse(out.trim().split('\n').pop());
  const pem = {};
  for (const [k, v] of Object.entries(paths)) if (k !== 'dir') pem[k] = fs.readFileSync(v);
  pem.cleanup = () => fs.rmSync(paths.dir, { recursive: true, force: true });
  return pem;
}

module.exports = { makeCerts };
