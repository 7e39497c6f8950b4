import { useState, type FormEvent } from "react";
import { fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Dialog, Field, OutcomeUnknown } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useToasts } from "../../state/toasts";
import { dc, type ClientUpdateInput } from "./api";
import { TypePicker, useCatalogs } from "./catalogs";
import { text, typeRow, type ClientRow } from "./rows";

/** The four PII fields DynamiCore's create and update take (#5, #6): form key → input key. */
const PII_FIELDS = [
  ["first_name", "firstName", "firstname"],
  ["last_name", "lastName", "lastname"],
  ["rfc", "rfc", "rfc"],
  ["email", "email", "email"],
] as const;
type PiiKey = (typeof PII_FIELDS)[number][0];
type Pii = Record<PiiKey, string>;

const EMPTY: Pii = { first_name: "", last_name: "", rfc: "", email: "" };

function PiiInputs({ values, onChange, errors }: { values: Pii; onChange: (k: PiiKey, v: string) => void; errors: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <>
      {PII_FIELDS.map(([k]) => (
        <Field key={k} name={k} label={t(`dc.pii.${k}` as MessageKey)} error={errors[k]} hint={k === "rfc" ? t("dc.pii.rfcHint") : undefined}>
          {(p) => (
            <input
              {...p}
              type={k === "email" ? "email" : "text"}
              autoComplete="off"
              value={values[k]}
              onChange={(e) => onChange(k, k === "rfc" ? e.target.value.toUpperCase() : e.target.value)}
              data-testid={`client-${k}`}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/** #5: a new client of a client type. */
export function CreateClientDialog({ connectionId, onClose, onCreated }: { connectionId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const { clientTypes } = useCatalogs();
  const types = (clientTypes.data?.data ?? []).map(typeRow);
  const [clientType, setClientType] = useState("");
  const [values, setValues] = useState<Pii>(EMPTY);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    await run(
      async () => {
        const out = await dc.clientCreate(connectionId, {
          clientType: clientType.trim(),
          firstName: values.first_name.trim(),
          lastName: values.last_name.trim(),
          rfc: values.rfc.trim(),
          email: values.email.trim(),
        });
        const id = text((out.data[0] as { id?: unknown } | undefined)?.id);
        toasts.success(t("dc.client.created", { id: id || "?" }));
        onCreated(id);
      },
      { staysBusy: true },
    );
  };

  return (
    <Dialog title={t("dc.client.new")} onClose={onClose} testId="client-create-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <Field name="client_type" label={t("dc.client.type")} error={errors.client_type}>
          {(p) => <TypePicker field={p} types={types} value={clientType} onChange={setClientType} testId="client-type" />}
        </Field>
        <PiiInputs values={values} onChange={(k, v) => setValues((cur) => ({ ...cur, [k]: v }))} errors={errors} />
        <OutcomeUnknown error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="client-create-submit">
            {busy ? t("common.loading") : t("dc.client.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** #6: the client's PII, only what changed is sent. Stays open with the errors when refused. */
export function EditPiiForm({ connectionId, client, onCancel, onSaved }: { connectionId: string; client: ClientRow; onCancel: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const start: Pii = { first_name: client.firstName, last_name: client.lastName, rfc: client.rfc, email: client.email };
  const [values, setValues] = useState<Pii>(start);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const input: ClientUpdateInput = { id: client.id };
    for (const [k, key] of PII_FIELDS) {
      if (values[k].trim() !== start[k].trim()) input[key] = values[k].trim();
    }
    if (Object.keys(input).length === 1) {
      toasts.info(t("common.nothingChanged"));
      return;
    }
    await run(async () => {
      await dc.clientUpdate(connectionId, input);
      toasts.success(t("dc.client.saved"));
      onSaved();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="pii-form">
      <div className="form-grid">
        <PiiInputs values={values} onChange={(k, v) => setValues((cur) => ({ ...cur, [k]: v }))} errors={errors} />
      </div>
      {errors.id && <div className="field-error">{errors.id}</div>}
      <OutcomeUnknown error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="pii-save">
          {busy ? t("common.loading") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
