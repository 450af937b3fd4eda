// XEP-0313 Message Archive Management on a room JID: the form of supported fields, and queries
// paged with XEP-0059 RSM. Each result is a message to the requester; the IQ result closes with <fin/>.
import * as errors from "./errors.js";
import type { Inbound } from "../xmpp/router.js";
import { NS } from "../xmpp/ns.js";
import { buildForm, readForm } from "../xmpp/forms.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { MucContext } from "./context.js";
import type { Room } from "./room.js";
import { UnknownArchiveId, type ArchiveQuery } from "../store/archive.js";

/** The room, and the member its reader sees it through (which decides how authors are shown). */
async function readableRoom(ctx: MucContext, s: Inbound): Promise<{ room: Room; through?: string }> {
  const room = await ctx.rooms.find(s.to.bare);
  if (!room || room.record.locked) throw errors.noSuchRoom();
  const view = await ctx.hooks.run("archive-reader", { room, jid: s.from.bare });
  return { room, ...(view?.through ? { through: view.through } : {}) };
}

export async function getMamForm(ctx: MucContext, s: Inbound): Promise<Element> {
  await readableRoom(ctx, s);
  return xml(
    "query",
    { xmlns: NS.mam },
    buildForm({
      type: "form",
      formType: NS.mam,
      fields: [
        { var: "start", type: "text-single" },
        { var: "end", type: "text-single" },
        { var: "after-id", type: "text-single" },
        { var: "before-id", type: "text-single" },
      ],
    }),
  );
}

export async function queryMam(ctx: MucContext, s: Inbound): Promise<Element> {
  const { room, through } = await readableRoom(ctx, s);
  const query = s.payload!;
  const queryId = query.attrs.queryid;
  const q = parseQuery(ctx, query);
  // Expired messages are gone for readers at once, before the sweep removes them.
  const notBefore = ctx.retention.notBefore(room.config);
  if (notBefore > 0) q.start = Math.max(q.start ?? 0, notBefore);
  let page;
  try {
    page = await ctx.archive.query(room.jid, q);
  } catch (err) {
    if (err instanceof UnknownArchiveId) throw errors.noSuchArchiveId(err.id);
    throw err;
  }
  for (const record of page.items) {
    const forwarded = xml(
      "forwarded",
      { xmlns: NS.forward },
      xml("delay", { xmlns: NS.delay, stamp: new Date(record.at).toISOString() }),
      forwardedStanza(ctx.views.archived(record, through)),
    );
    ctx.out.sendEach(
      xml(
        "message",
        { from: room.jid, id: ctx.ids.next() },
        xml("result", { xmlns: NS.mam, queryid: queryId, id: record.id }, forwarded),
      ),
      [s.from.full],
    );
  }
  const first = page.items[0];
  const last = page.items.at(-1);
  return xml(
    "fin",
    { xmlns: NS.mam, complete: page.complete ? "true" : undefined },
    xml(
      "set",
      { xmlns: NS.rsm },
      first ? xml("first", {}, first.id) : null,
      last ? xml("last", {}, last.id) : null,
    ),
  );
}

/** An archived stanza for a XEP-0297 wrapper: it must name jabber:client itself, or namespace-aware
 * clients (Gajim, Dino, Conversations) read it as an element of urn:xmpp:forward:0, not a message. */
function forwardedStanza(archived: string): Element {
  const stanza = parseXml(archived);
  stanza.attrs.xmlns = NS.client;
  return stanza;
}

function parseQuery(ctx: MucContext, query: Element): ArchiveQuery {
  const form = readForm(query);
  if (form?.has("with")) throw errors.archiveByWith();
  if (form?.has("ids")) throw errors.archiveByIds();
  const time = (name: string) => {
    const value = form?.text(name);
    if (value === undefined || value === "") return undefined;
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw errors.notDateTime(name, value);
    return t;
  };
  const set = query.getChild("set", NS.rsm);
  if (set?.getChild("index")) throw errors.rsmIndex();
  const maxText = set?.getChildText("max");
  const max =
    maxText === null || maxText === undefined ? ctx.settings.archiveMaxPage : Number.parseInt(maxText, 10);
  if (!Number.isFinite(max) || max < 0) throw errors.rsmMax();
  const before = set?.getChild("before");
  const q: ArchiveQuery = { max: Math.min(max, ctx.settings.archiveMaxPage) };
  const start = time("start");
  const end = time("end");
  if (start !== undefined) q.start = start;
  if (end !== undefined) q.end = end;
  const afterId = set?.getChildText("after") || form?.text("after-id");
  const beforeId = before?.getText() || form?.text("before-id");
  if (afterId) q.afterId = afterId;
  if (beforeId) q.beforeId = beforeId;
  else if (before) q.fromEnd = true;
  return q;
}
