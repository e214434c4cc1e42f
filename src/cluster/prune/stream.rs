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

use std::cmp::Ordering;
use std::collections::{HashMap, VecDeque};

use futures::future::BoxFuture;
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use kube::api::Api;
use serde::de::DeserializeOwned;

use super::Prune;
use crate::cluster::Kube;
use crate::error::Failure;

/// One page: its objects and the continue token of the next (`None` or
/// empty at the end).
pub type Page<K> = (Vec<K>, Option<String>);

/// Reads page `n` (from 1) given the continue token of the previous one.
type Fetch<'a, K> =
    Box<dyn FnMut(Option<String>, u32) -> BoxFuture<'a, Result<Page<K>, Failure>> + Send + 'a>;

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

/// A LIST read page by page as the report needs it.
pub struct Pages<'a, K> {
    fetch: Option<Fetch<'a, K>>,
    token: Option<String>,
    page: u32,
    done: bool,
    buf: VecDeque<K>,
    /// Why the kind could not be read (its reports say so).
    unreadable: Option<String>,
}

impl<'a, K: k8s_openapi::Metadata<Ty = ObjectMeta> + Send> Pages<'a, K> {
    /// A list read through `fetch`, nothing read yet.
    pub fn new(
        fetch: impl FnMut(Option<String>, u32) -> BoxFuture<'a, Result<Page<K>, Failure>> + Send + 'a,
    ) -> Self {
        Pages {
            fetch: Some(Box::new(fetch)),
            token: None,
            page: 0,
            done: false,
            buf: VecDeque::new(),
            unreadable: None,
        }
    }

    /// Objects already read (in the API's order), or none (a kind that was
    /// not read).
    pub fn from_vec(items: Vec<K>) -> Self {
        Pages {
            fetch: None,
            token: None,
            page: 0,
            done: true,
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
        let Some(fetch) = self.fetch.as_mut() else {
            self.done = true;
            return Ok(());
        };
        self.page += 1;
        let (items, next) = fetch(self.token.take(), self.page).await?;
        self.buf.extend(items);
        self.token = next.filter(|t| !t.is_empty());
        self.done = self.token.is_none();
        Ok(())
    }

    /// Reads pages until an object of a namespace after `ns` is held (with
    /// `None`: until any object is held), or the list ends. Errors: those
    /// of the LIST.
    pub async fn fill_past(&mut self, ns: Option<&str>) -> Result<(), Failure> {
        while !self.done {
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

impl<K: k8s_openapi::Metadata<Ty = ObjectMeta> + Send> NsSource for Pages<'_, K> {
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
/// `kube`, each object pruned as its page arrives; nothing is read until
/// the first [`Pages::fill_past`].
pub fn namespaced<'a, K>(
    kube: &'a Kube,
    ns: Option<&'a str>,
    selector: Option<String>,
) -> Pages<'a, K>
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
    Pages::new(move |token, page| {
        let api = api.clone();
        let selector = selector.clone();
        Box::pin(async move {
            let mut list = kube
                .list_page(&api, ns, selector.as_deref(), token.as_deref(), page)
                .await?;
            list.items.iter_mut().for_each(K::prune);
            Ok((list.items, list.metadata.continue_))
        })
    })
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

/// Every PersistentVolume (pruned), read page by page into a [`PvStore`].
/// Errors: those of the LIST (a 403 is the caller's to soften).
pub async fn read_pvs(kube: &Kube) -> Result<PvStore, Failure> {
    let api: Api<PersistentVolume> = Api::all(kube.client.clone());
    let mut store = PvStore::default();
    let mut token: Option<String> = None;
    let mut page = 1;
    loop {
        let mut list = kube
            .list_page(&api, None, None, token.as_deref(), page)
            .await?;
        for pv in list.items.iter_mut() {
            pv.prune();
            store.push(pv)?;
        }
        match list.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(next) => {
                token = Some(next);
                page += 1;
            }
            None => return Ok(store),
        }
    }
}

#[cfg(test)]
mod tests;
