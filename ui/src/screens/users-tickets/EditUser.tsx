import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import {
  api,
  fieldErrors,
  toApiError,
  type ApiError,
  type CatalogEntry,
  type Connection,
  type DroppedFile,
  type User,
  type UserEdit,
} from "../../api";
import { useNativeDrops } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Dialog, Empty, ErrorState, Field, Spinner } from "../../components/ui";
import { formatBytes, formatMs } from "../../components/format";
import { useCatalog } from "./catalog";

type TextKey = "first_name" | "last_name" | "email" | "mobile";
type PickKey = "language" | "default_leg" | "country_code";

interface FormState {
  first_name: string;
  last_name: string;
  email: string;
  mobile: string;
  language: string;
  default_leg: string;
  country_code: string;
  password: string;
  token: string;
}

function initial(u: User): FormState {
  return {
    first_name: u.firstName,
    last_name: u.lastName,
    email: u.email,
    mobile: u.mobile,
    language: u.language,
    default_leg: u.defaultLeg,
    country_code: u.countryCode,
    password: "",
    token: "",
  };
}

/** Only what changed; the token rides along when given. The new picture goes apart, by its drop token. */
export function buildEdit(user: User, f: FormState): UserEdit {
  const edit: UserEdit = {};
  const changed = (a: string, b: string) => a.trim() !== b.trim();
  if (changed(f.first_name, user.firstName)) edit.firstName = f.first_name.trim();
  if (changed(f.last_name, user.lastName)) edit.lastName = f.last_name.trim();
  if (changed(f.email, user.email)) edit.email = f.email.trim();
  if (changed(f.mobile, user.mobile)) edit.mobile = f.mobile.trim();
  if (f.language !== user.language) edit.language = f.language;
  if (f.default_leg !== user.defaultLeg) edit.defaultLeg = f.default_leg;
  if (f.country_code !== user.countryCode) edit.countryCode = f.country_code;
  if (f.password) edit.password = f.password;
  return edit;
}

export function EditUser({
  connection,
  user,
  onClose,
  onSaved,
}: {
  connection: Connection;
  user: User;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [form, setForm] = useState<FormState>(() => initial(user));
  const [image, setImage] = useState<DroppedFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [needToken, setNeedToken] = useState(user.requestTokenOnEdit);
  const [outboxTick, setOutboxTick] = useState(0);
  const errs = fieldErrors(error, lang);
  const catalogs = {
    language: useCatalog(connection.id, "locales"),
    default_leg: useCatalog(connection.id, "legs"),
    country_code: useCatalog(connection.id, "countries"),
  };

  const set = (k: keyof FormState, v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const edit = buildEdit(user, form);
    if (Object.keys(edit).length === 0 && !image) {
      toasts.info(t("common.nothingChanged"));
      return;
    }
    if (form.token.trim()) edit.token = form.token.trim();
    setBusy(true);
    setError(null);
    try {
      const ack = await api.op("backoffice", connection.id, "user.edit", { userId: user.id, edit, profileImage: image?.token });
      toasts.success(ack.message || t("edit.done"));
      onSaved();
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.code === "SECURITY_TOKEN_REQUIRED") setNeedToken(true);
      setError(apiErr);
      toasts.error(apiErr);
      setBusy(false);
    }
  };

  const sendToken = async () => {
    try {
      const ack = await api.op("backoffice", connection.id, "user.security_token", { userId: user.id });
      toasts.success(ack.message || t("edit.tokenSent"));
      setOutboxTick((n) => n + 1);
    } catch (err) {
      toasts.error(toApiError(err));
    }
  };

  const text = (k: TextKey, type = "text") => (
    <Field name={k} label={t(`field.${k}` as MessageKey)} error={errs[k]}>
      {(p) => (
        <input {...p} name={k} type={type} autoComplete="off" data-testid={`field-${k}`} value={form[k]} onChange={(e) => set(k, e.target.value)} />
      )}
    </Field>
  );

  const pick = (k: PickKey) => {
    const cat = catalogs[k];
    const options: CatalogEntry[] = cat.data ?? [];
    const known = options.some((o) => o.id === form[k]);
    return (
      <Field name={k} label={t(`field.${k}` as MessageKey)} error={errs[k] ?? (k === "language" ? errs.locale : undefined)}>
        {(p) => (
          <select {...p} name={k} data-testid={`field-${k}`} value={form[k]} onChange={(e) => set(k, e.target.value)}>
            {!known && <option value={form[k]}>{form[k] || t("common.select")}</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  };

  return (
    <Dialog title={`${t("edit.title")} · @${user.username}`} onClose={onClose} wide testId="edit-user-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          {text("first_name")}
          {text("last_name")}
          {text("email", "email")}
          {text("mobile", "tel")}
          {pick("language")}
          {pick("default_leg")}
          {pick("country_code")}
          <Field name="password" label={t("field.new_password")} error={errs.password} hint={t("field.new_password_hint")}>
            {(p) => (
              <input
                {...p}
                name="password"
                type="password"
                autoComplete="new-password"
                data-testid="field-password"
                value={form.password}
                onChange={(e) => set("password", e.target.value)}
              />
            )}
          </Field>
        </div>

        <DropZone image={image} onImage={setImage} error={errs.profile_image} />

        {needToken && (
          <div className="token-box" data-testid="token-box">
            <p className="muted">{t("edit.tokenHelp")}</p>
            <div className="input-row">
              <button type="button" className="btn" onClick={sendToken} data-testid="security-token-send">
                {t("edit.sendToken")}
              </button>
            </div>
            <Field name="token" label={t("field.token")} error={errs.token}>
              {(p) => (
                <input
                  {...p}
                  name="token"
                  autoComplete="one-time-code"
                  data-testid="field-token"
                  value={form.token}
                  onChange={(e) => set("token", e.target.value)}
                />
              )}
            </Field>
            {connection.sandbox && (
              <SandboxOutbox connectionId={connection.id} userId={user.id} tick={outboxTick} onUse={(tok) => set("token", tok)} />
            )}
          </div>
        )}

        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="user-edit-submit">
            {busy ? t("common.loading") : t("edit.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DropZone({ image, onImage, error }: { image: DroppedFile | null; onImage: (f: DroppedFile | null) => void; error?: string }) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const toastError = toasts.error;
  // Only the latest drop counts, and nothing lands after the form is gone.
  const latestDrop = useRef(0);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const hover = useNativeDrops(true, (files) => {
    const file = files[0];
    if (!file) return;
    const n = ++latestDrop.current;
    const current = () => mounted.current && n === latestDrop.current;
    api.fileInfo(file.token).then(
      (info) => current() && onImage(info),
      (err: unknown) => current() && toastError(toApiError(err)),
    );
  });

  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <span className="label">{t("field.profile_image")}</span>
      <div className={`dropzone${hover ? " hover" : ""}`} data-testid="profile-drop-zone" data-hover={hover}>
        {image ? (
          <div className="dropzone-file" data-testid="profile-image-file">
            <span className="strong">{image.name}</span>
            <span className="muted">{formatBytes(image.size, locale)}</span>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => onImage(null)}>
              {t("edit.clearImage")}
            </button>
          </div>
        ) : (
          <span className="muted">{hover ? t("edit.dropRelease") : t("edit.dropHere")}</span>
        )}
      </div>
      {error && (
        <div className="field-error" data-testid="field-error-profile_image">
          {error}
        </div>
      )}
    </div>
  );
}

function SandboxOutbox({
  connectionId,
  userId,
  tick,
  onUse,
}: {
  connectionId: string;
  userId: number;
  tick: number;
  onUse: (token: string) => void;
}) {
  const { t, locale } = useI18n();
  // `tick` changes after a token is sent, which re-creates the loader and reloads.
  const load = useCallback(() => {
    void tick;
    return api.sandboxOutbox(connectionId);
  }, [connectionId, tick]);
  const q = useAsync(load);
  const mails = (q.data ?? []).filter((m) => m.userId === userId).sort((a, b) => b.sentAtMs - a.sentAtMs);
  return (
    <div className="outbox" data-testid="sandbox-outbox">
      <div className="card-head">
        <h3>{t("edit.outbox")}</h3>
        <button type="button" className="btn btn-ghost btn-sm" onClick={q.reload} data-testid="sandbox-outbox-refresh">
          {t("common.refresh")}
        </button>
      </div>
      <p className="muted small">{t("edit.outboxHelp")}</p>
      {q.loading && !q.data ? (
        <Spinner />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={q.reload} />
      ) : mails.length === 0 ? (
        <Empty>{t("edit.outboxEmpty")}</Empty>
      ) : (
        <ul className="list">
          {mails.map((m) => (
            <li key={`${m.sentAtMs}-${m.token}`} className="outbox-mail" data-testid="sandbox-mail">
              <code className="selectable token">{m.token}</code>
              <span className="muted small">{formatMs(m.sentAtMs, locale)}</span>
              <button type="button" className="btn btn-sm" onClick={() => onUse(m.token)}>
                {t("edit.useToken")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
