//! Against the scripted API double: a server older than the recovery from
//! a failed expansion (the local control planes are 1.33 and 1.37, both
//! new enough, so only the double can be a 1.31 server).

use serde_json::json;

use super::refuse_missing_features;
use crate::ops::double;
use crate::plan::resize::{Action, ClaimStep, ResizePlan};

fn plan(action: Action) -> ResizePlan {
    ResizePlan {
        namespace: "shop".into(),
        stateful_set: "db".into(),
        size: "3Gi".into(),
        claims: vec![ClaimStep {
            ordinal: 0,
            template: "data".into(),
            claim: "data-db-0".into(),
            from: "5Gi".into(),
            capacity: Some("1Gi".into()),
            to: "3Gi".into(),
            storage_class: "standard".into(),
            action: action.as_str().into(),
            resource_version: "7".into(),
        }],
        templates: vec![],
        notes: vec![],
    }
}

fn server(minor: &'static str) -> impl Fn(&str, &str, &str) -> (u16, serde_json::Value) {
    move |_, uri, _| {
        assert_eq!(uri, "/version", "only /version is read");
        (
            200,
            json!({"major": "1", "minor": minor, "gitVersion": format!("v1.{minor}.0"),
                   "platform": "linux/amd64"}),
        )
    }
}

#[tokio::test]
async fn lowering_a_failed_request_is_refused_on_a_server_without_the_recovery() {
    let (kube, log) = double::kube(server("31"));
    let err = refuse_missing_features(&kube, &plan(Action::Lower))
        .await
        .unwrap_err()
        .to_string();
    for want in [
        "data-db-0",
        "statefulset db",
        "namespace shop",
        "RecoverVolumeExpansionFailure",
        "Kubernetes 1.32 or newer",
        "Kubernetes 1.31",
        "Nothing was changed",
    ] {
        assert!(err.contains(want), "{want:?} missing from: {err}");
    }
    assert!(log.all().iter().all(|s| !s.is_write()), "nothing written");
}

#[tokio::test]
async fn lowering_goes_ahead_on_the_oldest_tested_version() {
    let (kube, log) = double::kube(server("33"));
    refuse_missing_features(&kube, &plan(Action::Lower))
        .await
        .unwrap();
    assert_eq!(log.count("GET", "/version"), 1);
}

#[tokio::test]
async fn growing_does_not_ask_the_version() {
    let (kube, log) = double::kube(server("31"));
    refuse_missing_features(&kube, &plan(Action::Grow))
        .await
        .unwrap();
    assert!(log.all().is_empty(), "{:?}", log.all());
}
