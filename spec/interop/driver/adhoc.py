"""Ad-hoc commands (XEP-0050) as Gajim runs them with nbxmpp's AdHoc module: list, execute, then
submit each stage's form until the command completes."""

from __future__ import annotations

from typing import Any

from nbxmpp.const import AdHocAction
from nbxmpp.modules.dataforms import extend_form
from nbxmpp.protocol import JID
from nbxmpp.structs import AdHocCommand

import forms
import parse
from parse import Json
from session import DriverError, Reply, Session

# The last answer of each command session, by sessionid: the next stage submits its form.
_sessions: dict[str, Any] = {}


def _answered(reply: Reply, command: Any) -> None:
    if command.sessionid is not None:
        _sessions[command.sessionid] = command
    reply.ok(parse.command(command))


def list_commands(session: Session, args: Json, reply: Reply) -> None:
    def got(commands: Any) -> None:
        reply.ok([{"jid": parse.jid_str(c.jid), "node": c.node, "name": c.name} for c in commands])

    session.task(session.module("AdHoc").request_command_list(args["jid"]), reply, got)


def execute(session: Session, args: Json, reply: Reply) -> None:
    command = AdHocCommand(jid=JID.from_string(args["jid"]), node=args["node"], name=None)
    session.task(
        session.module("AdHoc").execute_command(command), reply, lambda answer: _answered(reply, answer)
    )


def submit(session: Session, args: Json, reply: Reply) -> None:
    """Fills in the form of the session's last stage and sends it with the stage's default action
    (or `action`): what pressing Gajim's "Next"/"Finish" does."""
    previous = _sessions.get(args["sessionid"])
    if previous is None:
        raise DriverError(f"no command session {args['sessionid']!r}")
    if previous.data is None:
        raise DriverError(f"command session {args['sessionid']!r} has no form to submit")
    form = forms.submission(extend_form(node=previous.data), args.get("values", {}))
    action = AdHocAction(args["action"]) if "action" in args else previous.default or AdHocAction.COMPLETE
    session.task(
        session.module("AdHoc").execute_command(previous, action=action, dataform=form),
        reply,
        lambda answer: _answered(reply, answer),
    )
