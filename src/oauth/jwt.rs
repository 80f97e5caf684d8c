//! The assertion of the JWT bearer grant (RFC 7523 §2.1): the connector's claims rendered from
//! the account's params, `iat`, `exp` and a random `jti` added, signed with the account's
//! private key (RS256 or ES256, RFC 7518 §3).
//!
//! Guarantees: the assertion is a [`Secret`] (it is a bearer credential for its lifetime), its
//! signature wiped wherever else it was held; no error repeats the key, the assertion or a
//! secret param. ring's key pairs do not wipe themselves: each lives for one signature.

use std::collections::BTreeMap;

use base64::Engine as _;
use ring::rand::{SecureRandom as _, SystemRandom};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::error::OAuthError;
use super::private_key::{self, KeyProblem, Pair, SigningKey};
use crate::connector::{Connector, Jwt, JwtAlgorithm, template};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// The `grant_type` of RFC 7523 §2.1.
pub(crate) const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Claims an assertion always carries.
const REQUIRED_CLAIMS: [&str; 2] = ["iss", "aud"];

/// What the claims are rendered from: `{scope}`, `{token_url}`, then the params.
pub(crate) struct ClaimInputs<'a> {
    pub values: &'a BTreeMap<String, Secret>,
    pub scope: String,
    pub token_url: &'a str,
    pub now: OffsetDateTime,
}

/// A signed assertion for `connector`, whose `[oauth2.jwt]` is `jwt`.
pub(crate) fn assertion(
    connector: &Connector,
    jwt: &Jwt,
    inputs: &ClaimInputs<'_>,
) -> Result<Secret> {
    let param = key_param(jwt);
    let bad_key = |problem| OAuthError::BadKey {
        connector: connector.id.clone(),
        param: param.to_owned(),
        problem,
    };
    let value = inputs
        .values
        .get(param)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| bad_key(KeyProblem::Missing))?;
    let key = private_key::read(value, jwt.algorithm).map_err(bad_key)?;
    let claims = claims(connector, jwt, inputs, &key)?;
    sign(&key, jwt.algorithm, &claims)
}

/// The secret param `key = "{name}"` names (validation made sure there is exactly one).
fn key_param(jwt: &Jwt) -> &str {
    jwt.key.trim().trim_start_matches('{').trim_end_matches('}')
}

/// The claim set: each template rendered, `iat`, `exp` and `jti` added. A claim other than
/// `iss` and `aud` whose placeholders include an optional param without a value is left out
/// (`sub` for Google's domain-wide delegation is such a claim), and so is one that renders
/// empty.
fn claims(
    connector: &Connector,
    jwt: &Jwt,
    inputs: &ClaimInputs<'_>,
    key: &SigningKey,
) -> Result<Map<String, Value>> {
    let lookup = |name: &str| -> Option<String> {
        match name {
            "scope" => Some(inputs.scope.clone()),
            "token_url" => Some(inputs.token_url.to_owned()),
            _ => inputs
                .values
                .get(name)
                .map(|v| v.expose().to_owned())
                .filter(|v| !v.is_empty())
                // A Google key file names its service account; its param may then be left out.
                .or_else(|| (name == "client_email").then(|| key.client_email.clone())?),
        }
    };
    let mut claims = Map::new();
    'claims: for (claim, template) in &jwt.claims {
        for name in template::placeholders(template) {
            if lookup(&name).is_some() {
                continue;
            }
            // The issuer and the audience are never left out (RFC 7523 §3).
            let optional = connector.param(&name).is_some_and(|p| !p.required);
            if optional && !REQUIRED_CLAIMS.contains(&claim.as_str()) {
                continue 'claims;
            }
            return Err(OAuthError::ClaimWithoutValue {
                connector: connector.id.clone(),
                claim: claim.clone(),
                name,
            }
            .into());
        }
        let value = template::render(template, lookup)?;
        if !value.is_empty() {
            claims.insert(claim.clone(), Value::String(value));
        }
    }
    let iat = inputs.now.unix_timestamp();
    let lifetime = i64::try_from(jwt.lifetime_secs).unwrap_or(3600);
    claims.insert("iat".to_owned(), iat.into());
    claims.insert("exp".to_owned(), (iat + lifetime).into());
    claims.insert("jti".to_owned(), Value::String(jti()?));
    Ok(claims)
}

/// 128 random bits, base64url: a `jti` no other assertion has (RFC 7519 §4.1.7).
fn jti() -> Result<String> {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Internal("the system random number generator failed".to_owned()))?;
    Ok(base64url(&bytes))
}

fn base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `header.claims.signature` (RFC 7515 compact serialization) with `key`.
pub(crate) fn sign(
    key: &SigningKey,
    algorithm: JwtAlgorithm,
    claims: &Map<String, Value>,
) -> Result<Secret> {
    let mut header = Map::new();
    header.insert("alg".to_owned(), algorithm.as_str().into());
    header.insert("typ".to_owned(), "JWT".into());
    if let Some(kid) = &key.kid {
        header.insert("kid".to_owned(), kid.clone().into());
    }
    let encode = |map: &Map<String, Value>| {
        serde_json::to_vec(map)
            .map(|json| base64url(&json))
            .map_err(|e| Error::Internal(format!("cannot encode a JWT: {e}")))
    };
    let input = format!("{}.{}", encode(&header)?, encode(claims)?);
    let rng = SystemRandom::new();
    let failed = |_| Error::Internal("signing the JWT assertion failed".to_owned());
    let signature = match &key.pair {
        Pair::Rsa(pair) => {
            let mut signature = Zeroizing::new(vec![0u8; pair.public().modulus_len()]);
            pair.sign(
                &ring::signature::RSA_PKCS1_SHA256,
                &rng,
                input.as_bytes(),
                &mut signature,
            )
            .map_err(failed)?;
            signature
        }
        Pair::Ecdsa(pair) => Zeroizing::new(
            pair.sign(&rng, input.as_bytes())
                .map_err(failed)?
                .as_ref()
                .to_vec(),
        ),
    };
    let signature = Zeroizing::new(base64url(&signature));
    Ok(Secret::concat(&[&input, ".", &signature]))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ring::signature::{ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    use super::*;

    const RSA_PEM: &str = include_str!("../../tests/fixtures/jwt/rs256-test-key.pem");
    const EC_PEM: &str = include_str!("../../tests/fixtures/jwt/es256-test-key.pem");
    const KEY_FILE: &str = include_str!("../../tests/fixtures/jwt/service-account.json");

    fn connector(algorithm: &str) -> Connector {
        let text = format!(
            r#"id = "sa"
name = "Service account"
auth = "oauth2"

[[params]]
name = "client_email"
required = false

[[params]]
name = "subject"
required = false

[[params]]
name = "private_key"
secret = true

[oauth2]
grant = "jwt_bearer"
token_url = "https://idp.example/token"
scopes = ["a", "b"]
client_auth = "none"

[oauth2.jwt]
key = "{{private_key}}"
algorithm = "{algorithm}"
lifetime_secs = 600
claims = {{ iss = "{{client_email}}", sub = "{{subject}}", aud = "{{token_url}}", scope = "{{scope}}" }}
"#
        );
        crate::connector::parse(&text, Path::new("sa.toml")).unwrap()
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, Secret> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Secret::from(*v)))
            .collect()
    }

    fn inputs(values: &BTreeMap<String, Secret>) -> ClaimInputs<'_> {
        ClaimInputs {
            values,
            scope: "a b".to_owned(),
            token_url: "https://idp.example/token",
            now: OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(),
        }
    }

    /// The parts of `jwt`, its signature checked with `public_key`.
    fn verified(
        jwt: &str,
        algorithm: &'static dyn ring::signature::VerificationAlgorithm,
        public_key: &[u8],
    ) -> (Value, Value) {
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3, "compact serialization");
        let decode = |part: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .unwrap()
        };
        let signed = format!("{}.{}", parts[0], parts[1]);
        UnparsedPublicKey::new(algorithm, public_key)
            .verify(signed.as_bytes(), &decode(parts[2]))
            .expect("the signature verifies with the public key");
        let header = serde_json::from_slice(&decode(parts[0])).unwrap();
        let claims = serde_json::from_slice(&decode(parts[1])).unwrap();
        (header, claims)
    }

    fn jwt_of(c: &Connector) -> &Jwt {
        c.oauth2().unwrap().jwt.as_ref().unwrap()
    }

    #[test]
    fn rs256_assertions_verify_and_carry_the_rendered_claims() {
        let c = connector("RS256");
        let v = values(&[("private_key", RSA_PEM), ("client_email", "sa@x.example")]);
        let jwt = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap();
        let key = private_key::read(&Secret::from(RSA_PEM), JwtAlgorithm::RS256).unwrap();
        let (header, claims) =
            verified(jwt.expose(), &RSA_PKCS1_2048_8192_SHA256, key.public_key());
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["typ"], "JWT");
        assert!(header.get("kid").is_none());
        assert_eq!(claims["iss"], "sa@x.example");
        assert_eq!(claims["aud"], "https://idp.example/token");
        assert_eq!(claims["scope"], "a b");
        assert_eq!(claims["iat"], 1_800_000_000);
        assert_eq!(claims["exp"], 1_800_000_600);
        assert_eq!(claims["jti"].as_str().unwrap().len(), 22);
        // The optional subject has no value: no `sub` at all, rather than an empty one.
        assert!(claims.get("sub").is_none(), "{claims}");
    }

    #[test]
    fn es256_assertions_verify() {
        let c = connector("ES256");
        let v = values(&[
            ("private_key", EC_PEM),
            ("client_email", "sa@x.example"),
            ("subject", "user@x.example"),
        ]);
        let jwt = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap();
        let key = private_key::read(&Secret::from(EC_PEM), JwtAlgorithm::ES256).unwrap();
        let (header, claims) = verified(jwt.expose(), &ECDSA_P256_SHA256_FIXED, key.public_key());
        assert_eq!(header["alg"], "ES256");
        assert_eq!(claims["sub"], "user@x.example");
    }

    #[test]
    fn a_google_key_file_supplies_kid_and_issuer() {
        let c = connector("RS256");
        let v = values(&[("private_key", KEY_FILE)]);
        let jwt = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap();
        let key = private_key::read(&Secret::from(RSA_PEM), JwtAlgorithm::RS256).unwrap();
        let (header, claims) =
            verified(jwt.expose(), &RSA_PKCS1_2048_8192_SHA256, key.public_key());
        assert_eq!(header["kid"], "test-key-1");
        assert_eq!(
            claims["iss"],
            "tether-test@tether-tests.iam.gserviceaccount.com"
        );
        // A param given explicitly wins over the key file.
        let v = values(&[
            ("private_key", KEY_FILE),
            ("client_email", "other@x.example"),
        ]);
        let jwt = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap();
        let (_, claims) = verified(jwt.expose(), &RSA_PKCS1_2048_8192_SHA256, key.public_key());
        assert_eq!(claims["iss"], "other@x.example");
    }

    #[test]
    fn a_required_claim_without_a_value_is_named() {
        let c = connector("RS256");
        let v = values(&[("private_key", RSA_PEM)]);
        let err = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap_err();
        let Error::OAuth(OAuthError::ClaimWithoutValue { claim, name, .. }) = &err else {
            panic!("{err:?}");
        };
        assert_eq!((claim.as_str(), name.as_str()), ("iss", "client_email"));
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn a_bad_key_names_the_param_and_not_the_key() {
        let c = connector("ES256");
        let v = values(&[("private_key", RSA_PEM), ("client_email", "a@b")]);
        let err = assertion(&c, jwt_of(&c), &inputs(&v)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`private_key`"), "{text}");
        assert!(text.contains("RSA"), "{text}");
        assert!(!text.contains("MII"), "{text}");
        assert_eq!(err.exit_code(), 2);
    }
}
