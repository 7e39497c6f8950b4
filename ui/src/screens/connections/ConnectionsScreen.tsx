import { useState, type FormEvent } from "react";
import {
  api,
  fieldErrors,
  snakeKey,
  toApiError,
  type Connection,
  type ConnectionInput,
  type ConnectionTest,
  type ProviderInfo,
} from "../../api";
import { useSubmit } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useApp, useProviderLabel } from "../../state/app";
import { useToasts } from "../../state/toasts";
import { Badge, ConfirmDialog, Dialog, Empty, Field, FieldGroup, Spinner } from "../../components/ui";
import { AdvancedSettings, settingsChanged, settingsJson, settingValues } from "./AdvancedSettings";

/** The secret fields a provider's connection needs (from the Rust provider
 *  list, via app_info). Values are write-only: the UI never receives them. */
export function secretFieldsOf(providers: ProviderInfo[], id: string): string[] {
  return providers.find((p) => p.id === id)?.secretFields ?? [];
}

/** A secret field's label: translated when known, else its own name. */
function secretLabel(t: (k: MessageKey) => string, field: string): string {
  const key = `conn.secretField.${field}` as MessageKey;
  const label = t(key);
  return label === key ? field : label;
}

type TestState = { busy: true } | { busy: false; result: ConnectionTest };

/** Scheme, host and port of an http(s) URL; null when it does not parse. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : null;
  } catch {
    return null;
  }
}

export function ConnectionsScreen() {
  const { t } = useI18n();
  const { connections, connectionsLoading, reloadConnections } = useApp();
  const providerLabel = useProviderLabel();
  const toasts = useToasts();
  const [editing, setEditing] = useState<Connection | "new" | null>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [tests, setTests] = useState<Record<string, TestState>>({});

  const test = async (c: Connection) => {
    setTests((s) => ({ ...s, [c.id]: { busy: true } }));
    try {
      const result = await api.connectionsTest(c.id);
      setTests((s) => ({ ...s, [c.id]: { busy: false, result } }));
      if (!result.ok && result.error) toasts.error(result.error);
    } catch (e) {
      const err = toApiError(e);
      setTests((s) => ({ ...s, [c.id]: { busy: false, result: { ok: false, message: err.message, latencyMs: 0, error: err } } }));
      toasts.error(err);
    }
  };

  const remove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    try {
      await api.connectionsRemove(removing.id);
      toasts.success(t("conn.removed"));
      setRemoving(null);
      await reloadConnections();
    } catch (e) {
      toasts.error(toApiError(e));
    } finally {
      setRemoveBusy(false);
    }
  };

  const secretLabel = (c: Connection) => t(`conn.secret.${c.secret}` as MessageKey);

  return (
    <section className="screen">
      <div className="screen-head">
        <h1>{t("conn.title")}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setEditing("new")} data-testid="connection-add-button">
          + {t("conn.add")}
        </button>
      </div>
      {connectionsLoading && connections.length === 0 ? (
        <Spinner />
      ) : connections.length === 0 ? (
        <Empty>{t("conn.empty")}</Empty>
      ) : (
        <table className="table card">
          <thead>
            <tr>
              <th>{t("conn.name")}</th>
              <th>{t("conn.provider")}</th>
              <th>{t("conn.baseUrl")}</th>
              <th>{t("conn.secret")}</th>
              <th aria-label="actions" />
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => {
              const ts = tests[c.id];
              return (
                <tr key={c.id} data-testid="connection-row">
                  <td>
                    <span className="strong">{c.name}</span>{" "}
                    {c.sandbox && (
                      <Badge tone="sandbox" testId="sandbox-badge">
                        {t("badge.sandbox")}
                      </Badge>
                    )}
                  </td>
                  <td>{providerLabel(c.provider)}</td>
                  <td className="mono small ellipsis-cell" title={c.baseUrl}>
                    {c.baseUrl}
                  </td>
                  <td>
                    <Badge tone={c.secret === "stored" ? "ok" : c.secret === "memory" ? "warn" : "error"} testId="connection-secret">
                      {secretLabel(c)}
                    </Badge>
                  </td>
                  <td className="row-actions">
                    {ts && (
                      <span
                        className={`test-result ${ts.busy ? "" : ts.result.ok ? "ok" : "bad"}`}
                        data-testid="connection-test-result"
                        role="status"
                      >
                        {ts.busy ? t("conn.testing") : ts.result.ok ? t("conn.testOk", { ms: ts.result.latencyMs }) : ts.result.message}
                      </span>
                    )}
                    <button type="button" className="btn btn-sm" onClick={() => test(c)} disabled={ts?.busy} data-testid="connection-test-button">
                      {t("conn.test")}
                    </button>
                    <button type="button" className="btn btn-sm" onClick={() => setEditing(c)} data-testid="connection-edit-button">
                      {t("conn.edit")}
                    </button>
                    <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setRemoving(c)} data-testid="connection-remove-button">
                      {t("conn.remove")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && (
        <ConnectionForm
          existing={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reloadConnections();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t("conn.removeTitle")}
          text={t("conn.removeText", { name: removing.name })}
          confirmLabel={t("conn.remove")}
          busy={removeBusy}
          onCancel={() => setRemoving(null)}
          onConfirm={remove}
        />
      )}
    </section>
  );
}

export function ConnectionForm({
  existing,
  onClose,
  onSaved,
}: {
  existing: Connection | null;
  onClose: () => void;
  onSaved: () => void | Promise<void>;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const providers = useApp().info?.providers ?? [];
  const [name, setName] = useState(existing?.name ?? "");
  const [provider, setProvider] = useState<string>(existing?.provider ?? providers[0]?.id ?? "");
  const fields = secretFieldsOf(providers, provider);
  const settingFields = providers.find((p) => p.id === provider)?.settingFields ?? [];
  // Shown from the connection's stored settings (non-secret); only a change is sent.
  const [storedSettings] = useState(() =>
    settingValues(providers.find((p) => p.id === existing?.provider)?.settingFields ?? [], existing?.settings),
  );
  const [settings, setSettings] = useState<Record<string, string>>(storedSettings);
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "");
  // Secrets always start blank: the UI never has them. On edit, blank means "keep".
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const { busy, error, run } = useSubmit();
  const errs = fieldErrors(error, lang);
  // Like the service: a new scheme, host or port means every secret again,
  // so the stored ones never go to the new host unasked.
  const newOrigin = originOf(baseUrl);
  const hostChanged = Boolean(existing && !existing.sandbox && newOrigin && newOrigin !== originOf(existing.baseUrl));
  const secretErr = (k: string) =>
    (hostChanged && missing.includes(k) ? t("conn.secretRequiredHost") : undefined) ??
    errs[k] ??
    errs[`secrets.${k}`] ??
    errs[snakeKey(`secrets_${k}`)];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const filled = Object.fromEntries(
      fields.filter((k) => (secrets[k] ?? "") !== "").map((k) => [k, secrets[k]!]),
    );
    const blank = fields.filter((k) => !(k in filled));
    setMissing(blank);
    if (hostChanged && blank.length > 0) return;
    const input: ConnectionInput = { name: name.trim(), provider, baseUrl: baseUrl.trim() };
    if (!existing || hostChanged || Object.keys(filled).length > 0) input.secrets = filled;
    const nextSettings = settingsJson(settingFields, existing?.settings, settings);
    if (existing ? settingsChanged(settingFields, storedSettings, settings) : Object.keys(nextSettings).length > 0) {
      input.settings = nextSettings;
    }
    await run(async () => {
      if (existing) await api.connectionsUpdate(existing.id, input);
      else await api.connectionsAdd(input);
      toasts.success(t("conn.saved"));
      await onSaved();
    }, { staysBusy: true });
  };

  return (
    <Dialog title={existing ? t("conn.editTitle") : t("conn.addTitle")} onClose={onClose} testId="connection-dialog">
      <form className="form" onSubmit={submit} noValidate autoComplete="off">
        <Field name="name" label={t("conn.name")} error={errs.name}>
          {(p) => <input {...p} data-testid="conn-name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field name="provider" label={t("conn.provider")} error={errs.provider}>
          {(p) => (
            <select {...p} data-testid="conn-provider" value={provider} onChange={(e) => setProvider(e.target.value)} disabled={Boolean(existing)}>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="base_url" label={t("conn.baseUrl")} error={errs.base_url ?? errs.url}>
          {(p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              spellCheck={false}
              placeholder="https://"
              data-testid="conn-base-url"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          )}
        </Field>
        <FieldGroup className="secrets" title={t("conn.secretsTitle")}>
          {hostChanged ? (
            <p className="field-error" role="status" data-testid="conn-secrets-host-changed">
              {t("conn.secretsHostChanged")}
            </p>
          ) : (
            <p className="muted small">{existing ? t("conn.secretsKeep") : t("conn.secretsNever")}</p>
          )}
          {errs.secrets && (
            <p className="field-error" data-testid="field-error-secrets">
              {errs.secrets}
            </p>
          )}
          {fields.map((k) => (
            <Field key={k} name={k} label={secretLabel(t, k)} error={secretErr(k)}>
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="new-password"
                  spellCheck={false}
                  data-testid={`conn-secret-${k}`}
                  value={secrets[k] ?? ""}
                  required={!existing || hostChanged}
                  placeholder={existing && !hostChanged ? "••••••••" : ""}
                  onChange={(e) => setSecrets((s) => ({ ...s, [k]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </FieldGroup>
        <AdvancedSettings
          provider={provider}
          fields={settingFields}
          values={settings}
          errs={errs}
          onChange={(k, v) => setSettings((s) => ({ ...s, [k]: v }))}
        />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="conn-save">
            {busy ? t("common.loading") : t("common.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
