"""Every TARGET form ``gnet serve`` accepts, driven as a real child process.

A listener, a factory (also one that listens itself), a Server, a gevent
``handle(socket, address)``, a ``socketserver.BaseRequestHandler``
subclass, ``MODULE`` and ``path/to/file.py``; plus ``--help``,
``--version``, ``--trusted`` before TARGET, and what a load failure shows.
"""

import re
import signal
import socket
import subprocess
import sys

import pytest

from deploy_helpers import child_env, gnet_serve, read_line

from gnet.deploy.cli import make_parser

pytestmark = pytest.mark.timeout(60)


def run_gnet(*args, cwd=None):
    return subprocess.run([sys.executable, '-m', 'gnet'] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=30, env=child_env(), cwd=cwd)


def first_line(address, send=b''):
    with socket.create_connection(address, timeout=10) as conn:
        if send:
            conn.sendall(send)
        return read_line(conn)


def serve_and_ask(args, send=b'', cwd=None):
    child = gnet_serve(*args, cwd=cwd)
    try:
        line = first_line(child.listening(), send)
        child.signal(signal.SIGTERM)
        assert child.wait() == 0, child.output()
        return line, child.output()
    finally:
        child.kill()


@pytest.mark.parametrize('target, send, reply', [
    ('deploy_apps:Upper', b'hi there\n', b'handler HI THERE\n'),
    ('deploy_apps:gevent_handle', b'', b'gevent 127.0.0.1\n'),
    ('deploy_apps:listener_with_default', b'', b'default-arg listener\n'),
])
def test_handler_class_gevent_handler_and_defaulted_listener(target, send, reply):
    line, output = serve_and_ask([target, '--port', 0], send)
    assert line == reply
    assert 'Traceback' not in output and 'ERROR' not in output


def test_a_factory_that_listens_itself_is_served_where_it_listens():
    line, output = serve_and_ask(['deploy_apps:make_listening_server'])
    assert line == b'self-listening factory\n'
    assert 'Listen method' not in output


def test_a_factory_that_listens_itself_with_an_address_is_a_clear_error():
    result = run_gnet('serve', 'deploy_apps:make_listening_server', '--port', 0)
    assert result.returncode == 1
    assert 'its factory already called listen()' in result.stderr
    assert 'Traceback' not in result.stderr


def test_a_file_path_target_with_sibling_imports(tmp_path):
    (tmp_path / 'helper_sibling.py').write_text('WORD = b"from a file"\n')
    (tmp_path / 'mymod.py').write_text(
        'from helper_sibling import WORD\n'
        'def listener(sock):\n    sock.end(WORD + b"\\n")\n'
        'def other(sock):\n    sock.end(b"other name\\n")\n')
    line, _ = serve_and_ask(['./mymod.py', '--port', 0], cwd=tmp_path)
    assert line == b'from a file\n'
    line, _ = serve_and_ask([str(tmp_path / 'mymod.py') + ':other', '--port', 0])
    assert line == b'other name\n'


def test_module_alone_means_module_listener_and_says_so(tmp_path):
    (tmp_path / 'nolistener.py').write_text('def handler(sock):\n    pass\n')
    result = run_gnet('serve', 'nolistener', '--port', 0, cwd=tmp_path)
    assert result.returncode == 1
    assert "nolistener has no attribute 'listener' (nolistener alone means " \
           'nolistener:listener' in result.stderr
    assert 'Traceback' not in result.stderr


def test_a_module_that_fails_to_import_shows_its_traceback(tmp_path):
    (tmp_path / 'baddep.py').write_text('x = 1\nimport no_such_dependency_here\n')
    result = run_gnet('serve', 'baddep', '--port', 0, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count('Traceback (most recent call last)') == 1
    assert 'ERROR gnet: cannot load baddep' in result.stderr
    assert re.search(r'baddep\.py", line 2, in <module>\n\s+import no_such_dependency_here',
                     result.stderr)
    assert "ModuleNotFoundError: No module named 'no_such_dependency_here'" in result.stderr


def test_trusted_cidrs_before_the_target_do_not_swallow_it():
    child = gnet_serve('--proxy-protocol', 'v1', '--trusted', '127.0.0.1', '10.0.0.0/8,::1',
                       'deploy_apps:Upper', '--port', 0)
    try:
        line = first_line(child.listening(),
                          b'PROXY TCP4 192.0.2.7 127.0.0.1 5555 80\r\nproxied\n')
        assert line == b'handler PROXIED\n'
        child.wait_for(r'connection from 192\.0\.2\.7:5555 via 127\.0\.0\.1:\d+')
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
    finally:
        child.kill()


def test_a_bad_trusted_value_is_still_an_argument_error():
    result = run_gnet('serve', '--proxy-protocol', 'v1', '--trusted', 'nope', '127.0.0.1',
                      'deploy_apps:hello')
    assert result.returncode == 2
    assert "argument --trusted: 'nope' is not an address or CIDR" in result.stderr


def test_version():
    from importlib.metadata import version
    for args in (['--version'], ['serve', '--version']):
        result = run_gnet(*args)
        assert result.returncode == 0
        assert result.stdout.strip() == 'gnet %s' % version('gevent-gnet')


def test_help_documents_every_flag_and_target_form():
    result = run_gnet('serve', '--help')
    assert result.returncode == 0
    text = result.stdout
    serve = make_parser()._subparsers._group_actions[0].choices['serve']
    for action in serve._actions:
        for flag in action.option_strings:
            assert flag in text
        assert action.help, 'no help text for %s' % (action.option_strings or action.dest)
    for form in ('MODULE (means MODULE:listener)', 'def listener(sock)', 'factory',
                 'a gnet Server', 'handle(socket, address)', 'socketserver.BaseRequestHandler',
                 'path/to/file.py', 'exit codes'):
        assert form in ' '.join(text.split()), form


def test_a_bug_in_a_request_handler_is_logged_with_its_traceback():
    child = gnet_serve('deploy_apps:BrokenHandler', '--port', 0)
    try:
        assert first_line(child.listening()) == b'about to fail\n'
        child.wait_for(r"KeyError: 'missing key in handle'")
        child.signal(signal.SIGTERM)
        assert child.wait() == 0
        output = child.output()
        assert output.count('Traceback (most recent call last)') == 1, output
        assert re.search(r'ERROR gnet: connection 127\.0\.0\.1:\d+: uncaught exception in a '
                         r'listener \(the connection is destroyed\)\n', output)
        assert ', in handle\n' in output and 'WARNING' not in output
    finally:
        child.kill()
