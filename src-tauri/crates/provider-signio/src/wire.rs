//! SIGNIO's wire format: field names, and tolerant readers for replies whose
//! shapes the seed leaves loose (numbers as strings, 0/1 as booleans, Spanish
//! or English keys).

use serde_json::{Map, Value};

/// The first of `keys` present as a non-null value.
pub fn field<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| v.get(*k).filter(|x| !x.is_null()))
}

/// A string (numbers are written out).
pub fn text(v: &Value, keys: &[&str]) -> Option<String> {
    match field(v, keys)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer, from a number or a numeric string.
pub fn int(v: &Value, keys: &[&str]) -> Option<i64> {
    match field(v, keys)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// A boolean from `true`/`false`, `0`/`1`, `"0"`/`"1"`, `"true"`/`"false"`.
pub fn flag(v: &Value, keys: &[&str]) -> Option<bool> {
    match field(v, keys)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "si" | "sí" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An array (absent = empty).
pub fn list<'a>(v: &'a Value, keys: &[&str]) -> &'a [Value] {
    match field(v, keys) {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// `0`/`1` as SIGNIO writes its digit flags.
pub fn digit(b: bool) -> Value {
    Value::from(b as u8)
}

/// Insert `key: value` when `value` is `Some`.
pub fn put<T: Into<Value>>(m: &mut Map<String, Value>, key: &str, value: Option<T>) {
    if let Some(v) = value {
        m.insert(key.to_string(), v.into());
    }
}

/// SIGNIO request field → the core input field it comes from, so provider
/// validation errors land under the same inputs as ours.
pub fn core_field(signio: &str) -> &str {
    match signio {
        "nombre" => "name",
        "mensaje" => "message",
        "ciclo_aprobacion" => "approvalCycle",
        "id_transaccion_base" => "baseEnvelopeId",
        "external_id" => "externalId",
        "op_btnRechazo" => "allowReject",
        "op_foto" => "photo",
        "op_certLegops" => "legopsCertification",
        "op_firmasProcesadas" => "showProcessedSignatures",
        "remitente" => "sender",
        "mensaje_firma" => "signingMessage",
        "mensaje_final" => "finalMessage",
        "permiteEdicion" => "approversMayReturn",
        "permiteEdicionFirmantes" => "signersMayReturn",
        "on_premise_signature" => "onPremiseSignature",
        "envelopeDeduplicationKey" => "deduplicationKey",
        "notificar_contacto" => "notifyContacts",
        "campos_plantillas" | "fields" => "templateFields",
        "created_by" => "createdBy",
        "id_transaccion" | "transaction_id" | "envelope_id" => "envelopeId",
        "tipo_identificacion" | "document_type" => "identityType",
        "identificacion" | "document" => "identity",
        "orden" => "order",
        "aprobador" => "approver",
        "tipo_firma" => "digitalSignature",
        "tipo_firmante" => "naturalPerson",
        "celular" => "mobile",
        "razonsocial" => "companyName",
        "company_identification_type" => "companyIdentityType",
        "company_identification" => "companyIdentity",
        "servicio_identidad" => "identityService",
        "rol" => "role",
        "states" => "notifyStates",
        "enable_comments" => "enableComments",
        "Operation_rol" => "operationRoles",
        "documento" => "file",
        "id_documento" | "document_id" | "documento_id" => "documentId",
        "id_firmante" => "signerId",
        "posicion" => "position",
        "operation_rol" => "operationRole",
        "type" => "kind",
        "template_id" => "templateId",
        "payment_way" => "paymentWay",
        "payment_place" => "paymentPlace",
        "op_token" => "tokenDelivery",
        "direct_signature" => "directSignature",
        "confirmation_url" => "confirmationUrl",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        use ventanilla_http::hostile::any_json;

        const KEYS: &[&str] = &[
            "id",
            "nombre",
            "name",
            "estado",
            "status",
            "documentos",
            "path",
            "protegido",
            "transacciones",
            "orden",
            "1",
            "0",
            "true",
            "si",
            "sí",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn readers_never_panic_on_any_json(v in any_json(KEYS)) {
                for keys in [&["id"][..], &["nombre", "name"], &["estado", "status"], &[]] {
                    let _ = field(&v, keys);
                    let _ = text(&v, keys);
                    let _ = int(&v, keys);
                    let _ = flag(&v, keys);
                    let _ = list(&v, keys);
                }
            }

            #[test]
            fn field_names_always_map(name in ".{0,20}") {
                let _ = core_field(&name);
            }
        }
    }
}
