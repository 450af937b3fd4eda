"""Filling in a data form nbxmpp parsed, as a user does in Gajim's form view."""

from __future__ import annotations

from typing import Any

from session import DriverError


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def fill(form: Any, values: dict[str, Any]) -> None:
    """Sets each field named in `values` through nbxmpp's typed field class. A field the form does
    not offer is an error: a user cannot fill in what their client does not show."""
    for var, value in values.items():
        try:
            field = form[var]
        except KeyError:
            offered = ", ".join(sorted(str(v) for v in form.vars))
            raise DriverError(f"the form offers no field {var!r} (it has {offered})") from None
        kind = field.type_ or "text-single"
        if kind == "boolean":
            field.value = value in (True, "1", "true")
        elif kind in ("list-multi", "jid-multi"):
            field.values = _as_list(value)
        elif kind == "text-multi":
            field.value = "\n".join(_as_list(value))
        else:
            field.value = value if isinstance(value, str) else str(value)


def submission(form: Any, values: dict[str, Any]) -> Any:
    """The form as Gajim submits it: filled in, type 'submit', labels and empty optional fields
    removed (nbxmpp's get_purged)."""
    fill(form, values)
    form.type_ = "submit"
    return form.get_purged()
