import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { api, toApiError, type DroppedFile, type FieldError } from "../../api";
import { useNativeDrops, useTransferProgress } from "../../components/hooks";
import { Badge, Empty } from "../../components/ui";
import { formatBytes } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import { localizeFieldError } from "../../i18n/codes";
import { useToasts } from "../../state/toasts";
import { newTransferId, Progress } from "../envelopes/shared";
import { dc } from "./api";
import { useCatalogs } from "./catalogs";
import { MifielDialog } from "./MifielDialog";
import { EDITABLE_PII, type ClientRow } from "./rows";

interface FileState {
  token: string;
  name: string;
  size: number;
  transferred: number;
  total?: number;
}

/** One drop onto one field: a single multipart request (DYNAMICORE 1.3 #8) with every file dropped. */
interface Batch {
  key: string;
  field: string;
  transferId: string;
  status: "uploading" | "done" | "failed" | "cancelled";
  files: FileState[];
  /** Progress of the whole request, when events name it rather than one file. */
  sent?: { transferred: number; total?: number };
  error?: FieldError | string;
}

/**
 * Each file's progress. One multipart request carries the files in order,
 * so progress of the whole request is spread over them by their sizes.
 */
function fileProgress(b: Batch): FileState[] {
  if (!b.sent || b.status !== "uploading") return b.files;
  const sizes = b.files.reduce((n, f) => n + f.size, 0);
  const scale = b.sent.total ? sizes / b.sent.total : 1;
  let before = 0;
  return b.files.map((f) => {
    const mine = Math.min(f.size, Math.max(0, Math.round(b.sent!.transferred * scale) - before));
    before += f.size;
    return { ...f, transferred: mine, total: f.size };
  });
}

/** The PII fields a document can go into: the client type's template (but the four text fields) and those already holding files. */
function documentFields(client: ClientRow, template: string[], extra: string[]): string[] {
  const out: string[] = [];
  const add = (f: string) => {
    if (f && !out.includes(f)) out.push(f);
  };
  template.filter((f) => !(EDITABLE_PII as readonly string[]).includes(f)).forEach(add);
  Object.keys(client.documents).forEach(add);
  extra.forEach(add);
  return out;
}

/**
 * The client's documents per PII field. Files dropped onto a field go to it
 * (elsewhere on the window: to the field picked as the target): all of them
 * in one streamed upload, with progress per file and a cancel.
 */
export function DocumentsPanel({ connectionId, client, onUploaded, onGoEnvelopes }: { connectionId: string; client: ClientRow; onUploaded: () => void; onGoEnvelopes: () => void }) {
  const { t, lang, locale } = useI18n();
  const toasts = useToasts();
  const { clientType } = useCatalogs();
  const [extra, setExtra] = useState<string[]>([]);
  const fields = useMemo(() => documentFields(client, clientType(client.clientType)?.template ?? [], extra), [client, clientType, extra]);
  const [target, setTarget] = useState<string | null>(null);
  const dropField = target && fields.includes(target) ? target : fields[0] ?? null;
  const [batches, setBatches] = useState<Batch[]>([]);
  const [signing, setSigning] = useState<string | null>(null);

  const alive = useRef(true);
  const running = useRef(new Set<string>());
  useEffect(() => {
    alive.current = true;
    const ids = running.current;
    return () => {
      alive.current = false;
      // Leaving the client stops its uploads; what the provider finished stays.
      ids.forEach((id) => api.transferCancel(id).catch(() => undefined));
    };
  }, []);

  const patch = useCallback((key: string, p: Partial<Batch>) => {
    if (alive.current) setBatches((cur) => cur.map((b) => (b.key === key ? { ...b, ...p } : b)));
  }, []);

  const send = useCallback(
    (b: Batch) => {
      running.current.add(b.transferId);
      dc.fileUpload(connectionId, { clientId: client.id, field: b.field, files: b.files.map((f) => f.token), transferId: b.transferId }).then(
        () => {
          running.current.delete(b.transferId);
          patch(b.key, { status: "done", sent: undefined, files: b.files.map((f) => ({ ...f, transferred: f.size, total: f.size })) });
          if (alive.current) {
            toasts.success(t("dc.docs.uploaded", { n: b.files.length, field: b.field }));
            onUploaded();
          }
        },
        (e: unknown) => {
          running.current.delete(b.transferId);
          const err = toApiError(e);
          if (err.code === "CANCELLED") patch(b.key, { status: "cancelled" });
          else patch(b.key, { status: "failed", error: Object.values(err.fields ?? {})[0] ?? err.message });
        },
      );
    },
    [connectionId, client.id, patch, toasts, t, onUploaded],
  );

  const onFiles = (dropped: DroppedFile[], at: { x: number; y: number }) => {
    const under = document.elementFromPoint?.(at.x, at.y)?.closest<HTMLElement>("[data-testid='doc-field']")?.dataset.field;
    const field = under && fields.includes(under) ? under : dropField;
    if (!field) {
      toasts.info(t("dc.docs.noField"));
      return;
    }
    const id = newTransferId();
    const b: Batch = {
      key: id,
      field,
      transferId: id,
      status: "uploading",
      files: dropped.map((f) => ({ token: f.token, name: f.name, size: f.size, transferred: 0, total: f.size || undefined })),
    };
    setBatches((cur) => [b, ...cur]);
    send(b);
  };
  const hover = useNativeDrops(signing === null, onFiles);

  useTransferProgress((u) => {
    if (u.kind !== "upload") return;
    setBatches((cur) =>
      cur.map((b) => {
        if (b.transferId !== u.transferId || b.status !== "uploading") return b;
        if (!b.files.some((f) => f.name === u.name)) return { ...b, sent: { transferred: u.transferred, total: u.total } };
        const files = b.files.map((f) => (f.name === u.name ? { ...f, transferred: u.transferred, total: u.total ?? f.total } : f));
        return { ...b, files };
      }),
    );
  });

  const retry = (b: Batch) => {
    const id = newTransferId();
    const next: Batch = { ...b, transferId: id, status: "uploading", error: undefined, sent: undefined, files: b.files.map((f) => ({ ...f, transferred: 0 })) };
    patch(b.key, next);
    send(next);
  };

  const [newField, setNewField] = useState("");
  const addField = (e: FormEvent) => {
    e.preventDefault();
    const f = newField.trim().toLowerCase().replace(/\s+/g, "_");
    if (!f) return;
    setExtra((cur) => (cur.includes(f) ? cur : [...cur, f]));
    setTarget(f);
    setNewField("");
  };

  return (
    <div className="card" data-testid="documents-panel">
      <h2 className="section-title">{t("dc.docs.title")}</h2>
      <p className="muted small">{t("dc.docs.help")}</p>
      {fields.length === 0 ? (
        <Empty testId="documents-empty">{t("dc.docs.noFields")}</Empty>
      ) : (
        <ul className="dc-fields">
          {fields.map((f) => {
            const files = client.documents[f] ?? [];
            const picked = f === dropField;
            const mine = batches.filter((b) => b.field === f);
            const signable = files.length > 0 || mine.some((b) => b.status === "done");
            return (
              <li key={f} className={`dc-field${picked ? " picked" : ""}${picked && hover ? " hover" : ""}`} data-testid="doc-field" data-field={f}>
                <div className="dc-field-head">
                  <label className="check">
                    <input type="radio" name="drop-target" checked={picked} onChange={() => setTarget(f)} data-testid="doc-target" />
                    <code className="strong">{f}</code>
                  </label>
                  <span className="muted small">{picked ? (hover ? t("dc.docs.release", { field: f }) : t("dc.docs.dropHere")) : t("dc.docs.pickTarget")}</span>
                  <span className="spacer" />
                  <button type="button" className="btn btn-sm" disabled={!signable} onClick={() => setSigning(f)} data-testid="doc-sign" title={signable ? undefined : t("dc.docs.signNeedsFile")}>
                    {t("dc.docs.sign")}
                  </button>
                </div>
                {files.length > 0 && (
                  <ul className="plain dc-files" data-testid="doc-files">
                    {files.map((file, i) => (
                      <li key={`${file.name}-${i}`}>
                        {file.name}
                        {file.size !== undefined && <span className="muted small"> · {formatBytes(file.size, locale)}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                {mine.map((b) => (
                  <div key={b.key} className={`upload-row upload-${b.status}`} data-testid="doc-upload" data-status={b.status}>
                    <div className="upload-line">
                      <Badge tone={b.status === "done" ? "ok" : b.status === "failed" ? "error" : b.status === "cancelled" ? "neutral" : "warn"} testId="doc-upload-status">
                        {t(`dc.upload.${b.status}`)}
                      </Badge>
                      <span className="muted small">{t("dc.docs.files", { n: b.files.length })}</span>
                      <span className="spacer" />
                      {b.status === "uploading" && (
                        <button type="button" className="btn btn-sm" onClick={() => api.transferCancel(b.transferId).catch((e: unknown) => toasts.error(toApiError(e)))} data-testid="doc-upload-cancel">
                          {t("dc.upload.cancel")}
                        </button>
                      )}
                      {(b.status === "failed" || b.status === "cancelled") && (
                        <button type="button" className="btn btn-sm" onClick={() => retry(b)} data-testid="doc-upload-retry">
                          {t("common.retry")}
                        </button>
                      )}
                    </div>
                    {fileProgress(b).map((file) => (
                      <div key={file.token} className="dc-upload-file" data-testid="doc-upload-file" data-name={file.name}>
                        <span className="ellipsis" title={file.name}>
                          {file.name}
                        </span>
                        <Progress transferred={file.transferred} total={file.total} testId="doc-upload-progress" />
                      </div>
                    ))}
                    {b.error && (
                      <div className="field-error" data-testid="doc-upload-error">
                        {localizeFieldError(b.error, lang)}
                      </div>
                    )}
                  </div>
                ))}
              </li>
            );
          })}
        </ul>
      )}
      <form className="input-row dc-add-field" onSubmit={addField}>
        <input value={newField} onChange={(e) => setNewField(e.target.value)} placeholder={t("dc.docs.fieldPlaceholder")} aria-label={t("dc.docs.addField")} data-testid="doc-new-field" />
        <button type="submit" className="btn btn-sm" data-testid="doc-add-field">
          {t("dc.docs.addField")}
        </button>
      </form>
      {signing && <MifielDialog connectionId={connectionId} client={client} field={signing} onClose={() => setSigning(null)} onGoEnvelopes={onGoEnvelopes} />}
    </div>
  );
}
