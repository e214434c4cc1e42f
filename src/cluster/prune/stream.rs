//! Reports of many namespaces built one namespace at a time. A LIST across
//! namespaces returns its objects in key order (`<namespace>/<name>`), so
//! the pods, claims and Services of one namespace arrive together, page
//! after page. [`Pages`] holds at most a page or two of one kind;
//! [`next_namespace`] reads every kind on until each holds the whole of the
//! next namespace, which the report then takes out, decides on and drops.
//! PersistentVolumes are cluster-scoped and ordered by name: [`PvStore`]
//! keeps each one compactly, indexed by its name and its claimRef's
//! namespace, and gives each namespace the volumes its rules can look at.
//!
//! Memory then grows with the largest namespace and with the report, not
//! with the cluster; the number of requests is unchanged (one LIST per kind
//! per page).
//!
//! Each kind is read by a task of its own ([`PageReader`]) one page ahead
//! of the report, and each page is decoded by a task of its own once its
//! continue token has been read from the body's head, so the next page is
//! already requested: the server's work, the decoding and the report
//! overlap, and the kinds are read side by side.

use std::cmp::Ordering;
use std::collections::{HashMap, VecDeque};

use futures::future::BoxFuture;
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use kube::api::Api;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Prune;
use super::body::continue_token;
use crate::cluster::{Kube, decode_slim};
use crate::error::Failure;

/// Pages a reader holds ahead of its caller. One is enough for the reads
/// to overlap; at 10,000 pods three made no difference to wall time
/// (`farm-bench --vs`, 8 paired runs: 0.95x, within the spread).
pub const READ_AHEAD: usize = 1;

/// One page: its objects (being decoded by a task of their own) and the
/// continue token of the next (`None` or empty at the end).
pub type Page<K> = (Items<K>, Option<String>);

/// The objects of a page, decoded (and pruned) by a task of their own.
pub type Items<K> = JoinHandle<Result<Vec<K>, Failure>>;

/// Objects that need no decoding, as [`Items`].
pub fn ready<K: Send + 'static>(items: Vec<K>) -> Items<K> {
    tokio::spawn(async move { Ok(items) })
}

/// The order of a LIST across namespaces: by the key `<namespace>/`, so
/// `a-b` comes before `a` (`-` sorts before `/`), unlike plain string order.
pub fn ns_order(a: &str, b: &str) -> Ordering {
    a.bytes()
        .chain(std::iter::once(b'/'))
        .cmp(b.bytes().chain(std::iter::once(b'/')))
}

fn ns_of<K: k8s_openapi::Metadata<Ty = ObjectMeta>>(o: &K) -> &str {
    o.metadata().namespace.as_deref().unwrap_or_default()
}

/// A LIST read page after page by a task of its own, which requests each
/// page as soon as the previous one has arrived and holds at most `ahead`
/// pages the caller has not taken: the server's time, the decoding and the
/// caller's decisions overlap, and kinds are read side by side. Dropping the
/// reader stops the task.
pub struct PageReader<K> {
    pages: mpsc::Receiver<Result<Items<K>, Failure>>,
    task: JoinHandle<()>,
}

impl<K: Send + 'static> PageReader<K> {
    /// A list read through `fetch`, at most `ahead` (at least 1) pages
    /// ahead of the caller; the first page is requested at once.
    pub fn new(
        ahead: usize,
        mut fetch: impl FnMut(Option<String>, u32) -> BoxFuture<'static, Result<Page<K>, Failure>>
        + Send
        + 'static,
    ) -> Self {
        let (tx, pages) = mpsc::channel(ahead.max(1));
        let task = tokio::spawn(async move {
            let mut token = None;
            for page in 1.. {
                // A slot first: the page is requested only when it may be kept.
                let Ok(slot) = tx.reserve().await else {
                    return;
                };
                match fetch(token.take(), page).await {
                    Ok((items, next)) => {
                        slot.send(Ok(items));
                        token = next.filter(|t| !t.is_empty());
                        if token.is_none() {
                            return;
                        }
                    }
                    Err(e) => {
                        slot.send(Err(e));
                        return;
                    }
                }
            }
        });
        PageReader { pages, task }
    }

    /// The next page's objects, `None` after the last. Errors: those of the
    /// LIST.
    pub async fn next(&mut self) -> Result<Option<Vec<K>>, Failure> {
        match self.pages.recv().await {
            None => Ok(None),
            Some(page) => {
                let items = page?.await.map_err(|e| {
                    Failure::Api(format!("a LIST page could not be decoded: {e}"))
                })??;
                Ok(Some(items))
            }
        }
    }
}

impl<K> Drop for PageReader<K> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A LIST read page by page as the report needs it.
pub struct Pages<K> {
    reader: Option<PageReader<K>>,
    /// Every page has been taken from the reader.
    ended: bool,
    buf: VecDeque<K>,
    /// Why the kind could not be read (its reports say so).
    unreadable: Option<String>,
}

impl<K: k8s_openapi::Metadata<Ty = ObjectMeta> + Send + 'static> Pages<K> {
    /// A list read through `fetch`; its first page is requested at once.
    pub fn new(
        fetch: impl FnMut(Option<String>, u32) -> BoxFuture<'static, Result<Page<K>, Failure>>
        + Send
        + 'static,
    ) -> Self {
        Pages {
            reader: Some(PageReader::new(READ_AHEAD, fetch)),
            ended: false,
            buf: VecDeque::new(),
            unreadable: None,
        }
    }

    /// Objects already read (in the API's order), or none (a kind that was
    /// not read).
    pub fn from_vec(items: Vec<K>) -> Self {
        Pages {
            reader: None,
            ended: true,
            buf: items.into(),
            unreadable: None,
        }
    }

    /// Forgets what was read: the kind could not be read, for reason `why`.
    pub fn set_unreadable(&mut self, why: String) {
        *self = Pages::from_vec(vec![]);
        self.unreadable = Some(why);
    }

    /// Why the kind could not be read, if it could not.
    pub fn unreadable(&self) -> Option<&str> {
        self.unreadable.as_deref()
    }

    async fn next_page(&mut self) -> Result<(), Failure> {
        let page = match self.reader.as_mut() {
            Some(reader) => reader.next().await?,
            None => None,
        };
        match page {
            Some(items) => self.buf.extend(items),
            None => self.ended = true,
        }
        Ok(())
    }

    /// Reads pages until an object of a namespace after `ns` is held (with
    /// `None`: until any object is held), or the list ends. Errors: those
    /// of the LIST.
    pub async fn fill_past(&mut self, ns: Option<&str>) -> Result<(), Failure> {
        while !self.ended {
            let past = match (self.buf.back(), ns) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(o), Some(ns)) => ns_order(ns_of(o), ns) == Ordering::Greater,
            };
            if past {
                break;
            }
            self.next_page().await?;
        }
        Ok(())
    }

    /// The namespace of the first object held.
    pub fn front_ns(&self) -> Option<&str> {
        self.buf.front().map(ns_of)
    }

    /// Takes the objects of `ns` from the front.
    pub fn take(&mut self, ns: &str) -> Vec<K> {
        let n = self.buf.iter().take_while(|o| ns_of(*o) == ns).count();
        self.buf.drain(..n).collect()
    }
}

/// A source [`next_namespace`] advances: a [`Pages`] of any kind.
pub trait NsSource: Send {
    fn front(&self) -> Option<&str>;
    fn fill<'s>(&'s mut self, ns: Option<&'s str>) -> BoxFuture<'s, Result<(), Failure>>;
}

impl<K: k8s_openapi::Metadata<Ty = ObjectMeta> + Send + 'static> NsSource for Pages<K> {
    fn front(&self) -> Option<&str> {
        self.front_ns()
    }
    fn fill<'s>(&'s mut self, ns: Option<&'s str>) -> BoxFuture<'s, Result<(), Failure>> {
        Box::pin(self.fill_past(ns))
    }
}

/// The next namespace in LIST order among `sources`, once each source
/// holds all of its objects (pages are read concurrently); `None` when all
/// are read. `last` is the namespace returned before. Errors: a LIST's, or
/// objects that arrive out of namespace order (the report would be wrong,
/// so it stops rather than split a namespace).
pub async fn next_namespace(
    sources: &mut [&mut dyn NsSource],
    last: Option<&str>,
) -> Result<Option<String>, Failure> {
    // A source whose buffer ran empty may hold an earlier namespace on its
    // next page: every source shows its next object before choosing.
    futures::future::try_join_all(sources.iter_mut().map(|s| s.fill(None))).await?;
    let next = sources
        .iter()
        .filter_map(|s| s.front())
        .min_by(|a, b| ns_order(a, b))
        .map(str::to_string);
    let Some(next) = next else {
        return Ok(None);
    };
    if let Some(last) = last
        && ns_order(&next, last) != Ordering::Greater
    {
        return Err(Failure::Api(format!(
            "the API server listed objects of namespace {next:?} after those of {last:?}, not \
             in namespace order; run the command for one namespace at a time with -n"
        )));
    }
    futures::future::try_join_all(sources.iter_mut().map(|s| s.fill(Some(next.as_str())))).await?;
    Ok(Some(next))
}

/// A namespaced kind listed in namespace `ns` (all with `None`) through
/// `kube`, each object pruned as its page arrives ([`decode_slim`]);
/// the first page is requested at once.
pub fn namespaced<K>(kube: &Kube, ns: Option<&str>, selector: Option<String>) -> Pages<K>
where
    K: Resource<Scope = NamespaceResourceScope, DynamicType = ()>
        + Clone
        + DeserializeOwned
        + std::fmt::Debug
        + Prune
        + k8s_openapi::Metadata<Ty = ObjectMeta>
        + Send
        + 'static,
{
    let api: Api<K> = match ns {
        Some(ns) => Api::namespaced(kube.client.clone(), ns),
        None => Api::all(kube.client.clone()),
    };
    let (kube, ns) = (kube.clone(), ns.map(str::to_string));
    Pages::new(move |token, page| {
        let (kube, api, ns, selector) = (kube.clone(), api.clone(), ns.clone(), selector.clone());
        Box::pin(async move {
            let body = kube
                .list_page_text(
                    &api,
                    ns.as_deref(),
                    selector.as_deref(),
                    token.as_deref(),
                    page,
                )
                .await?;
            Ok(decoding(body, K::prune))
        })
    })
}

/// A page whose `body` is decoded (each object pruned by `prune`) by a task
/// of its own; the continue token is read from the body's head at once
/// ([`continue_token`]), so the next page can be requested meanwhile. A
/// body that does not start with its metadata is decoded first. Errors (of
/// the task): the body is not a list of `K`, or its decoded continue token
/// is not the one read at once.
fn decoding<K>(body: String, prune: fn(&mut K)) -> Page<K>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + std::fmt::Debug + Send + 'static,
{
    let decode = move |body: String| -> Result<(Vec<K>, Option<String>), Failure> {
        let mut list = decode_slim::<K>(&body)?;
        list.items.iter_mut().for_each(prune);
        Ok((
            list.items,
            list.metadata.continue_.filter(|t| !t.is_empty()),
        ))
    };
    match continue_token(&body) {
        Some(next) => {
            let told = next.clone();
            let items = tokio::spawn(async move {
                let (items, next) = decode(body)?;
                if next != told {
                    return Err(Failure::Api(format!(
                        "the API server's list of {} has a continue token that was not \
                         the one its head gave; run the command again",
                        crate::cluster::resource_name::<K>()
                    )));
                }
                Ok(items)
            });
            (items, next)
        }
        None => match decode(body) {
            Ok((items, next)) => (ready(items), next),
            Err(e) => (tokio::spawn(async move { Err(e) }), None),
        },
    }
}

/// Every PersistentVolume, pruned, stored as its JSON: k8s-openapi's
/// `PersistentVolume` is about 3.4 KB even when nearly empty (one field per
/// volume source), its JSON a few hundred bytes. Indexed by name (a claim's
/// `volumeName`) and by the namespace of its claimRef (Released volumes
/// that still hold an ordinal's data); Available volumes are offered to
/// every namespace (a Pending claim's evidence lists them).
#[derive(Debug, Default)]
pub struct PvStore {
    json: Vec<Box<[u8]>>,
    by_name: HashMap<String, usize>,
    by_claim_ns: HashMap<String, Vec<usize>>,
    available: Vec<usize>,
}

impl PvStore {
    /// Adds `pv` (volumes are added in LIST order, which is kept).
    /// Errors: it cannot be encoded (never expected of an object read).
    pub fn push(&mut self, pv: &PersistentVolume) -> Result<(), Failure> {
        let i = self.json.len();
        let json = serde_json::to_vec(pv)
            .map_err(|e| Failure::Api(format!("cannot keep persistentvolume: {e}")))?;
        self.json.push(json.into_boxed_slice());
        if let Some(name) = pv.metadata.name.clone() {
            self.by_name.insert(name, i);
        }
        if let Some(ns) = pv
            .spec
            .as_ref()
            .and_then(|s| s.claim_ref.as_ref()?.namespace.clone())
        {
            self.by_claim_ns.entry(ns).or_default().push(i);
        }
        if pv.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Available") {
            self.available.push(i);
        }
        Ok(())
    }

    /// How many volumes are stored.
    pub fn len(&self) -> usize {
        self.json.len()
    }

    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// The volumes the rules of namespace `ns` can look at, given its
    /// `claims`: those the claims name, those whose claimRef is in `ns`, and
    /// the Available ones; in LIST order. Errors: a stored volume cannot be
    /// decoded (never expected).
    pub fn for_ns(
        &self,
        ns: &str,
        claims: &[PersistentVolumeClaim],
    ) -> Result<Vec<PersistentVolume>, Failure> {
        let mut idx: Vec<usize> = claims
            .iter()
            .filter_map(|c| c.spec.as_ref()?.volume_name.as_deref())
            .filter_map(|v| self.by_name.get(v).copied())
            .chain(self.by_claim_ns.get(ns).into_iter().flatten().copied())
            .chain(self.available.iter().copied())
            .collect();
        idx.sort_unstable();
        idx.dedup();
        idx.into_iter()
            .map(|i| {
                serde_json::from_slice(&self.json[i])
                    .map_err(|e| Failure::Api(format!("cannot read back a persistentvolume: {e}")))
            })
            .collect()
    }
}

/// Every PersistentVolume (pruned), read page by page into a [`PvStore`],
/// the next page read while this one is stored. Errors: those of the LIST
/// (a 403 is the caller's to soften).
pub async fn read_pvs(kube: &Kube) -> Result<PvStore, Failure> {
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let kube = kube.clone();
    let mut pages = PageReader::new(READ_AHEAD, move |token, page| {
        let (kube, api) = (kube.clone(), api.clone());
        Box::pin(async move {
            let body = kube
                .list_page_text(&api, None, None, token.as_deref(), page)
                .await?;
            Ok(decoding(body, PersistentVolume::prune))
        })
    });
    let mut store = PvStore::default();
    while let Some(items) = pages.next().await? {
        for pv in &items {
            store.push(pv)?;
        }
    }
    Ok(store)
}

#[cfg(test)]
mod tests;
