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


def test_the_server_class_checks_the_same():
    with pytest.raises(TypeError):
        gnet.Server('path')
