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

pub fn typescript() -> String {
    use crate::{app::*, connection::*, envelopes::*, error::*, history::*, users::*};
    let cfg = &Config::new();
    let mut out = String::from(
        "// Generated from the Rust types in src-tauri/crates/core. Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p ventanilla-core bindings\n\n",
    );
    let all = decls![cfg;
        ErrorCode, Error, ProviderKind, SecretStatus, Connection, ConnectionInput, ConnectionTest,
        KeychainStatus, AppInfo, RecentUser, FileInfo, ExportOutcome, SandboxMail,
        Outcome, OperationRecord, HistoryQuery, HistoryPage,
        Ack, Session, User, CatalogEntry, Catalog, NewUser, UserEdit, WalletBalance, PopularCountry,
        Dashboard, Notice, Notices, Plan, TeamMember, MatrixNode, ResourceCategory, Resource,
        Ticket, NewTicket, ThreadMessage, NewThreadMessage, WalletTransaction, WalletPage, WalletQuery,
        EnvelopeStatus, Envelope, EnvelopePage, EnvelopeDocument, EnvelopeContact, SignatureRecord,
        EnvelopeDetail, Template, TemplateField, TemplateDocument, Tag, TenantAccess,
        ExportedDocument, TransferProgress, NewEnvelope, NewSigner, StampPosition, SignerLink,
        EnvelopeSortField, EnvelopeSort, EnvelopeQuery, TveInput, OnSiteSigning,
        CachedEnvelope, FileCheck, UploadedDocument, ExportFailure, ExportedFolder, DocumentExport,
        FolderExport, MagicLink, TransferKind, TransferUpdate, EnvelopeActions, ActionState,
    ];
    for d in all {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_match_the_committed_file() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/api/bindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/api/bindings.ts is out of date with the Rust types; run \
             UPDATE_BINDINGS=1 cargo test -p ventanilla-core bindings"
        );
    }
}
