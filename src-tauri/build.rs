// Declares the app's commands in its ACL manifest: each gets an `allow-<name>`
// permission, and only those listed in capabilities/default.json are callable.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&include!("src/commands/names.in")),
    ))
    .expect("tauri build script failed");
}
