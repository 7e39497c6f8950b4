import { useCallback, useMemo, useState, type FormEvent } from "react";
import { api, fieldErrors, type Connection, type Template, type TemplateField } from "../../api";
import { useSubmit } from "../../components/hooks";
import { useApp } from "../../state/app";
import { useI18n } from "../../i18n/I18n";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Badge, Dialog, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { ErrorReasons } from "../envelopes/shared";

export function TemplatesScreen({ onGoConnections }: { onGoConnections: () => void }) {
  const { active, connectionsLoading } = useApp();
  const { t } = useI18n();
  if (!active) {
    if (connectionsLoading) return null;
    return (
      <section className="screen">
        <h1>{t("tpl.title")}</h1>
        <Empty>
          <p>{t("env.noConnection")}</p>
          <button type="button" className="btn btn-primary" onClick={onGoConnections}>
            {t("common.goToConnections")}
          </button>
        </Empty>
      </section>
    );
  }
  return <Templates key={active.id} connection={active} />;
}

interface Row {
  name: string;
  value: string;
}

function Templates({ connection }: { connection: Connection }) {
  const { t, locale } = useI18n();
  const cid = connection.id;
  const templates = useAsync(useCallback(() => api.op("signio", cid, "template.list", {}), [cid]));
  const [using, setUsing] = useState<Template | null>(null);

  return (
    <section className="screen">
      <div className="screen-head">
        <h1>{t("tpl.title")}</h1>
        <button type="button" className="btn btn-ghost btn-sm" onClick={templates.reload}>
          {t("common.refresh")}
        </button>
      </div>
      <div className="card">
        {templates.loading && !templates.data ? (
          <Spinner />
        ) : templates.error && !templates.data ? (
          <ErrorState error={templates.error} onRetry={templates.reload} />
        ) : !templates.data?.length ? (
          <Empty testId="templates-empty">{t("tpl.empty")}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("tpl.name")}</th>
                <th>{t("tpl.type")}</th>
                <th>{t("tpl.status")}</th>
                <th>{t("tpl.roles")}</th>
                <th>{t("tpl.created")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {templates.data.map((tp) => (
                <tr key={tp.id} data-testid="template-row">
                  <td className="num muted">{tp.id}</td>
                  <td>
                    <div className="strong">{tp.name}</div>
                    {tp.description && <div className="muted small">{tp.description}</div>}
                  </td>
                  <td>
                    <span title={tp.kind}>{tp.kind === "PLL" ? t("tpl.kind.PLL") : tp.kind === "XFORM" ? t("tpl.kind.XFORM") : tp.kind}</span>
                    {tp.protected && (
                      <>
                        {" "}
                        <Badge tone="warn">{t("tpl.protected")}</Badge>
                      </>
                    )}
                  </td>
                  <td>
                    <Badge tone={tp.active ? "ok" : "neutral"}>{tp.active ? t("tpl.active") : t("tpl.inactive")}</Badge>
                  </td>
                  <td>{tp.roles.length ? tp.roles.join(", ") : t("common.none")}</td>
                  <td className="muted small nowrap">{tp.createdAt ? formatDateText(tp.createdAt, locale) : ""}</td>
                  <td className="right">
                    <button type="button" className="btn btn-sm" onClick={() => setUsing(tp)} disabled={!tp.active} title={tp.active ? undefined : t("tpl.inactiveHelp")} data-testid="template-use-button">
                      {t("tpl.use")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <EnvelopeFields connection={connection} />
      {using && <UseTemplateDialog connection={connection} template={using} onClose={() => setUsing(null)} />}
    </section>
  );
}

/** Draft envelopes to pick from (templates can only be added while drafting). */
function DraftPicker({ connection, value, onChange, testId, all }: { connection: Connection; value: string; onChange: (id: string) => void; testId: string; all?: boolean }) {
  const { t } = useI18n();
  const list = useAsync(useCallback(() => api.op("signio", connection.id, "envelope.list", { status: all ? undefined : "draft" }), [connection.id, all]));
  return (
    <div className="field">
      <label htmlFor={testId}>{all ? t("tpl.envelope") : t("tpl.draftEnvelope")}</label>
      <select id={testId} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{list.loading ? t("common.loading") : t("common.select")}</option>
        {(list.data ?? []).map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
      {list.data && list.data.length === 0 && <div className="field-hint">{all ? t("env.empty") : t("tpl.noDrafts")}</div>}
    </div>
  );
}

function FieldRows({ rows, setRows, errors }: { rows: Row[]; setRows: (r: Row[]) => void; errors: Record<string, string> }) {
  const { t } = useI18n();
  const set = (i: number, p: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...p } : r)));
  return (
    <div className="form">
      {rows.map((r, i) => (
        <div key={i} className="kv-row" data-testid="template-field-input">
          <input aria-label={t("tpl.fieldName")} placeholder={t("tpl.fieldName")} value={r.name} onChange={(e) => set(i, { name: e.target.value })} data-testid="template-field-name" />
          <input aria-label={t("tpl.fieldValue")} placeholder={t("tpl.fieldValue")} value={r.value} onChange={(e) => set(i, { value: e.target.value })} data-testid="template-field-value" />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={t("upload.remove")}>
            ×
          </button>
        </div>
      ))}
      {errors.fields && <div className="field-error" data-testid="field-error-fields">{errors.fields}</div>}
      <div>
        <button type="button" className="btn btn-sm" onClick={() => setRows([...rows, { name: "", value: "" }])} data-testid="template-field-add">
          + {t("tpl.addField")}
        </button>
      </div>
    </div>
  );
}

function toFields(rows: Row[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.name.trim()) out[r.name.trim()] = r.value;
  return out;
}

function UseTemplateDialog({ connection, template, onClose }: { connection: Connection; template: Template; onClose: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [envelopeId, setEnvelopeId] = useState("");
  const [rows, setRows] = useState<Row[]>(() => template.roles.length ? [] : [{ name: "", value: "" }]);
  const { busy, error, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!envelopeId || busy) return;
    await run(async () => {
      const doc = await api.op("signio", connection.id, "template.use", { envelopeId, templateId: template.id, fields: toFields(rows) });
      toasts.success(t("tpl.used", { name: doc.name }));
      onClose();
    }, { staysBusy: true });
  };
  return (
    <Dialog title={t("tpl.useTitle", { name: template.name })} onClose={onClose} wide testId="template-use-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <DraftPicker connection={connection} value={envelopeId} onChange={setEnvelopeId} testId="template-envelope-select" />
        <p className="muted small">{t("tpl.fieldsHelp")}</p>
        <FieldRows rows={rows} setRows={setRows} errors={fieldErrors(error, lang)} />
        <p className="muted small">{t("tpl.attachmentNote")}</p>
        {error && <ErrorReasons error={error} />}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!envelopeId || busy} data-testid="template-use-submit">
            {busy ? t("common.loading") : t("tpl.use")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EnvelopeFields({ connection }: { connection: Connection }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const [envelopeId, setEnvelopeId] = useState("");
  const [tick, setTick] = useState(0);
  const loadFields = useMemo(() => {
    void tick;
    return envelopeId ? () => api.op("signio", connection.id, "template.fields", { envelopeId }) : null;
  }, [connection.id, envelopeId, tick]);
  const fields = useAsync<TemplateField[]>(loadFields);
  const detail = useAsync(useMemo(() => (envelopeId ? () => api.op("signio", connection.id, "envelope.get", { envelopeId }) : null), [connection.id, envelopeId]));
  const [documentId, setDocumentId] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, run } = useSubmit();

  const update = async (e: FormEvent) => {
    e.preventDefault();
    if (!documentId || busy) return;
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => (fields.data ?? []).find((f) => f.name === k)?.value !== v));
    if (!Object.keys(changed).length) {
      toasts.info(t("common.nothingChanged"));
      return;
    }
    await run(async () => {
      await api.op("signio", connection.id, "template.update", { envelopeId, documentId, fields: changed });
      toasts.success(t("tpl.updated"));
      setValues({});
      setTick((n) => n + 1);
    });
  };

  return (
    <div className="card">
      <h2 className="section-title">{t("tpl.envelopeFields")}</h2>
      <p className="muted small">{t("tpl.envelopeFieldsHelp")}</p>
      <DraftPicker
        connection={connection}
        value={envelopeId}
        onChange={(id) => {
          setEnvelopeId(id);
          setDocumentId("");
          setValues({});
        }}
        testId="template-fields-envelope"
        all
      />
      {envelopeId &&
        (fields.loading && !fields.data ? (
          <Spinner />
        ) : fields.error ? (
          <ErrorState error={fields.error} onRetry={() => setTick((n) => n + 1)} />
        ) : !fields.data?.length ? (
          <Empty testId="template-fields-empty">{t("tpl.noFields")}</Empty>
        ) : (
          <form className="form" onSubmit={update} noValidate>
            <table className="table">
              <thead>
                <tr>
                  <th>{t("tpl.fieldName")}</th>
                  <th>{t("tpl.fieldKind")}</th>
                  <th>{t("tpl.fieldValue")}</th>
                </tr>
              </thead>
              <tbody>
                {fields.data.map((f) => (
                  <tr key={f.name} data-testid="template-field-row">
                    <td>
                      <div className="strong">{f.label ?? f.name}</div>
                      {f.label && <code className="muted small">{f.name}</code>}
                    </td>
                    <td className="muted">{f.kind ?? ""}</td>
                    <td>
                      <input
                        aria-label={f.label ?? f.name}
                        value={values[f.name] ?? f.value ?? ""}
                        onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                        data-testid="template-field-edit"
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="field">
              <label htmlFor="template-update-document">{t("tpl.document")}</label>
              <select id="template-update-document" data-testid="template-update-document" value={documentId} onChange={(e) => setDocumentId(e.target.value)}>
                <option value="">{t("common.select")}</option>
                {(detail.data?.documents ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            {error && <ErrorReasons error={error} />}
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={!documentId || busy} data-testid="template-update-submit">
                {busy ? t("common.loading") : t("tpl.update")}
              </button>
            </div>
          </form>
        ))}
    </div>
  );
}
