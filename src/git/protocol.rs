//! git's credential helper protocol (gitcredentials(7), git-credential(1)): `key=value` lines
//! on stdin up to a blank line or the end, and the answer in the same form.

use std::fmt::Write as _;

use super::error::GitError;
use crate::secret::Secret;

/// What git sends a helper. Keys tether has no use for (`wwwauth[]`, `state[]`, …) are read and
/// dropped, as the protocol asks of unknown keys.
#[derive(Debug, Default)]
pub(crate) struct Request {
    pub(crate) protocol: Option<String>,
    pub(crate) host: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) authtype: Option<String>,
    /// A pre-encoded credential (with `authtype`), as git 2.46 and later report one.
    pub(crate) credential: Option<Secret>,
    pub(crate) capabilities: Vec<String>,
}

impl Request {
    /// Reads a request. A line without `=` is refused, as git refuses it.
    pub(crate) fn parse(input: &[u8]) -> Result<Self, GitError> {
        let text = std::str::from_utf8(input).map_err(|e| GitError::Malformed {
            line: bytecount(&input[..e.valid_up_to()]) + 1,
            reason: "not UTF-8",
        })?;
        let mut request = Self::default();
        for (i, line) in text.split('\n').enumerate() {
            if line.is_empty() {
                break;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(GitError::Malformed {
                    line: i + 1,
                    reason: "no `=` between key and value",
                });
            };
            let text = || Some(value.to_owned());
            match key {
                "protocol" => request.protocol = text(),
                "host" => request.host = text(),
                "path" => request.path = text(),
                "username" => request.username = text(),
                "password" => request.password = Some(Secret::from(value)),
                "authtype" => request.authtype = text(),
                "credential" => request.credential = Some(Secret::from(value)),
                "url" => request.read_url(value, i + 1)?,
                // An empty value resets a list (git-credential(1)).
                "capability[]" if value.is_empty() => request.capabilities.clear(),
                "capability[]" => request.capabilities.push(value.to_owned()),
                _ => {}
            }
        }
        Ok(request)
    }

    /// `url=…` stands for its parts.
    fn read_url(&mut self, value: &str, line: usize) -> Result<(), GitError> {
        let url = url::Url::parse(value).map_err(|_| GitError::Malformed {
            line,
            reason: "`url` is not a URL",
        })?;
        self.protocol = Some(url.scheme().to_owned());
        self.host = url.host_str().map(|host| match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        });
        let path = url.path().trim_start_matches('/');
        self.path = (!path.is_empty()).then(|| path.to_owned());
        if !url.username().is_empty() {
            self.username = Some(url.username().to_owned());
        }
        Ok(())
    }

    /// Whether git understands `authtype` and `credential` in an answer (git 2.46 and later).
    #[must_use]
    pub(crate) fn understands_authtype(&self) -> bool {
        self.capabilities.iter().any(|c| c == "authtype")
    }

    /// The secret git used: the pre-encoded credential when it sent one, else the password.
    #[must_use]
    pub(crate) fn presented(&self) -> Option<&Secret> {
        self.credential.as_ref().or(self.password.as_ref())
    }
}

/// The number of line breaks in `bytes`.
fn bytecount(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').count() - 1
}

/// tether's answer to `get`.
#[derive(Debug)]
pub(crate) enum Answer {
    /// HTTP Basic: a username and the token as the password.
    Password {
        username: Secret,
        password: Secret,
        /// When the token expires, in unix seconds, when known.
        expiry: Option<i64>,
    },
    /// `Authorization: Bearer TOKEN`, for git that announced `capability[]=authtype`.
    Bearer { token: Secret, expiry: Option<i64> },
}

impl Answer {
    /// The answer's lines. The capability comes first, as the protocol asks; the token is
    /// `ephemeral` since it expires and tether renews it, so no other helper should keep it.
    pub(crate) fn render(&self) -> Result<Secret, GitError> {
        let check = |value: &Secret, what| {
            if value.expose().contains(['\n', '\0']) {
                Err(GitError::Unsendable { what })
            } else {
                Ok(())
            }
        };
        let expiry_line = |expiry: Option<i64>| {
            let mut line = String::new();
            if let Some(at) = expiry {
                let _ = writeln!(line, "password_expiry_utc={at}");
            }
            line
        };
        match self {
            Self::Password {
                username,
                password,
                expiry,
            } => {
                check(username, "username")?;
                check(password, "password")?;
                Ok(Secret::concat(&[
                    "username=",
                    username.expose(),
                    "\npassword=",
                    password.expose(),
                    "\n",
                    &expiry_line(*expiry),
                ]))
            }
            Self::Bearer { token, expiry } => {
                check(token, "token")?;
                Ok(Secret::concat(&[
                    "capability[]=authtype\nauthtype=Bearer\ncredential=",
                    token.expose(),
                    "\nephemeral=true\n",
                    &expiry_line(*expiry),
                ]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_ends_at_a_blank_line_and_keeps_what_tether_uses() {
        let input = b"capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=git.example.com:8443\npath=org/repo.git\nwwwauth[]=Basic realm=\"git\"\n\nhost=ignored\n";
        let request = Request::parse(input).unwrap();
        assert_eq!(request.protocol.as_deref(), Some("https"));
        assert_eq!(request.host.as_deref(), Some("git.example.com:8443"));
        assert_eq!(request.path.as_deref(), Some("org/repo.git"));
        assert!(request.understands_authtype());
        assert!(request.presented().is_none());
    }

    #[test]
    fn a_url_stands_for_its_parts_and_an_empty_list_value_resets_it() {
        let request = Request::parse(
            b"capability[]=authtype\ncapability[]=\nurl=https://bob@h.example:444/a/b.git",
        )
        .unwrap();
        assert_eq!(request.host.as_deref(), Some("h.example:444"));
        assert_eq!(request.path.as_deref(), Some("a/b.git"));
        assert_eq!(request.username.as_deref(), Some("bob"));
        assert!(!request.understands_authtype());
    }

    #[test]
    fn a_line_without_equals_is_refused_by_number() {
        let e = Request::parse(b"protocol=https\nhost\n").unwrap_err();
        assert!(matches!(e, GitError::Malformed { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn answers_are_git_lines_and_never_carry_a_line_break() {
        let basic = Answer::Password {
            username: Secret::from("oauth2"),
            password: Secret::from("t0k"),
            expiry: Some(1_800_000_000),
        };
        assert_eq!(
            basic.render().unwrap().expose(),
            "username=oauth2\npassword=t0k\npassword_expiry_utc=1800000000\n"
        );
        let bearer = Answer::Bearer {
            token: Secret::from("t0k"),
            expiry: None,
        };
        assert_eq!(
            bearer.render().unwrap().expose(),
            "capability[]=authtype\nauthtype=Bearer\ncredential=t0k\nephemeral=true\n"
        );
        let forged = Answer::Bearer {
            token: Secret::from("t0k\nhost=evil"),
            expiry: None,
        };
        assert!(forged.render().is_err());
    }
}
