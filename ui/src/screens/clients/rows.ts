// DynamiCore's rows are its own JSON (DYNAMICORE 1.3, shapes as the simulator
// serves them): these read the fields the screen knows, tolerating missing ones.

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
}

/** A string or number field as text ("" when absent). */
export function text(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

export interface UploadedFile {
  name: string;
  size?: number;
}

export interface ClientRow {
  id: string;
  clientType: string;
  firstName: string;
  lastName: string;
  rfc: string;
  email: string;
  /** Every PII value as text, the four above included. */
  pii: Record<string, string>;
  /** Files per PII field. */
  documents: Record<string, UploadedFile[]>;
}

export const EDITABLE_PII = ["firstname", "lastname", "rfc", "email"] as const;

export function clientRow(v: unknown): ClientRow {
  const o = obj(v);
  const piiRaw = obj(o.pii);
  const pii: Record<string, string> = {};
  for (const [k, val] of Object.entries(piiRaw)) if (val !== null && typeof val !== "object") pii[k] = text(val);
  const documents: Record<string, UploadedFile[]> = {};
  for (const [k, val] of Object.entries(obj(o.documents))) {
    const list = Array.isArray(val) ? val : [val];
    documents[k] = list.map((f) => {
      const fo = obj(f);
      const name = text(fo.name) || text(f);
      return typeof fo.size === "number" ? { name, size: fo.size } : { name };
    });
  }
  return {
    id: text(o.id),
    clientType: text(o.client_type),
    firstName: pii.firstname ?? "",
    lastName: pii.lastname ?? "",
    rfc: pii.rfc ?? "",
    email: pii.email ?? "",
    pii,
    documents,
  };
}

/** "Name Surname", or the company name; "" when the PII has neither. */
export function personName(c: ClientRow): string {
  return `${c.firstName} ${c.lastName}`.trim() || c.pii.razon_social || "";
}

/** The client's name, or "#id". */
export function clientName(c: ClientRow): string {
  return personName(c) || `#${c.id}`;
}

export interface TypeRow {
  id: string;
  name: string;
  description: string;
  template: string[];
}

export function typeRow(v: unknown): TypeRow {
  const o = obj(v);
  return {
    id: text(o.id),
    name: text(o.name),
    description: text(o.description),
    template: Array.isArray(o.template) ? o.template.map(text).filter(Boolean) : [],
  };
}

export interface AccountRow {
  id: string;
  clientId: string;
  product: string;
  enabled: boolean;
  currency: string;
}

export function accountRow(v: unknown): AccountRow {
  const o = obj(v);
  const enabled = o.enabled;
  return {
    id: text(o.id),
    clientId: text(o.client_id),
    product: text(o.product),
    enabled: enabled === true || text(enabled) === "1",
    currency: text(o.currency),
  };
}

/** One movement (transaction or payment): amounts in cents. */
export interface MovementRow {
  id: string;
  date: string;
  concept: string;
  amount: unknown;
  currency: string;
  status: string;
}

export function movementRow(v: unknown): MovementRow {
  const o = obj(v);
  return {
    id: text(o.id),
    date: text(o.date ?? o.created_at ?? o.fecha),
    concept: text(o.concept ?? o.description ?? o.method),
    amount: o.amount,
    currency: text(o.currency),
    status: text(o.status),
  };
}

export interface SatRow {
  uuid: string;
  date: string;
  kind: string;
  issuer: string;
  receiver: string;
  total: string;
  currency: string;
}

export function satRow(v: unknown): SatRow {
  const o = obj(v);
  return {
    uuid: text(o.uuid),
    date: text(o.fecha ?? o.date),
    kind: text(o.tipo ?? o.type),
    issuer: text(o.emisor_rfc),
    receiver: text(o.receptor_rfc),
    total: text(o.total),
    currency: text(o.moneda ?? o.currency),
  };
}

export interface ScoreRow {
  score: string;
  band: string;
}

export function scoreRow(v: unknown): ScoreRow {
  const o = obj(v);
  return { score: text(o.score), band: text(o.band) };
}

/** The other fields of a row, as label/value text (for facts the screen does not know). */
export function otherFields(v: unknown, known: readonly string[]): [string, string][] {
  return Object.entries(obj(v))
    .filter(([k, val]) => !known.includes(k) && val !== null && typeof val !== "object")
    .map(([k, val]) => [k, text(val)]);
}
