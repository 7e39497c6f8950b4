// The UnDosTres operations this screen uses, through the typed `api.op`
// (names, inputs and outputs generated from the Rust registry in bindings.ts).
import { api } from "../../api";
import type { AccountUpdateInput, KeyRequestInput, SubAccountCreateInput } from "../../api";

export type {
  Account, AccountTreeView, AccountUpdateInput, ExpiryLevel as KeyLevel, KeyInfo, KeyRequestInput, KeyStatus,
  SubAccountCreated, TreeNodeView,
} from "../../api";

export const PROVIDER = "undostres";

export const ud = {
  /** Local: the key's public part and dates from the cache, nothing is sent. */
  keyStatus: (cid: string) => api.op(PROVIDER, cid, "key.status", {}),
  keyRequest: (cid: string, input: KeyRequestInput) => api.op(PROVIDER, cid, "key.request", input),
  accountGet: (cid: string, companyId?: string) => api.op(PROVIDER, cid, "account.get", companyId ? { companyId } : {}),
  accountUpdate: (cid: string, input: AccountUpdateInput) => api.op(PROVIDER, cid, "account.update", input),
  /** From the local cache plus a fresh read of the caller's own account. */
  accountTree: (cid: string) => api.op(PROVIDER, cid, "account.tree", {}),
  subaccountCreate: (cid: string, input: Omit<SubAccountCreateInput, "webhooks">) =>
    api.op(PROVIDER, cid, "subaccount.create", { webhooks: [], ...input }),
};
