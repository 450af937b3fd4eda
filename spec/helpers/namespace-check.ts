// Re-reads every stanza the app writes with a namespace-aware parser (saxes, `xmlns: true`), as Gajim
// (nbxmpp), Dino, poezio and Conversations do, and reports each element that sits outside the
// namespace its XEP gives (the table in namespace-table.ts). ltx, which the app and @xmpp/client
// use, ignores namespaces, so without this a <message/> inside a XEP-0297 <forwarded/> with no
// xmlns='jabber:client' would pass every other spec and be invisible to those clients.
import { SaxesParser } from "saxes";
import { CLIENT, COMPONENT, EMITTED, STANZAS } from "./namespace-table.js";

/** One element in the wrong namespace: where it is (a path of local names) and what is wrong. */
export interface NamespaceProblem {
  path: string;
  problem: string;
}

const STREAM_NS = "http://etherx.jabber.org/streams";
const OPEN = `<stream:stream xmlns='${COMPONENT}' xmlns:stream='${STREAM_NS}'>`;

interface Open {
  local: string;
  uri: string;
  start: number;
  /** problems.length when it opened: what its subtree added is dropped if it proves relayed. */
  mark: number;
}

/**
 * Problems of one stanza as written on the component stream, whose default namespace is
 * jabber:component:accept. A payload of a stanza that `relayed` recognises (by its serialised text)
 * came from a client unchanged and is the sender's business, as are elements in namespaces the
 * table does not know; everything else must be an element of the namespace it is in.
 */
export function namespaceProblems(stanza: string, relayed: (xml: string) => boolean): NamespaceProblem[] {
  const text = OPEN + stanza + "</stream:stream>";
  const problems: NamespaceProblem[] = [];
  const open: Open[] = [];
  let foreignFrom = Infinity; // depth at which a subtree in an unknown namespace began
  const where = () =>
    open
      .slice(1)
      .map((o) => o.local)
      .join(" > ");
  const report = (problem: string) => problems.push({ path: where(), problem });
  const parser = new SaxesParser({ xmlns: true });
  parser.on("opentag", (tag) => {
    const parent = open.at(-1);
    const start = text.lastIndexOf("<", parser.position - 1);
    open.push({ local: tag.local, uri: tag.uri, start, mark: problems.length });
    const depth = open.length - 1; // 0 is the stream
    if (depth === 0 || depth > foreignFrom) return;
    const ns = tag.uri;
    if (STANZAS.has(tag.local) && (ns === COMPONENT || ns === CLIENT || EMITTED[ns] || ns === "")) {
      // A top-level stanza is in the stream's namespace; one nested in a payload (XEP-0297
      // forwarded, an archive result…) must say jabber:client itself.
      const wanted = depth === 1 ? COMPONENT : CLIENT;
      if (ns !== wanted) report(`<${tag.local}/> in ${ns}, not ${wanted}`);
    } else if (depth === 1) report(`top-level <${tag.local}/> in '${ns}' is not a stanza`);
    else if (ns === "") report(`<${tag.local}/> is in no namespace at all`);
    else if (EMITTED[ns] === undefined) foreignFrom = depth;
    else if (!EMITTED[ns].includes(tag.local)) report(`<${tag.local}/> is not an element of ${ns}`);
    else if ((ns === COMPONENT || ns === CLIENT) && parent?.uri !== ns)
      // <body/>, <error/>… belong to the stanza they sit in: directly inside it, in its namespace.
      report(`<${tag.local}/> of ${ns} outside a stanza of that namespace`);
  });
  parser.on("closetag", () => {
    const closed = open.pop()!;
    if (open.length === foreignFrom) foreignFrom = Infinity;
    const parent = open.at(-1);
    const isPayload = parent && open.length > 1 && STANZAS.has(parent.local);
    if (isPayload && relayed(text.slice(closed.start, parser.position))) problems.length = closed.mark;
  });
  parser.on("error", (err) => report(err.message));
  parser.write(text).close();
  return problems;
}
