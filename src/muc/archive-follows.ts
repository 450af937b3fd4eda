// The archive follows corrections and retractions (PROTOCOL §5 "ids are translated"): it keeps the
// latest text only (a correction rewrites the archived body; the correction is not archived as a
// message of its own, since a client that showed the original got the correction itself), and a
// retracted message leaves a XEP-0424 tombstone where it was, its ids kept so that clients
// syncing the archive learn what went. Pure: each returns the record to write back.
import { NS } from "../xmpp/ns.js";
import { parseXml, xml, type Element } from "../xmpp/xml.js";
import type { ArchiveRecord } from "../store/archive.js";

/** What a tombstone keeps of the message: the ids that name it. */
const namesIt = (c: Element) =>
  c.is("stanza-id", NS.sid) || c.is("occupant-id", NS.occupantId) || c.is("origin-id", NS.sid);

/** The record with every rendering's text replaced by the correction's; undefined without a body. */
export function corrected(record: ArchiveRecord, correction: Element): ArchiveRecord | undefined {
  const bodies = correction
    .getChildren("body")
    .filter((b) => !b.attrs.xmlns || b.attrs.xmlns === "jabber:client");
  if (!bodies.length) return undefined;
  const rewrite = (stored: string) => {
    const message = parseXml(stored);
    const kept = message.getChildElements().filter((c) => c.name !== "body");
    return xml("message", { ...message.attrs }, ...kept, ...bodies).toString();
  };
  return {
    ...record,
    xml: rewrite(record.xml),
    ...(record.outside ? { outside: rewrite(record.outside) } : {}),
  };
}

/** The record as a XEP-0424 tombstone: no text or payloads, its ids, the retraction's id and
 * when; `about` goes inside (XEP-0425: who moderated it, and why). */
export function retracted(
  record: ArchiveRecord,
  retraction: Element,
  now: number,
  about: readonly Element[] = [],
): ArchiveRecord {
  const tombstone = (stored: string) => {
    const message = parseXml(stored);
    const mark = xml(
      "retracted",
      {
        xmlns: NS.retract,
        ...(retraction.attrs.id ? { id: retraction.attrs.id } : {}),
        stamp: new Date(now).toISOString(),
      },
      ...about,
    );
    return xml(
      "message",
      { ...message.attrs },
      ...message.getChildElements().filter(namesIt),
      mark,
    ).toString();
  };
  return {
    ...record,
    xml: tombstone(record.xml),
    ...(record.outside ? { outside: tombstone(record.outside) } : {}),
  };
}
