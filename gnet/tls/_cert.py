"""Peer certificates the way Node shows and checks them.

One concept: a DER certificate → Node's ``getPeerCertificate()`` dict,
Node's ``tls.checkServerIdentity(hostname, cert)``, and the verdict on
the peer's chain (:func:`verify_result`: OpenSSL's, read through the
bridge; or the small verification gnet does itself where OpenSSL was told
not to verify but Node still reports ``authorized`` and
``authorizationError``). Parsing uses the ``cryptography`` package (a
dependency: the stdlib's ``getpeercert()`` has no key fields and reads
verified peers only, so key pinning would silently break without it).
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from typing import Any

import ssl

from cryptography import x509

from gnet.tls import _openssl
from gnet.tls._errors import ERR_TLS_CERT_ALTNAME_INVALID, VERIFY_CODES, verify_error

__all__ = ['peer_certificate', 'certificate_chain', 'check_server_identity', 'unverified_error',
           'verify_result']

_NAME_KEYS = {
    'commonName': 'CN', 'countryName': 'C', 'localityName': 'L',
    'stateOrProvinceName': 'ST', 'organizationName': 'O',
    'organizationalUnitName': 'OU', 'emailAddress': 'emailAddress',
}


def _node_time(when):
    # Node / OpenSSL: 'Mar  1 12:00:00 2024 GMT'
    return when.strftime('%b ') + ('%2d' % when.day) + when.strftime(' %H:%M:%S %Y GMT')


def _fingerprint(der, algorithm):
    return ':'.join('%02X' % b for b in hashlib.new(algorithm, der).digest())


def _name_dict(name):
    result = {}
    for attr in name:
        key = _NAME_KEYS.get(attr.oid._name, attr.oid._name)
        if key in result:  # Node: repeated attributes become a list
            value = result[key]
            result[key] = (value if isinstance(value, list) else [value]) + [attr.value]
        else:
            result[key] = attr.value
    return result


def _san_string(cert, x509):
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    parts = []
    for entry in san:
        if isinstance(entry, x509.DNSName):
            parts.append('DNS:' + entry.value)
        elif isinstance(entry, x509.IPAddress):
            parts.append('IP Address:' + str(entry.value))
        elif isinstance(entry, x509.RFC822Name):
            parts.append('email:' + entry.value)
        elif isinstance(entry, x509.UniformResourceIdentifier):
            parts.append('URI:' + entry.value)
    return ', '.join(parts)


def _key_info(cert):
    """Node's public-key keys (X509ToObject): RSA modulus/bits/exponent/pubkey
    (SPKI DER), EC bits/pubkey (the uncompressed point)/asn1Curve/nistCurve."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {'modulus': '%X' % numbers.n, 'bits': key.key_size,
                'exponent': '0x%x' % numbers.e,
                'pubkey': key.public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)}
    if isinstance(key, ec.EllipticCurvePublicKey):
        info = {'bits': key.curve.key_size,
                'pubkey': key.public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.UncompressedPoint)}
        info.update(_CURVES.get(key.curve.name, {'asn1Curve': key.curve.name}))
        return info
    return {}


#: cryptography's curve names → Node's asn1Curve (OpenSSL short name) and nistCurve.
_CURVES = {
    'secp256r1': {'asn1Curve': 'prime256v1', 'nistCurve': 'P-256'},
    'secp384r1': {'asn1Curve': 'secp384r1', 'nistCurve': 'P-384'},
    'secp521r1': {'asn1Curve': 'secp521r1', 'nistCurve': 'P-521'},
    'secp224r1': {'asn1Curve': 'secp224r1', 'nistCurve': 'P-224'},
}


def _ext_key_usage(cert, x509):
    try:
        usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return None
    return [oid.dotted_string for oid in usage]


def peer_certificate(der):
    """Node's certificate object (a dict) for DER bytes; {} without a certificate.

    Keys: subject, issuer, subjectaltname, ca, the public key's (RSA:
    modulus, bits, exponent, pubkey; EC: bits, pubkey, asn1Curve,
    nistCurve), valid_from, valid_to, fingerprint, fingerprint256,
    fingerprint512, ext_key_usage (when the certificate has it),
    serialNumber, raw.
    """
    if not der:
        return {}
    cert = x509.load_der_x509_certificate(der)
    try:
        ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        ca = False
    info = {'subject': _name_dict(cert.subject), 'issuer': _name_dict(cert.issuer)}
    san = _san_string(cert, x509)
    if san is not None:
        info['subjectaltname'] = san
    info['ca'] = ca
    info.update(_key_info(cert))
    info.update({
        'valid_from': _node_time(cert.not_valid_before_utc),
        'valid_to': _node_time(cert.not_valid_after_utc),
        'fingerprint': _fingerprint(der, 'sha1'),
        'fingerprint256': _fingerprint(der, 'sha256'),
        'fingerprint512': _fingerprint(der, 'sha512'),
    })
    usage = _ext_key_usage(cert, x509)
    if usage is not None:
        info['ext_key_usage'] = usage
    info['serialNumber'] = '%X' % cert.serial_number
    info['raw'] = der
    return info


def _issued_by(cert, issuer):
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except Exception:  # noqa: BLE001 - any failure means "not this one"
        return False
    return True


def certificate_chain(chain_ders, ca_ders):
    """Node's ``getPeerCertificate(true)``: dicts linked by 'issuerCertificate'.

    *chain_ders*: what the peer sent, leaf first; *ca_ders*: the trusted
    CAs, searched (as Node searches the context's store) for the issuer of
    the last certificate. A self-issued certificate is its own
    'issuerCertificate' (Node's circular reference); the chain stops
    without one where no issuer is found. Returns the leaf's dict, {} for
    an empty chain.
    """
    if not chain_ders:
        return {}
    certs = [(der, x509.load_der_x509_certificate(der)) for der in chain_ders]
    pool = [(der, x509.load_der_x509_certificate(der)) for der in ca_ders]
    ordered = [certs[0]]
    rest = certs[1:]
    while True:
        der, cert = ordered[-1]
        if cert.issuer == cert.subject:
            break
        found = next((c for c in rest if _issued_by(cert, c[1])), None)
        if found is not None:
            rest.remove(found)
        else:
            found = next((c for c in pool if _issued_by(cert, c[1])), None)
            if found is None or found in ordered:
                break
        ordered.append(found)
    dicts = [peer_certificate(der) for der, _cert in ordered]
    for child, parent in zip(dicts, dicts[1:]):
        child['issuerCertificate'] = parent
    last_der, last = ordered[-1]
    if last.issuer == last.subject:
        dicts[-1]['issuerCertificate'] = dicts[-1]
    return dicts[0]


def _dns_match(pattern, host):
    pattern = pattern.lower().rstrip('.')
    host = host.lower().rstrip('.')
    if pattern == host:
        return True
    # Node: a wildcard only as the whole left-most label, never for IPs.
    if pattern.startswith('*.') and '.' in host:
        return host.split('.', 1)[1] == pattern[2:] and pattern.count('.') >= 2
    return False


def check_server_identity(hostname: str, cert: dict[str, Any]) -> ERR_TLS_CERT_ALTNAME_INVALID | None:
    """Node's ``tls.checkServerIdentity``: None, or ERR_TLS_CERT_ALTNAME_INVALID."""
    subject = cert.get('subject') or {}
    altnames = cert.get('subjectaltname') or ''
    entries = [part.strip() for part in altnames.split(',') if part.strip()]
    dns = [e[4:] for e in entries if e.startswith('DNS:')]
    ips = [e[11:] for e in entries if e.startswith('IP Address:')]
    try:
        ip = ipaddress.ip_address(hostname)
    except ValueError:
        ip = None
    if ip is not None:
        if any(_same_ip(ip, value) for value in ips):
            return None
        reason = "IP: %s is not in the cert's list: %s" % (hostname, ', '.join(ips))
    elif dns:
        if any(_dns_match(name, hostname) for name in dns):
            return None
        reason = "Host: %s. is not in the cert's altnames: %s" % (hostname, altnames)
    else:
        cn = subject.get('CN')
        names = cn if isinstance(cn, list) else ([cn] if cn else [])
        if any(_dns_match(name, hostname) for name in names):
            return None
        if names:
            reason = "Host: %s. is not cert's CN: %s" % (hostname, names[-1])
        else:
            reason = 'Cert does not contain a DNS name'
    return ERR_TLS_CERT_ALTNAME_INVALID(reason, hostname, cert)


def _same_ip(ip, text):
    try:
        return ipaddress.ip_address(text) == ip
    except ValueError:
        return False


def unverified_error(der, ca_ders):
    """What OpenSSL would have said about a leaf it was told not to verify.

    Used for ``rejectUnauthorized: false`` (Node still sets ``authorized``
    and ``authorizationError``). A small check, not OpenSSL's: validity
    dates, self-signed, and whether one of *ca_ders* signed the leaf
    directly. Returns a TLSError with Node's code, or None.
    """
    if not der:
        return verify_error('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    leaf = x509.load_der_x509_certificate(der)
    issuers = [x509.load_der_x509_certificate(ca) for ca in ca_ders]
    signer = None
    for ca in issuers:
        if ca.subject == leaf.issuer:
            try:
                leaf.verify_directly_issued_by(ca)
            except Exception:  # noqa: BLE001 - any failure means "not this one"
                continue
            signer = ca
            break
    if signer is None:
        if leaf.issuer == leaf.subject:
            return verify_error('DEPTH_ZERO_SELF_SIGNED_CERT')
        return verify_error('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    now = datetime.datetime.now(datetime.timezone.utc)
    if now > leaf.not_valid_after_utc:
        return verify_error('CERT_HAS_EXPIRED')
    if now < leaf.not_valid_before_utc:
        return verify_error('CERT_NOT_YET_VALID')
    return None


def verify_result(tls):
    """OpenSSL's verdict on the peer's chain as Node's error (None when trusted).

    With the bridge OpenSSL verified and let the handshake go on (Node's
    way); without it, or on a context told not to verify, gnet's own
    small check of the leaf reports.
    """
    if tls.context.verify_mode == ssl.CERT_NONE or not _openssl.AVAILABLE:
        if tls.context.verify_mode != ssl.CERT_NONE:
            return None  # OpenSSL refused a bad chain in the handshake itself
        return unverified_error(tls.getpeercert(binary_form=True),
                                tls.context.get_ca_certs(binary_form=True))
    code = _openssl.verify_result(tls)
    if not code:
        return None
    name = VERIFY_CODES.get(code, 'CERT_VERIFY_FAILED_%s' % code)
    return verify_error(name, _openssl.verify_message(code))
