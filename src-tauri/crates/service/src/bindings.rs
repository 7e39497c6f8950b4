//! `ui/src/api/bindings.ts`: the TypeScript of every type that crosses IPC
//! and the `Ops` map (provider → operation name → input, output, kind) that
//! the UI's one typed `op()` reads. Generated from the Rust types and
//! committed; a test fails when they drift
//! (`UPDATE_BINDINGS=1 cargo test -p ventanilla-service bindings` rewrites it).

use std::collections::BTreeSet;
use ts_rs::{Config, TS};
use ventanilla_core::op::{Call, Op, OpVisitor, ProviderSpec, ProviderVisitor};

pub fn typescript() -> String {
    let cfg = Config::new();
    let mut decls = ventanilla_core::bindings::declarations();
    let mut map = String::from("export type Ops = {\n");
    struct Providers<'a> {
        cfg: &'a Config,
        decls: &'a mut Vec<String>,
        map: &'a mut String,
    }
    impl ProviderVisitor for Providers<'_> {
        fn provider<P: ProviderSpec>(&mut self) {
            struct Ops<'a> {
                cfg: &'a Config,
                decls: &'a mut Vec<String>,
                entries: String,
            }
            impl<P: ProviderSpec> OpVisitor<P> for Ops<'_> {
                fn op<O: Call<P>>(&mut self) {
                    self.decls.push(format!("export {}", O::decl(self.cfg)));
                    self.entries.push_str(&format!(
                        "    \"{}\": {{ input: {}, output: {}, kind: \"{}\" }},\n",
                        O::NAME,
                        O::name(self.cfg),
                        <O as Op>::Output::name(self.cfg),
                        O::KIND.as_str()
                    ));
                }
            }
            self.decls.extend(P::ts_declarations(self.cfg));
            let mut ops = Ops {
                cfg: self.cfg,
                decls: self.decls,
                entries: String::new(),
            };
            P::ops(&mut ops);
            self.map
                .push_str(&format!("  \"{}\": {{\n{}  }},\n", P::ID, ops.entries));
        }
    }
    crate::providers::each(&mut Providers {
        cfg: &cfg,
        decls: &mut decls,
        map: &mut map,
    });
    map.push_str("};\n\nexport type ProviderId = keyof Ops;\n");
    let mut seen = BTreeSet::new();
    for d in &decls {
        let name = d
            .split_whitespace()
            .nth(2)
            .unwrap_or_default()
            .trim_end_matches(['<', '='])
            .to_owned();
        assert!(
            seen.insert(name.clone()),
            "two IPC types are called {name}: rename one with #[ts(rename = \"…\")]"
        );
    }
    let mut out = String::from(
        "// Generated from the Rust types (core, providers, operations). Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p ventanilla-service bindings\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&map);
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
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/api/bindings.ts is out of date with the Rust types; run \
             UPDATE_BINDINGS=1 cargo test -p ventanilla-service bindings"
        );
    }
}
