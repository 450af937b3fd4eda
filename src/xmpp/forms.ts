// XEP-0004 data forms: build forms to send, read submitted ones. Pure functions.
import { xml, type Element } from "./xml.js";
import { NS } from "./ns.js";
import * as errors from "./errors.js";

export type FieldType =
  | "boolean"
  | "fixed"
  | "hidden"
  | "jid-multi"
  | "jid-single"
  | "list-multi"
  | "list-single"
  | "text-multi"
  | "text-private"
  | "text-single";

export interface Field {
  var?: string;
  type?: FieldType;
  label?: string;
  desc?: string;
  required?: boolean;
  values?: string[];
  /** Every option has a label: clients show it, not the value (Profanity prints "(null)" without one). */
  options?: { value: string; label: string }[];
}

export interface FormSpec {
  type: "form" | "result" | "submit" | "cancel";
  formType?: string;
  title?: string;
  instructions?: string;
  fields: Field[];
}

export function buildForm(spec: FormSpec): Element {
  const form = xml("x", { xmlns: NS.data, type: spec.type });
  if (spec.title) form.append(xml("title", {}, spec.title));
  if (spec.instructions) form.append(xml("instructions", {}, spec.instructions));
  if (spec.formType) form.append(fieldElement({ var: "FORM_TYPE", type: "hidden", values: [spec.formType] }));
  for (const field of spec.fields) form.append(fieldElement(field));
  return form;
}

function fieldElement(f: Field): Element {
  return xml(
    "field",
    { var: f.var, type: f.type, label: f.label },
    f.desc ? xml("desc", {}, f.desc) : null,
    f.required ? xml("required") : null,
    ...(f.values ?? []).map((v) => xml("value", {}, v)),
    ...(f.options ?? []).map((o) => xml("option", { label: o.label }, xml("value", {}, o.value))),
  );
}

/** A submitted form: field values by var. */
export class SubmittedForm {
  constructor(
    readonly type: string,
    readonly formType: string | undefined,
    private readonly values: Map<string, string[]>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }
  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
  text(name: string): string | undefined {
    const v = this.values.get(name);
    return v ? v.join("\n") : undefined;
  }
  /** XEP-0004 §3.3: "1"/"true" are true, "0"/"false" false; anything else is a client error. */
  boolean(name: string): boolean | undefined {
    const v = this.values.get(name)?.[0];
    if (v === undefined) return undefined;
    if (v === "1" || v === "true") return true;
    if (v === "0" || v === "false") return false;
    throw errors.notBoolean(name, v);
  }
  integer(name: string): number | undefined {
    const v = this.values.get(name)?.[0];
    if (v === undefined || v === "") return undefined;
    if (!/^\d{1,9}$/.test(v)) throw errors.notWholeNumber(name, v);
    return Number(v);
  }
}

/** Reads the jabber:x:data child of `parent`, if there is one. */
export function readForm(parent: Element | undefined): SubmittedForm | undefined {
  const x = parent?.getChild("x", NS.data);
  if (!x) return undefined;
  const values = new Map<string, string[]>();
  for (const field of x.getChildren("field")) {
    const name = field.attrs.var;
    if (!name) continue;
    values.set(
      name,
      field.getChildren("value").map((v) => v.getText()),
    );
  }
  return new SubmittedForm(x.attrs.type ?? "", values.get("FORM_TYPE")?.[0], values);
}
