"""The PROXY protocol parser (pure): HAProxy's examples, errors, and hypothesis fuzzing."""

import ipaddress
import struct

import pytest
from hypothesis import given, settings, strategies as st

from gnet.proxy import (V1_MAX_LENGTH, V2_SIGNATURE, ProxyHeader, ProxyProtocolError,
                        format_v1, format_v2, parse_proxy_header)


# --- version 1 -----------------------------------------------------------------------------

def test_v1_tcp4_header_and_rest_untouched():
    data = b'PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n'
    header, used = parse_proxy_header(data, 'v1')
    assert data[used:] == b'GET / HTTP/1.1\r\n'
    assert header == ProxyHeader(1, 'PROXY', 'IPv4', 'STREAM', '192.168.0.1', 56324,
                                 '192.168.0.11', 443)


def test_v1_tcp6_and_unknown():
    header, _ = parse_proxy_header(b'PROXY TCP6 ::1 2001:db8::1 1 65535\r\n', 'any')
    assert (header.family, header.source_address, header.destination_port) == ('IPv6', '::1', 65535)
    data = b'PROXY UNKNOWN ffff:f...f 1 2\r\nrest'
    header, used = parse_proxy_header(data, 'v1')
    assert header.family == 'UNSPEC' and header.is_local and data[used:] == b'rest'
    assert parse_proxy_header(b'PROXY UNKNOWN\r\n')[0].is_local


def test_v1_longest_header_is_accepted_and_one_more_byte_refused():
    longest = (b'PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff '
               b'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n')
    assert len(longest) == 104
    assert parse_proxy_header(longest)[1] == 104
    assert parse_proxy_header(b'PROXY UNKNOWN ' + b'x' * (V1_MAX_LENGTH - 16) + b'\r\n')
    with pytest.raises(ProxyProtocolError, match='longer than 107'):
        parse_proxy_header(b'PROXY UNKNOWN ' + b'x' * (V1_MAX_LENGTH - 14))


@pytest.mark.parametrize('line', [
    b'PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n',           # bare LF
    b'PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n',        # two spaces
    b'PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n',            # missing field
    b'PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n',        # extra field
    b'PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n',            # short address
    b'PROXY TCP4 ::1 ::1 1 2\r\n',                  # wrong family
    b'PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n',
    b'PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n',      # port range
    b'PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n',         # leading zero
    b'PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n',
    b'PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n',
    b'PROXY\r\n',
    b'proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n',
    b'GET / HTTP/1.1\r\n',
    b'PROXY TCP4 1.2.3.4 5.6.7.8 1 \xff2\r\n',
])
def test_v1_malformed(line):
    with pytest.raises(ProxyProtocolError) as info:
        parse_proxy_header(line, 'v1')
    assert info.value.code == 'ERR_PROXY_PROTOCOL_INVALID'


def test_v1_incomplete_prefixes_ask_for_more():
    line = format_v1(('10.0.0.1', 1234), ('10.0.0.2', 80))
    for cut in range(len(line)):
        assert parse_proxy_header(line[:cut], 'v1') is None
        assert parse_proxy_header(line[:cut], 'any') is None


# --- version 2 -----------------------------------------------------------------------------

def test_v2_ipv4_ipv6_unix_with_tlvs():
    data = format_v2(('192.0.2.1', 1000), ('192.0.2.2', 2000), tlvs=[(0x02, b'example.com')])
    header, used = parse_proxy_header(data + b'rest', 'v2')
    assert used == len(data)
    assert header == ProxyHeader(2, 'PROXY', 'IPv4', 'STREAM', '192.0.2.1', 1000, '192.0.2.2',
                                 2000, ((0x02, b'example.com'),))
    header, _ = parse_proxy_header(format_v2(('2001:db8::5', 1), ('::1', 2)))
    assert (header.family, header.source_address) == ('IPv6', '2001:db8::5')
    header, _ = parse_proxy_header(format_v2('/run/client.sock', '/run/server.sock'))
    assert (header.family, header.source_address, header.source_port) == \
        ('UNIX', '/run/client.sock', None)


def test_v2_local_and_unspec_keep_the_connection_endpoints():
    header, used = parse_proxy_header(V2_SIGNATURE + b'\x20\x00\x00\x00')
    assert header.command == 'LOCAL' and header.is_local and used == 16
    # LOCAL ignores whatever address block follows
    header, used = parse_proxy_header(V2_SIGNATURE + b'\x20\x11\x00\x03abc')
    assert header.is_local and used == 19
    header, _ = parse_proxy_header(V2_SIGNATURE + b'\x21\x00\x00\x00')
    assert header.command == 'PROXY' and header.family == 'UNSPEC' and header.is_local


@pytest.mark.parametrize('data', [
    V2_SIGNATURE[:-1] + b'X\x21\x11\x00\x0c' + bytes(12),  # wrong signature
    V2_SIGNATURE + b'\x11\x11\x00\x0c' + bytes(12),        # version 1 in a v2 header
    V2_SIGNATURE + b'\x31\x11\x00\x0c' + bytes(12),        # version 3
    V2_SIGNATURE + b'\x22\x11\x00\x0c' + bytes(12),        # command 2
    V2_SIGNATURE + b'\x21\x41\x00\x0c' + bytes(12),        # family 4
    V2_SIGNATURE + b'\x21\x13\x00\x0c' + bytes(12),        # transport 3
    V2_SIGNATURE + b'\x21\x11\x00\x0b' + bytes(11),        # IPv4 block too short
    V2_SIGNATURE + b'\x21\x21\x00\x0c' + bytes(12),        # IPv6 block too short
    V2_SIGNATURE + b'\x21\x31\x00\x0c' + bytes(12),        # UNIX block too short
    V2_SIGNATURE + b'\x21\x11\x00\x0e' + bytes(14),        # truncated TLV
    V2_SIGNATURE + b'\x21\x11\x00\x0f' + bytes(12) + b'\x01\x00\x09',  # TLV overruns
])
def test_v2_malformed(data):
    with pytest.raises(ProxyProtocolError):
        parse_proxy_header(data, 'v2')


def test_v2_oversized_is_refused_before_it_is_read():
    with pytest.raises(ProxyProtocolError, match='longer'):
        parse_proxy_header(V2_SIGNATURE + b'\x21\x11\xff\xff', 'v2', max_v2_length=4096)


def test_version_mismatch_is_refused():
    with pytest.raises(ProxyProtocolError):
        parse_proxy_header(format_v2(('1.2.3.4', 1), ('1.2.3.4', 2)), 'v1')
    with pytest.raises(ProxyProtocolError):
        parse_proxy_header(format_v1(('1.2.3.4', 1), ('1.2.3.4', 2)), 'v2')
    with pytest.raises(ProxyProtocolError):
        parse_proxy_header(b'\x16\x03\x01', 'any')  # a TLS ClientHello is not a header


# --- fuzzing -------------------------------------------------------------------------------

ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(str)
ports = st.integers(0, 65535)
paths = st.text(st.characters(min_codepoint=1, max_codepoint=0x7f), min_size=1,
                max_size=100).map(lambda s: s.replace('\0', ''))
tlvs = st.lists(st.tuples(st.integers(0, 255), st.binary(max_size=40)), max_size=4)
endpoints = st.one_of(
    st.tuples(st.tuples(ipv4, ports), st.tuples(ipv4, ports)),
    st.tuples(st.tuples(ipv6, ports), st.tuples(ipv6, ports)),
)
versions = st.sampled_from(['v1', 'v2', 'any'])


def _valid_headers():
    v1 = endpoints.map(lambda e: format_v1(*e)) | st.just(format_v1())
    v2 = st.one_of(
        st.tuples(endpoints, tlvs).map(lambda a: format_v2(*a[0], tlvs=a[1])),
        st.tuples(paths, paths, tlvs).filter(lambda a: a[0] and a[1]).map(
            lambda a: format_v2(a[0], a[1], tlvs=a[2])),
        st.just(format_v2(command='LOCAL')),
        st.just(V2_SIGNATURE + b'\x21\x00\x00\x00'),  # PROXY over UNSPEC
    )
    return v1 | v2


@settings(max_examples=400, deadline=None)
@given(_valid_headers(), st.binary(max_size=64))
def test_fuzz_valid_headers_parse_and_leave_the_payload(header_bytes, payload):
    header, used = parse_proxy_header(header_bytes + payload, 'any')
    assert used == len(header_bytes)
    assert isinstance(header, ProxyHeader)


@settings(max_examples=300, deadline=None)
@given(endpoints, tlvs)
def test_fuzz_roundtrip_addresses(ends, extra):
    (src, dst) = ends
    for data in (format_v1(src, dst), format_v2(src, dst, tlvs=extra)):
        header, _ = parse_proxy_header(data)
        assert (_ip(header.source_address), header.source_port) == (_ip(src[0]), src[1])
        assert (_ip(header.destination_address), header.destination_port) == \
            (_ip(dst[0]), dst[1])
    assert parse_proxy_header(format_v2(src, dst, tlvs=extra))[0].tlvs == tuple(extra)


def _ip(address):
    return ipaddress.ip_address(address)


@settings(max_examples=400, deadline=None)
@given(_valid_headers(), st.data())
def test_fuzz_every_truncation_asks_for_more(header_bytes, data):
    cut = data.draw(st.integers(0, len(header_bytes) - 1))
    assert parse_proxy_header(header_bytes[:cut], 'any') is None


@settings(max_examples=600, deadline=None)
@given(st.binary(max_size=300), versions)
def test_fuzz_arbitrary_bytes_never_crash(data, version):
    try:
        result = parse_proxy_header(data, version)
    except ProxyProtocolError:
        return
    if result is not None:
        header, used = result
        assert 0 < used <= len(data)
        assert header.version in (1, 2)


@settings(max_examples=400, deadline=None)
@given(_valid_headers(), st.data())
def test_fuzz_mutated_headers_parse_or_fail_cleanly(header_bytes, data):
    index = data.draw(st.integers(0, len(header_bytes) - 1))
    byte = data.draw(st.integers(0, 255))
    mutated = header_bytes[:index] + bytes([byte]) + header_bytes[index + 1:]
    try:
        result = parse_proxy_header(mutated, data.draw(versions))
    except ProxyProtocolError:
        return
    if result is not None:
        assert 0 < result[1] <= len(mutated)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([0x00, 0x10, 0x20, 0x30]), st.sampled_from([0, 1, 2]),
       st.integers(0, 300), st.binary(max_size=300))
def test_fuzz_every_family_with_any_length(family, transport, length, body):
    data = V2_SIGNATURE + struct.pack('!BBH', 0x21, family | transport, length) + body
    try:
        result = parse_proxy_header(data, 'v2')
    except ProxyProtocolError:
        return
    if result is None:
        assert len(body) < length
    else:
        assert result[1] == 16 + length
