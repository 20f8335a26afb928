"""Certificates for the TLS scenarios, made at run time (no key is committed).

``$GNET_PYTHON _tls_certs.py`` (what the .js side runs: the venv's
Python, which has trustme) or ``make()`` (the .py side): writes PEM files into a fresh temporary directory and returns /
prints ``{"dir", "ca", "key", "cert", "expired_key", "expired_cert",
"self_key", "self_cert"}`` (paths). Each side removes the directory itself.
"""

import datetime
import json
import os
import tempfile

import trustme


def make():
    tmp = tempfile.mkdtemp(prefix='gnet-tls-scenario-')
    ca = trustme.CA()
    now = datetime.datetime.now(datetime.timezone.utc)
    paths = {'dir': tmp}

    def save(name, blob):
        path = os.path.join(tmp, name + '.pem')
        blob.write_to_path(path)
        paths[name] = path

    save('ca', ca.cert_pem)
    leaf = ca.issue_cert('localhost', '127.0.0.1')
    save('key', leaf.private_key_pem)
    save('cert', leaf.cert_chain_pems[0])
    expired = ca.issue_cert('localhost', '127.0.0.1', not_before=now - datetime.timedelta(days=9),
                            not_after=now - datetime.timedelta(days=1))
    save('expired_key', expired.private_key_pem)
    save('expired_cert', expired.cert_chain_pems[0])
    self_ca = trustme.CA()  # a CA certificate served as a leaf: self-signed
    save('self_key', self_ca.private_key_pem)
    save('self_cert', self_ca.cert_pem)
    return paths


if __name__ == '__main__':
    print(json.dumps(make()))
