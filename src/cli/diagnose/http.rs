//! What the user is told about an HTTP call that got no usable answer.

use super::Diagnosis;
use crate::http::{HttpError, Peer};

const PROVIDER_TROUBLE: &str = "check the network and the provider's status, then try again";
const SERVICE_TROUBLE: &str = "check the network and the service's status, then try again";
const SERVICE_SLOW: &str =
    "check the network and the service's status, or allow more time with --timeout SECS";

pub(super) fn http(error: &HttpError) -> Diagnosis {
    let (code, exit, hint) = match error {
        HttpError::Setup(_) => ("http_setup", 1, None),
        HttpError::Timeout { peer, .. } | HttpError::Stalled { peer, .. } => {
            let hint = match peer {
                Peer::Endpoint { .. } => PROVIDER_TROUBLE,
                Peer::Service { .. } => SERVICE_SLOW,
            };
            let code = if matches!(error, HttpError::Timeout { .. }) {
                "http_timeout"
            } else {
                "http_stalled"
            };
            (code, 5, Some(hint))
        }
        HttpError::Connect { peer, .. } => {
            let hint = match peer {
                Peer::Endpoint { .. } => {
                    "check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the connector's endpoints"
                }
                Peer::Service { .. } => {
                    "check the URL, the network and the proxy settings (HTTPS_PROXY, NO_PROXY)"
                }
            };
            ("http_connect", 5, Some(hint))
        }
        HttpError::Failed { peer, .. } | HttpError::CutOff { peer, .. } => {
            let hint = match peer {
                Peer::Endpoint { .. } => PROVIDER_TROUBLE,
                Peer::Service { .. } => SERVICE_TROUBLE,
            };
            let code = if matches!(error, HttpError::Failed { .. }) {
                "http_failed"
            } else {
                "http_cut_off"
            };
            (code, 5, Some(hint))
        }
        HttpError::TooLarge { .. } => {
            ("http_too_large", 5, Some("check the connector's endpoints"))
        }
        // curl's exit code for `--fail`.
        HttpError::Status { .. } => (
            "http_status",
            22,
            Some(
                "the body of the answer went to stdout; without --fail, tether exits 0 whatever the status",
            ),
        ),
    };
    let diagnosis = Diagnosis::new(code, exit, error.to_string());
    match hint {
        Some(hint) => diagnosis.hint(hint),
        None => diagnosis,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_peer_decides_the_hint() {
        let limit = Duration::from_secs(30);
        let endpoint = Peer::Endpoint {
            what: "token endpoint",
            url: "https://idp.example/token".into(),
        };
        let service = Peer::Service {
            url: "https://api.example/x".into(),
        };
        let d = http(&HttpError::Timeout {
            peer: endpoint,
            limit,
        });
        assert_eq!((d.code, d.exit), ("http_timeout", 5));
        assert_eq!(
            d.message,
            "the token endpoint (https://idp.example/token) did not answer within 30 s"
        );
        assert_eq!(d.hint.as_deref(), Some(PROVIDER_TROUBLE));
        let d = http(&HttpError::Stalled {
            peer: service,
            limit,
        });
        assert_eq!(d.hint.as_deref(), Some(SERVICE_SLOW));
        let d = http(&HttpError::Status {
            status: 500,
            reason: None,
        });
        assert_eq!((d.code, d.exit), ("http_status", 22));
        assert_eq!(d.message, "the server answered HTTP 500");
    }
}
