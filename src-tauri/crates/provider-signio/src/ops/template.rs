//! Templates (SIGNIO 6.15, 6.17–6.19).

use super::*;
use crate::model::{EnvelopeId, Envelopes, ObjectId};
use crate::SignioClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ventanilla_core::envelopes::{Template, TemplateDocument, TemplateField};
use ventanilla_core::op::{BoxFuture, Call, Cx, Op, OpKind};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TemplateList {}

impl Op for TemplateList {
    const NAME: &'static str = "template.list";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.17";
    type Output = Vec<Template>;

    fn target(&self) -> String {
        "templates".into()
    }
    fn summary(&self, t: &Vec<Template>) -> Summary {
        Summary::count("templates_listed", t.len(), "templates")
    }
}

impl Call<Signio> for TemplateList {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<Template>>> {
        Box::pin(async move { cx.api.templates().await })
    }
}

/// The template fields of an envelope.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TemplateFields {
    pub envelope_id: EnvelopeId,
}

impl Op for TemplateFields {
    const NAME: &'static str = "template.fields";
    const KIND: OpKind = OpKind::Read;
    const DOC: &'static str = "SIGNIO 6.15";
    type Output = Vec<TemplateField>;

    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, f: &Vec<TemplateField>) -> Summary {
        Summary::count("template_fields_listed", f.len(), "fields")
    }
}

impl Call<Signio> for TemplateFields {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<Vec<TemplateField>>> {
        Box::pin(async move { cx.api.template_fields(self.envelope_id.trim()).await })
    }
}

/// Applies a template to an envelope with values for its fields.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TemplateUse {
    pub envelope_id: EnvelopeId,
    #[cfg_attr(feature = "cli", arg(long = "template"))]
    #[ts(type = "number")]
    pub template_id: u64,
    /// Field name → value. Only through `--input` JSON (`{"fields": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl Op for TemplateUse {
    const NAME: &'static str = "template.use";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.18";
    type Output = TemplateDocument;

    fn validate(&self) -> Result<()> {
        all_ok([
            if self.template_id == 0 {
                Err(Error::invalid(
                    "templateId",
                    ventanilla_core::validate::positive_number(),
                ))
            } else {
                Ok(())
            },
            check_fields(&self.fields),
        ])
    }
    fn target(&self) -> String {
        envelope_target(&self.envelope_id)
    }
    fn summary(&self, d: &TemplateDocument) -> Summary {
        Summary::new(
            "template_applied",
            format!(
                "template {} ({} fields) → document {} «{}»",
                self.template_id,
                self.fields.len(),
                d.id,
                d.name
            ),
        )
        .param("template", self.template_id)
        .param("count", self.fields.len())
        .param("document", d.id.as_str())
        .param("name", d.name.as_str())
    }
}

impl Call<Signio> for TemplateUse {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<TemplateDocument>> {
        Box::pin(async move {
            cx.api
                .apply_template(self.envelope_id.trim(), self.template_id, &self.fields)
                .await
        })
    }
}

/// Updates the values of a template document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(rename_all = "camelCase")]
pub struct TemplateUpdate {
    pub envelope_id: EnvelopeId,
    pub document_id: ObjectId,
    /// Field name → value. Only through `--input` JSON (`{"fields": {...}}`).
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl Op for TemplateUpdate {
    const NAME: &'static str = "template.update";
    const KIND: OpKind = OpKind::Write;
    const DOC: &'static str = "SIGNIO 6.19";
    type Output = TemplateDocument;

    fn validate(&self) -> Result<()> {
        all_ok([
            check_fields(&self.fields),
            if self.fields.is_empty() {
                Err(Error::invalid(
                    "fields",
                    ventanilla_core::error::FieldError::new(
                        "at_least_one_value",
                        "give at least one value",
                    ),
                ))
            } else {
                Ok(())
            },
        ])
    }
    fn target(&self) -> String {
        format!(
            "document {} of {}",
            self.document_id.trim(),
            envelope_target(&self.envelope_id)
        )
    }
    fn summary(&self, _: &TemplateDocument) -> Summary {
        let names = self.fields.keys().cloned().collect::<Vec<_>>().join(", ");
        Summary::new("template_updated", format!("updated: {names}")).param("fields", names)
    }
}

impl Call<Signio> for TemplateUpdate {
    fn call(self, cx: Cx<'_, SignioClient>) -> BoxFuture<'_, Result<TemplateDocument>> {
        Box::pin(async move {
            cx.api
                .update_template_values(
                    self.envelope_id.trim(),
                    self.document_id.trim(),
                    &self.fields,
                )
                .await
        })
    }
}
