use super::*;
use crate::plan::fixtures::*;

#[test]
fn record_key_separates_clusters_and_names() {
    let s = "https://10.0.0.1:6443";
    assert_eq!(
        record_key(s, "shop", "web"),
        "https_3a_2f_2f10.0.0.1_3a6443/shop_web.pending.json"
    );
    // `a-b/c` and `a/b-c` were one file when joined with `-`.
    assert_ne!(record_key(s, "a-b", "c"), record_key(s, "a", "b-c"));
    // Another cluster with the same names is another file.
    assert_ne!(
        record_key(s, "shop", "web"),
        record_key("https://10.0.0.2:6443", "shop", "web")
    );
    // `_` is escaped, so no server can imitate another's directory.
    assert_ne!(cluster_dir("https://a_3a"), cluster_dir("https://a:"));
    assert!(!cluster_dir("https://x/../../etc").contains('/'));
}

#[test]
fn saved_manifest_is_creatable_as_is() {
    let mut set = sts("web", 3, &["data"]);
    set.metadata.resource_version = Some("42".into());
    set.metadata.generation = Some(7);
    set.metadata.self_link = Some("/apis/apps/v1/namespaces/shop/statefulsets/web".into());
    set.metadata.managed_fields = Some(vec![Default::default()]);
    set.metadata.creation_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        "2026-01-01T00:00:00Z".parse().unwrap(),
    ));
    set.metadata.annotations = labels(&[("team", "db")]);
    let m = saved_manifest(&set);
    let md = &m.metadata;
    assert_eq!(
        (
            &md.uid,
            &md.resource_version,
            &md.generation,
            &md.self_link,
            &md.managed_fields,
            &md.creation_timestamp
        ),
        (&None, &None, &None, &None, &None, &None)
    );
    assert!(m.status.is_none());
    assert_eq!(md.annotations, set.metadata.annotations);
    assert_eq!(md.labels, set.metadata.labels);
    assert_eq!(m.spec, set.spec);
}

#[test]
fn a_marked_claim_gives_the_keep_reason_with_the_command() {
    let mut c = pvc("data", "web", 1, "1Gi");
    assert_eq!(pending_keep_reason(&c), None);
    let mark = PendingClaim {
        stateful_set: "web".into(),
        started: "2026-11-30T01:00:00Z".into(),
        resume: "kubectl sts pvc resize web -n shop --size 2Gi".into(),
    };
    c.metadata.annotations =
        labels(&[(PENDING_ANNOTATION, &serde_json::to_string(&mark).unwrap())]);
    let why = pending_keep_reason(&c).unwrap();
    assert!(
        why.contains("resize or restore of statefulset web") && why.contains(&mark.resume),
        "{why}"
    );
    c.metadata.annotations = labels(&[(PENDING_ANNOTATION, "garbage")]);
    assert!(pending_keep_reason(&c).unwrap().contains("garbage"));
}
