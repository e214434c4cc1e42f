//! Which API features a cluster's Kubernetes version has. kubectl-sts is
//! compiled against the 1.37 API and tested on 1.37 and 1.33 (the oldest
//! minor k8s-openapi 0.29 supports); an operation that writes something a
//! later version brought asks [`require`] first, so that an older server
//! gets a refusal naming the feature and the version it needs, not the
//! server's bare validation error half-way through.
//!
//! The versions come from the Kubernetes feature-gate tables (a feature
//! counts from the release where it is on by default: beta or GA).

use std::fmt;

/// A server's Kubernetes version, major.minor, from GET /version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// From /version's `major` and `minor` fields ("1", "33"; managed
    /// clusters print "33+"), or else its `gitVersion` ("v1.33.13",
    /// "v1.33.2-eks-1234"). None when neither reads as a version.
    pub fn parse(major: &str, minor: &str, git_version: &str) -> Option<Self> {
        let num = |s: &str| {
            let d: String = s.chars().take_while(char::is_ascii_digit).collect();
            d.parse::<u32>().ok()
        };
        if let (Some(major), Some(minor)) = (num(major), num(minor)) {
            return Some(Self { major, minor });
        }
        let mut parts = git_version.strip_prefix('v')?.split('.');
        Some(Self {
            major: num(parts.next()?)?,
            minor: num(parts.next()?)?,
        })
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The oldest Kubernetes version kubectl-sts is tested against.
pub const OLDEST_TESTED: KubeVersion = KubeVersion::new(1, 33);

/// An API feature some operation writes and that arrived after a version
/// users still run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// Lowering a PVC's storage request after a failed expansion, to any
    /// size strictly above `status.capacity` (KEP-1790, gate
    /// RecoverVolumeExpansionFailure: beta and on by default in 1.32, GA in
    /// 1.34). Without it the API refuses any request below the previous one.
    RecoverVolumeExpansionFailure,
    /// StatefulSet `updateStrategy.type: Recreate` (gate
    /// StatefulSetRecreateStrategy, alpha in 1.37: off by default).
    StatefulSetRecreateStrategy,
}

/// What a [`Feature`] is, its feature gate and the version it needs: the
/// first where it is on by default, or, for one that is only behind its
/// gate (alpha), the first that has the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureFacts {
    pub what: &'static str,
    pub gate: &'static str,
    pub needs: KubeVersion,
    /// Its stages by version, for messages.
    pub stage: &'static str,
}

/// The facts of `f` (from the Kubernetes feature-gate tables).
pub fn facts(f: Feature) -> FeatureFacts {
    match f {
        Feature::RecoverVolumeExpansionFailure => FeatureFacts {
            what: "lowering the request of a PVC whose expansion failed",
            gate: "RecoverVolumeExpansionFailure",
            needs: KubeVersion::new(1, 32),
            stage: "beta and on by default in 1.32, GA in 1.34",
        },
        Feature::StatefulSetRecreateStrategy => FeatureFacts {
            what: "the StatefulSet update strategy Recreate",
            gate: "StatefulSetRecreateStrategy",
            needs: KubeVersion::new(1, 37),
            stage: "alpha in 1.37, off by default",
        },
    }
}

/// Whether a server at `server` can have `f`: Ok, or the refusal naming the
/// feature, the version it needs and the server's version. An unknown
/// version (None: /version unreadable) is Ok: the server decides and its own
/// error is shown, as it is when a gate was turned off on a new enough
/// server.
pub fn require(f: Feature, server: Option<KubeVersion>) -> Result<(), String> {
    let Some(server) = server else { return Ok(()) };
    let fx = facts(f);
    let needs = fx.needs;
    if server >= needs {
        return Ok(());
    }
    Err(format!(
        "{} needs Kubernetes {needs} or newer (feature gate {}, {}); this API server is \
         Kubernetes {server}",
        fx.what, fx.gate, fx.stage
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_as_servers_print_them() {
        let v = |a, b| Some(KubeVersion::new(a, b));
        for (major, minor, git, want) in [
            ("1", "33", "v1.33.13", v(1, 33)),
            ("1", "37", "v1.37.1", v(1, 37)),
            ("1", "33+", "v1.33.2-eks-1234", v(1, 33)),
            ("", "", "v1.31.4-gke.100", v(1, 31)),
            ("1", "", "v1.30.0", v(1, 30)),
            ("", "", "1.30.0", None),
            ("", "", "", None),
            ("x", "y", "vX.Y", None),
        ] {
            assert_eq!(
                KubeVersion::parse(major, minor, git),
                want,
                "{major:?} {minor:?} {git:?}"
            );
        }
    }

    #[test]
    fn orders_by_minor_numerically() {
        assert!(KubeVersion::new(1, 9) < KubeVersion::new(1, 33));
        assert!(KubeVersion::new(1, 33) < KubeVersion::new(1, 37));
        assert!(OLDEST_TESTED < KubeVersion::new(1, 34));
    }

    #[test]
    fn requires_the_version_where_a_feature_is_on_by_default() {
        use Feature::*;
        let v = |m| Some(KubeVersion::new(1, m));
        for (f, server, ok) in [
            (RecoverVolumeExpansionFailure, v(31), false),
            (RecoverVolumeExpansionFailure, v(32), true),
            (RecoverVolumeExpansionFailure, v(33), true),
            (RecoverVolumeExpansionFailure, v(37), true),
            (RecoverVolumeExpansionFailure, None, true),
            (StatefulSetRecreateStrategy, v(33), false),
            (StatefulSetRecreateStrategy, v(36), false),
            (StatefulSetRecreateStrategy, v(37), true),
            (StatefulSetRecreateStrategy, None, true),
        ] {
            assert_eq!(require(f, server).is_ok(), ok, "{f:?} on {server:?}");
        }
    }

    #[test]
    fn refusal_names_feature_gate_needed_and_server_versions() {
        let e = require(
            Feature::RecoverVolumeExpansionFailure,
            Some(KubeVersion::new(1, 31)),
        )
        .unwrap_err();
        for want in [
            "lowering the request of a PVC whose expansion failed",
            "Kubernetes 1.32 or newer",
            "RecoverVolumeExpansionFailure",
            "this API server is Kubernetes 1.31",
        ] {
            assert!(e.contains(want), "{want:?} missing from {e}");
        }
        let e = require(
            Feature::StatefulSetRecreateStrategy,
            Some(KubeVersion::new(1, 33)),
        )
        .unwrap_err();
        assert!(
            e.contains("Kubernetes 1.37 or newer") && e.contains("1.33"),
            "{e}"
        );
    }
}
