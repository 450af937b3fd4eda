// Text for attributes, bodies, nicks and form values: mostly short and plausible, sometimes
// unicode oddities, numbers of the wrong kind, or huge. Only characters XML 1.0 allows: a server
// refuses the others before they could reach Manifold.
import fc from "fast-check";

/** XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  c >= 0x10000;

const xmlSafe = (s: string) => [...s].map((ch) => (isXmlChar(ch.codePointAt(0)!) ? ch : "?")).join("");

/** Characters that break naive code: bidi overrides, zero-width, combining marks, astral, fullwidth. */
export const ODDITIES = [
  "\u202e", // right-to-left override
  "\u200b", // zero-width space
  "\u200d", // zero-width joiner
  "\u0301", // combining acute
  "\ufeff", // byte-order mark
  "\u00a0", // no-break space
  "😀",
  "👩‍👩‍👧",
  "Ｂｏｂ", // fullwidth
  "İ", // dotted capital I: lower-cases to two code points
  "ß",
  "\u2028", // line separator
  "\t",
  "\n",
  "\r",
  "\ud800\udc00", // U+10000
] as const;

export const oddity = fc.constantFrom(...ODDITIES);

/** Any XML-safe text of up to `maxLength` code points. */
export const anyText = (maxLength = 40) => fc.string({ unit: "binary", maxLength }).map(xmlSafe);

/** Mostly plain words, sometimes oddities or markup-looking text. */
export const word = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom("Bob", "alice", "Alpha", "tea", "x", "Chess", "bob (2)", "Alpha/Bob"),
  },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9 ._-]{1,12}$/) },
  { weight: 2, arbitrary: fc.array(oddity, { minLength: 1, maxLength: 4 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "<b>", "&amp;", "]]>", "'\"", "/", "@", "?") },
  { weight: 2, arbitrary: anyText(20) },
);

/** Huge text: tens of kilobytes, or a few hundred long lines. */
export const hugeText = fc.oneof(
  fc
    .tuple(fc.constantFrom("a", "é", "😀", "<>&", " "), fc.constantFrom(1024, 4096, 70_000))
    .map(([s, n]) => s.repeat(n)),
  fc.integer({ min: 100, max: 2000 }).map((n) => "line\n".repeat(n)),
);

/** Numbers as clients might (mis)write them. */
export const numberText = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "5",
    "20",
    "100",
    "5000",
    "5001",
    "-1",
    "1.5",
    "1e3",
    " 7",
    "07",
    "0x10",
    "",
    "NaN",
    "Infinity",
  ),
  fc.constantFrom("99999999999", "9007199254740993", "1".repeat(400)),
  fc.integer().map(String),
);

export const booleanText = fc.constantFrom("1", "0", "true", "false", "yes", "", "TRUE", "2", "-0");

export const dateText = fc.oneof(
  fc.constantFrom(
    "2026-01-01T12:00:00Z",
    "2025-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "2026-02-30T25:61:61Z",
    "yesterday",
    "",
    "2026",
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Text for a body: plain, commands Manifold reads, addressing prefixes, oddities, huge. */
export const bodyText = fc.oneof(
  { weight: 4, arbitrary: word },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "/leave",
      "help",
      "list",
      "create Badminton bob@localhost carol@localhost",
      "create 😀",
      "create",
      "delete chess",
      "delete chess@lists.localhost",
      "delete @",
      "preferences",
      "preferences send-chat-states off",
      "preferences receive-chat-states on send-chat-states",
      "PREFERENCES SEND-CHAT-STATES OFF",
      "preferences absent-messages none",
      "preferences absent-messages sometimes",
      "@bob @carol: hi",
      "@Bob, @nobody: hi",
      "@bob@localhost: hi",
      "@: hi",
      "@@@@:",
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("create ", "delete ", "@", "preferences "), anyText(30))
      .map(([a, b]) => a + b),
  },
  { weight: 1, arbitrary: hugeText },
);
