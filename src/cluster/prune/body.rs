//! What is read of a LIST body before it is decoded: the continue token
//! (so the next page can be requested while this one is decoded) and the
//! managed fields, which are dropped. Managed fields are
//! about 40% of the bytes of a pod, claim or PV page, and decoded they are
//! trees of `serde_json::Value` (one allocation per node) that
//! [`prune_meta`](super::prune_meta) then throws away: at 10,000 pods most
//! of the decoding time of the read-only reports went to them.
//!
//! The API server writes compact JSON, where a member named
//! `managedFields` starts with `{"managedFields":` or `,"managedFields":`.
//! Inside a JSON string a quote is escaped, so those bytes can only begin a
//! key. A body in another layout (indented, reordered) is left as it is:
//! [`prune_meta`](super::prune_meta) still drops the field after decoding,
//! so the result never depends on this function finding it.

use std::borrow::Cow;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ListMeta;
use serde::de::IgnoredAny;

const KEY: &str = "\"managedFields\":";

/// The continue token of a LIST body, read from the list's metadata,
/// which the API server writes before the items: `Some(None)` on the last
/// page, `None` when the body does not start that way (the caller then
/// decodes the whole body first). The caller must check it against the
/// decoded list's.
pub fn continue_token(body: &str) -> Option<Option<String>> {
    #[derive(serde::Deserialize)]
    struct Head {
        metadata: ListMeta,
    }
    let head = &body[..body.find("\"items\":")?];
    let head = head.strip_suffix(',')?;
    let head: Head = serde_json::from_str(&format!("{head}}}")).ok()?;
    Some(head.metadata.continue_.filter(|t| !t.is_empty()))
}

/// `body` without its `managedFields` members (keys and values), at any
/// depth; borrowed unchanged when there are none, or when a value after the
/// key is not valid JSON (the decoder then reports the body's error).
pub fn strip_managed_fields(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = body[from..].find(KEY).map(|i| i + from) {
        let value = at + KEY.len();
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if !matches!(before, Some(b'{' | b',')) {
            from = value;
            continue;
        }
        let mut values =
            serde_json::Deserializer::from_str(&body[value..]).into_iter::<IgnoredAny>();
        if !matches!(values.next(), Some(Ok(_))) {
            return Cow::Borrowed(body);
        }
        let end = value + values.byte_offset();
        // One comma goes with the member: the one before it, or, for a
        // first member, the one after it.
        let (cut, resume) = match (before, bytes.get(end)) {
            (Some(b','), _) => (at - 1, end),
            (_, Some(b',')) => (at, end + 1),
            _ => (at, end),
        };
        out.push_str(&body[copied..cut]);
        copied = resume;
        from = resume;
    }
    if copied == 0 {
        return Cow::Borrowed(body);
    }
    out.push_str(&body[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    fn without_managed(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| k.as_str() != "managedFields")
                    .map(|(k, v)| (k.clone(), without_managed(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(without_managed).collect()),
            v => v.clone(),
        }
    }

    #[test]
    fn members_go_with_one_comma_wherever_they_stand() {
        let cases = [
            // (body, want)
            (r#"{"a":1}"#, r#"{"a":1}"#),
            (r#"{"managedFields":[{"x":{"f:a":{}}}]}"#, r#"{}"#),
            (r#"{"managedFields":[],"a":1}"#, r#"{"a":1}"#),
            (r#"{"a":1,"managedFields":[]}"#, r#"{"a":1}"#),
            (r#"{"a":1,"managedFields":[],"b":2}"#, r#"{"a":1,"b":2}"#),
            (
                r#"{"items":[{"metadata":{"name":"p","managedFields":[{"fieldsV1":{"f:s":{"}":1}}}],"uid":"u"}},{"metadata":{"managedFields":null}}]}"#,
                r#"{"items":[{"metadata":{"name":"p","uid":"u"}},{"metadata":{}}]}"#,
            ),
            // In a string the quotes are escaped: not a key.
            (
                r#"{"a":"{\"managedFields\":[]}","b":",\"managedFields\":1"}"#,
                r#"{"a":"{\"managedFields\":[]}","b":",\"managedFields\":1"}"#,
            ),
            // A value ending in a backslash, then the real key.
            (r#"{"a":"x\\","managedFields":[1]}"#, r#"{"a":"x\\"}"#),
            // Indented JSON is left to the decoder and prune_meta.
            (
                "{\"a\": 1, \"managedFields\": []}",
                "{\"a\": 1, \"managedFields\": []}",
            ),
            // Broken JSON after the key: unchanged, the decoder says why.
            (r#"{"managedFields":[1,}"#, r#"{"managedFields":[1,}"#),
        ];
        for (body, want) in cases {
            assert_eq!(strip_managed_fields(body), want, "{body}");
        }
    }

    #[test]
    fn the_continue_token_is_read_from_the_metadata_before_the_items() {
        let cases = [
            (
                r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9","continue":"eyJ2Ijo=","remainingItemCount":5},"items":[{"metadata":{"annotations":{"continue":"no"}}}]}"#,
                Some(Some("eyJ2Ijo=")),
            ),
            // The last page.
            (
                r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[{"metadata":{"annotations":{"continue":"no"}}}]}"#,
                Some(None),
            ),
            (r#"{"metadata":{"continue":""},"items":[]}"#, Some(None)),
            // Keys in another order, or no metadata: unknown until decoded.
            (
                r#"{"apiVersion":"v1","items":[],"kind":"PodList","metadata":{"continue":"x"}}"#,
                None,
            ),
            (r#"{"kind":"PodList","items":[]}"#, None),
            (r#"{"metadata":{"continue":"x"}}"#, None),
            ("{\"metadata\": {\"continue\": \"x\"}, \"items\": []}", None),
        ];
        for (body, want) in cases {
            assert_eq!(
                continue_token(body),
                want.map(|t| t.map(str::to_string)),
                "{body}"
            );
        }
    }

    #[test]
    fn a_body_without_managed_fields_is_not_copied() {
        assert!(matches!(
            strip_managed_fields(r#"{"items":[{"metadata":{"name":"a"}}]}"#),
            Cow::Borrowed(_)
        ));
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            Just("managedFields".to_string()),
            Just("metadata".to_string()),
            "[a-z\\\\\",{}:]{0,6}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z\\\\\",{}:\\[\\]]{0,12}".prop_map(Value::from),
            Just(Value::from("\"managedFields\":")),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any compact JSON: stripped and decoded equals decoded and then
        /// stripped of every `managedFields` member.
        #[test]
        fn stripping_equals_dropping_the_members_after_decoding(v in arb_json()) {
            let body = serde_json::to_string(&v).unwrap();
            let stripped = strip_managed_fields(&body);
            let got: Value = serde_json::from_str(&stripped).unwrap();
            prop_assert_eq!(got, without_managed(&v));
        }
    }

    #[test]
    fn a_pod_list_decodes_to_the_same_pruned_pods() {
        use k8s_openapi::api::core::v1::Pod;
        use kube::core::ObjectList;

        use crate::cluster::prune::Prune;
        let body = json!({
            "kind": "PodList", "apiVersion": "v1",
            "metadata": {"resourceVersion": "7", "continue": "c"},
            "items": [{
                "metadata": {
                    "name": "web-0", "namespace": "shop", "uid": "u0",
                    "managedFields": [{"manager": "kube-controller-manager",
                        "operation": "Update", "fieldsType": "FieldsV1",
                        "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}}}],
                    "labels": {"app": "web"}
                },
                "spec": {"containers": [{"name": "app", "image": "nginx"}]},
                "status": {"phase": "Pending"}
            }]
        })
        .to_string();
        let decode = |s: &str| {
            let mut l: ObjectList<Pod> = serde_json::from_str(s).unwrap();
            l.items.iter_mut().for_each(Pod::prune);
            l
        };
        let (full, fast) = (decode(&body), decode(&strip_managed_fields(&body)));
        assert_eq!(full.items, fast.items);
        assert_eq!(fast.metadata.continue_.as_deref(), Some("c"));
        assert!(fast.items[0].metadata.labels.is_some());
    }
}
