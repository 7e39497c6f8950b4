//! One module per screen. Command names are listed in `names.in`, which also
//! feeds the ACL manifest (build.rs) and the capability test.

mod about;
mod app;
mod connections;
mod envelopes;
mod history;
mod op;
mod users_tickets;

use crate::state::AppState;
use std::sync::Arc;
use tauri::State;
use ventanilla_core::Result;
use ventanilla_service::Service;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::file_info,
        app::file_pick,
        connections::connections_list,
        connections::connections_add,
        connections::connections_update,
        connections::connections_remove,
        connections::connections_test,
        connections::copy_secret,
        connections::notices,
        connections::sandbox_outbox,
        users_tickets::bo_recent_users,
        envelopes::envelopes_inbox,
        envelopes::sg_envelope_actions,
        envelopes::sg_files_check,
        envelopes::open_link,
        op::op,
        op::transfer_cancel,
        history::history_search,
        history::history_export_csv,
        about::about_info,
        about::about_open_data_folder,
        about::about_support_bundle,
    ]
}

async fn service(state: &State<'_, AppState>) -> Result<Arc<Service>> {
    state.service().await
}

#[cfg(test)]
mod tests {
    /// Every command registered in the handler is declared in the manifest
    /// list, and the capability grants exactly those plus event listening.
    #[test]
    fn capability_grants_only_our_commands() {
        let names: Vec<String> = include!("names.in")
            .iter()
            .map(|s: &&str| s.to_string())
            .collect();
        let src = include_str!("mod.rs");
        let handler = src
            .split("generate_handler![")
            .nth(1)
            .unwrap()
            .split(']')
            .next()
            .unwrap();
        let mut registered: Vec<String> = handler
            .split(',')
            .filter_map(|s| s.trim().rsplit("::").next().map(str::to_owned))
            .filter(|s| !s.is_empty())
            .collect();
        registered.sort();
        let mut declared = names.clone();
        declared.sort();
        assert_eq!(registered, declared, "handler and names.in differ");

        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
        let mut perms: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_str()
                    .expect("permissions are plain identifiers, no scopes")
                    .to_owned()
            })
            .collect();
        perms.sort();
        let mut expected: Vec<String> = names
            .iter()
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect();
        expected.push("core:event:allow-listen".into());
        expected.push("core:event:allow-unlisten".into());
        expected.sort();
        assert_eq!(
            perms, expected,
            "the capability must grant exactly our commands and event listening"
        );
        let caps = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities"))
            .unwrap()
            .count();
        assert_eq!(caps, 1, "one capability file only");
    }

    #[test]
    fn csp_allows_only_self() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(conf["app"]["security"]["csp"], "default-src 'self'");
        assert!(conf["app"]["security"]
            .get("dangerousDisableAssetCspModification")
            .is_none());
        assert_eq!(conf["app"]["withGlobalTauri"], false);
        assert!(
            conf["plugins"].is_null(),
            "no plugin configuration (no shell, no fs)"
        );
        let cargo = include_str!("../../Cargo.toml");
        for banned in ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-http"] {
            assert!(!cargo.contains(banned), "{banned} must not be a dependency");
        }
    }
}
