import { describe, expect, it } from "vitest";
import { localizeFieldError, localizeSummary } from "./codes";

describe("coded messages", () => {
  it("say UnDosTres's field errors in Spanish with their parameters", () => {
    const e = { code: "tree_depth", message: "UDT-1 is at depth 2: …", params: { account: "UDT-1", depth: 2, max: 2 } };
    expect(localizeFieldError(e, "es")).toBe("UDT-1 está en el nivel 2: las cuentas se anidan como máximo 2 niveles por debajo de la principal");
    expect(localizeFieldError({ code: "ip_count", message: "x", params: { max: 3, count: 4 } }, "en")).toBe("at most 3 IP addresses per key (4 given)");
  });

  it("show a provider's own words as they came", () => {
    expect(localizeFieldError({ code: "invalid", message: "phone is not updatable via API" }, "es")).toBe("phone is not updatable via API");
  });

  it("name the changed fields and a key's level in the user's language", () => {
    const rec = { summary: "UDT-1 · Recargas (names, document number changed)", summaryCode: "account_updated", summaryParams: { id: "UDT-1", names: "Recargas", changed: "names, documentNumber" } };
    expect(localizeSummary(rec, "es")).toBe("UDT-1 · Recargas (cambió: nombre, número de documento)");
    expect(localizeSummary(rec, "en")).toBe("UDT-1 · Recargas (names, document number changed)");
    const status = { summary: "key …3265 until … (Soon)", summaryCode: "key_status", summaryParams: { last4: "3265", until: "2026-12-31T00:00:00Z", level: "soon" } };
    expect(localizeSummary(status, "es")).toBe("clave …3265 hasta 2026-12-31T00:00:00Z (vence pronto)");
  });

  it("name a copied or refused secret field in Spanish, neutrally", () => {
    const copied = { summary: "password copied to the clipboard", summaryCode: "secret_copied", summaryParams: { field: "password" } };
    expect(localizeSummary(copied, "es")).toBe("se copió la contraseña al portapapeles");
    expect(localizeSummary({ ...copied, summaryCode: "secret_revealed", summaryParams: { field: "user" } }, "es")).toBe("se mostró el usuario con ventanilla-cli --reveal");
    expect(localizeFieldError({ code: "not_copyable", message: "x", params: { field: "password" } }, "es")).toBe("no se puede copiar la contraseña de esta conexión");
    expect(localizeSummary(copied, "en")).toBe("password copied to the clipboard");
  });

  it("say settings errors and export summaries in Spanish", () => {
    const range = { code: "number_range", message: "must be a whole number from 1 to 1000", params: { min: 1, max: 1000 } };
    expect(localizeFieldError(range, "es")).toBe("debe ser un número entero de 1 a 1000");
    expect(localizeFieldError(range, "en")).toBe("must be a whole number from 1 to 1000");
    const rec = { summary: "3 documents → Descargas: …", summaryCode: "documents_exported", summaryParams: { count: 3, folder: "Descargas", failed: 0 } };
    expect(localizeSummary(rec, "es")).toBe("3 documentos → Descargas (0 sin exportar)");
    // No English entry: the Rust text, which lists every file, is shown whole.
    expect(localizeSummary(rec, "en")).toBe("3 documents → Descargas: …");
  });
});
