//! What to do when kubectl's request cannot be answered.

use super::Diagnosis;
use crate::kube::{ApiVersion, KubeError};

pub(super) fn kube(error: &KubeError) -> Diagnosis {
    let versions: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.as_str()).collect();
    match error {
        KubeError::UnknownApiVersion { .. } => {
            Diagnosis::new("unknown_exec_api_version", 2, error.to_string()).hint(format!(
                "set `apiVersion` of the kubeconfig's exec stanza to one of {}; `tether kube-credential --print-config LINK` prints a stanza that works",
                versions.join(", ")
            ))
        }
        KubeError::BadExecInfo { .. } => Diagnosis::new("bad_exec_info", 2, error.to_string())
            .hint(format!(
                "kubectl sets {} itself: run tether from kubectl, or unset it to get a {} document",
                crate::kube::EXEC_INFO_VAR,
                ApiVersion::V1.as_str()
            )),
    }
}
