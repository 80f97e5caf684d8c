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
