//! What to do when docker's credential-helper request cannot be answered.

use super::Diagnosis;
use crate::docker::DockerError as E;

/// The code of the protocol's "not found", which is written bare (docker compares the text).
pub(crate) const NOT_FOUND: &str = "credentials_not_found";

pub(super) fn docker(error: &E) -> Diagnosis {
    let message = error.to_string();
    match error {
        // The protocol's exit status for every failure, this one included.
        E::NotFound { .. } => Diagnosis::new(NOT_FOUND, 1, message),
        E::Ambiguous { links, .. } => Diagnosis::new("registry_ambiguous", 2, message).hint(
            format!(
                "set TETHER_DOCKER_LINK to the connection docker should use (e.g. TETHER_DOCKER_LINK={first}); by hand: `tether docker-credential get --link {first}`",
                first = links[0]
            ),
        ),
        E::StoreRefused { registry } => Diagnosis::new("store_refused", 1, message).hint(format!(
            "let docker keep {registry}'s password elsewhere: name tether for the registries it serves only, in ~/.docker/config.json \"credHelpers\" (`tether docker-credential list` shows them), not as \"credsStore\""
        )),
        E::NotAServerUrl { .. } => Diagnosis::new("not_a_server_url", 2, message)
            .hint("write the registry's host or URL on stdin, e.g. `echo ghcr.io | tether docker-credential get`"),
        E::BadRequest { .. } => Diagnosis::new("bad_docker_request", 2, message).hint(
            "write {\"ServerURL\": \"…\", \"Username\": \"…\", \"Secret\": \"…\"} on stdin, as docker does",
        ),
    }
}
