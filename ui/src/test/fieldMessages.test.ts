import { describe, expect, it } from "vitest";
import { localizeFieldMessage } from "../i18n/fieldMessages";

describe("field error messages", () => {
  it("shows the provider's and our phrases in Spanish", () => {
    expect(localizeFieldMessage("can't be blank", "es")).toBe("no puede estar vacío");
    expect(localizeFieldMessage("has already been taken; is invalid", "es")).toBe("ya está en uso; no es válido");
    expect(localizeFieldMessage("is too long (300 characters; max 255)", "es")).toBe(
      "es demasiado largo (300 caracteres; máximo 255)",
    );
  });
  it("explains in Spanish why an envelope action is not available", () => {
    expect(localizeFieldMessage("only a draft can be deleted; this envelope is completed", "es")).toBe(
      "solo un borrador se puede eliminar; este sobre está firmado",
    );
  });
  it("leaves English and unknown messages as they came", () => {
    expect(localizeFieldMessage("can't be blank", "en")).toBe("can't be blank");
    expect(localizeFieldMessage("user_id doesn't exist.", "es")).toBe("user_id doesn't exist.");
  });
});
