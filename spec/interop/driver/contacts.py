"""Contacts as Gajim handles them with nbxmpp's BasePresence module: answering a presence
subscription request (the "contact request" a user accepts or declines) and changing one's own
status, which the server then sends to every contact subscribed to it."""

from __future__ import annotations

from parse import Json
from session import DriverError, Reply, Session


def answer_subscription(session: Session, args: Json, reply: Reply) -> None:
    """Accept (`subscribed`) or decline (`unsubscribed`) a request from `jid`, as Gajim's
    Accept / Deny buttons on a subscription request do."""
    presence = session.module("BasePresence")
    if args["accept"]:
        presence.subscribed(args["jid"])
    else:
        presence.unsubscribed(args["jid"])
    reply.ok()


def set_status(session: Session, args: Json, reply: Reply) -> None:
    """A broadcast presence with `show` (away, xa, dnd, chat; none for online) and `status`."""
    show = args.get("show")
    if show not in (None, "away", "xa", "dnd", "chat"):
        raise DriverError(f"no such show: {show!r}")
    session.module("BasePresence").send(show=show, status=args.get("status"))
    reply.ok()
