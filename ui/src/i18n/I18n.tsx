import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { dictionaries, type Lang, type MessageKey } from "./strings";

export type TFn = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: TFn;
  /** Intl locale tag for dates and numbers. */
  locale: string;
}

const I18nContext = createContext<I18nValue | null>(null);

export const LANG_STORAGE_KEY = "ventanilla.lang";

export function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(LANG_STORAGE_KEY);
    return v === "es" || v === "en" ? v : null;
  } catch {
    return null;
  }
}

export function I18nProvider({ lang, setLang, children }: { lang: Lang; setLang: (l: Lang) => void; children: ReactNode }) {
  const t = useCallback<TFn>(
    (key, vars) => {
      let s = dictionaries[lang][key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
      return s;
    },
    [lang],
  );
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t, locale: lang === "es" ? "es-419" : "en-US" }),
    [lang, setLang, t],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
