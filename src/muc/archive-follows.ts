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

/** What a correction replaces (XEP-0308: the whole message's text and what points into it). */
const isText = (c: Element) =>
  (c.name === "body" && (!c.attrs.xmlns || c.attrs.xmlns === "jabber:client")) ||
  c.is("reference", NS.reference) ||
  c.is("fallback", NS.fallback) ||
  c.is("reply", NS.reply);

/** The record with every rendering's text replaced by the correction's; undefined without a body.
 *  The outside rendering takes `outside`: the correction as those who see the sender as someone
 *  else read it (scrubbed, muc/scrub.ts), so the archive names nobody the live copy did not. */
export function corrected(
  record: ArchiveRecord,
  correction: Element,
  outside: Element = correction,
): ArchiveRecord | undefined {
  if (!correction.getChildElements().some((c) => c.name === "body" && isText(c))) return undefined;
  const rewrite = (stored: string, by: Element) => {
    const message = parseXml(stored);
    const kept = message.getChildElements().filter((c) => !isText(c));
    return xml("message", { ...message.attrs }, ...kept, ...by.getChildElements().filter(isText)).toString();
  };
  return {
    ...record,
    xml: rewrite(record.xml, correction),
    ...(record.outside ? { outside: rewrite(record.outside, outside) } : {}),
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
