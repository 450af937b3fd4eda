"""Registering with a room (XEP-0045 §7.10, XEP-0077 on the room JID).

nbxmpp's Register module (what Gajim's registration assistant uses) accepts only a form whose
FORM_TYPE is jabber:iq:register and answers any other with "invalid register response", while
XEP-0045 gives the room's form the FORM_TYPE http://jabber.org/protocol/muc#register. So the form
is fetched here with a plain IQ through nbxmpp and read from its namespaced <query/> with nbxmpp's
own data-form classes; the filled-in form is submitted with nbxmpp's Register module."""

from __future__ import annotations

from typing import Any

from nbxmpp.errors import StanzaError
from nbxmpp.modules.dataforms import extend_form
from nbxmpp.namespaces import Namespace
from nbxmpp.protocol import Iq

import forms
import parse
from parse import Json
from session import Reply, Session


def _fetch(session: Session, jid: str, reply: Reply, on_query: Any) -> None:
    """Sends the registration IQ get and calls `on_query` with the answer's jabber:iq:register
    <query/> (or fails the reply with the IQ error, or a timeout)."""

    def answered(_client: Any, response: Any) -> None:
        try:
            if response is None:
                reply.fail(f"no answer from {jid} to the registration request")
                return
            if response.isError():
                reply.fail_with(StanzaError(response))
                return
            query = response.getTag("query", namespace=Namespace.REGISTER)
            if query is None:
                reply.fail("the answer holds no jabber:iq:register query")
                return
            on_query(query)
        except Exception as error:
            reply.fail_with(error)

    session.active().send_stanza(Iq("get", Namespace.REGISTER, to=jid), callback=answered, timeout=10)


def registration_form(session: Session, args: Json, reply: Reply) -> None:
    """What a user is shown before registering: instructions, whether they are registered already,
    and the form as nbxmpp reads it."""

    def got(query: Any) -> None:
        reply.ok(
            {
                "instructions": query.getTagData("instructions") or None,
                "registered": query.getTag("registered") is not None,
                "form": parse.form(query.getTag("x", namespace=Namespace.DATA)),
            }
        )

    _fetch(session, args["jid"], reply, got)


def register(session: Session, args: Json, reply: Reply) -> None:
    """Fetches the form, fills in `values` as a user does, and submits it (nbxmpp's Register)."""
    jid = args["jid"]

    def got(query: Any) -> None:
        node = query.getTag("x", namespace=Namespace.DATA)
        if node is None:
            reply.fail("the room offers no registration form")
            return
        form = forms.submission(extend_form(node=node), args.get("values", {}))
        session.task(session.module("Register").submit_register_form(form, jid), reply, lambda _r: reply.ok())

    _fetch(session, jid, reply, got)
