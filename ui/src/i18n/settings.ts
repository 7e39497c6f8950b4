// The connection form's "Advanced settings". Each field's label and hint come
// from Rust in English (ProviderInfo.settingFields); Spanish labels are keyed
// `<provider>.<key>`, Spanish hints by their English text (several fields
// share one), and anything missing falls back to the English.

export const settingsEs = {
  "conn.settings.title": "Ajustes avanzados",
  "conn.settings.intro": "Déjelos vacíos para usar el valor que se muestra. Solo se guardan los que cambie.",
  "conn.settings.assumed": "supuesto",
  "conn.settings.assumedWhy": "La documentación del proveedor no da esta ruta: el valor por omisión es una suposición de Ventanilla ({doc}).",
  "conn.settings.assumedAll": "La documentación del proveedor no da esas rutas: sus valores por omisión son suposiciones de Ventanilla.",
  "conn.settings.changed": "{n} con valor propio",
};

export const settingsEn: Record<keyof typeof settingsEs, string> = {
  "conn.settings.title": "Advanced settings",
  "conn.settings.intro": "Leave them blank to use the value shown. Only the ones you change are saved.",
  "conn.settings.assumed": "assumed",
  "conn.settings.assumedWhy": "The provider's documentation gives no such route: the default is Ventanilla's assumption ({doc}).",
  "conn.settings.assumedAll": "The provider's documentation gives no such routes: their defaults are Ventanilla's assumptions.",
  "conn.settings.changed": "{n} set",
};

const ACCOUNT_VAR = "{company_id} is the account's id; \"me\" stands for your own account";

/** Spanish labels (`<provider>.<key>`) and hints (by English text). */
export const settingTextEs: Record<string, string> = {
  "undostres.routes.key.request": "Solicitar una clave de API",
  "undostres.routes.account.get": "Leer una cuenta",
  "undostres.routes.account.update": "Actualizar datos de la empresa",
  "undostres.routes.subaccount.create": "Crear una subcuenta",
  "undostres.max_root_children": "Subcuentas de la cuenta principal (C)",
  "undostres.max_children": "Subcuentas de cada subcuenta (G)",
  "dynamicore.routes.type.create_client": "Crear un tipo de cliente",
  "dynamicore.routes.type.create_product": "Crear un tipo de producto",
  "dynamicore.routes.catalog.client": "Catálogo de plantillas de cliente",
  "dynamicore.routes.catalog.product": "Catálogo de plantillas de producto",
  "dynamicore.routes.client.create": "Crear un cliente",
  "dynamicore.routes.client.update": "Actualizar un cliente",
  "dynamicore.routes.client.list": "Listar clientes",
  "dynamicore.routes.file.upload": "Subir archivos a un campo",
  "dynamicore.routes.client.sat": "Situación fiscal (SAT) del cliente",
  "dynamicore.routes.client.score": "Score crediticio",
  "dynamicore.routes.account.create": "Abrir una cuenta",
  "dynamicore.routes.account.list": "Listar cuentas",
  "dynamicore.routes.account.transactions": "Movimientos de una cuenta",
  "dynamicore.routes.account.payments": "Pagos de una cuenta",
  "dynamicore.routes.sat.keys": "Cargar llaves del SAT",
  "dynamicore.routes.sat.sync": "Sincronizar datos del SAT",
  "dynamicore.routes.sat.data": "Leer datos del SAT",
  "dynamicore.routes.mifiel.create": "Enviar a firmar con Mifiel",
  "dynamicore.routes.mifiel.get": "Leer un documento de Mifiel",
  "dynamicore.routes.conekta.create": "Crear una orden de Conekta",
  "dynamicore.routes.conekta.get": "Leer una orden de Conekta",
  "keep the placeholders :client_id, :field": "conserve los marcadores :client_id, :field",
  "keep the placeholders :client_id": "conserve el marcador :client_id",
  "keep the placeholders :account_id": "conserve el marcador :account_id",
  "keep the placeholders :id": "conserve el marcador :id",
  [ACCOUNT_VAR]: "{company_id} es el ID de la cuenta; \"me\" es su propia cuenta",
  "UNDOSTRES 2.4 gives 5 as its example; from 1 to 1000": "UNDOSTRES 2.4 da 5 como ejemplo; de 1 a 1000",
  "UNDOSTRES 2.4 gives 10 as its example; from 1 to 1000": "UNDOSTRES 2.4 da 10 como ejemplo; de 1 a 1000",

  // SIGNIO: the seed's own section titles.
  "signio.paths.token.create": "Generar token",
  "signio.paths.envelope.list": "Listar transacciones",
  "signio.paths.tag.list": "Listar tags",
  "signio.paths.base.list": "Listar transacciones base",
  "signio.paths.envelope.create": "Registrar transacción",
  "signio.paths.document.upload": "Cargar documentos",
  "signio.paths.signer.create": "Registrar firmantes",
  "signio.paths.signer.link": "Vincular firmantes a documentos",
  "signio.paths.signer.order": "Cambiar orden de distribución",
  "signio.paths.envelope.distribute": "Distribuir",
  "signio.paths.envelope.get": "Obtener transacción",
  "signio.paths.envelope.return": "Devolver transacción",
  "signio.paths.envelope.delete": "Eliminar transacción",
  "signio.paths.document.protect": "Proteger documento",
  "signio.paths.template.fields": "Listar campos plantillas",
  "signio.paths.envelope.search": "Buscar sobres",
  "signio.paths.template.list": "Listar plantillas",
  "signio.paths.template.use": "Usar plantilla",
  "signio.paths.template.update": "Actualizar valores plantilla",
  "signio.paths.envelope.magic_link": "Obtener link",
  "signio.paths.auth.tenants": "Autenticación (multi-tenant)",
  "signio.paths.tve.upload": "Cargar TVE",
  "signio.paths.tve.edit": "Editar TVE",
  "signio.paths.onsite.url": "Generar URL para firma en sitio",
  "signio.token_lifetime_min": "Vigencia del token (minutos)",
  "signio.tenant": "Tenant",
  "SIGNIO documents this path but not its method: POST is assumed":
    "SIGNIO documenta esta ruta pero no su método: se supone POST",
  "Must contain :envelope_id": "Debe contener :envelope_id",
  "Must contain :envelope_id and :document_id": "Debe contener :envelope_id y :document_id",
  "Must contain :envelope_id and :documento_id": "Debe contener :envelope_id y :documento_id",
  "How long a login token is trusted, and the ttl asked of 6.21; 1 to 10080":
    "Cuánto se confía en un token de sesión, y el ttl que se pide a 6.21; de 1 a 10080",
  "Log in through 6.21 and use this tenant's token; blank: 6.1 login":
    "Iniciar sesión por 6.21 y usar el token de este tenant; vacío: inicio de sesión por 6.1",
};
