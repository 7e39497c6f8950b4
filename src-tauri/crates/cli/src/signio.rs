//! `ventanilla-cli signio …`: every SIGNIO operation; upload and export
//! progress on stderr in human mode.

use crate::args::*;
use crate::output::Output;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ventanilla_core::envelopes::*;
use ventanilla_core::{Error, ErrorCode, Result};
use ventanilla_service::Signio;

fn status(s: &str) -> Result<EnvelopeStatus> {
    EnvelopeStatus::ALL
        .iter()
        .copied()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| {
            Error::invalid(
                "status",
                "must be draft, sent, completed, declined, suspended or returned",
            )
        })
}

fn sort_field(s: &str) -> Result<EnvelopeSortField> {
    Ok(match s {
        "name" => EnvelopeSortField::Name,
        "status" => EnvelopeSortField::Status,
        "createdAt" | "created_at" | "created" => EnvelopeSortField::CreatedAt,
        "updatedAt" | "updated_at" | "updated" => EnvelopeSortField::UpdatedAt,
        _ => {
            return Err(Error::invalid(
                "sort",
                "must be name, status, createdAt or updatedAt",
            ))
        }
    })
}

/// JSON input from a file, or stdin for `-`.
fn read_input<T: serde::de::DeserializeOwned + Default>(input: Option<&Path>) -> Result<T> {
    let Some(p) = input else {
        return Ok(T::default());
    };
    let mut raw = String::new();
    if p == Path::new("-") {
        std::io::stdin()
            .take(16 * 1024 * 1024)
            .read_to_string(&mut raw)
            .map_err(|e| Error::invalid("input", format!("cannot read stdin: {e}")))?;
    } else {
        raw = std::fs::read_to_string(p)
            .map_err(|e| Error::invalid("input", format!("cannot read {}: {e}", p.display())))?;
    }
    serde_json::from_str(&raw).map_err(|e| Error::invalid("input", format!("not valid JSON: {e}")))
}

fn fields(pairs: &[String]) -> Result<BTreeMap<String, String>> {
    pairs
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| Error::invalid("field", format!("{p:?} is not name=value")))
        })
        .collect()
}

fn position(s: &str) -> Result<StampPosition> {
    let n: Vec<u32> = s
        .split(',')
        .map(|x| x.trim().parse::<u32>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::invalid("position", "must be page,x,y,width,height (numbers)"))?;
    match n.as_slice() {
        [page, x, y, width, height] => Ok(StampPosition {
            page: *page,
            x: *x,
            y: *y,
            width: *width,
            height: *height,
        }),
        _ => Err(Error::invalid("position", "must be page,x,y,width,height")),
    }
}

/// Progress on stderr ("name  42%  1.2 MiB"), at most every 200 ms; none with --json.
fn control(out: &Output, name: &str) -> TransferControl {
    if out.json {
        return TransferControl::default();
    }
    let name = name.to_owned();
    let last: Mutex<Option<Instant>> = Mutex::new(None);
    TransferControl {
        progress: Some(Arc::new(move |p: TransferProgress| {
            let done = p.total.is_some_and(|t| p.transferred >= t);
            let mut last = last.lock().unwrap();
            if !done && last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
                return;
            }
            *last = Some(Instant::now());
            let mib = p.transferred as f64 / (1024.0 * 1024.0);
            let line = match p.total {
                Some(t) if t > 0 => format!(
                    "\r{name}  {:>3}%  {mib:.1} MiB",
                    p.transferred.saturating_mul(100) / t
                ),
                _ => format!("\r{name}  {mib:.1} MiB"),
            };
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(line.as_bytes());
            if done {
                let _ = err.write_all(b"\n");
            }
        })),
        cancel: CancelFlag::new(),
    }
}

fn tve(f: TveArgs) -> TveInput {
    TveInput {
        kind: f.kind,
        reference: f.reference,
        expiration: f.expiration,
        amount: f.amount,
        payment_way: f.payment_way,
        payment_place: f.payment_place,
        ..Default::default()
    }
}

fn done(out: &Output, what: &str, id: &str) -> Result<()> {
    out.value(&serde_json::json!({ "ok": true, "action": what, "envelopeId": id }))
}

pub async fn run(sg: &Signio<'_>, op: SignioOp, out: &Output) -> Result<()> {
    match op {
        SignioOp::Envelope(cmd) => envelope(sg, cmd, out).await,
        SignioOp::Document(cmd) => document(sg, cmd, out).await,
        SignioOp::Signer(cmd) => signer(sg, cmd, out).await,
        SignioOp::Template(TemplateCmd::List) => out.value(&sg.templates().await?),
        SignioOp::Template(TemplateCmd::Use {
            envelope,
            template,
            fields: f,
        }) => out.value(&sg.apply_template(&envelope, template, fields(&f)?).await?),
        SignioOp::Template(TemplateCmd::Update {
            envelope,
            document,
            fields: f,
        }) => out.value(
            &sg.update_template_values(&envelope, &document, fields(&f)?)
                .await?,
        ),
        SignioOp::Template(TemplateCmd::Fields { envelope }) => {
            out.value(&sg.template_fields(&envelope).await?)
        }
        SignioOp::MagicLink { envelope } => out.value(&sg.magic_link(&envelope).await?),
        SignioOp::OnsiteUrl {
            envelope,
            identity_type,
            identity,
            direct,
            token_delivery,
            confirmation_url,
        } => {
            let url = sg
                .on_site_url(OnSiteSigning {
                    envelope_id: envelope,
                    identity_type,
                    identity,
                    direct_signature: direct.then_some(true),
                    token_delivery,
                    confirmation_url,
                })
                .await?;
            out.value(&serde_json::json!({ "url": url }))
        }
        SignioOp::Tve(TveCmd::Upload {
            envelope,
            template,
            fields: f,
            document,
            consecutive,
        }) => {
            let name = document
                .as_deref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let input = TveInput {
                template_id: template,
                document,
                consecutive,
                ..tve(f)
            };
            let id = sg
                .upload_tve(&envelope, input, &control(out, &name))
                .await?;
            out.value(&serde_json::json!({ "documentId": id }))
        }
        SignioOp::Tve(TveCmd::Edit {
            envelope,
            document,
            fields: f,
        }) => {
            let id = sg.edit_tve(&envelope, &document, tve(f)).await?;
            out.value(&serde_json::json!({ "documentId": id }))
        }
        SignioOp::Tags => out.value(&sg.tags().await?),
        SignioOp::BaseEnvelopes => out.value(&sg.base_envelopes().await?),
        SignioOp::Tenants => out.value(&sg.tenants().await?),
        SignioOp::Sandbox(cmd) => match cmd {
            SignioSandboxCmd::Sign { envelope, signer } => {
                sg.sandbox_sign(&envelope, signer.as_deref()).await?;
                done(out, "signed", &envelope)
            }
            SignioSandboxCmd::Reject { envelope, signer } => {
                sg.sandbox_reject(&envelope, &signer).await?;
                done(out, "rejected", &envelope)
            }
            SignioSandboxCmd::Return {
                envelope,
                signer,
                observations,
            } => {
                sg.sandbox_return_with_observations(&envelope, &signer, &observations)
                    .await?;
                done(out, "returned with observations", &envelope)
            }
            SignioSandboxCmd::Suspend { envelope } => {
                sg.sandbox_suspend(&envelope).await?;
                done(out, "suspended", &envelope)
            }
        },
    }
}

async fn envelope(sg: &Signio<'_>, cmd: EnvelopeCmd, out: &Output) -> Result<()> {
    match cmd {
        EnvelopeCmd::List { status: s } => {
            let s = s.as_deref().map(status).transpose()?;
            out.value(&sg.list(s).await?)
        }
        EnvelopeCmd::Search {
            name,
            from,
            to,
            status: s,
            sort,
            desc,
            offset,
        } => {
            let q = EnvelopeQuery {
                name,
                from,
                to,
                status: s.as_deref().map(status).transpose()?,
                sort: sort
                    .as_deref()
                    .map(sort_field)
                    .transpose()?
                    .map(|field| EnvelopeSort {
                        field,
                        descending: desc,
                    }),
                offset,
            };
            out.value(&sg.search(q).await?)
        }
        EnvelopeCmd::Cached => out.value(&sg.cached_envelopes()?),
        EnvelopeCmd::Get { id } => out.value(&sg.get(&id).await?),
        EnvelopeCmd::Create {
            name,
            message,
            tags,
            cc,
            base,
            allow_reject,
            input,
            dedup_key,
        } => {
            let mut e: NewEnvelope = read_input(input.as_deref())?;
            if let Some(n) = name {
                e.name = n;
            }
            e.message = message.or(e.message);
            e.tags.extend(tags);
            e.cc.extend(cc);
            e.base_envelope_id = base.or(e.base_envelope_id);
            if allow_reject {
                e.allow_reject = Some(true);
            }
            // SIGNIO 6.5: the same key makes a repeated create return the first
            // envelope, so a script that lost the reply can safely run again.
            let key = dedup_key
                .or(e.deduplication_key.take())
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            e.deduplication_key = Some(key.clone());
            let id = sg.create(e).await.map_err(|mut err| {
                // Nothing was sent when the input is invalid; otherwise the
                // envelope may exist: say how to retry without a duplicate.
                if err.code != ErrorCode::Validation {
                    err.message = format!(
                        "{} (deduplication key {key}: run again with --dedup-key {key} so a retry cannot create a second envelope)",
                        err.message
                    );
                }
                err
            })?;
            out.value(&serde_json::json!({ "id": id, "deduplicationKey": key }))
        }
        EnvelopeCmd::Delete { id } => {
            sg.delete(&id).await?;
            done(out, "deleted", &id)
        }
        EnvelopeCmd::Return { id } => {
            sg.return_to_draft(&id).await?;
            done(out, "returned to draft", &id)
        }
        EnvelopeCmd::Distribute { id } => {
            sg.distribute(&id).await?;
            done(out, "distributed", &id)
        }
    }
}

async fn document(sg: &Signio<'_>, cmd: DocumentCmd, out: &Output) -> Result<()> {
    match cmd {
        DocumentCmd::Upload { envelope, files } => {
            // Every file is checked before the first byte is sent.
            let bad: BTreeMap<String, String> = Signio::check_files(&files)
                .into_iter()
                .filter_map(|c| c.error.map(|e| (c.path, e)))
                .collect();
            if !bad.is_empty() {
                let fields = bad
                    .into_iter()
                    .map(|(p, e)| (format!("file {p}"), e))
                    .collect();
                return Err(Error::validation(fields));
            }
            let mut uploaded = Vec::new();
            for f in &files {
                let name = f
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match sg.upload_document(&envelope, f, &control(out, &name)).await {
                    Ok(u) => uploaded.push(u),
                    Err(mut e) if !uploaded.is_empty() => {
                        let names: Vec<_> = uploaded
                            .iter()
                            .map(|u: &UploadedDocument| u.name.as_str())
                            .collect();
                        e.message =
                            format!("{} (already uploaded: {})", e.message, names.join(", "));
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                }
            }
            out.value(&uploaded)
        }
        DocumentCmd::Protect { document, off } => {
            sg.protect_document(&document, !off).await?;
            out.value(&serde_json::json!({ "ok": true, "documentId": document, "protected": !off }))
        }
        DocumentCmd::Export {
            envelope,
            document,
            out: dest,
            all,
            dir,
        } => match (all, document, dest, dir) {
            (false, Some(doc), Some(dest), None) => {
                let name = dest
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.value(
                    &sg.export_document(&envelope, &doc, &dest, &control(out, &name))
                        .await?,
                )
            }
            (true, None, None, Some(dir)) => {
                let folder = sg
                    .export_all(&envelope, &dir, |name| control(out, name))
                    .await?;
                let failed = folder.failed.len();
                out.value(&folder)?;
                if failed > 0 {
                    return Err(Error::new(
                        ventanilla_core::ErrorCode::ProviderRejected,
                        format!("{failed} documents were not exported; see `failed`"),
                    ));
                }
                Ok(())
            }
            _ => Err(Error::invalid(
                "export",
                "give DOCUMENT --out FILE, or --all --dir FOLDER",
            )),
        },
    }
}

async fn signer(sg: &Signio<'_>, cmd: SignerCmd, out: &Output) -> Result<()> {
    match cmd {
        SignerCmd::Add {
            envelope,
            name,
            identity_type,
            identity,
            email,
            order,
            approver,
            mobile,
            input,
        } => {
            let mut s: NewSigner = read_input(input.as_deref())?;
            if let Some(v) = name {
                s.name = v;
            }
            if let Some(v) = identity_type {
                s.identity_type = v;
            }
            if let Some(v) = identity {
                s.identity = v;
            }
            if let Some(v) = email {
                s.email = v;
            }
            s.order = order.or(s.order);
            if approver {
                s.approver = Some(true);
            }
            s.mobile = mobile.or(s.mobile);
            let id = sg.add_signer(&envelope, s).await?;
            out.value(&serde_json::json!({ "id": id }))
        }
        SignerCmd::Link {
            envelope,
            signer,
            document,
            attachment,
            position: pos,
        } => {
            let link = SignerLink {
                signer_id: signer,
                document_id: document,
                attachment,
                position: pos.as_deref().map(position).transpose()?,
                ..Default::default()
            };
            sg.link(&envelope, link).await?;
            done(out, "linked", &envelope)
        }
        SignerCmd::Order {
            envelope,
            signer,
            order,
        } => {
            sg.set_signer_order(&envelope, &signer, order).await?;
            done(out, "ordered", &envelope)
        }
    }
}
