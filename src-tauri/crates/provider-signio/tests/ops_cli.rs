//! Every SIGNIO op parses from the command line: clap's own consistency
//! checks on each input, and the paths the README uses (positional ids,
//! today's flag names). Run with `--features cli` (enabling it for one
//! provider alone would make every other provider's inputs need clap too).

#![cfg(feature = "cli")]

use clap::{Args, Command};
use ventanilla_core::op::{Call, Op, OpVisitor, ProviderSpec};
use ventanilla_provider_signio::ops::*;
use ventanilla_provider_signio::Signio;

fn parse<O: Op>(argv: &[&str]) -> O {
    let cmd = O::augment_args(Command::new(O::NAME).no_binary_name(true));
    let m = cmd
        .try_get_matches_from(argv)
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
    O::from_arg_matches(&m).unwrap()
}

#[test]
fn every_input_is_a_consistent_command() {
    struct Check(usize);
    impl OpVisitor<Signio> for Check {
        fn op<O: Call<Signio>>(&mut self) {
            O::augment_args(Command::new(O::NAME)).debug_assert();
            self.0 += 1;
        }
    }
    let mut c = Check(0);
    <Signio as ProviderSpec>::ops(&mut c);
    assert_eq!(c.0, 30);
}

#[test]
fn readme_paths_parse() {
    let e = "37def602-f80a-47dd-a80b-b6874316bc8c";
    assert_eq!(parse::<EnvelopeDistribute>(&[e]).envelope_id, e);
    assert_eq!(parse::<EnvelopeGet>(&[e]).envelope_id, e);
    let l = parse::<EnvelopeList>(&["--status", "sent"]);
    assert_eq!(
        l.status,
        Some(ventanilla_core::envelopes::EnvelopeStatus::Sent)
    );
    assert!(
        EnvelopeList::augment_args(Command::new("x").no_binary_name(true))
            .try_get_matches_from(["--status", "nope"])
            .is_err()
    );
    let o = parse::<SignerOrder>(&[e, "--signer", "s1", "--order", "2"]);
    assert_eq!((o.signer_id.as_str(), o.order), ("s1", 2));
    let u = parse::<DocumentUpload>(&[e, "contrato.pdf"]);
    assert_eq!(u.file, "contrato.pdf");
    assert!(u.transfer_id.is_none());
    let x = parse::<ExportDocument>(&[e, "d1"]);
    assert_eq!(x.document_id, "d1");
    let t = parse::<TemplateUse>(&[e, "--template", "3"]);
    assert_eq!(t.template_id, 3);
    let r = parse::<SandboxReturn>(&[e, "--signer", "s1", "--observations", "falta"]);
    assert_eq!(
        (r.signer_id.as_str(), r.observations.as_str()),
        ("s1", "falta")
    );
    assert_eq!(parse::<SandboxSign>(&[e]).signer_id, None);
    let tve = parse::<TveUpload>(&[e, "--document", "pagare.pdf"]);
    assert_eq!(tve.document.as_deref(), Some("pagare.pdf"));
}
