#!/usr/bin/python3
"""An XMPP user driven by the interop specs: nbxmpp (Gajim's XMPP library) on a GLib main loop,
speaking JSON lines on stdin/stdout.

In:  {"id": 1, "cmd": "join", "args": {...}}          one request per line
Out: {"id": 1, "ok": true, "result": ...}             its answer (or "ok": false, "error": {...})
     {"event": "message", "data": {...}}              a stanza no request was waiting for
     {"event": "warning", "data": {...}}              nbxmpp complained about a stanza

Requests run concurrently: the answer comes when nbxmpp has the result. Waiting for a stanza is
the spec's side: it reads the events. Stdout carries only these lines; nbxmpp's log goes to
stderr (INTEROP_DEBUG=1 for everything). End of stdin closes the connection and exits. Run with
Debian's /usr/bin/python3, which has python3-nbxmpp.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Callable

from gi.repository import GLib

import adhoc
import contacts
import register
import rooms
from parse import Json
from session import DriverError, Reply, Session

Handler = Callable[[Session, Json, Reply], None]

HANDLERS: dict[str, Handler] = {
    "connect": Session.connect,
    "disconnect": Session.disconnect,
    "discoInfo": rooms.disco_info,
    "join": rooms.join,
    "leave": rooms.leave,
    "send": rooms.send,
    "invite": rooms.invite,
    "getConfig": rooms.get_config,
    "configure": rooms.configure,
    "setAffiliation": rooms.set_affiliation,
    "getAffiliation": rooms.get_affiliation,
    "mam": rooms.mam,
    "setAvatar": rooms.set_avatar,
    "vcard": rooms.vcard,
    "listCommands": adhoc.list_commands,
    "execute": adhoc.execute,
    "submit": adhoc.submit,
    "answerSubscription": contacts.answer_subscription,
    "setStatus": contacts.set_status,
    "registrationForm": register.registration_form,
    "register": register.register,
}


def write(line: Json) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def handle(session: Session, line: str) -> None:
    try:
        request = json.loads(line)
        request_id = int(request["id"])
    except (ValueError, KeyError, TypeError):
        logging.error("not a request: %r", line)
        return
    reply = Reply(write, request_id)
    handler = HANDLERS.get(request.get("cmd"))
    if handler is None:
        reply.fail(f"unknown command {request.get('cmd')!r}")
        return
    try:
        handler(session, request.get("args") or {}, reply)
    except DriverError as error:
        reply.fail(str(error))
    except Exception as error:
        logging.exception("request %s failed", line)
        reply.fail_with(error)


class WarningsToSpec(logging.Handler):
    """nbxmpp logs a warning for each stanza it finds malformed and drops or half-reads (bad
    status code, missing role, no timestamp on a MAM result…). The spec gets each one as an event,
    so a stanza a client would silently discard fails the test that caused it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("nbxmpp"):
            write({"event": "warning", "data": {"logger": record.name, "message": record.getMessage()}})


def main() -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if os.environ.get("INTEROP_DEBUG") else logging.WARNING,
        format="%(name)s %(levelname)s %(message)s",
    )
    logging.getLogger().addHandler(WarningsToSpec())
    loop = GLib.MainLoop()
    session = Session(write)
    pending = bytearray()

    def on_stdin(fd: int, _condition: GLib.IOCondition) -> bool:
        chunk = os.read(fd, 65536)
        if not chunk:  # the spec is done with us (or gone)
            if session.client is not None and session.client.state.name != "DISCONNECTED":
                session.client.disconnect(immediate=True)
            loop.quit()
            return False
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            if line.strip():
                handle(session, line.decode("utf-8"))
        return True

    GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, 0, GLib.IOCondition.IN | GLib.IOCondition.HUP, on_stdin)
    loop.run()


if __name__ == "__main__":
    main()
