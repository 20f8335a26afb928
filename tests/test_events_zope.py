"""Every emit is published through zope.event, and nothing is published
while nobody subscribed (gnet.emitter, gnet.events)."""

import pytest
import zope.event
import zope.event.classhandler
from zope.interface.verify import verifyObject

from gnet import events
from gnet.emitter import EventEmitter


def test_emit_publishes_a_node_event(zope_subscribers):
    published = []
    zope_subscribers.append(published.append)
    e = EventEmitter()
    e.emit('hello', 1, 'two')
    assert len(published) == 1
    ev = published[0]
    assert type(ev) is events.NodeEvent
    assert (ev.name, ev.target, ev.args) == ('hello', e, (1, 'two'))


def test_emit_publishes_even_without_listeners_and_before_them(zope_subscribers):
    order = []
    zope_subscribers.append(lambda ev: order.append(('published', ev.name)))
    e = EventEmitter()
    e.on('x', lambda: order.append(('listener', 'x')))
    assert e.emit('nobody') is False
    e.emit('x')
    assert order == [('published', 'nobody'), ('published', 'x'), ('listener', 'x')]


def test_new_listener_and_remove_listener_are_published_too(zope_subscribers):
    names = []
    zope_subscribers.append(lambda ev: names.append(ev.name))
    e = EventEmitter()
    e.on('newListener', lambda *a: None)
    e.on('removeListener', lambda *a: None)
    f = lambda: None  # noqa: E731
    e.on('x', f)
    e.off('x', f)
    assert names == ['newListener', 'newListener', 'removeListener']


def test_unhandled_error_is_published_before_raising(zope_subscribers):
    published = []
    zope_subscribers.append(published.append)
    err = RuntimeError('x')
    with pytest.raises(RuntimeError):
        EventEmitter().emit('error', err)
    assert [(ev.name, ev.args) for ev in published] == [('error', (err,))]


def test_node_event_provides_the_interface(zope_subscribers):
    published = []
    zope_subscribers.append(published.append)
    EventEmitter().emit('x')
    ev = published[0]
    assert events.INodeEvent.providedBy(ev)
    assert verifyObject(events.INodeEvent, ev)
    assert 'NodeEvent' in repr(ev) and "'x'" in repr(ev)


@pytest.mark.parametrize('cls', [events.ServerListening, events.ServerConnection,
                                 events.ServerClose, events.ServerError, events.ServerDrop,
                                 events.SocketData, events.SocketClose, events.SocketError])
def test_server_and_socket_classes_are_node_events(cls):
    ev = cls('name', object(), ())
    assert isinstance(ev, events.NodeEvent)
    assert events.INodeEvent.providedBy(ev)


def test_event_classes_table_picks_the_class(zope_subscribers):
    class Custom(events.NodeEvent):
        __slots__ = ()

    class Thing(EventEmitter):
        event_classes = {'ping': Custom}

    published = []
    zope_subscribers.append(published.append)
    t = Thing()
    t.emit('ping')
    t.emit('pong')
    assert [type(ev) for ev in published] == [Custom, events.NodeEvent]


def test_server_and_socket_tables_map_names_to_classes():
    assert events.SERVER_EVENTS['connection'] is events.ServerConnection
    assert events.SERVER_EVENTS['drop'] is events.ServerDrop
    assert events.SOCKET_EVENTS['data'] is events.SocketData
    for cls in events.SERVER_EVENTS.values():
        assert issubclass(cls, events.ServerEvent)
    for cls in events.SOCKET_EVENTS.values():
        assert issubclass(cls, events.SocketEvent)


def test_classhandler_subscribes_to_one_kind(zope_subscribers):
    class Thing(EventEmitter):
        event_classes = events.SERVER_EVENTS
        event_class = events.ServerEvent

    seen, seen_all = [], []
    zope.event.classhandler.handler(events.ServerConnection, seen.append)
    zope.event.classhandler.handler(events.NodeEvent, seen_all.append)
    t = Thing()
    t.emit('connection', 'sock')
    t.emit('listening')
    EventEmitter().emit('other')
    assert [(ev.name, ev.args) for ev in seen] == [('connection', ('sock',))]
    assert [type(ev) for ev in seen_all] == [events.ServerConnection, events.ServerListening,
                                             events.NodeEvent]


def test_classhandler_as_decorator(zope_subscribers):
    seen = []

    @zope.event.classhandler.handler(events.NodeEvent)
    def on_event(ev):
        seen.append(ev.name)

    EventEmitter().emit('x')
    assert seen == ['x']


def test_nothing_is_published_without_subscribers(zope_subscribers, monkeypatch):
    def fail(event):
        raise AssertionError('zope.event.notify called with no subscribers: %r' % (event,))

    monkeypatch.setattr(zope.event, 'notify', fail)
    monkeypatch.setattr('gnet.emitter._notify', fail)
    monkeypatch.setattr(events.NodeEvent, '__init__', fail)
    e = EventEmitter()
    got = []
    e.on('x', got.append)
    assert e.emit('x', 1) is True
    assert e.emit('nobody') is False
    assert got == [1]


def test_fixture_restores_subscribers(zope_subscribers):
    # The fixture empties the list for the test and puts back what was there.
    assert zope_subscribers is zope.event.subscribers
    assert zope_subscribers == []
