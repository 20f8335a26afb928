"""Certificates made at test time (trustme / cryptography): no key is committed.

``certs`` (session scope) holds PEM text and file paths:

* ``ca`` — the test CA; ``server`` — localhost / 127.0.0.1 / ::1, signed by it;
* ``other`` — a second server certificate for ``other.example`` (SNI);
* ``client`` — a client certificate from ``ca``; ``bad_client`` — from another CA;
* ``expired`` — a server certificate from ``ca`` that expired yesterday;
* ``self_signed`` — a self-signed server certificate for localhost.
"""

import datetime
import ipaddress
from types import SimpleNamespace

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _pair(issued, tmp, name):
    key = issued.private_key_pem.bytes().decode()
    cert = ''.join(blob.bytes().decode() for blob in issued.cert_chain_pems)
    key_path, cert_path = tmp / (name + '.key'), tmp / (name + '.crt')
    key_path.write_text(key)
    cert_path.write_text(cert)
    return SimpleNamespace(key=key, cert=cert, key_path=str(key_path), cert_path=str(cert_path))


def _self_signed(tmp):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'localhost')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName('localhost'), x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    (tmp / 'self.key').write_text(key_pem)
    (tmp / 'self.crt').write_text(cert_pem)
    return SimpleNamespace(key=key_pem, cert=cert_pem, key_path=str(tmp / 'self.key'),
                           cert_path=str(tmp / 'self.crt'), obj=cert, key_obj=key)


@pytest.fixture(scope='session')
def certs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('tls-certs')
    ca = trustme.CA()
    other_ca = trustme.CA()
    now = datetime.datetime.now(datetime.timezone.utc)
    ns = SimpleNamespace()
    ns.ca = ca.cert_pem.bytes().decode()
    ns.ca_path = str(tmp / 'ca.crt')
    (tmp / 'ca.crt').write_text(ns.ca)
    ns.server = _pair(ca.issue_cert('localhost', '127.0.0.1', '::1'), tmp, 'server')
    ns.other = _pair(ca.issue_cert('other.example'), tmp, 'other')
    ns.client = _pair(ca.issue_cert('client.example', common_name='client one'), tmp, 'client')
    ns.bad_client = _pair(other_ca.issue_cert('client.example'), tmp, 'bad_client')
    ns.expired = _pair(ca.issue_cert('localhost', '127.0.0.1',
                                     not_before=now - datetime.timedelta(days=10),
                                     not_after=now - datetime.timedelta(days=1)), tmp, 'expired')
    ns.self_signed = _self_signed(tmp)
    ns.dir = str(tmp)
    return ns


@pytest.fixture
def wait():
    """``wait(event, timeout=10)``: block on a gevent Event/AsyncResult, fail on timeout."""
    def _wait(event, timeout=10):
        ok = event.wait(timeout)
        assert ok is not None and ok is not False, 'timed out waiting for an event'
        return ok
    return _wait
