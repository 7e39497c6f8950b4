import type { Lang } from "../../i18n/strings";

// The About panel's and the shortcuts' texts (kept beside them).
const es = {
  "nav.about": "Acerca de",
  "about.title": "Acerca de Ventanilla",
  "about.version": "Versión",
  "about.buildDate": "Fecha de compilación",
  "about.os": "Sistema",
  "about.dataDir": "Carpeta de datos",
  "about.logFile": "Archivo de registro",
  "about.dbSize": "Tamaño de la base de datos",
  "about.schema": "Versión del esquema",
  "about.openFolder": "Abrir carpeta de datos",
  "about.bundle": "Exportar paquete de soporte",
  "about.bundleHint":
    "Un zip con los registros recientes (sin datos personales, secretos ni contenidos), las versiones y la lista de conexiones (nombre, proveedor y servidor), para enviarlo a soporte.",
  "about.bundleSaved": "Paquete de soporte guardado: {file} ({lines} líneas de registro).",
  "about.licenses": "Licencias de terceros",
  "about.licensesCount": "{n} componentes",
  "about.filter": "Filtrar componentes",
  "about.component": "Componente",
  "about.componentVersion": "Versión",
  "about.license": "Licencia",
  "about.kind": "Origen",
  "keys.title": "Atajos de teclado",
  "keys.screen": "Ir a {name}",
  "keys.search": "Buscar en la pantalla",
  "keys.refresh": "Actualizar la pantalla",
  "keys.escape": "Cerrar el diálogo",
  "keys.help": "Mostrar esta ayuda",
  "keys.button": "Atajos de teclado (?)",
} as const;

export type AboutKey = keyof typeof es;

const en: Record<AboutKey, string> = {
  "nav.about": "About",
  "about.title": "About Ventanilla",
  "about.version": "Version",
  "about.buildDate": "Build date",
  "about.os": "System",
  "about.dataDir": "Data folder",
  "about.logFile": "Log file",
  "about.dbSize": "Database size",
  "about.schema": "Schema version",
  "about.openFolder": "Open data folder",
  "about.bundle": "Export support bundle",
  "about.bundleHint":
    "A zip with the recent logs (no personal data, secrets or contents), the versions and the connection list (name, provider and host), to send to support.",
  "about.bundleSaved": "Support bundle saved: {file} ({lines} log lines).",
  "about.licenses": "Third-party licenses",
  "about.licensesCount": "{n} components",
  "about.filter": "Filter components",
  "about.component": "Component",
  "about.componentVersion": "Version",
  "about.license": "License",
  "about.kind": "Source",
  "keys.title": "Keyboard shortcuts",
  "keys.screen": "Go to {name}",
  "keys.search": "Search on the screen",
  "keys.refresh": "Refresh the screen",
  "keys.escape": "Close the dialog",
  "keys.help": "Show this help",
  "keys.button": "Keyboard shortcuts (?)",
};

export function aboutT(lang: Lang, key: AboutKey, vars?: Record<string, string | number>): string {
  let s: string = (lang === "es" ? es : en)[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
