import { useState } from "react";
import type { SettingField } from "../../api";
import { Badge, Field } from "../../components/ui";
import { useI18n } from "../../i18n/I18n";
import { settingTextEs } from "../../i18n/settings";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a field holds in the form: its stored value, or "" (the default). */
function storedValue(settings: Json | undefined, f: SettingField): string {
  let v: unknown = settings;
  for (const k of f.path) v = isObject(v) ? v[k] : undefined;
  return v === undefined || v === null ? "" : String(v);
}

/** A field's value as it counts: blank and the default both mean "absent". */
function effective(f: SettingField, value: string | undefined): string {
  const v = (value ?? "").trim();
  return v === f.default ? "" : v;
}

/** The form's starting values: the connection's stored settings (never secrets). */
export function settingValues(fields: SettingField[], settings: Json | undefined): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.key, storedValue(settings, f)]));
}

/** Whether any field differs from what the connection has stored. */
export function settingsChanged(fields: SettingField[], before: Record<string, string>, now: Record<string, string>): boolean {
  return fields.some((f) => effective(f, before[f.key]) !== effective(f, now[f.key]));
}

/** The settings JSON to send: the stored settings with each field set where
 *  it was given a value of its own, and removed where it is blank or the
 *  default. Numbers that do not parse go as typed: the provider's parser
 *  (the authority) answers with a field error. */
export function settingsJson(fields: SettingField[], stored: Json | undefined, values: Record<string, string>): Json {
  const out = (isObject(stored) ? JSON.parse(JSON.stringify(stored)) : {}) as Json;
  for (const f of fields) {
    const parents = f.path.slice(0, -1);
    const leaf = f.path[f.path.length - 1]!;
    const v = effective(f, values[f.key]);
    let obj = out;
    for (const p of parents) {
      if (!isObject(obj[p])) obj[p] = {};
      obj = obj[p] as Json;
    }
    if (v === "") delete obj[leaf];
    else obj[leaf] = f.kind === "number" && /^\d+$/.test(v) ? Number(v) : v;
  }
  // A group left empty ({"routes": {}}) says nothing.
  for (const [k, v] of Object.entries(out)) if (isObject(v) && Object.keys(v).length === 0) delete out[k];
  return out;
}

/** The connection form's collapsed "Advanced settings": the provider's
 *  settings (from Rust), defaults as placeholders, assumed ones marked. */
export function AdvancedSettings({
  provider,
  fields,
  values,
  errs,
  onChange,
}: {
  provider: string;
  fields: SettingField[];
  values: Record<string, string>;
  /** The form's field errors; the service names them `settings.<key>`. */
  errs: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  if (fields.length === 0) return null;
  const es = (text: string) => (lang === "es" && settingTextEs[text]) || undefined;
  const invalid = Boolean(errs.settings) || fields.some((f) => errs[`settings.${f.key}`]);
  const shown = open || invalid;
  const own = fields.filter((f) => effective(f, values[f.key]) !== "").length;
  return (
    <fieldset className="secrets advanced-settings" data-testid="conn-settings">
      <button
        type="button"
        className="disclosure"
        aria-expanded={shown}
        onClick={() => setOpen(!shown)}
        data-testid="conn-settings-toggle"
      >
        {t("conn.settings.title")}
        {own > 0 && <span className="muted small"> · {t("conn.settings.changed", { n: own })}</span>}
      </button>
      {shown && (
        <>
          <p className="muted small">{t("conn.settings.intro")}</p>
          {fields.some((f) => f.assumed) && (
            // Said once for the section; each badge's tooltip names its section.
            <p className="small" data-testid="conn-settings-assumed">
              <Badge tone="warn">{t("conn.settings.assumed")}</Badge> {t("conn.settings.assumedAll")}
            </p>
          )}
          {errs.settings && (
            <p className="field-error" data-testid="field-error-settings">
              {errs.settings}
            </p>
          )}
          {fields.map((f) => {
            const why = f.assumed ? t("conn.settings.assumedWhy", { doc: f.doc ?? "" }) : undefined;
            const hint = f.hint && (es(f.hint) ?? f.hint);
            return (
              <Field
                key={f.key}
                name={`settings.${f.key}`}
                label={
                  <>
                    {es(`${provider}.${f.key}`) ?? f.label}
                    {f.doc && <span className="muted small"> · {f.doc}</span>}{" "}
                    {f.assumed && (
                      <Badge tone="warn" title={why} testId={`setting-assumed-${f.key}`}>
                        {t("conn.settings.assumed")}
                      </Badge>
                    )}
                  </>
                }
                hint={hint}
                error={errs[`settings.${f.key}`]}
              >
                {(p) => (
                  <input
                    {...p}
                    className={f.kind === "route" ? "mono" : undefined}
                    inputMode={f.kind === "number" ? "numeric" : undefined}
                    spellCheck={false}
                    placeholder={f.default}
                    data-testid={`conn-setting-${f.key}`}
                    value={values[f.key] ?? ""}
                    onChange={(e) => onChange(f.key, e.target.value)}
                  />
                )}
              </Field>
            );
          })}
        </>
      )}
    </fieldset>
  );
}
