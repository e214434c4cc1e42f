//! The innermost cause of an error chain: a leaf that the error, client,
//! exec-credential and proxy modules all use, so none of them imports
//! another only for it.

use std::error::Error as StdError;

/// The innermost, most specific cause of a transport error, e.g.
/// "Connection refused (os error 111)" or "deadline has elapsed".
pub fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut last = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !s.is_empty() {
            last = s;
        }
        cur = e.source();
    }
    last
}
