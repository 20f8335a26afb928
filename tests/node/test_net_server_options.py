"""Port of Node's test/parallel/test-net-server-options.js.

Checks that ``create_server('path')`` and ``create_server(0)`` raise
TypeError ERR_INVALID_ARG_TYPE (the options must be a dict).
"""

import pytest

import gnet
from gnet import errors


@pytest.mark.parametrize('options, shown', [('path', "type string ('path')"),
                                            (0, 'type number (0)')], ids=['str', 'int'])
def test_non_dict_options_raise_type_error(options, shown):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE) as info:
        gnet.create_server(options)
    assert isinstance(info.value, TypeError)
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'
    assert str(info.value) == \
        'The "options" argument must be of type object. Received ' + shown


def test_the_server_class_reads_a_string_as_gevents_address():
    # gnet.Server also takes gevent's StreamServer form, whose first
    # argument may be a string address: 'path' fails as StreamServer's does.
    from gevent.server import StreamServer
    with pytest.raises(ValueError) as gevents:
        StreamServer('path', lambda sock, address: None)
    with pytest.raises(ValueError) as ours:
        gnet.Server('path')
    assert str(ours.value) == str(gevents.value) == \
        "Failed to parse address 'path': invalid literal for int() with base 10: 'path'"
