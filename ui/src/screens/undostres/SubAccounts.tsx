import { useState, type FormEvent, type KeyboardEvent } from "react";
import { api, fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Badge, Dialog, Empty, ErrorState, Field, OutcomeUnknown, Spinner } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import { useApp } from "../../state/app";
import { useToasts } from "../../state/toasts";
import type { AsyncState } from "../../state/useAsync";
import { ud, type AccountTreeView, type SubAccountCreated, type TreeNodeView } from "./api";
import { buildTree, MAX_DEPTH, type TreeBranch } from "./keys";
import type { KeyTarget } from "./KeyWizard";

/**
 * The sub-account tree as this app knows it (UNDOSTRES 2.3 lists no
 * children: it comes from the local cache), with each node's free slots.
 * Picking a node shows its company data; "+" creates a sub-account under it.
 */
export function SubAccountTree({
  connection,
  tree,
  selected,
  onSelect,
  onFirstKey,
}: {
  connection: KeyTarget;
  tree: AsyncState<AccountTreeView>;
  selected?: string;
  onSelect: (companyId: string) => void;
  onFirstKey: (target: KeyTarget) => void;
}) {
  const { t, locale } = useI18n();
  const [creatingUnder, setCreatingUnder] = useState<TreeNodeView | null>(null);
  const branches = tree.data ? buildTree(tree.data.nodes) : [];
  return (
    <div className="card" data-testid="subaccount-tree">
      <div className="card-head">
        <h2 className="section-title">{t("ud.tree.title")}</h2>
      </div>
      {tree.loading && !tree.data ? (
        <Spinner />
      ) : tree.error && !tree.data ? (
        <ErrorState error={tree.error} onRetry={tree.reload} />
      ) : !branches.length ? (
        <Empty testId="subaccount-tree-empty">{t("ud.tree.empty")}</Empty>
      ) : (
        <>
          <ul className="tree ud-tree" role="tree" aria-label={t("ud.tree.title")} onKeyDown={moveFocus}>
            {branches.map((b) => (
              <TreeItem key={b.node.companyId} branch={b} selected={selected} onSelect={onSelect} onCreate={setCreatingUnder} />
            ))}
          </ul>
          <p className="muted small ud-cache-note" data-testid="subaccount-cache-note">
            {t("ud.tree.cacheNote", { when: tree.data ? formatDateText(tree.data.cachedAt, locale) : "" })}
          </p>
        </>
      )}
      {creatingUnder && (
        <CreateSubAccount
          connection={connection}
          parent={creatingUnder}
          onClose={() => setCreatingUnder(null)}
          onCreated={tree.reload}
          onFirstKey={(target) => {
            setCreatingUnder(null);
            onFirstKey(target);
          }}
        />
      )}
    </div>
  );
}

/** Up/Down move between the tree's node buttons (Tab still walks every control). */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const links = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(".tree-link"));
  const i = links.indexOf(document.activeElement as HTMLElement);
  if (i < 0) return;
  e.preventDefault();
  links[Math.max(0, Math.min(links.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
}

function TreeItem({ branch, selected, onSelect, onCreate }: { branch: TreeBranch; selected?: string; onSelect: (id: string) => void; onCreate: (n: TreeNodeView) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(true);
  const { node, children } = branch;
  const canHave = node.depth < MAX_DEPTH;
  const slots = !canHave ? t("ud.tree.maxDepth") : node.remainingSlots > 0 ? t("ud.tree.slots", { n: node.remainingSlots, max: node.maxChildren }) : t("ud.tree.noSlots");
  return (
    <li role="treeitem" aria-expanded={children.length ? open : undefined} aria-selected={selected === node.companyId} data-testid="subaccount-node">
      <div className="tree-row">
        {children.length ? (
          <button
            type="button"
            className="tree-toggle"
            aria-label={open ? t("ud.tree.collapse") : t("ud.tree.expand")}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
            onKeyDown={(e) => {
              if (e.key === "ArrowLeft" && open) setOpen(false);
              if (e.key === "ArrowRight" && !open) setOpen(true);
            }}
          >
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="tree-toggle-spacer" />
        )}
        <button
          type="button"
          className={`tree-link${selected === node.companyId ? " ud-selected" : ""}`}
          onClick={() => onSelect(node.companyId)}
          onKeyDown={(e) => {
            if (e.key === "ArrowLeft" && children.length && open) setOpen(false);
            if (e.key === "ArrowRight" && children.length && !open) setOpen(true);
          }}
          data-testid="subaccount-open"
        >
          <span className="strong">{node.names || node.companyId}</span>
          <code className="muted small">{node.companyId}</code>
        </button>
        <Badge tone={node.active ? "ok" : "neutral"}>{node.active ? t("ud.accountActive") : t("ud.accountInactive")}</Badge>
        {node.createdHere && <span className="muted small">{t("ud.tree.createdHere")}</span>}
      </div>
      <div className="tree-row ud-node-meta">
        <span className="muted small" data-testid="subaccount-slots">
          {slots}
        </span>
        {canHave && node.remainingSlots > 0 && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => onCreate(node)}
            aria-label={t("ud.tree.createUnder", { name: node.names || node.companyId })}
            title={t("ud.tree.createUnder", { name: node.names || node.companyId })}
            data-testid="subaccount-create"
          >
            + {t("ud.tree.create")}
          </button>
        )}
      </div>
      {children.length > 0 && open && (
        <ul role="group">
          {children.map((c) => (
            <TreeItem key={c.node.companyId} branch={c} selected={selected} onSelect={onSelect} onCreate={onCreate} />
          ))}
        </ul>
      )}
    </li>
  );
}

function CreateSubAccount({
  connection,
  parent,
  onClose,
  onCreated,
  onFirstKey,
}: {
  connection: KeyTarget;
  parent: TreeNodeView;
  onClose: () => void;
  onCreated: () => void;
  onFirstKey: (target: KeyTarget) => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const { reloadConnections, setActiveId } = useApp();
  const [names, setNames] = useState("");
  const [documentNumber, setDocumentNumber] = useState("");
  const [created, setCreated] = useState<SubAccountCreated | null>(null);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);
  const parentName = parent.names || parent.companyId;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      const made = await ud.subaccountCreate(connection.id, {
        parentCompanyId: parent.companyId,
        names: names.trim(),
        documentNumber: documentNumber.trim() || undefined,
      });
      setCreated(made);
      toasts.success(t("ud.sub.created", { name: made.names }));
      onCreated();
      // The sub-account's connection now exists: list it everywhere, while
      // this screen stays on the parent's connection (the new one may sort first).
      setActiveId(connection.id);
      void reloadConnections();
    });
  };

  return (
    <Dialog title={t("ud.sub.title", { name: parentName })} onClose={onClose} wide testId="subaccount-dialog">
      {created ? (
        <Created created={created} onClose={onClose} onFirstKey={onFirstKey} />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="muted small">{t("ud.sub.help")}</p>
          {errors.parent_company_id && (
            <div className="field-error" data-testid="field-error-parent_company_id">
              {errors.parent_company_id}
            </div>
          )}
          <Field name="names" label={t("ud.account.names")} error={errors.names}>
            {(p) => <input {...p} value={names} onChange={(e) => setNames(e.target.value)} data-testid="subaccount-names" />}
          </Field>
          <Field name="document_number" label={t("ud.account.document")} error={errors.document_number}>
            {(p) => <input {...p} value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} data-testid="subaccount-document" />}
          </Field>
          <OutcomeUnknown error={error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose} disabled={busy}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy || !names.trim()} data-testid="subaccount-submit">
              {busy ? t("common.loading") : t("ud.sub.submit")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/**
 * The new sub-account, once, with copy buttons for its user and password:
 * both stay in the new connection's keychain entry and `copy_secret` copies
 * them to the clipboard in Rust, so neither ever reaches this page.
 */
function Created({ created, onClose, onFirstKey }: { created: SubAccountCreated; onClose: () => void; onFirstKey: (target: KeyTarget) => void }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const { busy, run } = useSubmit();
  const copy = (field: "user" | "password") =>
    run(async () => {
      await api.copySecret(created.connectionId, field);
      toasts.success(t("ud.sub.copied"));
    });
  return (
    <div className="form" data-testid="subaccount-created" data-connection-id={created.connectionId}>
      <p className="strong">{t("ud.sub.created", { name: created.names })}</p>
      <dl className="facts ud-facts">
        <div>
          <dt>{t("ud.account.companyId")}</dt>
          <dd>
            <code>{created.companyId}</code>
          </dd>
        </div>
        <div>
          <dt>{t("ud.sub.connection")}</dt>
          <dd data-testid="subaccount-connection">{created.connectionName}</dd>
        </div>
        <div>
          <dt>{t("ud.sub.user")}</dt>
          <dd className="muted" data-testid="subaccount-user">{t("ud.sub.inKeychain")}</dd>
        </div>
        <div>
          <dt>{t("ud.sub.password")}</dt>
          <dd className="muted">{t("ud.sub.inKeychain")}</dd>
        </div>
      </dl>
      <div className="row-actions left">
        <button type="button" className="btn btn-sm" onClick={() => copy("user")} disabled={busy} data-testid="subaccount-copy-user">
          {t("ud.sub.copyUser")}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => copy("password")} disabled={busy} data-testid="subaccount-copy-password">
          {t("ud.sub.copyPassword")}
        </button>
      </div>
      {!created.active && <p className="note">{t("ud.sub.inactive")}</p>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t("common.close")}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onFirstKey({ id: created.connectionId, name: created.connectionName })} data-testid="subaccount-first-key">
          {t("ud.sub.firstKey")}
        </button>
      </div>
    </div>
  );
}
