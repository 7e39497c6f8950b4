//! SIGNIO envelope states (numbers in 6.2/6.7, texts in 6.16) ↔ the
//! normalized [`EnvelopeStatus`].

use ventanilla_core::envelopes::{
    ActionRule, ActionRules, EnvelopeActions, EnvelopeStatus, Refusal,
};

/// 1 En elaboración, 2 Pendiente de firma, 3 Firmada, 4 Rechazada,
/// 6 Suspendida, 7 En captura de datos, 8 Devolución con observaciones.
pub fn from_code(code: i64) -> EnvelopeStatus {
    match code {
        1 => EnvelopeStatus::Draft,
        2 | 7 => EnvelopeStatus::Sent,
        3 => EnvelopeStatus::Completed,
        4 => EnvelopeStatus::Declined,
        6 => EnvelopeStatus::Suspended,
        8 => EnvelopeStatus::Returned,
        _ => EnvelopeStatus::Unknown,
    }
}

fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

/// The 6.16 status text (or a 6.2 state name, or a number in a string).
pub fn from_text(s: &str) -> EnvelopeStatus {
    if let Ok(n) = s.trim().parse::<i64>() {
        return from_code(n);
    }
    let f = fold(s);
    match f.as_str() {
        "en proceso" | "en elaboracion" => EnvelopeStatus::Draft,
        "pendiente de firma" | "en captura de datos" | "captura de datos" => EnvelopeStatus::Sent,
        "firmada" => EnvelopeStatus::Completed,
        "rechazada" => EnvelopeStatus::Declined,
        "suspendida" => EnvelopeStatus::Suspended,
        _ if f.starts_with("devol") || f.starts_with("devuelt") => EnvelopeStatus::Returned,
        _ => EnvelopeStatus::Unknown,
    }
}

/// The 6.16 `filter[status]` text for a filterable status.
pub fn filter_text(s: EnvelopeStatus) -> Option<&'static str> {
    match s {
        EnvelopeStatus::Draft => Some("En Proceso"),
        EnvelopeStatus::Sent => Some("Pendiente de Firma"),
        EnvelopeStatus::Completed => Some("Firmada"),
        EnvelopeStatus::Declined => Some("Rechazada"),
        EnvelopeStatus::Suspended => Some("Suspendida"),
        EnvelopeStatus::Returned | EnvelopeStatus::Expired | EnvelopeStatus::Unknown => None,
    }
}

/// The 6.2 `estado` for a status (0 = all).
pub fn list_code(s: Option<EnvelopeStatus>) -> Option<u8> {
    match s {
        None => Some(0),
        Some(EnvelopeStatus::Draft) => Some(1),
        Some(EnvelopeStatus::Sent) => Some(2),
        Some(EnvelopeStatus::Completed) => Some(3),
        Some(EnvelopeStatus::Declined) => Some(4),
        Some(EnvelopeStatus::Suspended) => Some(6),
        Some(EnvelopeStatus::Returned) => Some(8),
        Some(EnvelopeStatus::Expired | EnvelopeStatus::Unknown) => None,
    }
}

/// The state's display name, as the sandbox writes it in 6.16 replies.
pub fn name(code: u8) -> &'static str {
    match code {
        1 => "En Proceso",
        2 => "Pendiente de Firma",
        3 => "Firmada",
        4 => "Rechazada",
        6 => "Suspendida",
        7 => "En Captura de Datos",
        8 => "Devolución con Observaciones",
        _ => "Desconocido",
    }
}

/// SIGNIO's state machine (§5.5): edit, distribute and delete only a draft
/// (distribute moves it draft → sent), return to draft only while sent;
/// export in any known state.
pub const ACTIONS: ActionRules = ActionRules {
    edit: ActionRule {
        allowed_in: &[EnvelopeStatus::Draft],
        refusals: &[],
        otherwise: Refusal {
            code: "only_draft_edit",
            message: "only a draft can be edited; this envelope is {status}",
        },
    },
    distribute: ActionRule {
        allowed_in: &[EnvelopeStatus::Draft],
        refusals: &[],
        otherwise: Refusal {
            code: "only_draft_distribute",
            message: "only a draft can be distributed; this envelope is {status}",
        },
    },
    return_to_draft: ActionRule {
        allowed_in: &[EnvelopeStatus::Sent],
        refusals: &[],
        otherwise: Refusal {
            code: "only_sent_return",
            message: "only a sent envelope can be returned to draft; this one is {status}",
        },
    },
    delete: ActionRule {
        allowed_in: &[EnvelopeStatus::Draft],
        refusals: &[(
            EnvelopeStatus::Sent,
            Refusal {
                code: "sent_delete",
                message: "a sent envelope can't be deleted: return it to draft first",
            },
        )],
        otherwise: Refusal {
            code: "only_draft_delete",
            message: "only a draft can be deleted; this envelope is {status}",
        },
    },
    export: ActionRule {
        allowed_in: &[
            EnvelopeStatus::Draft,
            EnvelopeStatus::Sent,
            EnvelopeStatus::Completed,
            EnvelopeStatus::Declined,
            EnvelopeStatus::Suspended,
            EnvelopeStatus::Returned,
        ],
        refusals: &[],
        otherwise: Refusal {
            code: "state_unknown",
            message: "the envelope's state is unknown; refresh it first",
        },
    },
};

/// What SIGNIO allows for an envelope in `status`.
pub fn actions(status: EnvelopeStatus) -> EnvelopeActions {
    EnvelopeActions::from_rules(status, &ACTIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_texts_agree() {
        for c in [1u8, 2, 3, 4, 6, 7, 8] {
            assert_eq!(from_text(name(c)), from_code(c as i64), "{c}");
        }
        assert_eq!(from_code(5), EnvelopeStatus::Unknown);
        assert_eq!(from_text("FIRMADA"), EnvelopeStatus::Completed);
        assert_eq!(from_text("En elaboración"), EnvelopeStatus::Draft);
        assert_eq!(from_text("algo"), EnvelopeStatus::Unknown);
        for s in EnvelopeStatus::ALL {
            if let Some(t) = filter_text(*s) {
                assert_eq!(from_text(t), *s);
            }
        }
    }

    #[test]
    fn actions_follow_the_state_machine() {
        let d = actions(EnvelopeStatus::Draft);
        assert!(d.delete.enabled && d.distribute.enabled && !d.return_to_draft.enabled);
        let s = actions(EnvelopeStatus::Sent);
        assert!(!s.delete.enabled && s.return_to_draft.enabled);
        assert_eq!(s.delete.reason.unwrap().code, "sent_delete");
        let c = actions(EnvelopeStatus::Completed);
        assert!(!c.delete.enabled && !c.return_to_draft.enabled && c.export.enabled);
        let why = c.edit.reason.unwrap();
        assert_eq!(why.code, "only_draft_edit");
        assert_eq!(why.params["status"], "completed");
        assert_eq!(
            why.message,
            "only a draft can be edited; this envelope is completed"
        );
        let u = actions(EnvelopeStatus::Unknown);
        assert!(!u.export.enabled && u.export.reason.unwrap().code == "state_unknown");
    }
}
