//! [`ack_op!`]: the shortest way to declare the commonest operation, one id in
//! and an acknowledgement out (delete, send, return, cancel…).

/// Declares an operation that takes one id and answers with nothing but
/// success: its input struct (serde, TS, and clap's `Args` behind the calling
/// crate's `cli` feature, the id a positional argument) and its
/// [`Op`](crate::op::Op), in one place. Its `Call` stays hand-written, since
/// that is the adapter's part, and it still needs its line in the provider's
/// list.
///
/// ```ignore
/// ack_op! {
///     /// Deletes a draft (SIGNIO refuses any other state).
///     EnvelopeDelete { envelope_id: EnvelopeId }
///     name "envelope.delete", Write, doc "SIGNIO 6.13",
///     target envelope_target, summary ("envelope_deleted", "deleted"),
///     invalidates |id: &EnvelopeId| vec![(ENVELOPE_CACHE, id.to_string())]
/// }
/// ```
/// `target` and `invalidates` are called with a reference to the id.
#[macro_export]
macro_rules! ack_op {
    (
        $(#[$meta:meta])*
        $ty:ident { $field:ident: $id:ty }
        name $name:literal, $kind:ident, doc $doc:literal,
        target $target:expr, summary ($code:literal, $text:literal)
        $(, invalidates $invalidates:expr)? $(,)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[cfg_attr(feature = "cli", derive(clap::Args))]
        #[serde(rename_all = "camelCase")]
        pub struct $ty {
            pub $field: $id,
        }

        impl $crate::op::Op for $ty {
            const NAME: &'static str = $name;
            const KIND: $crate::op::OpKind = $crate::op::OpKind::$kind;
            const DOC: &'static str = $doc;
            type Output = ();

            fn target(&self) -> String {
                ($target)(&self.$field)
            }
            fn summary(&self, _: &()) -> $crate::history::Summary {
                $crate::history::Summary::new($code, $text)
            }
            $(
                fn invalidates(&self) -> Vec<(&'static str, String)> {
                    ($invalidates)(&self.$field)
                }
            )?
        }
    };
}
