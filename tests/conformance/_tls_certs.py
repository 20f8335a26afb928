"""Certificates for the TLS scenarios, made at run time (no key is committed).

``$GNET_PYTHON _tls_certs.py`` (what the .js side runs: the venv's
Python, which has trustme) or ``make()`` (the .py side): writes PEM files into a fresh temporary directory and returns /
prints ``{"dir", "ca", "key", "cert", "expired_key", "expired_cert",
"self_key", "self_cert", "rsa_key", "rsa_cert", "chain_key", "chain_cert",
"other_ca", "client_key", "client_cert", "bad_client_key", "bad_client_cert"}``
(paths; ``rsa_*`` an RSA leaf, ``chain_*`` a leaf under an intermediate
with the intermediate in the PEM, ``other_ca`` a CA that signed nothing
here, ``bad_client_*`` a client certificate from yet another CA). Each
side removes the directory itself.
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
    rsa = ca.issue_cert('localhost', '127.0.0.1', key_type=trustme.KeyType.RSA)
    save('rsa_key', rsa.private_key_pem)
    save('rsa_cert', rsa.cert_chain_pems[0])
    chained = ca.create_child_ca().issue_cert('localhost', '127.0.0.1')
    save('chain_key', chained.private_key_pem)
    paths['chain_cert'] = os.path.join(tmp, 'chain_cert.pem')
    with open(paths['chain_cert'], 'wb') as f:
        f.write(b''.join(blob.bytes() for blob in chained.cert_chain_pems))
    save('other_ca', trustme.CA().cert_pem)
    client = ca.issue_cert('client.example', common_name='client one')
    save('client_key', client.private_key_pem)
    save('client_cert', client.cert_chain_pems[0])
    bad = trustme.CA().issue_cert('client.example')
    save('bad_client_key', bad.private_key_pem)
    save('bad_client_cert', bad.cert_chain_pems[0])
    return paths


if __name__ == '__main__':
    print(json.dumps(make()))
