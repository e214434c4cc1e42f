//! The page reader: in order, at most one page ahead of its caller, a
//! failed page returned where it failed; and a page's decoding task.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;

use super::super::*;

/// A reader of `pages` pages of one number each; page `fail` (if any)
/// fails. Returns the reader and how many pages it has requested.
fn numbered(pages: u32, fail: Option<u32>) -> (PageReader<u32>, Arc<AtomicU32>) {
    let requested = Arc::new(AtomicU32::new(0));
    let counter = requested.clone();
    let reader = PageReader::new(READ_AHEAD, move |token, page| {
        counter.fetch_add(1, AtomicOrdering::SeqCst);
        Box::pin(async move {
            assert_eq!(token, (page > 1).then(|| (page - 1).to_string()));
            if Some(page) == fail {
                return Err(Failure::Api(format!("page {page} failed")));
            }
            let next = (page < pages).then(|| page.to_string());
            Ok((ready(vec![page]), next))
        })
    });
    (reader, requested)
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(30)).await;
}

#[tokio::test]
async fn pages_come_in_order_and_at_most_one_is_requested_ahead() {
    let (mut reader, requested) = numbered(5, None);
    settle().await;
    assert_eq!(requested.load(AtomicOrdering::SeqCst), 1);
    let mut taken = vec![];
    while let Some(page) = reader.next().await.unwrap() {
        taken.extend(page);
        settle().await;
        let n = requested.load(AtomicOrdering::SeqCst);
        assert!(
            n as usize <= taken.len() + 1,
            "{n} requested, {taken:?} taken"
        );
    }
    assert_eq!(taken, [1, 2, 3, 4, 5]);
    // The last page has no continue token: nothing more is requested.
    assert_eq!(requested.load(AtomicOrdering::SeqCst), 5);
    assert!(reader.next().await.unwrap().is_none());
}

#[tokio::test]
async fn a_failed_page_is_returned_in_its_place_and_nothing_is_read_after_it() {
    let (mut reader, requested) = numbered(5, Some(3));
    assert_eq!(reader.next().await.unwrap(), Some(vec![1]));
    assert_eq!(reader.next().await.unwrap(), Some(vec![2]));
    let err = reader.next().await.unwrap_err();
    assert!(err.to_string().contains("page 3 failed"), "{err}");
    settle().await;
    assert_eq!(requested.load(AtomicOrdering::SeqCst), 3);
}

#[tokio::test]
async fn a_dropped_reader_requests_nothing_more() {
    let (mut reader, requested) = numbered(50, None);
    reader.next().await.unwrap();
    drop(reader);
    settle().await;
    assert!(requested.load(AtomicOrdering::SeqCst) <= 2);
}

const HEAD_FIRST: &str = r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5","continue":"tok"},"items":[{"metadata":{"name":"web-0","namespace":"shop","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]},"spec":{"containers":[{"name":"app","image":"nginx"}]}}]}"#;
const KEYS_SORTED: &str = r#"{"apiVersion":"v1","items":[{"metadata":{"name":"web-0","namespace":"shop"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}],"kind":"PodList","metadata":{"continue":"tok","resourceVersion":"5"}}"#;

#[tokio::test]
async fn a_page_is_decoded_pruned_and_its_token_known_either_way() {
    for body in [HEAD_FIRST, KEYS_SORTED] {
        let (items, next) = decoding::<Pod>(body.to_string(), Pod::prune);
        assert_eq!(next.as_deref(), Some("tok"), "{body}");
        let pods = items.await.unwrap().unwrap();
        assert_eq!(pods.len(), 1);
        assert_eq!(pods[0].metadata.name.as_deref(), Some("web-0"));
        assert!(pods[0].metadata.managed_fields.is_none());
        // Pruned: only the container's name is kept.
        let c = &pods[0].spec.as_ref().unwrap().containers[0];
        assert_eq!((c.name.as_str(), c.image.as_deref()), ("app", None));
    }
}

#[tokio::test]
async fn a_body_that_is_not_a_list_is_an_error_that_names_the_kind() {
    for body in [r#"{"metadata":{},"items":[1]}"#, "not json"] {
        let (items, _) = decoding::<Pod>(body.to_string(), Pod::prune);
        let err = items.await.unwrap().unwrap_err().to_string();
        assert!(err.contains("list of pods could not be read"), "{err}");
    }
}
