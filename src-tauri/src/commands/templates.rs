//! The Templates screen (SIGNIO): templates, their fields on an envelope,
//! using one and updating its values.

use super::service;
use crate::state::AppState;
use std::collections::BTreeMap;
use tauri::State;
use ventanilla_core::envelopes::{Template, TemplateDocument, TemplateField};
use ventanilla_core::Result;

#[tauri::command]
pub async fn sg_templates(
    state: State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<Template>> {
    service(&state)
        .await?
        .signio(&connection_id)
        .templates()
        .await
}

#[tauri::command]
pub async fn sg_template_fields(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
) -> Result<Vec<TemplateField>> {
    service(&state)
        .await?
        .signio(&connection_id)
        .template_fields(&envelope_id)
        .await
}

#[tauri::command]
pub async fn sg_template_use(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    template_id: u64,
    fields: BTreeMap<String, String>,
) -> Result<TemplateDocument> {
    service(&state)
        .await?
        .signio(&connection_id)
        .apply_template(&envelope_id, template_id, fields)
        .await
}

#[tauri::command]
pub async fn sg_template_update(
    state: State<'_, AppState>,
    connection_id: String,
    envelope_id: String,
    document_id: String,
    fields: BTreeMap<String, String>,
) -> Result<TemplateDocument> {
    service(&state)
        .await?
        .signio(&connection_id)
        .update_template_values(&envelope_id, &document_id, fields)
        .await
}
