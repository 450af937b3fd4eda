// XEP-0004 data forms: buildForm output and reading submitted values (booleans, integers).
import assert from "node:assert/strict";
import { NS } from "../../../src/xmpp/ns.js";
import { buildForm, readForm } from "../../../src/xmpp/forms.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { xml, type Element } from "../../../src/xmpp/xml.js";

/** A <query/> holding a submitted form with the given field values. */
function submission(fields: Record<string, string[]>, formType?: string): Element {
  const all = formType ? { FORM_TYPE: [formType], ...fields } : fields;
  return xml(
    "query",
    { xmlns: NS.mucOwner },
    xml(
      "x",
      { xmlns: NS.data, type: "submit" },
      ...Object.entries(all).map(([name, values]) =>
        xml("field", { var: name }, ...values.map((v) => xml("value", {}, v))),
      ),
    ),
  );
}

function badRequest(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StanzaError);
    assert.equal(err.condition, "bad-request");
    assert.ok(err.text?.includes(field), `the text names ${field}: ${err.text}`);
    return true;
  });
}

describe("buildForm", () => {
  const form = buildForm({
    type: "form",
    formType: "urn:example:form",
    title: "Settings",
    instructions: "Fill in",
    fields: [
      { var: "name", type: "text-single", label: "Name", values: ["Lobby"], required: true, desc: "Shown" },
      {
        var: "colour",
        type: "list-single",
        values: ["red"],
        options: [
          { value: "red", label: "Red" },
          { value: "blue", label: "Blue" },
        ],
      },
      { var: "tags", type: "text-multi", values: ["a", "b"] },
    ],
  });

  it("builds a jabber:x:data element of the requested type with title and instructions", () => {
    assert.equal(form.name, "x");
    assert.equal(form.attrs.xmlns, NS.data);
    assert.equal(form.attrs.type, "form");
    assert.equal(form.getChildText("title"), "Settings");
    assert.equal(form.getChildText("instructions"), "Fill in");
  });

  it("puts the FORM_TYPE as a hidden field before every other field", () => {
    const first = form.getChildren("field")[0]!;
    assert.equal(first.attrs.var, "FORM_TYPE");
    assert.equal(first.attrs.type, "hidden");
    assert.deepEqual(
      first.getChildren("value").map((v) => v.getText()),
      ["urn:example:form"],
    );
  });

  it("writes each field with its type, label, description, required flag and values", () => {
    const name = form.getChildren("field").find((f) => f.attrs.var === "name")!;
    assert.equal(name.attrs.type, "text-single");
    assert.equal(name.attrs.label, "Name");
    assert.equal(name.getChildText("desc"), "Shown");
    assert.ok(name.getChild("required"));
    assert.deepEqual(
      name.getChildren("value").map((v) => v.getText()),
      ["Lobby"],
    );
    const tags = form.getChildren("field").find((f) => f.attrs.var === "tags")!;
    assert.deepEqual(
      tags.getChildren("value").map((v) => v.getText()),
      ["a", "b"],
    );
    assert.equal(tags.getChild("required"), undefined);
  });

  it("writes list options with their labels and values", () => {
    const colour = form.getChildren("field").find((f) => f.attrs.var === "colour")!;
    const options = colour.getChildren("option");
    assert.deepEqual(
      options.map((o) => [o.attrs.label, o.getChildText("value")]),
      [
        ["Red", "red"],
        ["Blue", "blue"],
      ],
    );
  });

  it("has no FORM_TYPE field when no form type is given", () => {
    const plain = buildForm({ type: "result", fields: [{ var: "a", values: ["1"] }] });
    assert.deepEqual(
      plain.getChildren("field").map((f) => f.attrs.var),
      ["a"],
    );
    assert.equal(plain.getChild("title"), undefined);
  });
});

describe("readForm", () => {
  it("reads the form type, FORM_TYPE and every field's values", () => {
    const form = readForm(submission({ one: ["x"], many: ["a", "b"], none: [] }, "urn:example:form"))!;
    assert.equal(form.type, "submit");
    assert.equal(form.formType, "urn:example:form");
    assert.deepEqual(form.all("many"), ["a", "b"]);
    assert.equal(form.text("many"), "a\nb");
    assert.equal(form.text("one"), "x");
    assert.ok(form.has("none"));
    assert.deepEqual(form.all("none"), []);
    assert.equal(form.has("absent"), false);
    assert.equal(form.text("absent"), undefined);
  });

  it("returns undefined when there is no data form", () => {
    assert.equal(readForm(xml("query", { xmlns: NS.mucOwner })), undefined);
    assert.equal(readForm(undefined), undefined);
  });

  it("ignores a form in another namespace", () => {
    const query = xml("query", {}, xml("x", { xmlns: "urn:other", type: "submit" }));
    assert.equal(readForm(query), undefined);
  });

  it("reads a form without FORM_TYPE with an undefined formType", () => {
    assert.equal(readForm(submission({ a: ["1"] }))!.formType, undefined);
  });

  it("reads back what buildForm wrote", () => {
    const built = buildForm({
      type: "submit",
      formType: "urn:t",
      fields: [{ var: "k", values: ["v1", "v2"] }],
    });
    const form = readForm(xml("query", {}, built))!;
    assert.equal(form.formType, "urn:t");
    assert.deepEqual(form.all("k"), ["v1", "v2"]);
  });
});

describe("SubmittedForm.boolean", () => {
  const form = readForm(
    submission({ one: ["1"], zero: ["0"], yes: ["true"], no: ["false"], shout: ["TRUE"], word: ["yes"] }),
  )!;

  it("reads 1 and true as true, 0 and false as false", () => {
    assert.equal(form.boolean("one"), true);
    assert.equal(form.boolean("yes"), true);
    assert.equal(form.boolean("zero"), false);
    assert.equal(form.boolean("no"), false);
  });

  it("is undefined for a field that was not submitted", () => {
    assert.equal(form.boolean("absent"), undefined);
  });

  it("rejects any other value with bad-request naming the field", () => {
    badRequest(() => form.boolean("word"), "word");
    badRequest(() => form.boolean("shout"), "shout");
  });
});

describe("SubmittedForm.integer", () => {
  const form = readForm(
    submission({
      count: ["42"],
      zero: ["0"],
      empty: [""],
      negative: ["-1"],
      decimal: ["1.5"],
      huge: ["1234567890"],
    }),
  )!;

  it("reads a whole number", () => {
    assert.equal(form.integer("count"), 42);
    assert.equal(form.integer("zero"), 0);
  });

  it("is undefined for a missing or empty field", () => {
    assert.equal(form.integer("absent"), undefined);
    assert.equal(form.integer("empty"), undefined);
  });

  it("rejects negative, fractional and over-long numbers with bad-request naming the field", () => {
    badRequest(() => form.integer("negative"), "negative");
    badRequest(() => form.integer("decimal"), "decimal");
    badRequest(() => form.integer("huge"), "huge");
  });
});
