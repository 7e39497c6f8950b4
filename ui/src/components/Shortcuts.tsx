import { useEffect, useRef } from "react";
import { Dialog } from "./ui";
import { useI18n } from "../i18n/I18n";
import { aboutT } from "../screens/about/strings";
import "./shortcuts.css";

export interface ShortcutActions {
  /** Screen names, in sidebar order: Ctrl+1 … Ctrl+n. */
  screens: string[];
  onScreen: (index: number) => void;
  onRefresh: () => void;
  onHelp: () => void;
}

/** The fields Ctrl+K and / jump to: the screen's search box, else its main lookup field. */
const SEARCH_TARGETS = ['main input[type="search"]', "main [data-search]", "main #user-id-input"];

function typing(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Focuses the current screen's search field; false if it has none. */
export function focusSearch(): boolean {
  for (const sel of SEARCH_TARGETS) {
    const el = document.querySelector<HTMLElement>(sel);
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement) el.select();
      return true;
    }
  }
  return false;
}

/**
 * The app's keyboard shortcuts. F5 and Ctrl+R refresh the screen's data and
 * never reload the page (which would drop unsaved input and restart the UI).
 * While a dialog is open only it answers (Escape closes it: see `Dialog`).
 */
export function useShortcuts(actions: ShortcutActions) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      const ctrl = e.ctrlKey || e.metaKey;
      const reload = e.key === "F5" || (ctrl && !e.shiftKey && e.key.toLowerCase() === "r");
      if (reload) e.preventDefault();
      if (document.querySelector('[role="dialog"]')) return;
      if (reload) {
        a.onRefresh();
        return;
      }
      if (ctrl && !e.altKey && /^[1-9]$/.test(e.key)) {
        const i = Number(e.key) - 1;
        if (i < a.screens.length) {
          e.preventDefault();
          a.onScreen(i);
        }
        return;
      }
      if (ctrl && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        focusSearch();
        return;
      }
      if (ctrl || e.altKey || typing(e.target)) return;
      if (e.key === "/") {
        if (focusSearch()) e.preventDefault();
      } else if (e.key === "?") {
        e.preventDefault();
        a.onHelp();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The overlay listing the shortcuts (opened with ?). */
export function ShortcutsHelp({ screens, onClose }: { screens: string[]; onClose: () => void }) {
  const { lang } = useI18n();
  const rows: [string, string][] = [
    ...screens.map((name, i): [string, string] => [`Ctrl+${i + 1}`, aboutT(lang, "keys.screen", { name })]),
    ["Ctrl+K  /  /", aboutT(lang, "keys.search")],
    ["F5  /  Ctrl+R", aboutT(lang, "keys.refresh")],
    ["Esc", aboutT(lang, "keys.escape")],
    ["?", aboutT(lang, "keys.help")],
  ];
  return (
    <Dialog title={aboutT(lang, "keys.title")} onClose={onClose} testId="shortcuts-help">
      <table className="shortcuts">
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split("  /  ").map((k, i) => (
                  <span key={k + i}>
                    {i > 0 && " / "}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
