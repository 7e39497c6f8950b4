import { useMemo, type MouseEvent } from "react";
import { api, toApiError } from "../api";
import { useI18n } from "../i18n/I18n";
import { useToasts } from "../state/toasts";

/** An https URL with a host; anything else (http, javascript:, relative, mailto:) is not a link here. */
function httpsUrl(href: string | null): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim());
    return u.protocol === "https:" && u.hostname ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Links in sanitized provider HTML, made safe to click: https links are marked
 * to open in the system browser (no `target`), every other `<a>` becomes
 * plain text that says where it pointed.
 */
export function prepareLinks(html: string): string {
  const tpl = document.createElement("template");
  tpl.innerHTML = html;
  for (const a of Array.from(tpl.content.querySelectorAll("a"))) {
    const href = a.getAttribute("href");
    const url = httpsUrl(href);
    if (url) {
      a.className = "external-link";
      a.removeAttribute("target");
      a.setAttribute("rel", "noopener noreferrer");
      a.setAttribute("title", url);
      a.setAttribute("data-testid", "external-link");
    } else {
      const span = document.createElement("span");
      span.className = "inert-link";
      span.setAttribute("data-testid", "inert-link");
      if (href) span.setAttribute("title", href);
      span.append(...Array.from(a.childNodes));
      a.replaceWith(span);
    }
  }
  return tpl.innerHTML;
}

/**
 * HTML from a provider, already sanitized in Rust (no scripts, styles, event
 * handlers or remote resources), which is the only reason rendering it as
 * HTML is acceptable. A click on a link never navigates the window: Rust
 * opens it in the system browser after a native confirmation showing its
 * host (`open_link`). The window refuses navigation anyway (`nav.rs`).
 */
export function ProviderHtml({ html, className, testId }: { html: string; className?: string; testId?: string }) {
  const { t, lang } = useI18n();
  const toasts = useToasts();
  const prepared = useMemo(() => prepareLinks(html), [html]);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as Element).closest("a");
    if (!a || !e.currentTarget.contains(a)) return;
    e.preventDefault();
    const url = httpsUrl(a.getAttribute("href"));
    if (!url) return;
    api.openLink(url, lang).then(
      (opened) => opened && toasts.success(t("link.opened")),
      (err: unknown) => toasts.error(toApiError(err)),
    );
  };
  return (
    <div
      className={className}
      data-testid={testId}
      onClick={onClick}
      // A middle click would open a new window: refused, and not opened either.
      onAuxClick={(e) => {
        if ((e.target as Element).closest("a")) e.preventDefault();
      }}
      dangerouslySetInnerHTML={{ __html: prepared }}
    />
  );
}
