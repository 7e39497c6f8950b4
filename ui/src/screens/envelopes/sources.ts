// Where the inbox's rows come from: every connection whose provider has
// envelopes. The local cache (`envelopes_inbox`) fills the list at once; a
// refresh asks each connection's provider, one source per provider.
import { api, type Connection, type Envelope, type EnvelopeStatus } from "../../api";

export interface InboxRow {
  envelope: Envelope;
  /** When the provider last reported it (Unix ms). */
  syncedAtMs: number;
  connectionId: string;
  provider: string;
}

/** States a Mifiel document leaves no more: not asked again on refresh. */
const FINAL: ReadonlySet<EnvelopeStatus> = new Set(["completed", "declined", "expired"]);
/** Mifiel documents asked per refresh (DynamiCore has no list, DYNAMICORE 1.3 #19). */
export const MIFIEL_REFRESH_MAX = 50;

export async function cachedRows(): Promise<InboxRow[]> {
  const cached = await api.envelopesInbox();
  return cached.map((c) => ({ envelope: c.envelope, syncedAtMs: c.syncedAtMs, connectionId: c.connectionId, provider: c.provider }));
}

/** A connection's rows from its provider; `known`: its rows as last seen. */
type Source = (c: Connection, known: InboxRow[]) => Promise<InboxRow[]>;

const SOURCES: Record<string, Source> = {
  signio: async (c) => {
    const list = await api.op("signio", c.id, "envelope.list", {});
    const now = Date.now();
    return list.map((envelope) => ({ envelope, syncedAtMs: now, connectionId: c.id, provider: c.provider }));
  },
  // DynamiCore lists no Mifiel documents: the ones this app created or
  // read are asked again (each `mifiel.get` updates the cache), then the
  // cache is read back.
  dynamicore: async (c, known) => {
    const open = known.filter((r) => !FINAL.has(r.envelope.status)).slice(0, MIFIEL_REFRESH_MAX);
    for (const r of open) await api.op("dynamicore", c.id, "mifiel.get", { reference: r.envelope.id });
    return (await cachedRows()).filter((r) => r.connectionId === c.id);
  },
};

/** The connections the inbox lists. */
export function inboxConnections(connections: Connection[]): Connection[] {
  return connections.filter((c) => c.provider in SOURCES);
}

export function refreshConnection(c: Connection, known: InboxRow[]): Promise<InboxRow[]> {
  const source = SOURCES[c.provider];
  return source ? source(c, known) : Promise.resolve(known);
}
