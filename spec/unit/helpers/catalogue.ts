// Checks shared by the specs of the error catalogues (src/<feature>/errors.ts): what a client reads
// of an error, and the properties every entry of a catalogue must have.
import assert from "node:assert/strict";
import { LimitError } from "../../../src/limits/limit-error.js";
import { NS } from "../../../src/xmpp/ns.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";

type Entry = (...args: never[]) => StanzaError;

/** Sample arguments for each entry of a catalogue; the type makes a spec list every entry. */
export type Samples<C> = { [K in keyof C]: C[K] extends (...args: infer A) => StanzaError ? A : never };

/** What a client gets: the <error/> element's condition, type and text (and the limit, if any). */
export function answered(err: StanzaError): {
  condition?: string;
  type?: string;
  text?: string;
  limit?: string;
} {
  const el = err.toElement();
  const condition = el.getChildElements().find((c) => c.attrs.xmlns === NS.stanzas && c.name !== "text");
  return {
    condition: condition?.name,
    type: el.attrs.type,
    text: el.getChild("text", NS.stanzas)?.getText(),
    ...(err instanceof LimitError ? { limit: err.limit } : {}),
  };
}

/** The strings among an entry's arguments, lists included: each must show in its text. */
function stringsOf(args: readonly unknown[]): string[] {
  return args.flatMap((a) => (typeof a === "string" ? [a] : Array.isArray(a) ? stringsOf(a) : []));
}

/**
 * The checks every catalogue passes, given sample arguments for each of its entries. `textless`
 * names the entries that must say nothing but their condition (internal-server-error: DESIGN.md
 * habit 5); every other entry must have a text.
 */
export function checkEveryEntry<C extends object>(
  catalogue: C,
  samples: Samples<C>,
  textless: readonly (keyof C & string)[] = [],
): void {
  const entries = Object.entries(catalogue) as [string, Entry][];
  const argsOf = (name: string) => (samples as Record<string, unknown[]>)[name]!;
  const build = (name: string, make: Entry) => (make as (...args: unknown[]) => StanzaError)(...argsOf(name));

  it("has sample arguments for exactly its entries", () => {
    assert.ok(entries.length > 0);
    assert.deepEqual(Object.keys(samples).sort(), entries.map(([name]) => name).sort());
  });

  it("makes a StanzaError with a non-empty text from every entry", () => {
    for (const [name, make] of entries) {
      const err = build(name, make);
      assert.ok(err instanceof StanzaError, name);
      if (textless.includes(name as keyof C & string))
        assert.equal(answered(err).text, undefined, `${name} must have no text`);
      else assert.ok(err.text && err.text.trim().length > 0, `${name} has no text`);
      assert.ok(answered(err).condition, `${name} has no condition`);
    }
  });

  it("puts every string argument in the text", () => {
    for (const [name, make] of entries) {
      const { text } = answered(build(name, make));
      for (const s of stringsOf(argsOf(name)))
        assert.ok(text?.includes(s), `${name}: "${s}" not in "${text}"`);
    }
  });

  it("has one entry per error: no two give the same answer", () => {
    const seen = new Map<string, string>();
    for (const [name, make] of entries) {
      const key = JSON.stringify(answered(build(name, make)));
      assert.equal(seen.get(key), undefined, `${name} repeats ${seen.get(key)}`);
      seen.set(key, name);
    }
  });
}
