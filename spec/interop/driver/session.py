"""One user logged in with nbxmpp, as Gajim logs in: nbxmpp's Client on the GLib main loop.

Every message and presence nbxmpp dispatches reaches `_intake` after nbxmpp's own handlers have
parsed it (our handler has the lowest priority). A stanza a pending request is waiting for (the
self-presence of a join, the results of a MAM query…) goes to that request's collector; every
other one is sent to the spec as an event. A stanza nbxmpp's handlers drop (malformed by its
rules) never reaches us, exactly as it never reaches Gajim.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from nbxmpp.client import Client
from nbxmpp.const import ConnectionProtocol, ConnectionType, StreamState
from nbxmpp.errors import BaseError
from nbxmpp.namespaces import Namespace
from nbxmpp.protocol import JID, NodeProcessed
from nbxmpp.structs import StanzaHandler

import parse
from parse import Json

log = logging.getLogger("interop.session")


class DriverError(Exception):
    """A request the driver cannot carry out (bad arguments, wrong state)."""


class Reply:
    """The answer to one request from the spec; exactly one of ok/fail is sent."""

    def __init__(self, send: Callable[[Json], None], request_id: int) -> None:
        self._send = send
        self._id = request_id
        self.done = False

    def ok(self, result: Json = None) -> None:
        if not self.done:
            self.done = True
            self._send({"id": self._id, "ok": True, "result": result})

    def fail(self, text: str, error: Optional[Json] = None) -> None:
        if not self.done:
            self.done = True
            self._send({"id": self._id, "ok": False, "error": {"text": text, "stanza": error}})

    def fail_with(self, error: Exception) -> None:
        """An nbxmpp error (StanzaError, MalformedStanzaError, timeout) or a driver error."""
        if isinstance(error, BaseError):
            self.fail(str(error), parse.stanza_error(error))
        else:
            self.fail(f"{type(error).__name__}: {error}")


# A collector takes the parsed stanzas it is waiting for: it answers True for one it consumed.
Collector = Callable[[Json], bool]


class Session:
    def __init__(self, send: Callable[[Json], None]) -> None:
        self.send = send
        self.client: Optional[Client] = None
        self.collectors: list[Collector] = []
        self._on_disconnected: list[Callable[[], None]] = []

    @property
    def jid(self) -> JID:
        if self.client is None or self.client.get_bound_jid() is None:
            raise DriverError("not connected")
        return self.client.get_bound_jid()

    def active(self) -> Client:
        """The logged-in client: sending anything before login completes would break the stream."""
        if self.client is None or self.client.state != StreamState.ACTIVE:
            raise DriverError("not connected")
        return self.client

    def module(self, name: str) -> Any:
        """One of nbxmpp's modules (MUC, MAM, AdHoc, Discovery…) of the logged-in client."""
        return self.active().get_module(name)

    def send_stanza(self, stanza: Any) -> None:
        self.active().send_stanza(stanza)

    def collect(self, collector: Collector) -> Callable[[], None]:
        """Adds a collector; returns the function that removes it."""
        self.collectors.append(collector)
        return lambda: self.collectors.remove(collector) if collector in self.collectors else None

    def task(
        self,
        task: Any,
        reply: Reply,
        on_result: Callable[[Any], None],
        cleanup: Optional[Callable[[], None]] = None,
    ) -> None:
        """Runs `on_result` with an nbxmpp task's result, or fails the reply with its error; then
        `cleanup` either way. nbxmpp holds done-callbacks weakly by default; ours must outlive
        this call."""

        def done(finished: Any) -> None:
            if cleanup is not None:
                cleanup()
            try:
                result = finished.finish()
            except Exception as error:  # nbxmpp raises its errors from finish()
                reply.fail_with(error)
                return
            try:
                on_result(result)
            except Exception as error:
                log.exception("handling a result")
                reply.fail_with(error)

        task.add_done_callback(done, weak=False)

    # -------------------------------------------------------------------------------------------
    # Connecting, as a desktop client does: roster first, then initial presence.

    def connect(self, args: Json, reply: Reply) -> None:
        if self.client is not None:
            raise DriverError("already connected")
        client = Client(log_context=args["username"])
        client.set_domain(args["domain"])
        client.set_username(args["username"])
        client.set_password(args["password"])
        client.set_resource(args.get("resource", "interop"))
        # Plain TCP to the private loopback server (no TLS configured there); SASL as nbxmpp picks.
        client.set_custom_host(f"{args['host']}:{args['port']}", ConnectionProtocol.TCP, ConnectionType.PLAIN)
        client.register_handler(StanzaHandler(name="message", callback=self._intake, priority=100))
        client.register_handler(StanzaHandler(name="presence", callback=self._intake, priority=100))
        client.register_handler(
            StanzaHandler(name="iq", callback=self._roster_push, typ="set", ns=Namespace.ROSTER, priority=100)
        )
        self.client = client

        def connected(_client: Any, _signal: str) -> None:
            self.task(self.module("Roster").request_roster(), reply, lambda _roster: send_presence())

        def send_presence() -> None:
            def own_presence(event: Json) -> bool:
                if event["kind"] != "presence" or not event["selfPresence"] or event["type"] != "available":
                    return False
                remove()
                reply.ok({"jid": str(self.jid)})
                return True

            remove = self.collect(own_presence)
            self.module("BasePresence").send()

        def failed(_client: Any, _signal: str) -> None:
            reply.fail(f"connection failed: {client.get_error()}")

        def disconnected(_client: Any, _signal: str) -> None:
            reply.fail(f"disconnected while logging in: {client.get_error()}")
            self.send({"event": "disconnected", "data": {"error": str(client.get_error())}})
            for callback in self._on_disconnected:
                callback()

        client.subscribe("connected", connected)
        client.subscribe("connection-failed", failed)
        client.subscribe("disconnected", disconnected)
        client.connect()

    def disconnect(self, _args: Json, reply: Reply) -> None:
        """Ends the stream cleanly and answers once the server has closed it."""
        client = self.client
        if client is None or client.state == StreamState.DISCONNECTED:
            reply.ok()
            return
        self._on_disconnected.append(lambda: reply.ok())
        client.disconnect()

    # -------------------------------------------------------------------------------------------

    @staticmethod
    def _roster_push(_client: Any, _stanza: Any, props: Any) -> None:
        """nbxmpp's Roster module acknowledges a roster push (answering a contact request changes
        the roster) and leaves it to the application to mark it handled, as Gajim's roster module
        does; unmarked, nbxmpp's dispatcher would also answer it with feature-not-implemented."""
        if props.roster is not None:
            raise NodeProcessed

    def _intake(self, _client: Any, stanza: Any, props: Any) -> None:
        try:
            kind = stanza.getName()
            event = parse.message(stanza, props) if kind == "message" else parse.presence(props)
        except Exception:
            log.exception("could not describe a stanza nbxmpp dispatched: %s", stanza)
            return
        for collector in list(self.collectors):
            if collector(event):
                return
        self.send({"event": kind, "data": event})
