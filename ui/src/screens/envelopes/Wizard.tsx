import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from "react";
import {
  api,
  fieldErrors,
  toApiError,
  type ApiError,
  type Connection,
  type DroppedFile,
  type FieldError,
  type NewEnvelope,
  type NewSigner,
  type SignerLink,
  type StampPosition,
} from "../../api";
import { useNativeDrops, useSubmit, useTransferProgress } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import type { MessageKey } from "../../i18n/strings";
import { useToasts } from "../../state/toasts";
import { useAsync } from "../../state/useAsync";
import { Badge, ConfirmDialog, Empty, Field, FieldGroup, OutcomeUnknown } from "../../components/ui";
import { formatBytes } from "../../components/format";
import {
  ErrorReasons,
  IDENTITY_SERVICES,
  IDENTITY_TYPES,
  NOTIFIABLE_STATES,
  Progress,
  ROLE_NOTIFIED,
  newTransferId,
} from "./shared";

const STEPS = ["options", "documents", "signers", "links", "order", "review"] as const;
type Step = 0 | 1 | 2 | 3 | 4 | 5;

// ---------------------------------------------------------------- step 1: options

export interface OptionsForm {
  name: string;
  message: string;
  tags: string[];
  baseEnvelopeId: string;
  approvalCycle: boolean;
  allowReject: boolean;
  cc: string;
  photo: "" | "NO" | "OP" | "OB";
  signersMayReturn: boolean;
  approversMayReturn: boolean;
  showProcessedSignatures: boolean;
  legopsCertification: boolean;
  onPremiseSignature: boolean;
  notifyContacts: boolean;
  sender: string;
  signingMessage: string;
  finalMessage: string;
  externalId: string;
  createdBy: string;
  deduplicationKey: string;
}

function initialOptions(): OptionsForm {
  return {
    name: "",
    message: "",
    tags: [],
    baseEnvelopeId: "",
    approvalCycle: false,
    allowReject: false,
    cc: "",
    photo: "",
    signersMayReturn: false,
    approversMayReturn: false,
    showProcessedSignatures: false,
    legopsCertification: false,
    onPremiseSignature: false,
    notifyContacts: false,
    sender: "",
    signingMessage: "",
    finalMessage: "",
    externalId: "",
    createdBy: "",
    // One key per wizard: a retried create after a timeout can't make a second envelope.
    deduplicationKey: newTransferId().slice(0, 36),
  };
}

/** What is sent: unset options are left out so the provider's defaults apply. */
export function buildEnvelope(f: OptionsForm): NewEnvelope {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const yes = (b: boolean) => (b ? true : undefined);
  return {
    name: f.name.trim(),
    message: opt(f.message),
    approvalCycle: f.approvalCycle,
    tags: f.tags,
    baseEnvelopeId: opt(f.baseEnvelopeId),
    externalId: opt(f.externalId),
    cc: f.cc
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    allowReject: yes(f.allowReject),
    photo: f.photo || undefined,
    legopsCertification: yes(f.legopsCertification),
    showProcessedSignatures: yes(f.showProcessedSignatures),
    sender: opt(f.sender),
    signingMessage: opt(f.signingMessage),
    finalMessage: opt(f.finalMessage),
    approversMayReturn: yes(f.approversMayReturn),
    signersMayReturn: yes(f.signersMayReturn),
    onPremiseSignature: yes(f.onPremiseSignature),
    deduplicationKey: opt(f.deduplicationKey),
    notifyContacts: yes(f.notifyContacts),
    templateFields: {},
    createdBy: opt(f.createdBy),
  };
}

// ---------------------------------------------------------------- step 2: uploads

type UploadStatus = "checking" | "refused" | "queued" | "uploading" | "done" | "failed" | "cancelled";
interface UploadItem {
  key: string;
  /** The drop token (`drops.rs`): the file's only name in the webview. */
  token: string;
  name: string;
  size: number;
  status: UploadStatus;
  transferId: string;
  transferred: number;
  total?: number;
  /** Said in the user's language when shown (a coded error, or text already in it). */
  error?: FieldError | string;
  documentId?: string;
  sha256?: string;
}
const LIVE: ReadonlySet<UploadStatus> = new Set(["checking", "queued", "uploading", "done"]);

// ---------------------------------------------------------------- step 3: signers

export interface SignerForm {
  name: string;
  identityType: string;
  identity: string;
  email: string;
  mobile: string;
  approver: boolean;
  signature: "electronic" | "digital";
  person: "" | "natural" | "legal";
  companyName: string;
  companyIdentityType: string;
  companyIdentity: string;
  identityService: string;
  notified: boolean;
  notifyStates: number[];
  enableComments: boolean;
  onPremise: "" | "yes" | "no";
  operationRoles: string;
}

const EMPTY_SIGNER: SignerForm = {
  name: "",
  identityType: "CC",
  identity: "",
  email: "",
  mobile: "",
  approver: false,
  signature: "electronic",
  person: "",
  companyName: "",
  companyIdentityType: "",
  companyIdentity: "",
  identityService: "",
  notified: false,
  notifyStates: [],
  enableComments: false,
  onPremise: "",
  operationRoles: "",
};

export function buildSigner(f: SignerForm): NewSigner {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const s: NewSigner = {
    name: f.name.trim(),
    identityType: f.identityType,
    identity: f.identity.trim(),
    email: f.email.trim(),
    notifyStates: f.notified ? [...f.notifyStates].sort((a, b) => a - b) : [],
    operationRoles: f.operationRoles
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
  };
  if (opt(f.mobile)) s.mobile = opt(f.mobile);
  if (f.approver) s.approver = true;
  if (f.signature === "digital") s.digitalSignature = true;
  if (f.person) s.naturalPerson = f.person === "natural";
  if (opt(f.companyName)) s.companyName = opt(f.companyName);
  if (opt(f.companyIdentityType)) s.companyIdentityType = opt(f.companyIdentityType);
  if (opt(f.companyIdentity)) s.companyIdentity = opt(f.companyIdentity);
  if (f.identityService) s.identityService = f.identityService;
  if (f.notified) s.role = ROLE_NOTIFIED;
  if (f.enableComments) s.enableComments = true;
  if (f.onPremise) s.onPremiseSignature = f.onPremise === "yes";
  return s;
}

interface AddedSigner {
  id: string;
  name: string;
  email: string;
  identity: string;
  notified: boolean;
  approver: boolean;
}

// ---------------------------------------------------------------- step 4: links

type Choice = "none" | "signature" | "attachment";
interface LinkCell {
  choice: Choice;
  place: boolean;
  page: string;
  x: string;
  y: string;
  width: string;
  height: string;
}
const EMPTY_CELL: LinkCell = { choice: "none", place: false, page: "1", x: "", y: "", width: "", height: "" };
const cellKey = (signerId: string, documentId: string) => `${signerId}\u0000${documentId}`;

export function buildLink(signerId: string, documentId: string, c: LinkCell): SignerLink {
  const link: SignerLink = { signerId, documentId, attachment: c.choice === "attachment", stamps: [] };
  if (c.choice === "signature" && c.place) {
    const position: StampPosition = { page: Number(c.page), x: Number(c.x), y: Number(c.y), width: Number(c.width), height: Number(c.height) };
    link.position = position;
  }
  return link;
}

// ---------------------------------------------------------------- the wizard

export function EnvelopeWizard({
  connection,
  onClose,
  onDone,
  onLookUp,
}: {
  connection: Connection;
  onClose: () => void;
  onDone: (envelopeId: string) => void;
  /** Search the inbox by name: where to check a create whose outcome is unknown. */
  onLookUp?: (name: string) => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const cid = connection.id;
  const [step, setStep] = useState<Step>(0);
  const [envelopeId, setEnvelopeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);

  const [opts, setOpts] = useState<OptionsForm>(initialOptions);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [signers, setSigners] = useState<AddedSigner[]>([]);
  const [cells, setCells] = useState<Record<string, LinkCell>>({});
  const [linked, setLinked] = useState<Record<string, true>>({});
  const [orderIds, setOrderIds] = useState<string[]>([]);
  const [withPrev, setWithPrev] = useState<Record<string, boolean>>({});
  const [appliedOrder, setAppliedOrder] = useState<Record<string, number>>({});

  const docs = useMemo(() => uploads.filter((u) => u.status === "done" && u.documentId).map((u) => ({ id: u.documentId!, name: u.name })), [uploads]);
  const signing = useMemo(() => signers.filter((s) => !s.notified), [signers]);
  const orders = useMemo(() => {
    const out: Record<string, number> = {};
    let n = 0;
    orderIds.forEach((id, i) => {
      if (i === 0 || !withPrev[id]) n += 1;
      out[id] = n;
    });
    return out;
  }, [orderIds, withPrev]);

  // Keep the order list in step with the signers added.
  useEffect(() => {
    setOrderIds((cur) => {
      const ids = signing.map((s) => s.id);
      const kept = cur.filter((id) => ids.includes(id));
      return [...kept, ...ids.filter((id) => !kept.includes(id))];
    });
  }, [signing]);

  // ---- uploads: checked first, then one at a time
  const uploadsRef = useRef(uploads);
  uploadsRef.current = uploads;
  const alive = useRef(true);
  const current = useRef<string | null>(null);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      // Leaving the wizard stops a running upload; the provider keeps what finished.
      if (current.current) api.transferCancel(current.current).catch(() => undefined);
    };
  }, []);

  const patch = useCallback((key: string, p: Partial<UploadItem>) => {
    if (!alive.current) return;
    setUploads((cur) => cur.map((u) => (u.key === key ? { ...u, ...p } : u)));
  }, []);

  const addFiles = useCallback(
    (files: DroppedFile[]) => {
      // The same file dropped again keeps its token: not added twice.
      const taken = new Set(uploadsRef.current.filter((u) => LIVE.has(u.status)).map((u) => u.token));
      const fresh = files.filter((f, i) => !taken.has(f.token) && files.findIndex((g) => g.token === f.token) === i);
      if (!fresh.length) return;
      const items: UploadItem[] = fresh.map((f) => {
        const id = newTransferId();
        return { key: id, token: f.token, name: f.name, size: f.size, status: "checking", transferId: id, transferred: 0 };
      });
      setUploads((cur) => [...cur, ...items]);
      api.sgFilesCheck(fresh.map((f) => f.token)).then(
        (checks) => {
          items.forEach((it, i) => {
            const c = checks.find((x) => x.token === it.token) ?? checks[i];
            if (!c) patch(it.key, { status: "refused", error: t("upload.notChecked") });
            else if (c.error) patch(it.key, { status: "refused", name: c.name || it.name, size: c.size, error: c.error });
            else patch(it.key, { status: "queued", name: c.name || it.name, size: c.size, total: c.size });
          });
        },
        (e: unknown) => {
          const err = toApiError(e);
          items.forEach((it) => patch(it.key, { status: "refused", error: err.message }));
        },
      );
    },
    [patch, t],
  );

  useEffect(() => {
    if (!envelopeId || current.current) return;
    if (uploads.some((u) => u.status === "uploading")) return;
    const next = uploads.find((u) => u.status === "queued");
    if (!next) return;
    current.current = next.transferId;
    patch(next.key, { status: "uploading", transferred: 0, error: undefined });
    api.op("signio", cid, "document.upload", { envelopeId, file: next.token, transferId: next.transferId }).then(
      (doc) => {
        current.current = null;
        patch(next.key, { status: "done", documentId: doc.documentId, sha256: doc.sha256, transferred: doc.bytes, total: doc.bytes });
      },
      (e: unknown) => {
        current.current = null;
        const err = toApiError(e);
        if (err.code === "CANCELLED") patch(next.key, { status: "cancelled" });
        else patch(next.key, { status: "failed", error: Object.values(err.fields ?? {})[0] ?? err.message });
      },
    );
  }, [uploads, envelopeId, cid, patch]);

  useTransferProgress((u) => {
    if (u.kind !== "upload") return;
    setUploads((cur) =>
      cur.map((it) => (it.transferId === u.transferId && it.status === "uploading" ? { ...it, transferred: u.transferred, total: u.total ?? it.total } : it)),
    );
  });

  const cancelUpload = (it: UploadItem) => {
    if (it.status === "queued" || it.status === "checking") {
      patch(it.key, { status: "cancelled" });
      return;
    }
    api.transferCancel(it.transferId).catch((e: unknown) => toasts.error(toApiError(e)));
  };
  const retryUpload = (it: UploadItem) => {
    const id = newTransferId();
    patch(it.key, { status: "queued", transferId: id, transferred: 0, error: undefined });
  };
  const removeUpload = (it: UploadItem) => setUploads((cur) => cur.filter((u) => u.key !== it.key));

  const dropHover = useNativeDrops(step === 1 && envelopeId !== null, addFiles);
  const uploading = uploads.some((u) => u.status === "uploading" || u.status === "queued" || u.status === "checking");

  // ---- navigation
  // A create that may have been applied: look for it before sending again.
  const lookUp = onLookUp && opts.name.trim() ? { label: t("lookup.envelope", { name: opts.name.trim() }), run: () => onLookUp(opts.name.trim()) } : undefined;
  const fail = (e: unknown) => {
    const err = toApiError(e);
    setError(err);
    toasts.error(err, err.code === "OUTCOME_UNKNOWN" && !envelopeId ? lookUp : undefined);
  };

  const next = async () => {
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      if (step === 0 && !envelopeId) {
        const id = await api.op("signio", cid, "envelope.create", { envelope: buildEnvelope(opts) });
        setEnvelopeId(id);
        toasts.success(t("wizard.created"));
      } else if (step === 3 && envelopeId) {
        for (const s of signing) {
          for (const d of docs) {
            const k = cellKey(s.id, d.id);
            const c = cells[k];
            if (!c || c.choice === "none" || linked[k]) continue;
            await api.op("signio", cid, "signer.link", { envelopeId, link: buildLink(s.id, d.id, c) });
            setLinked((cur) => ({ ...cur, [k]: true }));
          }
        }
      } else if (step === 4 && envelopeId) {
        for (const id of orderIds) {
          const o = orders[id]!;
          if (appliedOrder[id] === o) continue;
          await api.op("signio", cid, "signer.order", { envelopeId, signerId: id, order: o });
          setAppliedOrder((cur) => ({ ...cur, [id]: o }));
        }
      }
      setStep((s) => Math.min(5, s + 1) as Step);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setError(null);
    setStep((s) => Math.max(0, s - 1) as Step);
  };

  const distribute = async () => {
    if (!envelopeId || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.op("signio", cid, "envelope.distribute", { envelopeId });
      toasts.success(t("env.distributed"));
      onDone(envelopeId);
    } catch (e) {
      fail(e);
      setBusy(false);
    }
  };

  const close = () => (envelopeId ? setConfirmLeave(true) : onClose());

  const unlinkedSigners = signing.filter((s) => !docs.some((d) => cells[cellKey(s.id, d.id)]?.choice && cells[cellKey(s.id, d.id)]?.choice !== "none"));
  const nextDisabled =
    busy ||
    (step === 0 && !opts.name.trim()) ||
    (step === 1 && uploading) ||
    (step === 3 && signing.some((s) => docs.some((d) => invalidCell(cells[cellKey(s.id, d.id)]))));

  return (
    <section className="screen" data-testid="envelope-wizard">
      <div className="screen-head">
        <h1>{t("wizard.title")}</h1>
        <button type="button" className="btn btn-ghost" onClick={close} data-testid="wizard-close">
          {t("common.close")}
        </button>
      </div>
      <ol className="steps" aria-label={t("wizard.steps")}>
        {STEPS.map((s, i) => (
          <li key={s} className={`step${i === step ? " active" : ""}${i < step ? " done" : ""}`} aria-current={i === step ? "step" : undefined} data-testid="wizard-step">
            <span className="step-n">{i + 1}</span> {t(`wizard.step.${s}` as MessageKey)}
          </li>
        ))}
      </ol>

      <div className="card">
        {step === 0 && <OptionsStep connection={connection} form={opts} setForm={setOpts} error={error} locked={envelopeId !== null} />}
        {step === 1 && (
          <DocumentsStep uploads={uploads} hover={dropHover} onCancel={cancelUpload} onRetry={retryUpload} onRemove={removeUpload} />
        )}
        {step === 2 && envelopeId && (
          <SignersStep connectionId={cid} envelopeId={envelopeId} approvalCycle={opts.approvalCycle} signers={signers} onAdded={(s) => setSigners((cur) => [...cur, s])} />
        )}
        {step === 3 && <LinksStep signers={signing} docs={docs} cells={cells} setCells={setCells} linked={linked} />}
        {step === 4 && (
          <OrderStep signers={signing} ids={orderIds} setIds={setOrderIds} withPrev={withPrev} setWithPrev={setWithPrev} orders={orders} />
        )}
        {step === 5 && <ReviewStep name={opts.name} docs={docs} signers={signers} orders={orders} unlinked={unlinkedSigners} cells={cells} />}

        {error?.code === "OUTCOME_UNKNOWN" ? (
          <OutcomeUnknown error={error} lookUp={step === 0 ? lookUp : undefined} />
        ) : (
          <>
            {error && step !== 0 && <ErrorReasons error={error} testId="wizard-error" />}
            {step === 0 && error && !Object.keys(fieldErrors(error, lang)).length && <ErrorReasons error={error} testId="wizard-error" />}
          </>
        )}

        <div className="form-actions wizard-actions">
          {step > 0 && (
            <button type="button" className="btn" onClick={back} disabled={busy} data-testid="wizard-back">
              ‹ {t("wizard.back")}
            </button>
          )}
          <span className="spacer" />
          {step === 1 && uploading && <span className="muted small">{t("upload.waitForUploads")}</span>}
          {step === 1 && !uploading && docs.length === 0 && <span className="muted small">{t("upload.noneYet")}</span>}
          {step === 2 && signing.length === 0 && <span className="muted small">{t("signer.noneYet")}</span>}
          {step < 5 ? (
            <button type="button" className="btn btn-primary" onClick={next} disabled={nextDisabled} data-testid="wizard-next">
              {busy ? t("common.loading") : step === 0 && !envelopeId ? t("wizard.createAndNext") : step === 3 ? t("wizard.applyLinks") : step === 4 ? t("wizard.applyOrder") : t("wizard.next")} ›
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => envelopeId && onDone(envelopeId)} disabled={busy} data-testid="wizard-keep-draft">
                {t("wizard.keepDraft")}
              </button>
              <button type="button" className="btn btn-primary" onClick={distribute} disabled={busy} data-testid="wizard-distribute">
                {busy ? t("common.loading") : t("wizard.distribute")}
              </button>
            </>
          )}
        </div>
      </div>

      {confirmLeave && (
        <ConfirmDialog
          title={t("wizard.leaveTitle")}
          text={t("wizard.leaveText", { name: opts.name.trim() })}
          confirmLabel={t("wizard.leave")}
          onCancel={() => setConfirmLeave(false)}
          onConfirm={() => {
            setConfirmLeave(false);
            onClose();
          }}
        />
      )}
    </section>
  );
}

function invalidCell(c: LinkCell | undefined): boolean {
  if (!c || c.choice !== "signature" || !c.place) return false;
  const nums = [c.page, c.x, c.y, c.width, c.height].map((v) => Number(v));
  return [c.page, c.x, c.y, c.width, c.height].some((v) => v.trim() === "") || nums.some((n) => !Number.isFinite(n) || n < 0) || nums[0]! < 1;
}

// ---------------------------------------------------------------- steps

function OptionsStep({
  connection,
  form,
  setForm,
  error,
  locked,
}: {
  connection: Connection;
  form: OptionsForm;
  setForm: (f: (cur: OptionsForm) => OptionsForm) => void;
  error: ApiError | null;
  locked: boolean;
}) {
  const { t, lang } = useI18n();
  const errs = fieldErrors(error, lang);
  const tags = useAsync(useCallback(() => api.op("signio", connection.id, "tag.list", {}), [connection.id]));
  const bases = useAsync(useCallback(() => api.op("signio", connection.id, "envelope.bases", {}), [connection.id]));
  const moreKeys = ["photo", "sender", "signing_message", "final_message", "external_id", "deduplication_key", "created_by"];
  const [more, setMore] = useState(false);
  const open = more || moreKeys.some((k) => errs[k]);
  const set = <K extends keyof OptionsForm>(k: K, v: OptionsForm[K]) => setForm((cur) => ({ ...cur, [k]: v }));

  const text = (k: "message" | "cc" | "sender" | "signingMessage" | "finalMessage" | "externalId" | "createdBy" | "deduplicationKey", label: MessageKey, hint?: MessageKey) => {
    const name = k.replace(/([A-Z])/g, "_$1").toLowerCase();
    return (
      <Field name={name} label={t(label)} error={errs[name]} hint={hint ? t(hint) : undefined}>
        {(p) => <input {...p} disabled={locked} data-testid={`wizard-${name.replace(/_/g, "-")}`} value={form[k]} onChange={(e) => set(k, e.target.value)} />}
      </Field>
    );
  };
  const check = (k: "approvalCycle" | "allowReject" | "signersMayReturn" | "approversMayReturn" | "showProcessedSignatures" | "legopsCertification" | "onPremiseSignature" | "notifyContacts", label: MessageKey) => (
    <label className="check">
      <input
        type="checkbox"
        disabled={locked}
        checked={form[k]}
        onChange={(e) => set(k, e.target.checked)}
        data-testid={`wizard-${k.replace(/([A-Z])/g, "-$1").toLowerCase()}`}
      />
      {t(label)}
    </label>
  );

  return (
    <div className="form">
      {locked && <div className="note" data-testid="wizard-locked">{t("wizard.lockedOptions")}</div>}
      <div className="form-grid">
        <Field name="name" label={t("wizard.name")} error={errs.name} hint={t("wizard.nameHint")}>
          {(p) => (
            <input {...p} disabled={locked} autoFocus maxLength={255} data-testid="wizard-name" value={form.name} onChange={(e) => set("name", e.target.value)} />
          )}
        </Field>
        <Field name="base_envelope_id" label={t("wizard.base")} error={errs.base_envelope_id} hint={t("wizard.baseHint")}>
          {(p) => (
            <select {...p} disabled={locked} data-testid="wizard-base" value={form.baseEnvelopeId} onChange={(e) => set("baseEnvelopeId", e.target.value)}>
              <option value="">{bases.loading ? t("common.loading") : t("wizard.noBase")}</option>
              {(bases.data ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="message" label={t("wizard.message")} error={errs.message} hint={t("wizard.messageHint")}>
        {(p) => <textarea {...p} rows={2} disabled={locked} data-testid="wizard-message" value={form.message} onChange={(e) => set("message", e.target.value)} />}
      </Field>
      <div className="checks">
        {check("allowReject", "wizard.allowReject")}
        {check("signersMayReturn", "wizard.signersMayReturn")}
        {check("approvalCycle", "wizard.approvalCycle")}
        {form.approvalCycle && check("approversMayReturn", "wizard.approversMayReturn")}
      </div>
      {text("cc", "wizard.cc", "wizard.ccHint")}
      <FieldGroup className={`tags${errs.tags ? " field-invalid" : ""}`} title={t("wizard.tags")}>
        {tags.loading && !tags.data ? (
          <span className="muted small">{t("common.loading")}</span>
        ) : !tags.data?.length ? (
          <span className="muted small">{tags.error ? tags.error.message : t("wizard.noTags")}</span>
        ) : (
          tags.data.map((tag) => (
            <label key={tag.id ?? tag.name} className="check chip">
              <input
                type="checkbox"
                disabled={locked}
                data-testid="wizard-tag"
                value={tag.name}
                checked={form.tags.includes(tag.name)}
                onChange={(e) => set("tags", e.target.checked ? [...form.tags, tag.name] : form.tags.filter((x) => x !== tag.name))}
              />
              {tag.name}
            </label>
          ))
        )}
        {errs.tags && <div className="field-error" data-testid="field-error-tags">{errs.tags}</div>}
      </FieldGroup>
      <details open={open} onToggle={(e) => setMore((e.target as HTMLDetailsElement).open)}>
        <summary data-testid="wizard-more-options">{t("wizard.moreOptions")}</summary>
        <div className="form more">
          <div className="checks">
            {check("showProcessedSignatures", "wizard.showProcessedSignatures")}
            {check("onPremiseSignature", "wizard.onPremiseSignature")}
            {check("notifyContacts", "wizard.notifyContacts")}
            {check("legopsCertification", "wizard.legopsCertification")}
          </div>
          <div className="form-grid">
            <Field name="photo" label={t("wizard.photo")} error={errs.photo}>
              {(p) => (
                <select {...p} disabled={locked} data-testid="wizard-photo" value={form.photo} onChange={(e) => set("photo", e.target.value as OptionsForm["photo"])}>
                  <option value="">{t("wizard.providerDefault")}</option>
                  <option value="NO">{t("wizard.photo.NO")}</option>
                  <option value="OP">{t("wizard.photo.OP")}</option>
                  <option value="OB">{t("wizard.photo.OB")}</option>
                </select>
              )}
            </Field>
            {text("sender", "wizard.sender", "wizard.senderHint")}
            {text("signingMessage", "wizard.signingMessage", "wizard.signingMessageHint")}
            {text("finalMessage", "wizard.finalMessage", "wizard.finalMessageHint")}
            {text("externalId", "wizard.externalId", "wizard.externalIdHint")}
            {text("createdBy", "wizard.createdBy", "wizard.createdByHint")}
            {text("deduplicationKey", "wizard.deduplicationKey", "wizard.deduplicationKeyHint")}
          </div>
        </div>
      </details>
    </div>
  );
}

function DocumentsStep({
  uploads,
  hover,
  onCancel,
  onRetry,
  onRemove,
}: {
  uploads: UploadItem[];
  hover: boolean;
  onCancel: (u: UploadItem) => void;
  onRetry: (u: UploadItem) => void;
  onRemove: (u: UploadItem) => void;
}) {
  const { t, locale, lang } = useI18n();
  return (
    <div className="form">
      <div className={`dropzone big${hover ? " hover" : ""}`} data-testid="drop-zone" data-hover={hover}>
        <strong>{hover ? t("upload.release") : t("upload.dropHere")}</strong>
        <span className="muted small">{t("upload.types")}</span>
      </div>
      {uploads.length === 0 ? (
        <Empty>{t("upload.empty")}</Empty>
      ) : (
        <ul className="uploads">
          {uploads.map((u) => (
            <li key={u.key} className={`upload-row upload-${u.status}`} data-testid="upload-row" data-status={u.status} data-name={u.name}>
              <div className="upload-line">
                <span className="ellipsis strong" title={u.name}>
                  {u.name}
                </span>
                <span className="muted small num">{u.size ? formatBytes(u.size, locale) : ""}</span>
                <Badge tone={u.status === "done" ? "ok" : u.status === "refused" || u.status === "failed" ? "error" : u.status === "cancelled" ? "neutral" : "warn"} testId="upload-status">
                  {u.status === "uploading" && !!u.total && u.transferred >= u.total
                    ? t("upload.status.confirming") // all sent; waiting for the provider's reply
                    : t(`upload.status.${u.status}` as MessageKey)}
                </Badge>
                <span className="spacer" />
                {(u.status === "queued" || u.status === "uploading" || u.status === "checking") && (
                  <button type="button" className="btn btn-sm" onClick={() => onCancel(u)} data-testid="upload-cancel">
                    {t("upload.cancel")}
                  </button>
                )}
                {(u.status === "failed" || u.status === "cancelled") && (
                  <button type="button" className="btn btn-sm" onClick={() => onRetry(u)} data-testid="upload-retry">
                    {t("common.retry")}
                  </button>
                )}
                {(u.status === "refused" || u.status === "failed" || u.status === "cancelled") && (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => onRemove(u)} data-testid="upload-remove">
                    {t("upload.remove")}
                  </button>
                )}
              </div>
              {(u.status === "uploading" || u.status === "done") && <Progress transferred={u.transferred} total={u.total} testId="upload-progress" />}
              {u.error && (
                <div className="field-error" data-testid="upload-error">
                  {localizeFieldError(u.error, lang)}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SignersStep({
  connectionId,
  envelopeId,
  approvalCycle,
  signers,
  onAdded,
}: {
  connectionId: string;
  envelopeId: string;
  approvalCycle: boolean;
  signers: AddedSigner[];
  onAdded: (s: AddedSigner) => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [f, setF] = useState<SignerForm>(EMPTY_SIGNER);
  const { busy, error, run } = useSubmit();
  const [more, setMore] = useState(false);
  const errs = fieldErrors(error, lang);
  const common = ["name", "identity_type", "identity", "email"];
  const open = more || Object.keys(errs).some((k) => !common.includes(k));
  const set = <K extends keyof SignerForm>(k: K, v: SignerForm[K]) => setF((cur) => ({ ...cur, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      const signer = buildSigner(f);
      const id = await api.op("signio", connectionId, "signer.add", { envelopeId, signer });
      onAdded({ id, name: signer.name, email: signer.email, identity: `${signer.identityType} ${signer.identity}`, notified: f.notified, approver: f.approver });
      toasts.success(t("signer.added", { name: signer.name }));
      setF(EMPTY_SIGNER);
    });
  };

  const text = (k: "name" | "identity" | "email" | "mobile" | "companyName" | "companyIdentityType" | "companyIdentity" | "operationRoles", label: MessageKey, max?: number, hint?: MessageKey) => {
    const name = k.replace(/([A-Z])/g, "_$1").toLowerCase();
    return (
      <Field name={name} label={t(label)} error={errs[name]} hint={hint ? t(hint) : undefined}>
        {(p) => (
          <input
            {...p}
            type={k === "email" ? "email" : k === "mobile" ? "tel" : "text"}
            maxLength={max}
            data-testid={`signer-${name.replace(/_/g, "-")}`}
            value={f[k]}
            onChange={(e) => set(k, e.target.value)}
          />
        )}
      </Field>
    );
  };

  return (
    <div className="form">
      {signers.length === 0 ? (
        <Empty>{t("signer.empty")}</Empty>
      ) : (
        <table className="table">
          <tbody>
            {signers.map((s, i) => (
              <tr key={s.id} data-testid="signer-row">
                <td className="num muted">{i + 1}</td>
                <td className="strong">{s.name}</td>
                <td>{s.email}</td>
                <td className="nowrap">{s.identity}</td>
                <td>
                  {s.notified ? <Badge>{t("signer.notifiedBadge")}</Badge> : s.approver ? <Badge>{t("signer.approver")}</Badge> : <Badge>{t("signer.signerBadge")}</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form subcard" onSubmit={submit} noValidate data-testid="signer-form">
        <h3>{t("signer.addTitle")}</h3>
        <div className="form-grid">
          {text("name", "signer.name", 50)}
          <Field name="identity_type" label={t("signer.identityType")} error={errs.identity_type}>
            {(p) => (
              <select {...p} data-testid="signer-identity-type" value={f.identityType} onChange={(e) => set("identityType", e.target.value)}>
                {IDENTITY_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {x} · {t(`idType.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text("identity", "signer.identity", 20)}
          {text("email", "signer.email", 50)}
        </div>
        <details open={open} onToggle={(e) => setMore((e.target as HTMLDetailsElement).open)}>
          <summary data-testid="signer-more">{t("signer.more")}</summary>
          <div className="form more">
            <div className="form-grid">
              {text("mobile", "signer.mobile", 15)}
              <Field name="digital_signature" label={t("signer.signatureType")} error={errs.digital_signature}>
                {(p) => (
                  <select {...p} data-testid="signer-signature-type" value={f.signature} onChange={(e) => set("signature", e.target.value as SignerForm["signature"])}>
                    <option value="electronic">{t("signer.electronic")}</option>
                    <option value="digital">{t("signer.digital")}</option>
                  </select>
                )}
              </Field>
              <Field name="natural_person" label={t("signer.personType")} error={errs.natural_person}>
                {(p) => (
                  <select {...p} data-testid="signer-person-type" value={f.person} onChange={(e) => set("person", e.target.value as SignerForm["person"])}>
                    <option value="">{t("wizard.providerDefault")}</option>
                    <option value="natural">{t("signer.natural")}</option>
                    <option value="legal">{t("signer.legal")}</option>
                  </select>
                )}
              </Field>
              {text("companyName", "signer.companyName", 45)}
              {text("companyIdentityType", "signer.companyIdentityType", 5)}
              {text("companyIdentity", "signer.companyIdentity", 30)}
              <Field name="identity_service" label={t("signer.identityService")} error={errs.identity_service}>
                {(p) => (
                  <select {...p} data-testid="signer-identity-service" value={f.identityService} onChange={(e) => set("identityService", e.target.value)}>
                    <option value="">{t("signer.noIdentityService")}</option>
                    {IDENTITY_SERVICES.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="on_premise_signature" label={t("signer.onPremise")} error={errs.on_premise_signature}>
                {(p) => (
                  <select {...p} data-testid="signer-onpremise" value={f.onPremise} onChange={(e) => set("onPremise", e.target.value as SignerForm["onPremise"])}>
                    <option value="">{t("signer.onPremiseDefault")}</option>
                    <option value="yes">{t("common.yes")}</option>
                    <option value="no">{t("common.no")}</option>
                  </select>
                )}
              </Field>
              {text("operationRoles", "signer.operationRoles", undefined, "signer.operationRolesHint")}
            </div>
            <div className="checks">
              {approvalCycle && (
                <label className="check">
                  <input type="checkbox" checked={f.approver} onChange={(e) => set("approver", e.target.checked)} data-testid="signer-approver" />
                  {t("signer.approverHelp")}
                </label>
              )}
              <label className="check">
                <input type="checkbox" checked={f.enableComments} onChange={(e) => set("enableComments", e.target.checked)} data-testid="signer-comments" />
                {t("signer.commentsHelp")}
              </label>
              <label className="check">
                <input type="checkbox" checked={f.notified} onChange={(e) => set("notified", e.target.checked)} data-testid="signer-notified" />
                {t("signer.notifiedHelp")}
              </label>
            </div>
            {f.notified && (
              <FieldGroup className={`tags${errs.notify_states ? " field-invalid" : ""}`} title={t("signer.notifyStates")}>
                {NOTIFIABLE_STATES.map((n) => (
                  <label key={n} className="check chip">
                    <input
                      type="checkbox"
                      value={n}
                      data-testid="signer-notify-state"
                      checked={f.notifyStates.includes(n)}
                      onChange={(e) => set("notifyStates", e.target.checked ? [...f.notifyStates, n] : f.notifyStates.filter((x) => x !== n))}
                    />
                    {t(`signer.state.${n}` as MessageKey)}
                  </label>
                ))}
                {errs.notify_states && <div className="field-error" data-testid="field-error-notify_states">{errs.notify_states}</div>}
              </FieldGroup>
            )}
            {(errs.role || errs.approver) && <div className="field-error">{errs.role ?? errs.approver}</div>}
          </div>
        </details>
        {error && !Object.keys(errs).length && <ErrorReasons error={error} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="signer-save">
            {busy ? t("common.loading") : t("signer.save")}
          </button>
        </div>
      </form>
    </div>
  );
}

function LinksStep({
  signers,
  docs,
  cells,
  setCells,
  linked,
}: {
  signers: AddedSigner[];
  docs: { id: string; name: string }[];
  cells: Record<string, LinkCell>;
  setCells: (f: (cur: Record<string, LinkCell>) => Record<string, LinkCell>) => void;
  linked: Record<string, true>;
}) {
  const { t } = useI18n();
  if (!signers.length || !docs.length) return <Empty>{t("links.nothing")}</Empty>;
  const set = (k: string, p: Partial<LinkCell>) => setCells((cur) => ({ ...cur, [k]: { ...(cur[k] ?? EMPTY_CELL), ...p } }));
  return (
    <div className="form">
      <p className="muted">{t("links.help")}</p>
      <div className="table-scroll">
        <table className="table links">
          <thead>
            <tr>
              <th>{t("links.signer")}</th>
              {docs.map((d) => (
                <th key={d.id}>{d.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {signers.map((s) => (
              <tr key={s.id}>
                <td className="strong">{s.name}</td>
                {docs.map((d) => {
                  const k = cellKey(s.id, d.id);
                  const c = cells[k] ?? EMPTY_CELL;
                  const done = Boolean(linked[k]);
                  const pos = (f: "page" | "x" | "y" | "width" | "height") => (
                    <label className="pos">
                      <span>{t(`links.pos.${f}` as MessageKey)}</span>
                      <input type="number" min={f === "page" ? 1 : 0} disabled={done} value={c[f]} onChange={(e) => set(k, { [f]: e.target.value })} data-testid={`link-pos-${f}`} />
                    </label>
                  );
                  return (
                    <td key={d.id} className="link-cell">
                      <select
                        aria-label={t("links.choiceFor", { signer: s.name, document: d.name })}
                        data-testid="link-choice"
                        data-signer={s.id}
                        data-document={d.id}
                        value={c.choice}
                        disabled={done}
                        onChange={(e) => set(k, { choice: e.target.value as Choice })}
                      >
                        <option value="none">{t("links.none")}</option>
                        <option value="signature">{t("links.signature")}</option>
                        <option value="attachment">{t("links.attachment")}</option>
                      </select>
                      {done && <Badge tone="ok">{t("links.linked")}</Badge>}
                      {c.choice === "signature" && (
                        <>
                          <label className="check small">
                            <input type="checkbox" disabled={done} checked={c.place} onChange={(e) => set(k, { place: e.target.checked })} data-testid="link-position-toggle" />
                            {t("links.place")}
                          </label>
                          {c.place && (
                            <div className="pos-grid">
                              {pos("page")}
                              {pos("x")}
                              {pos("y")}
                              {pos("width")}
                              {pos("height")}
                            </div>
                          )}
                          {invalidCell(c) && <div className="field-error">{t("links.badPosition")}</div>}
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t("links.lockedHelp")}</p>
    </div>
  );
}

function OrderStep({
  signers,
  ids,
  setIds,
  withPrev,
  setWithPrev,
  orders,
}: {
  signers: AddedSigner[];
  ids: string[];
  setIds: (f: (cur: string[]) => string[]) => void;
  withPrev: Record<string, boolean>;
  setWithPrev: (f: (cur: Record<string, boolean>) => Record<string, boolean>) => void;
  orders: Record<string, number>;
}) {
  const { t } = useI18n();
  const [dragging, setDragging] = useState<string | null>(null);
  const byId = (id: string) => signers.find((s) => s.id === id);
  const move = (from: number, to: number) =>
    setIds((cur) => {
      if (to < 0 || to >= cur.length || from === to) return cur;
      const out = [...cur];
      const [x] = out.splice(from, 1);
      out.splice(to, 0, x!);
      return out;
    });
  if (!ids.length) return <Empty>{t("order.nothing")}</Empty>;
  const distinct = new Set(Object.values(orders)).size;
  const mode = ids.length < 2 ? "" : distinct === ids.length ? t("order.modeSerial") : distinct === 1 ? t("order.modeParallel") : t("order.modeMixed");
  return (
    <div className="form">
      <div className="note">
        <p>{t("order.explainSerial")}</p>
        <p>{t("order.explainParallel")}</p>
        <p className="muted small">{t("order.explainHow")}</p>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn-sm" onClick={() => setWithPrev(() => ({}))} data-testid="order-serial">
          {t("order.allSerial")}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setWithPrev(() => Object.fromEntries(ids.map((id) => [id, true])))} data-testid="order-parallel">
          {t("order.allParallel")}
        </button>
        {mode && (
          <span className="muted small" data-testid="order-mode">
            {mode}
          </span>
        )}
      </div>
      <ol className="order-list">
        {ids.map((id, i) => {
          const s = byId(id);
          return (
            <li
              key={id}
              className={`order-row${dragging === id ? " dragging" : ""}`}
              draggable
              onDragStart={(e: DragEvent) => {
                setDragging(id);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", id);
              }}
              onDragOver={(e: DragEvent) => {
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
              }}
              onDrop={(e: DragEvent) => {
                e.preventDefault();
                const from = ids.indexOf(e.dataTransfer.getData("text/plain") || dragging || "");
                if (from >= 0) move(from, i);
                setDragging(null);
              }}
              onDragEnd={() => setDragging(null)}
              data-testid="order-row"
              data-signer={id}
            >
              <span className="drag-handle" aria-hidden="true">
                ⋮⋮
              </span>
              <span className="order-number" data-testid="order-number">
                {orders[id]}
              </span>
              <span className="strong ellipsis">{s?.name ?? id}</span>
              <span className="spacer" />
              {i > 0 && (
                <label className="check small">
                  <input
                    type="checkbox"
                    checked={Boolean(withPrev[id])}
                    onChange={(e) => setWithPrev((cur) => ({ ...cur, [id]: e.target.checked }))}
                    data-testid="order-with-previous"
                  />
                  {t("order.withPrevious")}
                </label>
              )}
              <button type="button" className="btn btn-sm" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t("order.up", { name: s?.name ?? "" })} data-testid="order-up">
                ↑
              </button>
              <button
                type="button"
                className="btn btn-sm"
                disabled={i === ids.length - 1}
                onClick={() => move(i, i + 1)}
                aria-label={t("order.down", { name: s?.name ?? "" })}
                data-testid="order-down"
              >
                ↓
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function ReviewStep({
  name,
  docs,
  signers,
  orders,
  unlinked,
  cells,
}: {
  name: string;
  docs: { id: string; name: string }[];
  signers: AddedSigner[];
  orders: Record<string, number>;
  unlinked: AddedSigner[];
  cells: Record<string, LinkCell>;
}) {
  const { t } = useI18n();
  const sorted = [...signers].sort((a, b) => (orders[a.id] ?? 99) - (orders[b.id] ?? 99));
  return (
    <div className="form" data-testid="wizard-review">
      <dl className="kv">
        <dt>{t("wizard.name")}</dt>
        <dd>{name}</dd>
        <dt>{t("env.documents")}</dt>
        <dd>{docs.map((d) => d.name).join(", ") || t("common.none")}</dd>
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th>{t("env.col.order")}</th>
            <th>{t("env.col.contact")}</th>
            <th>{t("env.col.signs")}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.id}>
              <td className="num">{s.notified ? t("common.none") : orders[s.id]}</td>
              <td>
                {s.name} <span className="muted small">{s.email}</span>
              </td>
              <td>
                {s.notified
                  ? t("signer.notifiedBadge")
                  : docs
                      .filter((d) => (cells[cellKey(s.id, d.id)]?.choice ?? "none") !== "none")
                      .map((d) => `${d.name} (${t(cells[cellKey(s.id, d.id)]!.choice === "signature" ? "links.signature" : "links.attachment")})`)
                      .join(", ") || t("common.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {docs.length === 0 && <div className="note warn">{t("wizard.warnNoDocs")}</div>}
      {unlinked.length > 0 && <div className="note warn">{t("wizard.warnUnlinked", { names: unlinked.map((s) => s.name).join(", ") })}</div>}
      <p className="muted">{t("wizard.distributeHelp")}</p>
    </div>
  );
}
