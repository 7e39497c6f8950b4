import { useRef, useState, type FormEvent } from "react";
import { fieldErrors, toApiError, type DroppedFile } from "../../api";
import { useNativeDrops, useSubmit } from "../../components/hooks";
import { Dialog, Field, FieldGroup, OutcomeUnknown } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import { useToasts } from "../../state/toasts";
import { pickFile, type PickKind, type SatCredentials, type SatType } from "./api";

/**
 * The SAT credentials, asked each time (DYNAMICORE 1.3 #9, #15): CIEC is the
 * password alone; e.firma is the password with its .cer and .key. The files
 * are picked with the native dialog (or dropped on the window) and named by
 * token: their bytes never reach the page. The password lives in its input
 * only (never in state) and is read once, on submit.
 */
export function SatCredentialsDialog({
  title,
  submitLabel,
  rfc,
  onClose,
  onSubmit,
}: {
  title: string;
  submitLabel: string;
  /** Asked too (client.sat), prefilled; absent for loading keys. */
  rfc?: string;
  onClose: () => void;
  /** Sends; resolves when done (the dialog then closes), rejects with the ApiError to show. */
  onSubmit: (credentials: SatCredentials, rfc: string) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [type, setType] = useState<SatType>("efirma");
  const [files, setFiles] = useState<Partial<Record<PickKind, DroppedFile>>>({});
  const [rfcText, setRfcText] = useState(rfc ?? "");
  const password = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run } = useSubmit();
  const errors = { ...fieldErrors(error, lang), ...local };

  const choose = async (kind: PickKind) => {
    try {
      const f = await pickFile(kind);
      if (f) setFiles((cur) => ({ ...cur, [kind]: f }));
    } catch (e) {
      toasts.error(toApiError(e));
    }
  };
  // A .cer or .key dropped on the window fills its slot.
  useNativeDrops(type === "efirma", (dropped) => {
    for (const f of dropped) {
      const ext = f.name.toLowerCase().split(".").pop();
      if (ext === "cer" || ext === "key") setFiles((cur) => ({ ...cur, [ext]: f }));
    }
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const pass = password.current?.value ?? "";
    const bad: Record<string, string> = {};
    const required = localizeFieldError({ code: "sat_file_required", message: "is required for e.firma" }, lang);
    if (!pass.trim()) bad.password = localizeFieldError({ code: "blank", message: "can't be blank" }, lang);
    if (type === "efirma" && !files.cer) bad.cer = required;
    if (type === "efirma" && !files.key) bad.key = required;
    if (rfc !== undefined && !rfcText.trim()) bad.rfc = localizeFieldError({ code: "blank", message: "can't be blank" }, lang);
    setLocal(bad);
    if (Object.keys(bad).length) return;
    const credentials: SatCredentials = type === "efirma" ? { type, password: pass, cer: files.cer!.token, key: files.key!.token } : { type, password: pass };
    await run(
      async () => {
        await onSubmit(credentials, rfcText.trim());
        if (password.current) password.current.value = "";
        onClose();
      },
      { staysBusy: true },
    );
  };

  const fileSlot = (kind: PickKind) => (
    <Field name={kind} label={t(kind === "cer" ? "dc.sat.cer" : "dc.sat.key")} error={errors[kind]}>
      {(p) => (
        <div className="input-row">
          <input {...p} readOnly value={files[kind]?.name ?? ""} placeholder={t("dc.sat.noFile")} data-testid={`sat-${kind}-name`} />
          <button type="button" className="btn btn-sm" onClick={() => choose(kind)} data-testid={`sat-${kind}-pick`}>
            {t("dc.sat.choose")}
          </button>
        </div>
      )}
    </Field>
  );

  return (
    <Dialog title={title} onClose={onClose} testId="sat-credentials-dialog">
      <form className="form" onSubmit={submit} noValidate autoComplete="off">
        <FieldGroup className="dc-people" title={t("dc.sat.type")}>
          {(["efirma", "ciec"] as const).map((k) => (
            <label className="check" key={k}>
              <input type="radio" name="sat-type" checked={type === k} onChange={() => setType(k)} data-testid={`sat-type-${k}`} />
              {t(k === "efirma" ? "dc.sat.efirma" : "dc.sat.ciec")}
            </label>
          ))}
          {errors.type && <div className="field-error">{errors.type}</div>}
        </FieldGroup>
        {rfc !== undefined && (
          <Field name="rfc" label={t("dc.pii.rfc")} error={errors.rfc}>
            {(p) => <input {...p} value={rfcText} onChange={(e) => setRfcText(e.target.value.toUpperCase())} data-testid="sat-rfc" />}
          </Field>
        )}
        {type === "efirma" && (
          <>
            {fileSlot("cer")}
            {fileSlot("key")}
            <p className="muted small">{t("dc.sat.filesHelp")}</p>
          </>
        )}
        <Field name="password" label={type === "efirma" ? t("dc.sat.passwordEfirma") : t("dc.sat.passwordCiec")} error={errors.password} hint={t("dc.sat.passwordHint")}>
          {(p) => <input {...p} ref={password} type="password" autoComplete="off" data-testid="sat-password" />}
        </Field>
        <OutcomeUnknown error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sat-submit">
            {busy ? t("common.loading") : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
