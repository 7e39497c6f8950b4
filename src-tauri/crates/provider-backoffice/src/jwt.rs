//! Just enough JWT: read the `exp` claim (the adapter, no verification: the
//! provider verifies) and HS256 signing/verification (the simulator).

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `exp` claim (seconds since the epoch) of a JWT, if it has one.
pub fn exp_claim(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .or_else(|_| URL_SAFE.decode(payload))
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("exp")?.as_i64()
}

/// An HS256 JWT for `claims`, with the header the provider uses.
pub fn sign_hs256(claims: &serde_json::Value, secret: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// The claims of an HS256 JWT whose signature checks out (constant-time
/// comparison); `None` when it is malformed or signed with another key.
pub fn verify_hs256(token: &str, secret: &[u8]) -> Option<serde_json::Value> {
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
    if header.get("alg")?.as_str()? != "HS256" {
        return None;
    }
    let sig = URL_SAFE_NO_PAD.decode(s).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(format!("{h}.{p}").as_bytes());
    mac.verify_slice(&sig).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exp_from_the_documented_example_token() {
        let t = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjo2LCJleHAiOjE2NTgyNDkxNzN9.kM6_BqH0Ln8VAiPCm1NgKSreTKwn3yfVts8tXqMy1OM";
        assert_eq!(exp_claim(t), Some(1658249173));
        assert_eq!(exp_claim("not-a-jwt"), None);
    }

    #[test]
    fn signed_tokens_verify_only_with_their_key_and_unaltered() {
        let claims = serde_json::json!({"user_id": 7, "exp": 2_000_000_000});
        let t = sign_hs256(&claims, b"k1");
        assert_eq!(verify_hs256(&t, b"k1"), Some(claims));
        assert_eq!(verify_hs256(&t, b"k2"), None);
        let mut tampered = t.clone();
        tampered.insert(t.find('.').unwrap() + 3, 'x');
        assert_eq!(verify_hs256(&tampered, b"k1"), None);
        assert_eq!(exp_claim(&t), Some(2_000_000_000));
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_tokens_never_panic(t in ".{0,80}", key in proptest::collection::vec(any::<u8>(), 0..40)) {
                let _ = exp_claim(&t);
                let _ = verify_hs256(&t, &key);
            }

            #[test]
            fn dotted_base64_of_arbitrary_bytes_never_panics(
                parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..5),
            ) {
                let t = parts
                    .iter()
                    .map(|p| URL_SAFE_NO_PAD.encode(p))
                    .collect::<Vec<_>>()
                    .join(".");
                let _ = exp_claim(&t);
                let _ = verify_hs256(&t, b"k");
            }

            #[test]
            fn any_exp_claim_reads_back(exp in any::<i64>(), noise in ".{0,10}") {
                let t = sign_hs256(&serde_json::json!({"exp": exp, "n": noise}), b"k");
                prop_assert_eq!(exp_claim(&t), Some(exp));
            }
        }
    }
}
