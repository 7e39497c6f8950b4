import { describe, expect, it } from "vitest";
import { centsText, currencyName, parsePesos, pesosInput } from "./money";

describe("money in cents", () => {
  it("shows cents as es-MX pesos with the currency", () => {
    expect(centsText(123450)).toBe("$1,234.50 MXN");
    expect(centsText(5)).toBe("$0.05 MXN");
    expect(centsText(-250000)).toBe("-$2,500.00 MXN");
    expect(centsText("900")).toBe("$9.00 MXN");
    expect(centsText(100, "840")).toBe("$1.00 USD");
    expect(centsText(123456789012)).toBe("$1,234,567,890.12 MXN");
    // Not cents: shown as it came.
    expect(centsText("12.5")).toBe("12.5");
    expect(centsText(undefined)).toBe("");
  });

  it("reads typed pesos as integer cents, without float rounding", () => {
    expect(parsePesos("1250.5")).toBe(125050);
    expect(parsePesos("1,250.50")).toBe(125050);
    expect(parsePesos("$ 19.99")).toBe(1999);
    expect(parsePesos("1,234,567.8")).toBe(123456780);
    expect(parsePesos("0.29")).toBe(29); // 0.29 * 100 is 28.999… in floats
    expect(parsePesos("1000")).toBe(100000);
    for (const bad of ["", "0", "0.00", "1.234", "-5", "abc", "1e3", "12,5", "1,23.00", "1 234"]) expect(parsePesos(bad)).toBeNull();
    expect(pesosInput(125050)).toBe("1250.50");
  });

  it("names ISO 4217 numeric codes", () => {
    expect(currencyName("484")).toBe("MXN");
    expect(currencyName("")).toBe("MXN");
    expect(currencyName("cop")).toBe("COP");
  });
});
