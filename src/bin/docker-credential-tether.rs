//! `docker-credential-tether`: the name docker runs tether's credential helper by (its
//! `credsStore` or `credHelpers` value `tether`); the same as `tether docker-credential`.

use std::process::ExitCode;

fn main() -> ExitCode {
    tether::docker_credential_main()
}
