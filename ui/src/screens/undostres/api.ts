// The UnDosTres operations this screen uses, typed after the op contract.
// TEMPORARY: until bindings.ts carries the "undostres" provider, the types
// are declared here and `op` is called untyped; once it does, these become
// re-exports of the generated types and typed `api.op("undostres", …)` calls.
import { api } from "../../api";

/** What can be shown of an API key: never the key itself. */
export interface KeyInfo {
  last4: string;
  createdAt: string;
  expiresAt: string;
  allowedIps: string[];
  previousKeyLast4?: string | null;
  /** The key this one replaced still works until then. */
  previousKeyExpiresAt?: string | null;
}

export type KeyLevel = "ok" | "soon" | "urgent" | "expired";

export interface KeyStatus {
  key?: KeyInfo | null;
  level: KeyLevel;
  daysLeft?: number | null;
  previousValidUntil?: string | null;
}

export interface KeyRequestInput {
  allowedIps: string[];
  /** RFC 3339 or "now"; absent: 24 h from now. */
  expirePreviousAt?: string;
}

export interface Account {
  companyId: string;
  parentCompanyId: string | null;
  depth: number;
  names: string;
  documentNumber: string | null;
  webhooks: string[];
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface AccountUpdateInput {
  companyId?: string;
  names?: string;
  documentNumber?: string;
  webhooks?: string[];
}

export interface TreeNodeView {
  companyId: string;
  parentCompanyId: string | null;
  depth: number;
  names: string;
  active: boolean;
  createdHere: boolean;
  knownChildren: number;
  maxChildren: number;
  remainingSlots: number;
}

export interface AccountTreeView {
  nodes: TreeNodeView[];
  cachedAt: string;
}

export interface SubAccountCreateInput {
  parentCompanyId?: string;
  names: string;
  documentNumber?: string;
}

export interface SubAccountCreated {
  companyId: string;
  parentCompanyId: string;
  names: string;
  active: boolean;
  /** The new connection holding the sub-account's credentials. */
  connectionId: string;
  connectionName: string;
  /** The login name, when the reply carries it (the password never does). */
  user?: string | null;
}

type UntypedOp = (provider: string, connectionId: string, name: string, input: object) => Promise<unknown>;
function op<O>(connectionId: string, name: string, input: object): Promise<O> {
  return (api.op as unknown as UntypedOp)("undostres", connectionId, name, input) as Promise<O>;
}

export const ud = {
  keyStatus: (cid: string) => op<KeyStatus>(cid, "key.status", {}),
  keyRequest: (cid: string, input: KeyRequestInput) => op<KeyInfo>(cid, "key.request", input),
  accountGet: (cid: string, companyId?: string) => op<Account>(cid, "account.get", companyId ? { companyId } : {}),
  accountUpdate: (cid: string, input: AccountUpdateInput) => op<Account>(cid, "account.update", input),
  accountTree: (cid: string) => op<AccountTreeView>(cid, "account.tree", {}),
  subaccountCreate: (cid: string, input: SubAccountCreateInput) => op<SubAccountCreated>(cid, "subaccount.create", input),
};

export const PROVIDER = "undostres";
