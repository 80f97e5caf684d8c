//! What to do when `tether exec` could not hand over to its command (126 and 127, as shells
//! use them).

use super::Diagnosis;
use crate::exec::ExecError as E;

pub(super) fn exec(error: &E) -> Diagnosis {
    let (code, exit, hint) = match error {
        E::NotFound { .. } => (
            "command_not_found",
            127,
            "check the spelling, or give its full path; it is looked up in PATH, not run through a shell",
        ),
        E::PermissionDenied { .. } => (
            "command_not_runnable",
            126,
            "check that it is a file you may execute (chmod +x), not a directory",
        ),
        E::NotRunnable { .. } => (
            "command_not_runnable",
            126,
            "check that it is a program or script for this machine",
        ),
        E::SameVariable { .. } => (
            "same_variable",
            2,
            "run them in separate `tether exec` commands, or rename the variable in one connector's [env] table (`tether connector export ID`, edit, `tether connector import FILE`)",
        ),
        E::FileAndConnection { .. } => (
            "same_variable",
            2,
            "remove the line from the env file, or leave the connection out and reference what you need (tether://LINK/FIELD)",
        ),
    };
    Diagnosis::new(code, exit, error.to_string()).hint(hint)
}
