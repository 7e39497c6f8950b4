import type { FieldError, OperationRecord } from "../api/bindings";
import type { Lang } from "./strings";

/**
 * Field errors, envelope action reasons and history summaries arrive as a stable code, its
 * parameters and English text (Rust `FieldError` / `Summary`). The UI says each known code in
 * the user's language, filling `{param}` from the parameters. An unknown code, or the code
 * "invalid" (a provider's own words, which no table can know), shows the text as it came.
 */
type Table = Record<string, string>;

const fieldEs: Table = {
  blank: "no puede estar vacío",
  too_long: "es demasiado largo ({count} caracteres; máximo {max})",
  max_length: "es demasiado largo (máximo {max})",
  control_characters: "contiene caracteres de control",
  invalid_email: "no es un correo electrónico válido",
  invalid_phone: "no es un teléfono (de {min} a {max} dígitos)",
  invalid_country_code: "debe ser un código de país de dos letras, como MX",
  positive_number: "debe ser un número positivo",
  at_least: "debe ser {min} o más",
  nothing_to_change: "no hay cambios que guardar",
  length_between: "debe tener de {min} a {max} caracteres",
  username_chars: "solo admite letras, dígitos, «.», «_» y «-»",
  url_scheme: "debe empezar con http:// o https://",
  url_no_host: "no tiene servidor",
  https_only: "debe empezar con https:// (http:// solo para este equipo: localhost, 127.0.0.1 o ::1)",
  https_required: "debe usar https:// (http:// solo se admite para este equipo: localhost, 127.0.0.1 o ::1)",
  url_credentials: "no debe llevar usuario ni contraseña (usuario:clave@); escríbalos como secretos de la conexión",
  url_spaces: "no debe contener espacios ni caracteres de control",
  url_query: "no debe contener una consulta (?…)",
  url_fragment: "no debe contener un fragmento (#…)",
  secrets_host_changed: "el servidor cambió: escriba de nuevo los secretos de esta conexión, para no enviarlos al nuevo servidor sin querer",
  unknown_secret_field: "no es un campo secreto de {provider}; se esperaba {expected}",
  loopback_only: "debe ser una dirección de este equipo (localhost, 127.0.0.1 o ::1)",
  file_type: "debe ser uno de {allowed}; se recibió {got}",
  file_empty: "está vacío (0 bytes)",
  file_unreadable: "no se puede leer {name}",
  not_a_file: "{name} no es un archivo",
  file_too_large: "es demasiado grande ({size} bytes; máximo {max_mib} MiB)",
  one_of: "debe ser uno de {allowed}",
  taken: "ya está en uso",
  invalid_value: "no es válido",
  not_in_list: "no está en la lista",
  invalid_date: "debe ser una fecha (AAAA-MM-DD)",
  invalid_datetime: "debe ser una fecha (AAAA-MM-DD) o una fecha y hora RFC 3339",
  before_from: "es anterior a «desde»",
  invalid_uuid: "debe ser un UUID de 36 caracteres",
  zero_id: "«0» no es un identificador",
  // Why an envelope action is not available ({status} is the envelope's state).
  only_draft_edit: "solo un borrador se puede editar; este sobre está {status}",
  only_draft_distribute: "solo un borrador se puede enviar a firma; este sobre está {status}",
  only_draft_delete: "solo un borrador se puede eliminar; este sobre está {status}",
  only_sent_return: "solo un sobre enviado se puede devolver a borrador; este está {status}",
  sent_delete: "un sobre enviado no se puede eliminar: devuélvalo a borrador primero",
  state_unknown: "no se conoce el estado del sobre; actualícelo primero",
  // UnDosTres keys and accounts (provider-undostres rules and ops).
  ip_count: "como máximo {max} direcciones IP por clave (se dieron {count})",
  ip_invalid: "la entrada {entry} ({value}) no es una dirección IPv4 ni IPv6",
  ip_duplicate: "{ip} está repetida",
  ip_list_unknown: "indique de 1 a {max} direcciones IP: no se conoce la lista de la clave actual",
  ip_required_first_key: "indique de 1 a {max} direcciones IP: la primera clave de una cuenta necesita al menos una",
  key_format: "no es una clave de API de UnDosTres (8-4-4-4-12 letras o dígitos)",
  no_previous_key: "no hay una clave anterior que vencer",
  previous_expiry_format: "debe ser «now» o una fecha y hora como 2026-12-01T18:00:00Z",
  previous_expiry_too_late: "debe ser como máximo dentro de {hours} horas (la clave anterior vence en {hours} horas de todos modos)",
  previous_expiry_past: "ya pasó; elija «ahora mismo» para retirar la clave anterior de inmediato",
  not_editable: "no se puede cambiar por la API: UnDosTres cambia el correo y el teléfono registrados solo a pedido a su soporte",
  company_id_format: "no es un ID de empresa (de 1 a {max} letras, dígitos, «-», «_» o «.»)",
  webhooks_max: "como máximo {max} webhooks",
  webhook_invalid: "el webhook {index} no es una dirección http(s) válida",
  account_nothing_to_change: "no hay cambios: indique el nombre, el número de documento o los webhooks",
  tree_depth: "{account} está en el nivel {depth}: las cuentas se anidan como máximo {max} niveles por debajo de la principal",
  no_free_slot: "{account} ya tiene {max} subcuentas, el máximo permitido",
  not_copyable: "no se puede copiar {field} de esta conexión",
  // SIGNIO inputs (provider-signio model, ops, client).
  tag_blank: "una etiqueta no puede estar vacía",
  tag_semicolon: "una etiqueta no puede contener «;» («{tag}»)",
  invalid_cc: "la dirección {position} ({address}) no es un correo electrónico válido",
  field_name_blank: "el nombre de un campo no puede estar vacío",
  phone_chars: "solo admite dígitos, espacios, «-» y un «+» al inicio",
  not_notifiable_state: "{state} no es un estado que se notifique (3 firmado, 4 rechazado, 6 suspendido, 8 devuelto con observaciones)",
  notified_role_only: "solo aplica a contactos con el rol {role}",
  role_chars: "un rol no puede estar vacío ni contener «,»",
  page_from_1: "las páginas se numeran desde 1",
  attachment_no_position: "un anexo no lleva posición de sello",
  status_filter: "no se puede filtrar por ese estado ({status}): solo borrador, enviado, firmado, rechazado o suspendido",
  unknown_status: "no se puede listar por un estado desconocido",
  invalid_status_code: "debe ser 0, 1, 2, 3, 4, 6, 7 u 8",
  more_than_0: "debe ser mayor que 0",
  required_simple_note: "es obligatorio en una nota SIMPLE",
  required_external_note: "es obligatorio en una nota externa (plantilla 0)",
  external_note_file_only: "solo una nota externa (plantilla 0) lleva archivo",
  note_file_fixed: "el archivo de una nota no se puede reemplazar",
  file_reference_only: "el archivo se indica en su propio campo (un archivo elegido), no aquí",
  id_chars: "contiene espacios o caracteres de control",
  metatags_object: "debe ser un objeto JSON de rol → {SigIDType, SigID}",
  at_least_one_value: "indique al menos un valor",
  choose_file: "elija un archivo",
  document_protected: "«{name}» está protegido: SIGNIO no deja ver ni descargar documentos protegidos una vez firmado el sobre",
  sandbox_only: "los controles de firmante solo funcionan en conexiones de simulador (un simulador en este equipo)",
  not_a_sandbox: "esta dirección no es un simulador de SIGNIO de Ventanilla (no tiene controles /__sandbox)",
  // Files and folders an export writes to (core fsutil, provider-signio documents).
  folder_missing: "la carpeta {folder} no existe",
  not_a_folder: "{folder} no es una carpeta",
  is_folder: "{path} es una carpeta; indique un nombre de archivo",
  not_in_folder: "{path} no está directamente en la carpeta {folder}",
  folder_full: "{folder} ya tiene demasiados archivos llamados como «{name}»",
  no_file_picker: "aquí no se pueden elegir archivos",
  pick_kind: "solo se puede elegir un archivo .cer o .key",
  // Connections and their settings (`settings.<key>` fields).
  invalid_url: "no es una URL válida ({detail})",
  wrong_provider: "no es {provider}",
  no_settings: "una conexión de {provider} no tiene ajustes",
  json_object: "debe ser un objeto JSON",
  routes_object: "debe ser un objeto de operación → «MÉTODO /ruta»",
  route_string: "debe ser un texto como «POST /ruta»",
  unknown_route_op: "operación desconocida; se conocen: {known}",
  route_missing_placeholder: "debe contener el marcador :{name}",
  route_unknown_placeholder: "marcador desconocido «{name}»",
  invalid_route: "no es una ruta válida: {detail}",
  minutes_range: "debe ser un número entero de minutos, de {min} a {max}",
  number_range: "debe ser un número entero de {min} a {max}",
  tenant_name: "debe ser un nombre de tenant (texto de {max} caracteres como máximo)",
  unknown_setting: "ajuste desconocido; se conocen: {known}",
  // An input that does not have the operation's shape ({detail} is serde's English).
  invalid_input: "no es una entrada válida: {detail}",
  invalid_json: "no es un documento JSON válido",
  // The app shell: dropped files, links opened in the browser, transfers.
  drop_again: "este archivo no se soltó en la ventana en esta sesión; arrástrelo de nuevo",
  link_not_issued: "solo se puede abrir un enlace que esta aplicación obtuvo del proveedor; pídalo de nuevo",
  link_not_url: "el enlace no es una dirección válida",
  link_https_only: "solo se abren en el navegador enlaces https",
  link_credentials: "no se abren enlaces que lleven usuario o contraseña",
  link_pending: "otro enlace espera su confirmación; respóndalo primero",
  transfer_id: "indique un id único de 1 a 200 caracteres",
  transfer_running: "ya hay una transferencia en curso con este id",  // DynamiCore (provider-dynamicore)
  files_required: "indique al menos un archivo",
  files_max: "como máximo {max} archivos a la vez",
  sat_file_required: "es obligatorio para la e.firma",
  signatories_required: "indique al menos un firmante",
  people_max: "como máximo {max}",
  numeric_id: "no es un identificador (de 1 a {max} dígitos, distinto de 0)",
  field_key: "no es una clave de campo (de 1 a {max} minúsculas, dígitos o «_»)",
  reference_format: "no es una referencia (de 1 a {max} letras, dígitos, «-» o «_»)",
  rfc_format: "no es un RFC: 4 letras, fecha AAMMDD y 3 caracteres (persona física, {fisica}) o 3 letras, fecha y 3 caracteres (persona moral, {moral})",
  rfc_date: "tiene una fecha (AAMMDD) que no existe: {date}",
  iso_date: "no es una fecha AAAA-MM-DD (un día que exista)",
  date_range: "es anterior a la fecha de inicio",
  enabled_flag: "debe ser «1» (activa) o «0» (inactiva)",
  currency_iso4217: "no es un código numérico de moneda ISO 4217 (p. ej., 484 para MXN)",
  base64: "no es un archivo en base64 (ni un data URI en base64)",
  route_placeholders: "debe tener exactamente los marcadores: {names}",
  // Ventanilla's own checks on connections, History and sandboxes (service).
  sandbox_not_editable: "la conexión de sandbox la gestiona Ventanilla y no se puede editar",
  provider_unchangeable: "no se puede cambiar el proveedor de una conexión; agregue una nueva",
  after_start: "debe ser posterior a la fecha de inicio",
  not_this_provider: "«{name}» es una conexión de {provider}, no de {expected}",
  sandbox_other_provider: "es un sandbox de otro proveedor",
  no_simulator_here: "no es una conexión de sandbox con un simulador en este proceso",
  no_mailbox: "solo las conexiones de sandbox tienen un buzón legible",
  // DynamiCore operations (provider-dynamicore calls).
  sat_file_too_large: "ocupa {size} bytes; un .key o .cer del SAT ocupa como máximo {max}",
  download_too_large: "pesa más de {max_mib} MiB",
  not_signed_yet: "«{name}» está {status}: Mifiel entrega el archivo firmado cuando todos los firmantes firmaron",
  simulator_controls_only: "los controles del simulador solo funcionan en conexiones de sandbox (un simulador en este equipo)",
};

const fieldEn: Table = {
  blank: "can't be blank",
  too_long: "is too long ({count} characters; max {max})",
  max_length: "is too long (max {max})",
  control_characters: "contains control characters",
  invalid_email: "is not a valid e-mail address",
  invalid_phone: "is not a phone number ({min}–{max} digits)",
  invalid_country_code: "must be a two-letter country code such as MX",
  positive_number: "must be a positive number",
  nothing_to_change: "nothing to change",
  length_between: "must be {min} to {max} characters",
  username_chars: "may only contain letters, digits, '.', '_' and '-'",
  url_scheme: "must start with http:// or https://",
  file_empty: "is empty (0 bytes)",
  taken: "has already been taken",
  invalid_value: "is invalid",
  not_in_list: "is not included in the list",
  only_draft_edit: "only a draft can be edited; this envelope is {status}",
  only_draft_distribute: "only a draft can be distributed; this envelope is {status}",
  only_draft_delete: "only a draft can be deleted; this envelope is {status}",
  only_sent_return: "only a sent envelope can be returned to draft; this one is {status}",
  sent_delete: "a sent envelope can't be deleted: return it to draft first",
  state_unknown: "the envelope's state is unknown; refresh it first",
  ip_count: "at most {max} IP addresses per key ({count} given)",
  ip_invalid: "entry {entry} ({value}) is not an IPv4 or IPv6 address",
  ip_duplicate: "{ip} is listed twice",
  ip_list_unknown: "give 1 to {max} IP addresses: the current key's list is not known",
  ip_required_first_key: "give 1 to {max} IP addresses: the first key of an account needs at least one",
  key_format: "is not an UnDosTres API key (8-4-4-4-12 letters or digits, like fb2992d3-5cf2-4177-8433-173bf3a63265)",
  no_previous_key: "there is no previous key to expire",
  previous_expiry_too_late: "must be at most {hours} hours from now (the old key expires within {hours} hours anyway)",
  not_editable: "is not editable through the API: UnDosTres changes the registered email and phone only on request to its support",
  company_id_format: "is not a company ID (1–{max} letters, digits, '-', '_' or '.')",
  webhooks_max: "at most {max} webhooks",
  webhook_invalid: "webhook {index} is not a valid http(s) address",
  tree_depth: "{account} is at depth {depth}: accounts can be nested at most {max} levels below the main account",
  no_free_slot: "{account} already has {max} sub-accounts, the most it may have",
  https_only: "must start with https:// (http:// only for this computer: localhost, 127.0.0.1 or ::1)",
  https_required: "must use https:// (http:// is only allowed for this computer: localhost, 127.0.0.1 or ::1)",
  url_credentials: "must not contain a user name or password (user:pass@); enter them as the connection's secrets",
  url_spaces: "must not contain spaces or control characters",
  url_query: "must not contain a query (?…)",
  url_fragment: "must not contain a fragment (#…)",
  secrets_host_changed: "the host changed: enter this connection's secrets again, so they are not sent to the new host unasked",
  unknown_secret_field: "is not a secret field of {provider}; expected {expected}",
  loopback_only: "must be an address on this computer (localhost, 127.0.0.1 or ::1)",
  not_a_file: "{name} is not a file",
  file_too_large: "is too large ({size} bytes; max {max_mib} MiB)",
  invalid_date: "must be a date (YYYY-MM-DD)",
  invalid_datetime: "must be a date (YYYY-MM-DD) or an RFC 3339 date-time",
  before_from: "is before `from`",
  invalid_uuid: "must be a 36-character UUID",
  previous_expiry_format: "must be \"now\" or a date and time like 2026-12-01T18:00:00Z",
  previous_expiry_past: "is in the past; choose \"now\" to retire the old key immediately",
  account_nothing_to_change: "nothing to change: give names, a document number or webhooks",
  not_copyable: "\"{field}\" cannot be copied from this connection",
  tag_blank: "a tag can't be blank",
  tag_semicolon: "a tag can't contain ';' (\"{tag}\")",
  field_name_blank: "a field name can't be blank",
  phone_chars: "may only contain digits, spaces, '-' and a leading '+'",
  not_notifiable_state: "{state} is not a notifiable state (3 signed, 4 rejected, 6 suspended, 8 returned with observations)",
  notified_role_only: "only applies to contacts with role {role}",
  role_chars: "a role can't be blank or contain ','",
  page_from_1: "page numbers start at 1",
  attachment_no_position: "an attachment has no stamp position",
  status_filter: "can't filter by {status}: draft, sent, completed, declined or suspended",
  unknown_status: "can't list by an unknown status",
  invalid_status_code: "must be 0, 1, 2, 3, 4, 6, 7 or 8",
  more_than_0: "must be more than 0",
  required_simple_note: "is required for a SIMPLE note",
  required_external_note: "is required for an external note (template 0)",
  external_note_file_only: "only an external note (template 0) takes a file",
  note_file_fixed: "a note's file can't be replaced",
  id_chars: "contains spaces or control characters",
  metatags_object: "must be a JSON object of role → {SigIDType, SigID}",
  at_least_one_value: "give at least one value",
  choose_file: "choose a file",
  document_protected: "\"{name}\" is protected: SIGNIO does not let protected documents be viewed or downloaded once the envelope is signed",
  sandbox_only: "signer controls only work on sandbox connections (a simulator on this computer)",
  not_a_sandbox: "this address is not a Ventanilla SIGNIO sandbox (no /__sandbox controls)",
  folder_missing: "the folder {folder} does not exist",
  not_a_folder: "{folder} is not a folder",
  is_folder: "{path} is a folder; give a file name",
  not_in_folder: "{path} is not directly in the folder {folder}",
  no_file_picker: "this caller cannot pick files",
  pick_kind: "can pick a .cer or a .key file",
  invalid_url: "is not a valid URL ({detail})",
  wrong_provider: "is not {provider}",
  no_settings: "a {provider} connection has no settings",
  json_object: "must be a JSON object",
  routes_object: "must be an object of operation → \"METHOD /path\"",
  route_string: "must be a string like \"POST /path\"",
  unknown_route_op: "unknown operation; known: {known}",
  route_missing_placeholder: "must contain the placeholder :{name}",
  invalid_route: "{detail}",
  minutes_range: "must be a whole number of minutes from {min} to {max}",
  number_range: "must be a whole number from {min} to {max}",
  tenant_name: "must be a tenant name (text, at most {max} characters)",
  unknown_setting: "unknown setting; known: {known}",
  invalid_json: "is not a valid JSON document",
  drop_again: "this file was not dropped on the window in this session; drop it again",
  link_not_issued: "only a link this app obtained from the provider can be opened; ask for it again",
  link_credentials: "links with a user name or password in them are not opened",
  link_pending: "another link is waiting for your confirmation; answer it first",
  transfer_id: "give a unique id of 1 to 200 characters",
  transfer_running: "a transfer with this id is running",  // DynamiCore (provider-dynamicore)
  files_required: "give at least one file",
  files_max: "at most {max} files at once",
  sat_file_required: "is required for e.firma",
  signatories_required: "give at least one signatory",
  people_max: "at most {max}",
  numeric_id: "is not an id (1 to 18 digits, not 0)",
  field_key: "is not a field key (1 to 64 lower-case letters, digits or '_')",
  reference_format: "is not a reference (1 to 64 letters, digits, '-' or '_')",
  rfc_format: "is not an RFC: 4 letters, date YYMMDD and 3 characters (persona física, 13) or 3 letters, date and 3 characters (persona moral, 12)",
  rfc_date: "has a date part (YYMMDD) that is not a calendar day",
  iso_date: "is not a date as YYYY-MM-DD (a real calendar day)",
  date_range: "is before the start date",
  enabled_flag: 'must be "1" (active) or "0" (inactive)',
  currency_iso4217: "is not an ISO 4217 numeric currency code (e.g. 484 for MXN)",
  base64: "is not a file in base64 (or a base64 data URI)",
  route_placeholders: "must have exactly the placeholders: {names}",
  sandbox_not_editable: "the sandbox connection is managed by Ventanilla and cannot be edited",
  provider_unchangeable: "cannot change the provider of a connection; add a new one",
  after_start: "must be after the start date",
  not_this_provider: "“{name}” is a {provider} connection, not a {expected} one",
  sandbox_other_provider: "a sandbox of another provider",
  no_simulator_here: "not a sandbox connection with a simulator in this process",
  no_mailbox: "only sandbox connections have a readable mailbox",
  // DynamiCore operations (provider-dynamicore calls).
  sat_file_too_large: "is {size} bytes; a SAT .key or .cer is at most {max}",
  simulator_controls_only: "simulator controls only work on sandbox connections (a simulator on this computer)",
};

const summaryEs: Table = {
  pending: "enviado al proveedor, sin confirmar: Ventanilla se detuvo antes de la respuesta (o aún la espera). Puede haberse aplicado: compruébelo en el proveedor antes de reintentar",
  outcome_unknown: "no se sabe si se aplicó: la respuesta no llegó. Compruébelo en el proveedor antes de reintentar",
  envelopes_listed: "{count} sobres",
  envelopes_found: "{count} sobres desde la posición {offset}",
  envelopes_found_capped: "{count} sobres desde la posición {offset} (hay más)",
  bases_listed: "{count} sobres base",
  templates_listed: "{count} plantillas",
  template_fields_listed: "{count} campos",
  tags_listed: "{count} etiquetas",
  envelope_shown: "«{name}» {status} · {documents} documentos · {contacts} contactos · {signatures} firmas",
  envelope_created: "creado {id}",
  envelope_deleted: "eliminado",
  envelope_returned: "devuelto a borrador",
  envelope_distributed: "enviado a firma: pendiente de firma",
  document_protected: "protegido",
  document_unprotected: "desprotegido",
  cancelled: "cancelado",
  link_issued: "enlace emitido (no se guarda), vence {expires}",
  onsite_url_issued: "URL de firma presencial emitida (no se guarda)",
  signer_added: "«{name}» → firmante {signer}",
  signer_linked: "firmante {signer} → documento {document}",
  signer_linked_attachment: "firmante {signer} → documento {document} (anexo)",
  signer_ordered: "firmante {signer} → posición {position}",
  template_updated: "actualizado: {fields}",
  note_updated: "nota {document} actualizada",
  sandbox_signer_control: "control de firmante del simulador",
  wallets_listed: "{count} billeteras",
  notices_listed: "{count} avisos",
  plans_listed: "{count} planes",
  team_listed: "{count} miembros directos",
  matrix_position: "posición en la matriz",
  no_matrix_position: "sin posición en la matriz",
  resources_listed: "{count} recursos",
  categories_listed: "{count} categorías",
  catalog_listed: "{count} entradas",
  tickets_listed: "{count} tickets",
  messages_listed: "{count} mensajes",
  transactions_page: "página {page} de {pages}, {count} movimientos",
  logged_in: "sesión iniciada como {user}",
  connection_saved: "{name} → {url}",
  connection_removed: "eliminada",
  connection_tested: "sesión iniciada",
  // UnDosTres (provider-undostres ops; service's secret copies).
  key_issued: "clave …{last4} hasta {until} desde {ips}",
  key_issued_previous_until: "clave …{last4} hasta {until} desde {ips}; la anterior hasta {previousUntil}",
  key_issued_session_only:
    "clave …{last4} hasta {until} desde {ips}; solo para esta sesión: el llavero no la aceptó (desbloquéelo y pida otra)",
  key_status: "clave …{last4} hasta {until} ({level})",
  no_key_yet: "aún sin clave",
  account: "{id} · {names}",
  account_inactive: "{id} · {names} (inactiva)",
  account_updated: "{id} · {names} (cambió: {changed})",
  accounts_known: "{count} cuentas conocidas",
  subaccount_created: "{id} · {names} bajo {parent} → conexión {connection}",
  secret_copied: "se copió {field} al portapapeles",
  secret_revealed: "se mostró {field} con ventanilla-cli --reveal",
  // SIGNIO documents and templates (provider-signio ops).
  document_uploaded: "{name} · {bytes} bytes · sha256 {sha256} · {ms} ms → documento {document}",
  document_exported: "{path} · {bytes} bytes · sha256 {sha256}",
  documents_exported: "{count} documentos → {folder} ({failed} sin exportar)",
  note_uploaded: "nota {kind} → documento {document}",
  template_applied: "plantilla {template} ({count} campos) → documento {document} «{name}»",
  // BackOffice users ({message} is the BackOffice's own words).
  user_created: "{message} (usuario={user}, correo={email}, patrocinador={sponsor})",
  user_updated: "{message} (cambió: {fields})",
  // DynamiCore (provider-dynamicore calls).
  client_type_created: "tipo de cliente «{name}» → id {id}",
  product_type_created: "tipo de producto «{name}» → id {id}",
  client_templates: "{count} plantillas de cliente",
  product_templates: "{count} plantillas de producto",
  client_created: "{name} · {rfc} → cliente {id}",
  client_updated: "cliente {id} (cambió: {changed})",
  clients_listed: "{count} clientes",
  client_score: "puntaje crediticio {score}",
  client_sat_read: "datos del SAT de {rfc} ({kind})",
  files_uploaded: "{count} archivos ({bytes} bytes) → {pii}: {names}",
  account_opened: "cuenta {id} (producto {product})",
  account_opened_inactive: "cuenta {id} (producto {product}), inactiva",
  accounts_listed: "{count} cuentas",
  transactions_listed: "{count} movimientos",
  payments_listed: "{count} pagos",
  sat_keys_loaded: "llaves {kind} cargadas para el cliente {client}",
  sat_sync_queued: "sincronización del SAT {start} → {end}: {status}",
  sat_invoices: "{count} de {total} facturas",
  mifiel_sent: "{name}: {status} ({signed}/{signers} firmaron)",
  mifiel_document: "{name}: {status} ({signed}/{signers} firmaron)",
  mifiel_exported: "{count} archivos guardados: {path}",
  order_created: "orden {id} por {cents} centavos ({channel})",
  order_status: "orden {id}: {status} ({cents} centavos)",
  sandbox_signed: "todos los firmantes firmaron «{name}» (simulador)",
  sandbox_paid: "orden {id} pagada en un OXXO (simulador)",
};

const summaryEn: Table = {
  envelopes_listed: "{count} envelopes",
  bases_listed: "{count} base envelopes",
  templates_listed: "{count} templates",
  template_fields_listed: "{count} fields",
  tags_listed: "{count} tags",
  wallets_listed: "{count} wallets",
  notices_listed: "{count} notices",
  plans_listed: "{count} plans",
  team_listed: "{count} direct members",
  resources_listed: "{count} resources",
  categories_listed: "{count} categories",
  catalog_listed: "{count} entries",
  tickets_listed: "{count} tickets",
  messages_listed: "{count} messages",
  account_updated: "{id} · {names} ({changed} changed)",
  accounts_known: "{count} accounts known",
  secret_copied: "{field} copied to the clipboard",
  secret_revealed: "{field} revealed by ventanilla-cli --reveal",
  document_uploaded: "{name} · {bytes} bytes · sha256 {sha256} · {ms} ms → document {document}",
  document_exported: "{path} · {bytes} bytes · sha256 {sha256}",
  note_uploaded: "{kind} note → document {document}",
  template_applied: "template {template} ({count} fields) → document {document} «{name}»",
  user_created: "{message} (user_name={user}, email={email}, sponsor={sponsor})",
  user_updated: "{message} (changed: {fields})",
  // DynamiCore (provider-dynamicore calls).
  client_templates: "{count} client templates",
  product_templates: "{count} product templates",
  clients_listed: "{count} clients",
  accounts_listed: "{count} accounts",
  transactions_listed: "{count} transactions",
  payments_listed: "{count} payments",
};

const FIELD: Record<Lang, Table> = { es: fieldEs, en: fieldEn };
const SUMMARY: Record<Lang, Table> = { es: summaryEs, en: summaryEn };

/** The template a field error ("field") or a history summary ("summary") code has in `lang`. */
export function codeTemplate(kind: "field" | "summary", code: string, lang: Lang): string | undefined {
  const table = (kind === "field" ? FIELD : SUMMARY)[lang];
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
}

/** An envelope's state as a Spanish sentence says it ("este sobre está firmado"). */
const STATUS_ES: Record<string, string> = {
  draft: "en borrador",
  sent: "enviado",
  completed: "firmado",
  declined: "rechazado",
  suspended: "suspendido",
  returned: "devuelto con observaciones",
  expired: "vencido",
  unknown: "en un estado desconocido",
};

/** A key's expiry level (`key_status {level}`). */
const LEVEL_ES: Record<string, string> = { ok: "vigente", soon: "vence pronto", urgent: "vence en menos de 24 h", expired: "vencida" };

/** Input fields an update changed (`account_updated {changed}`, a ", "-separated list). */
const CHANGED: Record<Lang, Record<string, string>> = {
  es: { names: "nombre", documentNumber: "número de documento", webhooks: "webhooks" },
  en: { names: "names", documentNumber: "document number", webhooks: "webhooks" },
};

/** A connection's secret field (`secret_copied {field}`), with its article so templates stay neutral. */
const SECRET_FIELD_ES: Record<string, string> = { user: "el usuario", password: "la contraseña" };

/** Parameters whose values are words of ours, said in each language (others go as they came). */
function word(k: string, v: string, lang: Lang): string {
  if (k === "changed") return v.split(", ").map((f) => CHANGED[lang][f] ?? f).join(", ");
  if (lang !== "es") return v;
  if (k === "status") return STATUS_ES[v] ?? v;
  if (k === "level") return LEVEL_ES[v] ?? v;
  if (k === "field") return SECRET_FIELD_ES[v] ?? v;
  return v;
}

type Params = Record<string, string | number | boolean> | undefined;

function fill(template: string, params: Params, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => {
    const v = params?.[k];
    if (v === undefined) return whole;
    return word(k, String(v), lang);
  });
}

/** `text` said in `lang` for `code` from `table`, or `text` itself when the code is not known. */
function say(tables: Record<Lang, Table>, code: string | undefined, params: Params, text: string, lang: Lang): string {
  const template = code ? tables[lang][code] : undefined;
  return template ? fill(template, params, lang) : text;
}

/** A field error or an action's reason in the user's language (a plain string is already text). */
export function localizeFieldError(e: FieldError | string, lang: Lang): string {
  if (typeof e === "string") return e;
  return say(FIELD, e.code, e.params, e.message, lang);
}

/** What a history row says, in the user's language; older rows without a code show their text. */
export function localizeSummary(rec: Pick<OperationRecord, "summary" | "summaryCode" | "summaryParams">, lang: Lang): string {
  return say(SUMMARY, rec.summaryCode, rec.summaryParams, rec.summary, lang);
}
