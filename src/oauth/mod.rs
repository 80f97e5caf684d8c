//! OAuth2 client: the authorization flows, the loopback listener, token endpoint calls, the
//! refresh engine and revocation.

mod tokens;

pub use tokens::{Client, Tokens};
