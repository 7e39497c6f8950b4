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
  // UnDosTres keys and accounts (provider-undostres rules and ops).
  [/^at most (\d+) IP addresses per key \((\d+) given\)$/, (m) => `como máximo ${m[1]} direcciones IP por clave (se dieron ${m[2]})`],
  [/^entry (\d+) \((.*)\) is not an IPv4 or IPv6 address$/, (m) => `la entrada ${m[1]} (${m[2]}) no es una dirección IPv4 ni IPv6`],
  [/^(\S+) is listed twice$/, (m) => `${m[1]} está repetida`],
  [/^give 1 to 3 IP addresses: the current key's list is not known$/, () => "indique de 1 a 3 direcciones IP: no se conoce la lista de la clave actual"],
  [/^give 1 to 3 IP addresses: the first key of an account needs at least one$/, () => "indique de 1 a 3 direcciones IP: la primera clave de una cuenta necesita al menos una"],
  [/^there is no previous key to expire$/, () => "no hay una clave anterior que vencer"],
  [/^must be "now" or a date and time like (\S+)$/, (m) => `debe ser «now» o una fecha y hora como ${m[1]}`],
  [/^must be at most 24 hours from now \(the old key expires within 24 hours anyway\)$/, () =>
    "debe ser como máximo dentro de 24 horas (la clave anterior vence en 24 horas de todos modos)"],
  [/^is in the past; choose "now" to retire the old key immediately$/, () => "ya pasó; elija «ahora mismo» para retirar la clave anterior de inmediato"],
  [/^is not editable through the API: UnDosTres changes the registered email and phone only on request to its support$/, () =>
    "no se puede cambiar por la API: UnDosTres cambia el correo y el teléfono registrados solo a pedido a su soporte"],
  [/^is not a company ID \(1–64 letters, digits, '-', '_' or '\.'\)$/, () => "no es un ID de empresa (de 1 a 64 letras, dígitos, «-», «_» o «.»)"],
  [/^at most (\d+) webhooks$/, (m) => `como máximo ${m[1]} webhooks`],
  [/^nothing to change: give names, a document number or webhooks$/, () => "no hay cambios: indique el nombre, el número de documento o los webhooks"],
  [/^(\S+) is at depth (\d+): accounts can be nested at most (\d+) levels below the main account$/, (m) =>
    `${m[1]} está en el nivel ${m[2]}: las cuentas se anidan como máximo ${m[3]} niveles por debajo de la principal`],
  [/^(\S+) already has (\d+) sub-accounts, the most it may have$/, (m) => `${m[1]} ya tiene ${m[2]} subcuentas, el máximo permitido`],
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
