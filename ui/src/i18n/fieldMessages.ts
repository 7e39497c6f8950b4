import type { Lang } from "./strings";

/**
 * Field errors and action reasons arrive in English: ours from Rust validation, the provider's
 * word for word ("can't be blank", "has already been taken"). Show the known
 * phrases in Spanish; anything unknown is shown as it came.
 */
const spanish: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^can't be blank$/, () => "no puede estar vacío"],
  [/^is not a valid e-mail address$/, () => "no es un correo electrónico válido"],
  [/^is invalid$/, () => "no es válido"],
  [/^has already been taken$/, () => "ya está en uso"],
  [/^is not included in the list$/, () => "no está en la lista"],
  [/^must be a positive number$/, () => "debe ser un número positivo"],
  [/^must be 1 or more$/, () => "debe ser 1 o más"],
  [/^nothing to change$/, () => "no hay cambios que guardar"],
  [/^contains control characters$/, () => "contiene caracteres de control"],
  [/^is not a phone number \(6–20 digits\)$/, () => "no es un teléfono (de 6 a 20 dígitos)"],
  [/^must be a two-letter country code such as MX$/, () => "debe ser un código de país de dos letras, como MX"],
  [/^must be (\d+) to (\d+) characters$/, (m) => `debe tener de ${m[1]} a ${m[2]} caracteres`],
  [/^is too long \((\d+) characters; max (\d+)\)$/, (m) => `es demasiado largo (${m[1]} caracteres; máximo ${m[2]})`],
  [/^may only contain letters, digits, '\.', '_' and '-'$/, () => "solo admite letras, dígitos, «.», «_» y «-»"],
  [/^must start with http:\/\/ or https:\/\/$/, () => "debe empezar con http:// o https://"],
  [/^has no host$/, () => "no tiene servidor"],
  [/^is empty \(0 bytes\)$/, () => "está vacío (0 bytes)"],
  [/^must be after the start date$/, () => "debe ser posterior a la fecha de inicio"],
  // Why an envelope action is not available (core EnvelopeActions).
  [/^only a draft can be (edited|distributed|deleted); this envelope is (\w+)$/, (m) =>
    `solo un borrador se puede ${DRAFT_VERB[m[1]] ?? m[1]}; este sobre está ${STATUS[m[2]] ?? m[2]}`],
  [/^a sent envelope can't be deleted: return it to draft first$/, () =>
    "un sobre enviado no se puede eliminar: devuélvalo a borrador primero"],
  [/^only a sent envelope can be returned to draft; this one is (\w+)$/, (m) =>
    `solo un sobre enviado se puede devolver a borrador; este está ${STATUS[m[1]] ?? m[1]}`],
  [/^the envelope's state is unknown; refresh it first$/, () => "no se conoce el estado del sobre; actualícelo primero"],
];

const DRAFT_VERB: Record<string, string> = { edited: "editar", distributed: "enviar a firma", deleted: "eliminar" };
const STATUS: Record<string, string> = {
  draft: "en borrador",
  sent: "enviado",
  completed: "firmado",
  declined: "rechazado",
  suspended: "suspendido",
  returned: "devuelto con observaciones",
  unknown: "en un estado desconocido",
};

function translate(part: string): string | null {
  for (const [re, es] of spanish) {
    const m = part.match(re);
    if (m) return es(m);
  }
  return null;
}

export function localizeFieldMessage(message: string, lang: Lang): string {
  if (lang !== "es") return message;
  // A whole known sentence first (some contain "; " themselves), then each
  // of several messages joined with "; " (never inside parentheses).
  return (
    translate(message) ??
    message
      .split(/; (?![^(]*\))/)
      .map((part) => translate(part) ?? part)
      .join("; ")
  );
}
