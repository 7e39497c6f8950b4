import { useState, type FormEvent } from "react";
import { api, fieldErrors, type Connection, type NewUser } from "../../api";
import { useSubmit } from "../../components/hooks";
import { useI18n } from "../../i18n/I18n";
import type { MessageKey } from "../../i18n/strings";
import { useToasts } from "../../state/toasts";
import { Field, OutcomeUnknown } from "../../components/ui";
import { useCatalog } from "./catalog";

type FormKey = "sponsor" | "first_name" | "last_name" | "email" | "user_name" | "mobile" | "password" | "country_code";

const EMPTY: Record<FormKey, string> = {
  sponsor: "",
  first_name: "",
  last_name: "",
  email: "",
  user_name: "",
  mobile: "",
  password: "",
  country_code: "",
};

const INPUT_TYPES: Partial<Record<FormKey, string>> = { email: "email", password: "password", mobile: "tel" };
const AUTOCOMPLETE: Partial<Record<FormKey, string>> = {
  first_name: "off",
  last_name: "off",
  email: "off",
  user_name: "off",
  password: "new-password",
};

export function CreateUser({
  connection,
  onBack,
}: {
  connection: Connection;
  onBack: () => void;
}) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const [form, setForm] = useState(EMPTY);
  const { busy, error, run } = useSubmit();
  const countries = useCatalog(connection.id, "countries");
  const errs = fieldErrors(error, lang);

  const set = (k: FormKey, v: string) => setForm((f) => ({ ...f, [k]: v }));
  // A create that may have been applied: look for the user before sending again.
  const lookUp = { label: t("lookup.user"), run: onBack };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const user: NewUser = {
      sponsor: form.sponsor.trim(),
      firstName: form.first_name.trim(),
      lastName: form.last_name.trim(),
      email: form.email.trim(),
      userName: form.user_name.trim(),
      mobile: form.mobile.trim(),
      password: form.password,
      countryCode: form.country_code,
    };
    await run(async () => {
      const ack = await api.op("backoffice", connection.id, "user.create", { user });
      toasts.success(ack.message || t("create.done"));
      setForm(EMPTY);
    }, { lookUp });
  };

  const text = (k: FormKey) => (
    <Field key={k} name={k} label={t(`field.${k}` as MessageKey)} error={errs[k]}>
      {(p) => (
        <input
          {...p}
          name={k}
          data-testid={`field-${k}`}
          type={INPUT_TYPES[k] ?? "text"}
          autoComplete={AUTOCOMPLETE[k]}
          value={form[k]}
          onChange={(e) => set(k, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <section className="screen">
      <div className="screen-head">
        <div>
          <button type="button" className="btn btn-ghost btn-sm back" onClick={onBack} data-testid="user-back">
            ‹ {t("common.back")}
          </button>
          <h1>{t("create.title")}</h1>
        </div>
      </div>
      <form className="card form" onSubmit={submit} noValidate>
        <div className="form-grid">
          {text("sponsor")}
          {text("user_name")}
          {text("first_name")}
          {text("last_name")}
          {text("email")}
          {text("mobile")}
          {text("password")}
          <Field name="country_code" label={t("field.country_code")} error={errs.country_code}>
            {(p) => (
              <select
                {...p}
                name="country_code"
                data-testid="field-country_code"
                value={form.country_code}
                onChange={(e) => set("country_code", e.target.value)}
                disabled={countries.loading && !countries.data}
              >
                <option value="">{countries.loading ? t("common.loading") : t("common.select")}</option>
                {countries.data?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <OutcomeUnknown error={error} lookUp={lookUp} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onBack}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="user-create-submit">
            {busy ? t("common.loading") : t("create.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
