//! The TypeScript declarations of every type that crosses IPC, generated from
//! the Rust types. `ui/src/api/bindings.ts` is this output, committed; a test
//! fails when they drift (`UPDATE_BINDINGS=1 cargo test -p ventanilla-core`
//! rewrites it).

use ts_rs::{Config, TS};

macro_rules! decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$( format!("export {}", <$t as TS>::decl($cfg)) ),*]
    };
}

/// `export type …` for each of core's IPC types.
pub fn declarations() -> Vec<String> {
    use crate::{app::*, connection::*, envelopes::*, error::*, history::*, op::*};
    let cfg = &Config::new();
    decls![cfg;
        ErrorCode, Error, FieldError, SecretStatus, Connection, ConnectionInput, ConnectionTest,
        KeychainStatus, AppInfo, RecentUser, FileInfo, ExportOutcome, SandboxMail,
        Outcome, OperationRecord, HistoryQuery, HistoryPage,
        EnvelopeStatus, Envelope, EnvelopePage, EnvelopeDocument, EnvelopeContact, SignatureRecord,
        EnvelopeDetail, Template, TemplateField, TemplateDocument,
        ExportedDocument, TransferProgress,
        CachedEnvelope, FileCheck, UploadedDocument, ExportFailure, ExportedFolder, DocumentExport,
        FolderExport, TransferKind, TransferUpdate, EnvelopeActions, ActionState,
        OpKind, OpInfo, ProviderInfo, SettingKind, SettingField, NoticeLevel, AppNotice,
    ]
}
