//! The main window stays on the app: it navigates only within the app's own
//! origin (`tauri://localhost`, `http(s)://tauri.localhost` on Windows, and
//! the Vite dev server in dev builds) and opens no new windows. A link in
//! provider HTML that slipped past the UI's click handler does nothing here;
//! the UI opens such links through `open_link` (system browser, confirmed).

use url::Url;

/// Whether the main webview may navigate to `url`. `dev` is the dev server
/// URL, given only in dev builds.
pub fn allowed(url: &Url, dev: Option<&Url>) -> bool {
    let app_origin = match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => url.port().is_none(),
        ("http" | "https", Some("tauri.localhost")) => url.port().is_none(),
        _ => false,
    };
    (app_origin && url.username().is_empty() && url.password().is_none())
        || dev.is_some_and(|d| d.origin() == url.origin() && d.origin().is_tuple())
}

/// The origin of a refused URL for the log (never its path or query, which
/// may carry a token).
pub fn origin_for_log(url: &Url) -> String {
    match url.host_str() {
        Some(h) => format!("{}://{h}", url.scheme()),
        None => format!("{}:", url.scheme()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(u: &str, dev: Option<&str>) -> bool {
        let dev = dev.map(|d| Url::parse(d).unwrap());
        allowed(&Url::parse(u).unwrap(), dev.as_ref())
    }

    #[test]
    fn only_the_app_origin() {
        for u in [
            "tauri://localhost",
            "tauri://localhost/index.html",
            "tauri://localhost/#/history",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/x.js",
        ] {
            assert!(ok(u, None), "{u}");
        }
        for u in [
            "https://evil.example/",
            "http://localhost:5173/",
            "https://tauri.localhost.evil.example/",
            "https://tauri.localhost:8443/",
            "https://user@tauri.localhost/",
            "tauri://evil/",
            "about:blank",
            "data:text/html,<h1>x</h1>",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "blob:https://evil.example/1",
        ] {
            assert!(!ok(u, None), "{u}");
        }
    }

    #[test]
    fn the_dev_server_only_in_dev() {
        let dev = Some("http://localhost:5173/");
        assert!(ok("http://localhost:5173/index.html", dev));
        assert!(!ok("http://localhost:5174/", dev));
        assert!(!ok("https://localhost:5173/", dev));
        assert!(!ok("http://localhost:5173/", None));
        assert!(!ok("https://evil.example/", dev));
    }

    #[test]
    fn the_main_window_is_built_in_rust_with_the_handler() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let windows = conf["app"]["windows"].as_array().unwrap();
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0]["label"], "main");
        assert_eq!(
            windows[0]["create"], false,
            "tauri.conf.json must not create the window: lib.rs builds it with the navigation handler"
        );
    }

    #[test]
    fn the_log_shows_only_the_origin() {
        let u = Url::parse("https://evil.example/p?token=secret").unwrap();
        assert_eq!(origin_for_log(&u), "https://evil.example");
    }
}
