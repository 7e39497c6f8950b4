import { useState, type ReactNode } from "react";
import { fieldErrors, toApiError } from "../../api";
import { useSubmit } from "../../components/hooks";
import { Dialog, FieldGroup, OutcomeUnknown } from "../../components/ui";
import { formatDateText } from "../../components/format";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useApp } from "../../state/app";
import { ud, type KeyInfo, type KeyRequestInput } from "./api";
import { daysUntil, earlierExpiry, ipProblems, MAX_IPS, previousWindow, rotationWindow, toLocalInput } from "./keys";

type StepId = "ips" | "previous" | "confirm" | "result";
type PreviousChoice = "24h" | "at" | "now";

/** The connection a key is requested for. */
export interface KeyTarget {
  id: string;
  name: string;
}

/**
 * Requests a key for `target`: its first (`current` null) or a rotation.
 * Steps: allowed IPs (prefilled from the current key) → the current key's
 * expiry, with what each choice means (skipped when it has already expired)
 * → confirmation → the result. The form checks only for convenience; Rust's
 * field errors land on the step and field they name.
 */
export function KeyWizard({ target, current, onClose, onIssued }: { target: KeyTarget; current: KeyInfo | null; onClose: () => void; onIssued: (key: KeyInfo) => void }) {
  const { t, locale, lang } = useI18n();
  const { connections } = useApp();
  const sandbox = connections.find((c) => c.id === target.id)?.sandbox ?? false;
  const rotation = current !== null;
  const now = Date.now();
  // The old key never outlives its own expiry: an urgent key gets less than 24 h, an expired one nothing.
  const win = current ? rotationWindow(current, now) : null;
  const steps: StepId[] = rotation && !win?.expired ? ["ips", "previous", "confirm", "result"] : ["ips", "confirm", "result"];
  const [step, setStep] = useState(0);
  const kind = steps[step]!;
  // Whether the user has changed anything: then closing by Esc, × or a stray click asks first, on every step.
  const [changed, setChanged] = useState(false);
  const [ips, setIpsState] = useState<string[]>(() => (current?.allowedIps.length ? [...current.allowedIps] : [""]));
  const [previous, setPreviousState] = useState<PreviousChoice>("24h");
  const [at, setAtState] = useState(() => toLocalInput(new Date(Date.now() + 3_600_000)));
  const touched =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setChanged(true);
      set(v);
    };
  const setIps = touched(setIpsState);
  const setPrevious = touched(setPreviousState);
  const setAt = touched(setAtState);
  const [tried, setTried] = useState(false);
  const [issued, setIssued] = useState<KeyInfo | null>(null);
  const { busy, error, run } = useSubmit();
  const serverErrors = fieldErrors(error, lang);

  const list = ips.map((s) => s.trim()).filter(Boolean);
  const problems = ipProblems(ips);
  const ipsOk = list.length >= 1 && list.length <= MAX_IPS && Object.keys(problems).length === 0;
  const atValue = previous === "at" ? earlierExpiry(at, now, win?.until) : null;
  const previousOk = previous !== "at" || atValue !== null;

  const go = (id: StepId) => setStep(steps.indexOf(id));
  const next = () => {
    setTried(true);
    if (kind === "ips" && !ipsOk) return;
    if (kind === "previous" && !previousOk) return;
    setTried(false);
    setStep(step + 1);
  };

  const submit = () =>
    run(async () => {
      const input: KeyRequestInput = { allowedIps: list };
      if (rotation && previous === "now") input.expirePreviousAt = "now";
      if (rotation && previous === "at" && atValue) input.expirePreviousAt = atValue;
      try {
        const key = await ud.keyRequest(target.id, input);
        setIssued(key);
        onIssued(key);
        go("result");
      } catch (e) {
        // Back to the step whose field Rust refused.
        const fields = fieldErrors(toApiError(e), lang);
        if (fields.allowed_ips) go("ips");
        else if (fields.expire_previous_at && steps.includes("previous")) go("previous");
        throw e;
      }
    });

  const title = rotation ? t("ud.wiz.titleRotate", { name: target.name }) : t("ud.wiz.titleFirst", { name: target.name });
  const serverIps = serverErrors.allowed_ips;
  const serverPrevious = serverErrors.expire_previous_at;
  const until = win ? formatDateText(new Date(win.until).toISOString(), locale) : "";

  return (
    <Dialog title={title} onClose={onClose} wide testId="key-wizard" dirty={changed && kind !== "result"}>
      <ol className="steps" aria-label={t("ud.wiz.steps")}>
        {steps.map((s, i) => (
          <li key={s} className={`step${i === step ? " active" : ""}${i < step ? " done" : ""}`} aria-current={i === step ? "step" : undefined}>
            <span className="step-n">{i + 1}</span> {t(`ud.wiz.step.${s}` as MessageKey)}
          </li>
        ))}
      </ol>

      <div className="ud-step">
        {kind === "ips" && (
          <FieldGroup className="ud-ips" describedBy="ud-ips-help" title={t("ud.wiz.step.ips")}>
            <p id="ud-ips-help" className="muted small">
              {t("ud.wiz.ipsHelp")} {rotation && current?.allowedIps.length ? t("ud.wiz.ipsPrefilled") : ""}
            </p>
            {current && win?.expired && (
              <p className="note warn" data-testid="key-current-expired">
                {t("ud.wiz.currentExpired", { last4: current.last4, when: until })}
              </p>
            )}
            {ips.map((ip, i) => {
              const problem = problems[i];
              return (
                <div key={i} className={`field${problem ? " field-invalid" : ""}`}>
                  <label htmlFor={`ud-ip-${i}`}>{t("ud.wiz.ip", { n: i + 1 })}</label>
                  <div className="input-row">
                    <input
                      id={`ud-ip-${i}`}
                      value={ip}
                      inputMode="text"
                      autoComplete="off"
                      spellCheck={false}
                      placeholder="203.0.113.10"
                      aria-invalid={Boolean(problem || serverIps)}
                      onChange={(e) => setIps(ips.map((v, j) => (j === i ? e.target.value : v)))}
                      onKeyDown={(e) => e.key === "Enter" && next()}
                      data-testid={`key-ip-${i}`}
                    />
                    {ips.length > 1 && (
                      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setIps(ips.filter((_, j) => j !== i))} aria-label={t("ud.wiz.removeIp", { n: i + 1 })} data-testid={`key-ip-remove-${i}`}>
                        ×
                      </button>
                    )}
                  </div>
                  {problem && (
                    <div className="field-error" data-testid={`field-error-ip-${i}`}>
                      {t(problem)}
                    </div>
                  )}
                </div>
              );
            })}
            {ips.length < MAX_IPS && (
              <div>
                <button type="button" className="btn btn-sm" onClick={() => setIps([...ips, ""])} data-testid="key-ip-add">
                  + {t("ud.wiz.addIp")}
                </button>
              </div>
            )}
            {tried && list.length === 0 && (
              <div className="field-error" data-testid="field-error-ips-none">
                {t("ud.wiz.ipsNone")}
              </div>
            )}
            {serverIps && (
              <div className="field-error" data-testid="field-error-allowed_ips">
                {serverIps}
              </div>
            )}
          </FieldGroup>
        )}

        {kind === "previous" && current && (
          <FieldGroup className="ud-previous" title={t("ud.wiz.prevHelp", { last4: current.last4 })}>
            <Choice value="24h" current={previous} onPick={setPrevious} label={win?.capped ? t("ud.wiz.prev.untilExpiry") : t("ud.wiz.prev.24h")} note={t("ud.wiz.prev.24hNote", { when: until })} />
            <Choice value="at" current={previous} onPick={setPrevious} label={t("ud.wiz.prev.at")} note={t("ud.wiz.prev.atNote")}>
              {previous === "at" && (
                <div className={`field${tried && !atValue ? " field-invalid" : ""}`}>
                  <label htmlFor="ud-prev-at">{t("ud.wiz.prev.atLabel")}</label>
                  <input
                    id="ud-prev-at"
                    type="datetime-local"
                    value={at}
                    min={toLocalInput(new Date())}
                    max={toLocalInput(new Date(win?.until ?? now + 86_400_000))}
                    onChange={(e) => setAt(e.target.value)}
                    aria-invalid={tried && !atValue}
                    data-testid="key-prev-at-input"
                  />
                  {tried && !atValue && (
                    <div className="field-error" data-testid="field-error-prev-at">
                      {win?.capped ? t("ud.wiz.atInvalidUntil", { when: until }) : t("ud.wiz.atInvalid")}
                    </div>
                  )}
                </div>
              )}
            </Choice>
            <Choice value="now" current={previous} onPick={setPrevious} label={t("ud.wiz.prev.now")} note={t("ud.wiz.prev.nowNote")} danger />
            {serverPrevious && (
              <div className="field-error" data-testid="field-error-expire_previous_at">
                {serverPrevious}
              </div>
            )}
          </FieldGroup>
        )}

        {kind === "confirm" && (
          <div className="ud-confirm" data-testid="key-confirm">
            <p>{t("ud.wiz.confirmText", { name: target.name })}</p>
            <dl className="facts ud-facts">
              <div>
                <dt>{t("ud.wiz.confirmIps")}</dt>
                <dd data-testid="key-confirm-ips">{list.join(", ")}</dd>
              </div>
              {current && (
                <div>
                  <dt>{t("ud.wiz.confirmPrevious", { last4: current.last4 })}</dt>
                  <dd data-testid="key-confirm-previous" className={previous === "now" ? "ud-danger" : undefined}>
                    {win?.expired
                      ? t("ud.wiz.confirmPreviousExpired", { when: until })
                      : previous === "24h"
                        ? t(win?.capped ? "ud.wiz.confirmPreviousUntilExpiry" : "ud.wiz.confirmPrevious24h", { when: until })
                        : previous === "now"
                          ? t("ud.wiz.confirmPreviousNow")
                          : t("ud.wiz.confirmPreviousAt", { when: formatDateText(atValue ?? "", locale) })}
                  </dd>
                </div>
              )}
            </dl>
            {!rotation && !sandbox && (
              <p className="note warn" data-testid="key-first-elsewhere">
                {t("ud.wiz.firstElsewhere")}
              </p>
            )}
            <p className="muted small">{t("ud.wiz.confirmStored")}</p>
          </div>
        )}

        {kind === "result" && issued && <IssuedKey issued={issued} rotation={rotation} />}

        <OutcomeUnknown error={error} />
      </div>

      <div className="form-actions wizard-actions">
        {step > 0 && kind !== "result" && (
          <button type="button" className="btn" onClick={() => setStep(step - 1)} disabled={busy} data-testid="key-back">
            ‹ {t("wizard.back")}
          </button>
        )}
        <span className="spacer" />
        {kind === "result" ? (
          <button type="button" className="btn btn-primary" onClick={onClose} data-testid="key-done">
            {t("common.close")}
          </button>
        ) : kind === "confirm" ? (
          <button type="button" className={`btn ${previous === "now" && rotation ? "btn-danger" : "btn-primary"}`} onClick={submit} disabled={busy} data-testid="key-submit">
            {busy ? t("common.loading") : previous === "now" && rotation ? t("ud.wiz.requestNow") : t("ud.wiz.request")}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={next} data-testid="key-next">
            {t("wizard.next")} ›
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** One radio choice with what it means, spelled out under it. */
function Choice({ value, current, onPick, label, note, danger, children }: { value: PreviousChoice; current: PreviousChoice; onPick: (v: PreviousChoice) => void; label: string; note: string; danger?: boolean; children?: ReactNode }) {
  const id = `ud-prev-${value}`;
  return (
    <div className={`ud-choice${current === value ? " picked" : ""}${danger ? " danger" : ""}`}>
      <label className="check" htmlFor={id}>
        <input id={id} type="radio" name="ud-previous" value={value} checked={current === value} onChange={() => onPick(value)} data-testid={`key-prev-${value}`} aria-describedby={`${id}-note`} />
        <span className="strong">{label}</span>
      </label>
      <p id={`${id}-note`} className="muted small ud-choice-note">
        {note}
      </p>
      {children}
    </div>
  );
}

/** The new key as it may be shown: last 4, expiry, and the old key's window. */
export function IssuedKey({ issued, rotation }: { issued: KeyInfo; rotation: boolean }) {
  const { t, locale } = useI18n();
  const window = previousWindow(issued);
  return (
    <div className="ud-result" data-testid="key-result" role="status">
      <p className="strong">{t("ud.wiz.done", { last4: issued.last4 })}</p>
      <p data-testid="key-result-expiry">{t("ud.wiz.newExpires", { when: formatDateText(issued.expiresAt, locale), n: daysUntil(issued.expiresAt) })}</p>
      {window ? (
        <p className="note" data-testid="key-result-previous">
          {t("ud.wiz.previousWindow", { when: formatDateText(window, locale) })}
        </p>
      ) : (
        rotation && (
          <p className="note warn" data-testid="key-result-previous">
            {t("ud.wiz.previousStopped")}
          </p>
        )
      )}
    </div>
  );
}
