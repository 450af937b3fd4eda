// Hand-written types for the parts of ltx (3.x, untyped) that Manifold uses.
declare module "ltx" {
  export type Node = Element | string;
  export class Element {
    constructor(name: string, attrs?: Record<string, string | number | undefined>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: Node[];
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getText(): string;
    getChildText(name: string, xmlns?: string): string | null;
    c(name: string, attrs?: Record<string, string | number | undefined>): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    append(...nodes: Node[]): Element;
    remove(el: Element | string, xmlns?: string): Element;
    text(val?: string): string;
    clone(): Element;
    toString(): string;
  }
  export interface ParseOptions {
    Element?: typeof Element;
  }
  export function parse(data: string, options?: ParseOptions): Element;
  export function escapeXML(s: string): string;
  export function escapeXMLText(s: string): string;
  export class Parser {
    constructor(options?: ParseOptions);
    write(data: string): void;
    end(data?: string): void;
    on(
      event: "element" | "startElement" | "endElement" | "error",
      listener: (...args: unknown[]) => void,
    ): this;
  }
}
