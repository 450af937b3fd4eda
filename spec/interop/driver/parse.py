"""What nbxmpp parsed, as plain JSON values for the TypeScript spec.

Everything here reads nbxmpp's own results: the MessageProperties and PresenceProperties its
stanza handlers fill in (by namespace), its data-form classes, its ad-hoc and MAM structures.
Nothing re-reads the XML: if nbxmpp did not recognise something (a wrong namespace, a missing
attribute), it is reported as absent (None), which is what Gajim would show.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from nbxmpp.modules.dataforms import WrongFieldValue, extend_form
from nbxmpp.modules.muc.muc import MUC
from nbxmpp.namespaces import Namespace
from nbxmpp.protocol import JID, Message
from nbxmpp.structs import MessageProperties

Json = Any


def jid_str(jid: Optional[JID]) -> Optional[str]:
    return None if jid is None else str(jid)


def enum_value(value: Any) -> Any:
    """nbxmpp's enums (MessageType, Affiliation…) by value; some parsers give plain strings."""
    return None if value is None else getattr(value, "value", value)


def iso(timestamp: Any) -> Optional[str]:
    """nbxmpp gives epoch floats for message delays and datetimes for MAM results."""
    if timestamp is None:
        return None
    if isinstance(timestamp, datetime):
        return timestamp.astimezone(timezone.utc).isoformat()
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat()


def status_codes(codes: Any) -> list[int]:
    return sorted(int(code.value) for code in codes or [])


def stanza_error(error: Any) -> Optional[Json]:
    """A StanzaError (nbxmpp.errors) or any other nbxmpp BaseError, as condition and text."""
    if error is None:
        return None
    return {
        "condition": getattr(error, "condition", None),
        "text": error.get_text() or None,
        "type": getattr(error, "type", None),
    }


def muc_user(data: Any) -> Optional[Json]:
    if data is None:
        return None
    return {
        "jid": jid_str(data.jid),
        "affiliation": enum_value(data.affiliation),
        "role": enum_value(data.role),
        "nick": data.nick,
        "actor": data.actor,
        "reason": data.reason,
    }


def field(node: Any) -> Json:
    """One data-form field as nbxmpp's typed field class exposes it (extend_field picked the class)."""
    kind = node.type_ or "text-single"
    parsed: Json = {
        "var": node.var,
        "type": kind,
        "label": node.label,
        "required": node.required,
    }
    try:
        if hasattr(node, "values"):  # list-multi, jid-multi
            parsed["value"] = list(node.values)
        else:
            parsed["value"] = node.value  # bool for boolean, str otherwise (text-multi joined by \n)
    except WrongFieldValue:
        parsed["value"] = None
        parsed["invalid"] = True
    if hasattr(node, "options"):
        parsed["options"] = [{"value": value, "label": label} for label, value in node.options]
    return parsed


def form(node: Any) -> Optional[Json]:
    """A jabber:x:data form (the node nbxmpp found by namespace), through extend_form."""
    if node is None:
        return None
    data_form = extend_form(node=node)
    fields = [field(f) for f in data_form.iter_fields()] if not data_form.is_reported else []
    form_type = next((f["value"] for f in fields if f["var"] == "FORM_TYPE"), None)
    return {
        "type": data_form.type_,
        "title": data_form.title,
        "instructions": data_form.instructions or None,
        "formType": form_type,
        "fields": fields,
    }


def delay(props: Any) -> Json:
    """XEP-0203 as nbxmpp's Delay module sorted it: a delay from the room/server, or the sender's."""
    return {
        "server": props.has_server_delay,
        "timestamp": iso(props.timestamp) if props.has_server_delay else None,
        "userTimestamp": iso(props.user_timestamp),
    }


def invite_data(invite: Any) -> Optional[Json]:
    """nbxmpp's InviteData: a mediated (XEP-0045) or direct (XEP-0249) invitation."""
    if invite is None:
        return None
    return {
        "room": jid_str(invite.muc),
        "from": jid_str(invite.from_),
        "reason": invite.reason,
        "type": enum_value(invite.type),
    }


def direct_invite(stanza: Any, props: Any) -> Optional[Json]:
    """The XEP-0249 invitation a message carries, as nbxmpp's own direct-invite parser reads it.

    nbxmpp (so Gajim) skips a jabber:x:conference element that comes with a muc#user one, following
    XEP-0045's advice that the mediated invitation wins; props.muc_invite is then the mediated one.
    Clients that know only XEP-0249 (Converse.js) read the other element, so the same parser runs on
    a copy of the stanza as such a client takes it in: without the muc#user element."""
    if stanza.getTag("x", namespace=Namespace.CONFERENCE) is None:
        return None
    alone = Message(node=str(stanza))  # a separate copy, built by nbxmpp's own XML parser
    muc_user = alone.getTag("x", namespace=Namespace.MUC_USER)
    if muc_user is not None:
        alone.delChild(muc_user)
    copy = MessageProperties(own_jid=props.own_jid)
    copy.jid = alone.getFrom()
    MUC._process_direct_invite(None, alone, copy)  # the handler nbxmpp registers for XEP-0249
    return invite_data(copy.muc_invite)


def message(stanza: Any, props: Any) -> Json:
    mam = props.mam
    return {
        "kind": "message",
        "namespace": stanza.getNamespace(),
        "type": enum_value(props.type),
        "from": jid_str(props.from_),
        "to": jid_str(props.to),
        "id": props.id,
        "originId": stanza.getOriginID(),
        "stanzaIds": [{"id": sid.id, "by": sid.by} for sid in props.stanza_ids],
        "body": props.body,
        "subject": props.subject,
        "isMucSubject": props.is_muc_subject,
        "thread": props.thread,
        "delay": delay(props),
        "nickname": props.nickname,
        "chatstate": enum_value(props.chatstate),
        "fromMuc": props.from_muc,
        "mucJid": jid_str(props.muc_jid),
        "mucNickname": props.muc_nickname,
        "mucPrivateMessage": props.muc_private_message,
        "mucStatusCodes": status_codes(props.muc_status_codes),
        "mucUser": muc_user(props.muc_user),
        "mucOfrom": jid_str(props.muc_ofrom),
        "occupantId": props.occupant_id,
        # XEP-0308 as nbxmpp reads it: the id of the message this one corrects.
        "correction": props.correction.id if props.is_correction else None,
        "invite": invite_data(props.muc_invite),
        "directInvite": direct_invite(stanza, props),
        "mam": None
        if mam is None
        else {
            "id": mam.id,
            "queryId": mam.query_id,
            "archive": jid_str(mam.archive),
            "namespace": mam.namespace,
            "timestamp": iso(mam.timestamp),
        },
        "forms": [form(node) for node in props.forms or []],
        "error": stanza_error(props.error),
    }


def presence(props: Any) -> Json:
    destroyed = props.muc_destroyed
    return {
        "kind": "presence",
        # nbxmpp's PresenceType.AVAILABLE has the value None (no type attribute)
        "type": "available" if props.type.is_available else enum_value(props.type),
        "from": jid_str(props.jid),
        "id": props.id,
        "show": enum_value(props.show),
        "status": props.status or None,
        # XEP-0172, which nbxmpp reads only on subscription presences (never on broadcasts)
        "nickname": props.nickname,
        "selfPresence": props.self_presence,
        "fromMuc": props.from_muc,
        "mucJid": jid_str(props.muc_jid),
        "mucNickname": props.muc_nickname,
        "mucStatusCodes": status_codes(props.muc_status_codes),
        "mucUser": muc_user(props.muc_user),
        "mucDestroyed": None if destroyed is None else {"reason": destroyed.reason},
        "occupantId": props.occupant_id,
        "error": stanza_error(props.error),
    }


def command(cmd: Any) -> Json:
    """An AdHocCommand answer (nbxmpp.modules.adhoc checked status, sessionid, notes, actions)."""
    return {
        "jid": jid_str(cmd.jid),
        "node": cmd.node,
        "sessionid": cmd.sessionid,
        "status": enum_value(cmd.status),
        "notes": [{"type": enum_value(note.type), "text": note.text} for note in cmd.notes or []],
        "actions": sorted(enum_value(action) for action in cmd.actions or []),
        "defaultAction": enum_value(cmd.default),
        "form": form(cmd.data),
    }


def disco_info(info: Any) -> Json:
    return {
        "identities": [{"category": i.category, "type": i.type, "name": i.name} for i in info.identities],
        "features": list(info.features),
        "isMuc": info.is_muc,
        # XEP-0486, read as Gajim reads it: the room information form's avatar hash.
        "avatarHash": info.get_field_value(
            "http://jabber.org/protocol/muc#roominfo", "muc#roominfo_avatarhash"
        ),
    }
