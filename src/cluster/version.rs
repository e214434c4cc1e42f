//! The API server's Kubernetes version (GET /version), for the operations
//! that check a feature against it (plan::features).

use super::Kube;
use crate::error::Target;
use crate::plan::features::KubeVersion;

impl Kube {
    /// The server's major.minor, or None when /version fails or does not read
    /// as a version: the caller then lets the server decide (every user may
    /// read /version, so None means an odd server, not missing rights).
    pub async fn server_version(&self) -> Option<KubeVersion> {
        let target = Target::new("get", "/version");
        let info = self
            .call(&target, "", self.client.apiserver_version())
            .await
            .ok()?;
        KubeVersion::parse(&info.major, &info.minor, &info.git_version)
    }
}
