import { useState, type FormEvent } from "react";
import { fieldErrors } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Dialog, Field, FieldGroup, OutcomeUnknown } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import { useToasts } from "../../state/toasts";
import { dc, type MifielView, type Signatory, type Viewer } from "./api";
import { personName, type ClientRow } from "./rows";

/** "" → undefined; a whole number ≥ 1 → it; anything else → NaN (refused before sending). */
function wholeNumber(s: string): number | undefined {
  const v = s.trim();
  if (!v) return undefined;
  return /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : NaN;
}

/**
 * DYNAMICORE 1.3 #18: send the file uploaded into `field` to be signed with
 * Mifiel. The client is the first signatory by default. On success the
 * reference is shown, with the way to the Envelopes screen that follows it.
 */
export function MifielDialog({ connectionId, client, field, onClose, onGoEnvelopes }: { connectionId: string; client: ClientRow; field: string; onClose: () => void; onGoEnvelopes: () => void }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [signers, setSigners] = useState<Signatory[]>([{ name: personName(client), email: client.email, taxId: client.rfc }]);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [externalId, setExternalId] = useState("");
  const [message, setMessage] = useState("");
  const [days, setDays] = useState("");
  const [remind, setRemind] = useState("");
  const [sendInvites, setSendInvites] = useState(true);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<MifielView | null>(null);
  const { busy, error, run } = useSubmit();
  const errors = { ...fieldErrors(error, lang), ...local };

  const setSigner = (i: number, p: Partial<Signatory>) => setSigners((cur) => cur.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const setViewer = (i: number, p: Partial<Viewer>) => setViewers((cur) => cur.map((v, j) => (j === i ? { ...v, ...p } : v)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const daysN = wholeNumber(days);
    const remindN = wholeNumber(remind);
    const bad: Record<string, string> = {};
    const positive = localizeFieldError({ code: "positive_number", message: "must be a positive number" }, lang);
    if (Number.isNaN(daysN)) bad.days_to_expire = positive;
    if (Number.isNaN(remindN)) bad.remind_every = positive;
    setLocal(bad);
    if (Object.keys(bad).length) return;
    await run(async () => {
      const out = await dc.mifielCreate(connectionId, {
        clientId: client.id,
        field,
        signatories: signers.map((s) => ({ name: s.name.trim(), email: s.email.trim(), taxId: s.taxId.trim() })),
        viewers: viewers.map((v) => ({ name: v.name.trim(), email: v.email.trim() })),
        externalId: externalId.trim() || undefined,
        messageForSigners: message.trim() || undefined,
        daysToExpire: daysN,
        remindEvery: remindN,
        sendInvites,
      });
      toasts.success(t("dc.mifiel.sent"));
      setCreated(out);
    });
  };

  if (created) {
    return (
      <Dialog title={t("dc.mifiel.title", { field })} onClose={onClose} testId="mifiel-dialog">
        <div className="result-box" data-testid="mifiel-result">
          <p>{t("dc.mifiel.done")}</p>
          <div>
            <span className="muted small">{t("dc.mifiel.reference")}</span>
            <div>
              <code className="selectable" data-testid="mifiel-reference">
                {created.reference}
              </code>
            </div>
          </div>
          {created.name && (
            <div data-testid="mifiel-name">
              <span className="muted small">{t("dc.mifiel.document")}</span> {created.name}
            </div>
          )}
          {created.signersCount > 0 && (
            <div className="muted small" data-testid="mifiel-signed">
              {t("dc.mifiel.signedOf", { n: created.signedCount, total: created.signersCount })}
            </div>
          )}
          <p className="muted small">{t("dc.mifiel.follow")}</p>
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.close")}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              onClose();
              onGoEnvelopes();
            }}
            data-testid="mifiel-go-envelopes"
          >
            {t("dc.mifiel.goEnvelopes")}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t("dc.mifiel.title", { field })} onClose={onClose} wide testId="mifiel-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <FieldGroup className="dc-people" title={t("dc.mifiel.signatories")}>
          {signers.map((s, i) => (
            <div className="dc-person" key={i} data-testid="mifiel-signer">
              <Field name={`signatories.${i}.name`} label={t("dc.mifiel.name")} error={errors[`signatories.${i}.name`]}>
                {(p) => <input {...p} value={s.name} onChange={(e) => setSigner(i, { name: e.target.value })} data-testid="signer-name" />}
              </Field>
              <Field name={`signatories.${i}.email`} label={t("dc.mifiel.email")} error={errors[`signatories.${i}.email`]}>
                {(p) => <input {...p} type="email" value={s.email} onChange={(e) => setSigner(i, { email: e.target.value })} data-testid="signer-email" />}
              </Field>
              <Field name={`signatories.${i}.tax_id`} label={t("dc.mifiel.rfc")} error={errors[`signatories.${i}.tax_id`]}>
                {(p) => <input {...p} value={s.taxId} onChange={(e) => setSigner(i, { taxId: e.target.value.toUpperCase() })} data-testid="signer-rfc" />}
              </Field>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                disabled={signers.length === 1}
                onClick={() => setSigners((cur) => cur.filter((_, j) => j !== i))}
                aria-label={t("dc.mifiel.removeSigner", { n: i + 1 })}
                data-testid="signer-remove"
              >
                ×
              </button>
            </div>
          ))}
          {errors.signatories && (
            <div className="field-error" data-testid="field-error-signatories">
              {errors.signatories}
            </div>
          )}
          <button type="button" className="btn btn-sm" onClick={() => setSigners((cur) => [...cur, { name: "", email: "", taxId: "" }])} data-testid="signer-add">
            + {t("dc.mifiel.addSigner")}
          </button>
        </FieldGroup>

        <FieldGroup className="dc-people" title={t("dc.mifiel.viewers")}>
          <p className="muted small">{t("dc.mifiel.viewersHelp")}</p>
          {viewers.map((v, i) => (
            <div className="dc-person" key={i} data-testid="mifiel-viewer">
              <Field name={`viewers.${i}.name`} label={t("dc.mifiel.name")} error={errors[`viewers.${i}.name`]}>
                {(p) => <input {...p} value={v.name} onChange={(e) => setViewer(i, { name: e.target.value })} data-testid="viewer-name" />}
              </Field>
              <Field name={`viewers.${i}.email`} label={t("dc.mifiel.email")} error={errors[`viewers.${i}.email`]}>
                {(p) => <input {...p} type="email" value={v.email} onChange={(e) => setViewer(i, { email: e.target.value })} data-testid="viewer-email" />}
              </Field>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setViewers((cur) => cur.filter((_, j) => j !== i))} aria-label={t("dc.mifiel.removeViewer", { n: i + 1 })}>
                ×
              </button>
            </div>
          ))}
          {errors.viewers && <div className="field-error">{errors.viewers}</div>}
          <button type="button" className="btn btn-sm" onClick={() => setViewers((cur) => [...cur, { name: "", email: "" }])} data-testid="viewer-add">
            + {t("dc.mifiel.addViewer")}
          </button>
        </FieldGroup>

        <div className="form-grid">
          <Field name="days_to_expire" label={t("dc.mifiel.days")} error={errors.days_to_expire} hint={t("dc.mifiel.daysHint")}>
            {(p) => <input {...p} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} data-testid="mifiel-days" />}
          </Field>
          <Field name="remind_every" label={t("dc.mifiel.remind")} error={errors.remind_every} hint={t("dc.mifiel.remindHint")}>
            {(p) => <input {...p} inputMode="numeric" value={remind} onChange={(e) => setRemind(e.target.value)} data-testid="mifiel-remind" />}
          </Field>
          <Field name="external_id" label={t("dc.mifiel.externalId")} error={errors.external_id}>
            {(p) => <input {...p} value={externalId} onChange={(e) => setExternalId(e.target.value)} data-testid="mifiel-external-id" />}
          </Field>
        </div>
        <Field name="message_for_signers" label={t("dc.mifiel.message")} error={errors.message_for_signers}>
          {(p) => <textarea {...p} rows={2} maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="mifiel-message" />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={sendInvites} onChange={(e) => setSendInvites(e.target.checked)} data-testid="mifiel-invites" />
          {t("dc.mifiel.invites")}
        </label>
        <p className="muted small">{sendInvites ? t("dc.mifiel.invitesOn") : t("dc.mifiel.invitesOff")}</p>
        {errors.field && <div className="field-error">{errors.field}</div>}
        <OutcomeUnknown error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="mifiel-submit">
            {busy ? t("common.loading") : t("dc.mifiel.submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
