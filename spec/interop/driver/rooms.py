"""Group chat as Gajim does it with nbxmpp: disco the room, enter, talk, invite, configure,
set affiliations, read the archive (XEP-0313 with RSM paging)."""

from __future__ import annotations

from typing import Any, Optional

import base64

from nbxmpp.errors import StanzaError
from nbxmpp.modules.vcard_temp import VCard
from nbxmpp.namespaces import Namespace
from nbxmpp.protocol import Message
from nbxmpp.util import generate_id

import forms
import parse
from parse import Json
from session import Reply, Session


def bare(jid: Optional[str]) -> Optional[str]:
    return None if jid is None else jid.split("/", 1)[0]


def disco_info(session: Session, args: Json, reply: Reply) -> None:
    session.task(
        session.module("Discovery").disco_info(args["jid"]),
        reply,
        lambda info: reply.ok(parse.disco_info(info)),
    )


def join(session: Session, args: Json, reply: Reply) -> None:
    """Gajim's way in: disco#info first (item-not-found means the room is to be created; anything
    but a MUC is refused), then presence with <x xmlns='…muc'/>. Answers once the subject has
    arrived (XEP-0045 §7.2.16: it ends the join), with the occupants, the self-presence and the
    history that came before it; these are not sent as events."""
    room, nick = args["room"], args["nick"]

    def disco_done(task: Any) -> None:
        try:
            info = task.finish()
        except StanzaError as error:
            if error.condition != "item-not-found":
                reply.fail_with(error)
                return
            enter({"error": parse.stanza_error(error)})
            return
        except Exception as error:
            reply.fail_with(error)
            return
        disco = parse.disco_info(info)
        if not info.is_muc:
            reply.fail("not a group chat: no conference identity with the MUC feature", disco)
            return
        enter(disco)

    def disco_done_safely(task: Any) -> None:
        try:
            disco_done(task)
        except Exception as error:
            reply.fail_with(error)

    def enter(disco: Json) -> None:
        state: Json = {"disco": disco, "self": None, "occupants": [], "history": []}

        def collector(event: Json) -> bool:
            if bare(event["from"]) != room:
                return False
            if event["kind"] == "presence":
                if event["type"] == "error":
                    remove()
                    reply.fail("entering the room was refused", event["error"])
                    return True
                if state["self"] is not None:
                    return False
                if 110 in event["mucStatusCodes"]:
                    state["self"] = event
                else:
                    state["occupants"].append(event)
                return True
            if state["self"] is None or event["type"] != "groupchat":
                return False
            if event["isMucSubject"]:
                remove()
                reply.ok({**state, "subject": event})
            else:
                state["history"].append(event)
            return True

        remove = session.collect(collector)
        history = args.get("history")
        session.module("BasePresence").send(
            jid=f"{room}/{nick}",
            muc=True,
            muc_history=None if history is None else {k: str(v) for k, v in history.items()},
        )

    session.module("Discovery").disco_info(room).add_done_callback(disco_done_safely, weak=False)


def leave(session: Session, args: Json, reply: Reply) -> None:
    room = args["room"]

    def collector(event: Json) -> bool:
        if (
            event["kind"] != "presence"
            or bare(event["from"]) != room
            or event["type"] != "unavailable"
            or 110 not in event["mucStatusCodes"]
        ):
            return False
        remove()
        reply.ok(event)
        return True

    remove = session.collect(collector)
    session.module("BasePresence").send(jid=f"{room}/{args['nick']}", typ="unavailable")


def send(session: Session, args: Json, reply: Reply) -> None:
    """A message as Gajim sends it: its id doubles as XEP-0359 origin-id; a private message to an
    occupant carries an empty <x xmlns='…muc#user'/> (XEP-0045 §7.5); `corrects` makes it a
    XEP-0308 correction of that id."""
    message = Message(to=args["to"], body=args.get("body"), typ=args.get("type", "chat"))
    message_id = args.get("id") or generate_id()
    message.setID(message_id)
    message.setOriginID(message_id)
    if args.get("privateMessage"):
        message.setTag("x", namespace=Namespace.MUC_USER)
    if args.get("corrects"):
        # XEP-0308, as Gajim corrects: the id of the message it replaces.
        message.setTag("replace", namespace=Namespace.CORRECT, attrs={"id": args["corrects"]})
    session.send_stanza(message)
    reply.ok({"id": message_id})


def invite(session: Session, args: Json, reply: Reply) -> None:
    """A mediated invitation (XEP-0045 §7.8.2), nbxmpp's MUC.invite."""
    message_id = session.module("MUC").invite(args["room"], args["to"], None, args.get("reason"))
    reply.ok({"id": message_id})


def get_config(session: Session, args: Json, reply: Reply) -> None:
    def got(result: Any) -> None:
        reply.ok({"form": parse.form(result.form)})

    session.task(session.module("MUC").request_config(args["room"]), reply, got)


def configure(session: Session, args: Json, reply: Reply) -> None:
    """Fetches the room configuration form, changes the given fields and submits it as Gajim's
    config window does (empty `values`: accepting the instant room as offered)."""
    room = args["room"]

    def got(result: Any) -> None:
        if result.form is None:
            reply.fail("the room sent no configuration form")
            return
        received = parse.form(result.form)
        submitted = forms.submission(result.form, args.get("values", {}))
        session.task(
            session.module("MUC").set_config(room, submitted),
            reply,
            lambda _done: reply.ok({"form": received}),
        )

    session.task(session.module("MUC").request_config(room), reply, got)


def set_affiliation(session: Session, args: Json, reply: Reply) -> None:
    users = {
        item["jid"]: {k: v for k, v in item.items() if k in ("affiliation", "reason", "nick")}
        for item in args["items"]
    }
    session.task(session.module("MUC").set_affiliation(args["room"], users), reply, lambda _r: reply.ok())


def get_affiliation(session: Session, args: Json, reply: Reply) -> None:
    def got(result: Any) -> None:
        reply.ok([{"jid": str(jid), **attrs} for jid, attrs in result.users.items()])

    session.task(session.module("MUC").get_affiliation(args["room"], args["affiliation"]), reply, got)


def mam(session: Session, args: Json, reply: Reply) -> None:
    """A XEP-0313 query with RSM paging, nbxmpp's MAM.make_query. Its result messages are
    nbxmpp's unwrapped ones (misc.unwrap_mam), collected by query id until <fin/>."""
    query_id = args.get("queryid") or generate_id()
    messages: list[Json] = []

    def collector(event: Json) -> bool:
        if event["kind"] != "message" or (event["mam"] or {}).get("queryId") != query_id:
            return False
        messages.append(event)
        return True

    remove = session.collect(collector)

    def done(result: Any) -> None:
        rsm = result.rsm
        reply.ok(
            {
                "archive": parse.jid_str(result.jid),
                "complete": result.complete,
                "rsm": {"first": rsm.first, "last": rsm.last, "count": rsm.count},
                "messages": messages,
            }
        )

    task = session.module("MAM").make_query(
        args["jid"], queryid=query_id, after=args.get("after"), max_=args.get("max", 70)
    )
    session.task(task, reply, done, cleanup=remove)


def set_avatar(session: Session, args: Json, reply: Reply) -> None:
    """Gajim's way to set a room's avatar: a vCard with only PHOTO, published to the room JID."""
    vcard = VCard()
    vcard.set_avatar(base64.b64decode(args["data"]), args["type"])
    session.task(
        session.module("VCardTemp").set_vcard(vcard, jid=args["jid"]),
        reply,
        lambda _result: reply.ok({}),
    )


def vcard(session: Session, args: Json, reply: Reply) -> None:
    """The vCard of a room or contact as nbxmpp reads it: the avatar's bytes hashed with SHA-1."""

    def got(card: Any) -> None:
        data, sha = card.get_avatar()
        reply.ok({"avatarSha": sha, "avatarBytes": len(data) if data else 0})

    session.task(session.module("VCardTemp").request_vcard(args["jid"]), reply, got)
