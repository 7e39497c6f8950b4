import { useState, type FormEvent } from "react";
import { fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Dialog, Empty, ErrorState, Field, OutcomeUnknown, Spinner } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import type { AsyncState } from "../../state/useAsync";
import { dc, type Listing } from "./api";
import { useCatalogs } from "./catalogs";
import { typeRow } from "./rows";

type Kind = "client" | "product";

/** Client and product types: their catalogs (DYNAMICORE 1.3 #3, #4) and a new one (#1, #2). */
export function TypesPanel({ connectionId }: { connectionId: string }) {
  const { clientTypes, productTypes } = useCatalogs();
  return (
    <div className="dc-columns">
      <TypeCatalog kind="client" connectionId={connectionId} q={clientTypes} />
      <TypeCatalog kind="product" connectionId={connectionId} q={productTypes} />
    </div>
  );
}

function TypeCatalog({ kind, connectionId, q }: { kind: Kind; connectionId: string; q: AsyncState<Listing> }) {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const rows = (q.data?.data ?? []).map(typeRow);
  return (
    <div className="card" data-testid={`types-${kind}`}>
      <div className="card-head">
        <h2 className="section-title">{kind === "client" ? t("dc.types.client") : t("dc.types.product")}</h2>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-sm" onClick={q.reload}>
          {t("common.refresh")}
        </button>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid={`type-create-${kind}`}>
          + {t("dc.types.new")}
        </button>
      </div>
      {q.loading && !q.data ? (
        <Spinner />
      ) : q.error && !q.data ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : !rows.length ? (
        <Empty>{t("dc.types.empty")}</Empty>
      ) : (
        <ul className="plain dc-types">
          {rows.map((r) => (
            <li key={r.id} className="subcard" data-testid="type-row">
              <div className="strong">
                {r.name} <span className="muted small">#{r.id}</span>
              </div>
              {r.description && <div className="muted small">{r.description}</div>}
              <div className="badges">
                {r.template.length ? (
                  r.template.map((f) => (
                    <code key={f} className="chip small">
                      {f}
                    </code>
                  ))
                ) : (
                  <span className="muted small">{t("dc.types.noTemplate")}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <TypeDialog
          kind={kind}
          connectionId={connectionId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            q.reload();
          }}
        />
      )}
    </div>
  );
}

function TypeDialog({ kind, connectionId, onClose, onCreated }: { kind: Kind; connectionId: string; onClose: () => void; onCreated: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [template, setTemplate] = useState("");
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const input = {
      name: name.trim(),
      description: description.trim() || undefined,
      template: template
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    await run(
      async () => {
        await (kind === "client" ? dc.typeCreateClient(connectionId, input) : dc.typeCreateProduct(connectionId, input));
        toasts.success(t("dc.types.created", { name: input.name }));
        onCreated();
      },
      { staysBusy: true },
    );
  };
  return (
    <Dialog title={kind === "client" ? t("dc.types.newClient") : t("dc.types.newProduct")} onClose={onClose} testId="type-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <Field name="name" label={t("dc.types.name")} error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} data-testid="type-name" />}
        </Field>
        <Field name="description" label={t("dc.types.description")} error={errors.description}>
          {(p) => <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="type-description" />}
        </Field>
        <Field name="template" label={t("dc.types.template")} error={errors.template} hint={t("dc.types.templateHint")}>
          {(p) => <textarea {...p} rows={3} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="type-template" />}
        </Field>
        <OutcomeUnknown error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="type-submit">
            {busy ? t("common.loading") : t("dc.types.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
