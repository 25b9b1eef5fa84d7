//! The directory's index itself: the listed associations, their terms and filter values as
//! bitmaps, the two orders, and a search over them ([`super`] keeps it up to date).

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use madani_shared::associations::{AssociationSummary, SizeBand, SortOrder};
use roaring::RoaringBitmap;
use uuid::Uuid;

use super::doc::{Doc, id_text, size_place};
use super::facets::Facets;
use crate::associations::repo::{After, Filters, IndexedRow};
use crate::search::{self, Levels, TermIndex};

/// A match set holding at least this share (1 / DENSE) of the directory finds its page by walking
/// an order (a few steps per result); a smaller one by sorting its documents' places in the order
/// (integers, one per match), which costs the set's size whatever the order puts first.
const DENSE: u64 = 4;

#[derive(Default)]
pub(super) struct Directory {
    docs: Vec<Option<Doc>>,
    by_id: HashMap<Uuid, u32>,
    free: Vec<u32>,
    terms: TermIndex,
    verified: RoaringBitmap,
    listed: RoaringBitmap,
    facets: Facets,
    commune: HashMap<i32, RoaringBitmap>,
    /// By place in [`SizeBand::ALL`].
    size: Vec<RoaringBitmap>,
    /// Listed documents by (sort name, id).
    by_name: Vec<u32>,
    /// Listed documents by (created_at, id), newest first.
    by_newest: Vec<u32>,
    /// Each document's place in `by_name` and in `by_newest`, by document number.
    name_rank: Vec<u32>,
    newest_rank: Vec<u32>,
    /// From which place of each order the ranks are still to be written after a change
    /// ([`Directory::rerank`]); the orders' lengths when none is.
    stale: (usize, usize),
}

/// A page of a search: the associations in order (with what a cursor after each needs), the total
/// and the facet counts.
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: i64,
    pub wilaya: Vec<(String, i64)>,
    pub category: Vec<(String, i64)>,
    pub field: Vec<(String, i64)>,
}

/// An association found, with its relevance score and its place in the other orders.
#[derive(Debug, PartialEq)]
pub struct Hit {
    pub id: String,
    pub summary: AssociationSummary,
    pub score: i64,
    pub sort_name: String,
    pub created_at: NaiveDateTime,
}

/// An association with what the index keeps of it.
pub struct Entry {
    pub row: IndexedRow,
    pub fields: Vec<String>,
    pub terms: Vec<(String, i32)>,
}

fn name_cmp(a: &Doc, b: &Doc) -> Ordering {
    a.sort_name().cmp(b.sort_name()).then_with(|| a.id.cmp(&b.id))
}

fn newest_cmp(a: &Doc, b: &Doc) -> Ordering {
    b.created_at.cmp(&a.created_at).then_with(|| b.id.cmp(&a.id))
}

impl Directory {
    /// How many associations are listed.
    pub(super) fn listed(&self) -> u64 {
        self.listed.len()
    }

    pub(super) fn term_count(&self) -> usize {
        self.terms.term_count()
    }

    /// The `updated_at` of `id` as indexed, if it is.
    pub(super) fn written_at(&self, id: &str) -> Option<NaiveDateTime> {
        let id = Uuid::parse_str(id).ok()?;
        self.by_id.get(&id).and_then(|n| self.docs[*n as usize].as_ref()).map(|d| d.updated_at)
    }

    fn doc(&self, n: u32) -> &Doc {
        self.docs[n as usize].as_ref().expect("an indexed document")
    }

    /// Take document `n` out of the bitmaps of its filter values.
    fn unmark(&mut self, doc: &Doc, n: u32) {
        self.facets.remove(n);
        if let Some(s) = doc.size {
            self.size[s as usize].remove(n);
        }
        if let Some(c) = doc.commune
            && let Some(docs) = self.commune.get_mut(&c)
        {
            docs.remove(n);
            if docs.is_empty() {
                self.commune.remove(&c);
            }
        }
    }

    /// Take `id` out, if it is here.
    fn remove(&mut self, id: &str) {
        let Ok(id) = Uuid::parse_str(id) else { return };
        let Some(n) = self.by_id.remove(&id) else { return };
        let Some(doc) = self.docs[n as usize].take() else { return };
        // The orders are searched with the document's key, so it goes from them first.
        let docs = &self.docs;
        let key = |list: &[u32], cmp: fn(&Doc, &Doc) -> Ordering| {
            list.partition_point(|&m| docs[m as usize].as_ref().is_some_and(|d| cmp(d, &doc) == Ordering::Less))
        };
        let at = key(&self.by_name, name_cmp);
        if self.by_name.get(at) == Some(&n) {
            self.by_name.remove(at);
        }
        self.stale.0 = self.stale.0.min(at);
        let at = key(&self.by_newest, newest_cmp);
        if self.by_newest.get(at) == Some(&n) {
            self.by_newest.remove(at);
        }
        self.stale.1 = self.stale.1.min(at);
        self.unmark(&doc, n);
        self.verified.remove(n);
        self.listed.remove(n);
        self.terms.remove(n);
        self.free.push(n);
    }

    /// Put `entry` in, when it is listed (it must not be in already). `ordered`: keep the orders
    /// sorted now (false for many at once: [`Directory::sort_orders`] then sorts them once).
    pub(super) fn insert(&mut self, entry: &Entry, ordered: bool) {
        let row = &entry.row;
        if row.status != "verified" && row.status != "pending" {
            return;
        }
        // Ids are the server's UUIDs; a row with any other is left out rather than misordered.
        let Ok(id) = Uuid::parse_str(&row.id) else { return };
        let doc = Doc::new(row, id);
        let n = self.free.pop().unwrap_or(self.docs.len() as u32);
        self.facets.insert(n, &row.wilaya_code, &row.category, &entry.fields);
        if let Some(s) = doc.size {
            self.size.resize_with(SizeBand::ALL.len(), RoaringBitmap::new);
            self.size[s as usize].insert(n);
        }
        if let Some(c) = doc.commune {
            self.commune.entry(c).or_default().insert(n);
        }
        if doc.verified {
            self.verified.insert(n);
        }
        self.listed.insert(n);
        self.terms.set(n, &entry.terms);
        if ordered {
            let docs = &self.docs;
            let at =
                self.by_name.partition_point(|&m| name_cmp(docs[m as usize].as_ref().expect("indexed"), &doc).is_lt());
            self.by_name.insert(at, n);
            self.stale.0 = self.stale.0.min(at);
            let at = self
                .by_newest
                .partition_point(|&m| newest_cmp(docs[m as usize].as_ref().expect("indexed"), &doc).is_lt());
            self.by_newest.insert(at, n);
            self.stale.1 = self.stale.1.min(at);
        } else {
            self.stale = (self.stale.0.min(self.by_name.len()), self.stale.1.min(self.by_newest.len()));
            self.by_name.push(n);
            self.by_newest.push(n);
        }
        self.by_id.insert(doc.id, n);
        if n as usize == self.docs.len() {
            self.docs.push(Some(doc));
        } else {
            self.docs[n as usize] = Some(doc);
        }
    }

    /// Sort the orders after unordered insertions (many at once: quicker than putting each in its
    /// place), and write the ranks.
    pub(super) fn sort_orders(&mut self) {
        let docs = &self.docs;
        let doc = |n: &u32| docs[*n as usize].as_ref().expect("indexed");
        self.by_name.sort_unstable_by(|a, b| name_cmp(doc(a), doc(b)));
        self.by_newest.sort_unstable_by(|a, b| newest_cmp(doc(a), doc(b)));
        self.stale = (0, 0);
        self.rerank();
    }

    /// Take out the associations `gone` and those of `entries`, then put `entries` in again.
    pub(super) fn apply<'a>(&mut self, gone: impl Iterator<Item = &'a str>, entries: &'a [Entry]) {
        for id in entries.iter().map(|e| e.row.id.as_str()).chain(gone) {
            self.remove(id);
        }
        // One by one into the orders for a few; appended and sorted once for many (an import).
        if entries.len() > 256 {
            for entry in entries {
                self.insert(entry, false);
            }
            self.sort_orders();
        } else {
            for entry in entries {
                self.insert(entry, true);
            }
            self.rerank();
        }
    }

    /// Write the ranks of the places that moved since the last time.
    fn rerank(&mut self) {
        fn write(order: &[u32], ranks: &mut Vec<u32>, from: usize, docs: usize) {
            ranks.resize(docs, 0);
            for (place, n) in order.iter().enumerate().skip(from) {
                ranks[*n as usize] = place as u32;
            }
        }
        write(&self.by_name, &mut self.name_rank, self.stale.0, self.docs.len());
        write(&self.by_newest, &mut self.newest_rank, self.stale.1, self.docs.len());
        self.stale = (self.by_name.len(), self.by_newest.len());
    }

    /// The documents matching every filter and word, and each word's levels.
    fn matches(&self, f: &Filters) -> (RoaringBitmap, Vec<Levels>) {
        let empty = RoaringBitmap::new();
        let mut filters: Vec<&RoaringBitmap> = vec![if f.verified_only { &self.verified } else { &self.listed }];
        if let Some(w) = &f.wilaya {
            filters.push(self.facets.wilaya.docs(w).unwrap_or(&empty));
        }
        if let Some(c) = f.commune {
            filters.push(self.commune.get(&c).unwrap_or(&empty));
        }
        if let Some(c) = &f.category {
            filters.push(self.facets.category.docs(c).unwrap_or(&empty));
        }
        if let Some(s) = &f.size {
            filters.push(size_place(s).and_then(|p| self.size.get(p as usize)).unwrap_or(&empty));
        }
        if let Some(field) = &f.field {
            filters.push(self.facets.field.docs(field).unwrap_or(&empty));
        }
        // From the smallest: the first copy and each intersection cost the least.
        filters.sort_unstable_by_key(|docs| docs.len());
        let mut set = filters[0].clone();
        for docs in &filters[1..] {
            set &= *docs;
        }
        let mut words = Vec::with_capacity(f.words.len());
        for word in &f.words {
            if set.is_empty() {
                break;
            }
            let levels = self.terms.levels(word);
            set &= search::union(&levels);
            words.push(levels);
        }
        (set, words)
    }

    /// Up to `limit` documents of `set` in `order` (`ranks`: each document's place in it), from
    /// the place `from` on (where the cursor leaves off).
    fn take(
        &self,
        set: &RoaringBitmap,
        (order, ranks): (&[u32], &[u32]),
        from: usize,
        limit: usize,
        out: &mut Vec<u32>,
    ) {
        if limit == 0 || set.is_empty() || from >= order.len() {
            return;
        }
        if set.len() * DENSE >= order.len() as u64 {
            out.extend(order[from..].iter().copied().filter(|n| set.contains(*n)).take(limit));
        } else {
            let mut places: Vec<u32> = set.iter().map(|n| ranks[n as usize]).filter(|p| *p as usize >= from).collect();
            if places.len() > limit {
                places.select_nth_unstable(limit);
                places.truncate(limit);
            }
            places.sort_unstable();
            out.extend(places.into_iter().map(|p| order[p as usize]));
        }
    }

    pub(super) fn search(&self, f: &Filters, sort: SortOrder, after: &After, limit: usize) -> Found {
        debug_assert_eq!(self.stale, (self.by_name.len(), self.by_newest.len()), "ranks written");
        let (set, words) = self.matches(f);
        // The first place of an order after the documents that `before` says come first.
        let from = |order: &[u32], before: &dyn Fn(&Doc) -> bool| order.partition_point(|n| before(self.doc(*n)));
        let by_name = (&self.by_name[..], &self.name_rank[..]);
        let mut page: Vec<(u32, i64)> = Vec::with_capacity(limit);
        let mut taken = Vec::with_capacity(limit);
        match sort {
            SortOrder::Newest => {
                let before = |d: &Doc| match after {
                    After::Newest { created_at, id } => {
                        (d.created_at, id_text(&d.id, &mut Uuid::encode_buffer())) >= (*created_at, id.as_str())
                    }
                    _ => false,
                };
                let start = from(&self.by_newest, &before);
                self.take(&set, (&self.by_newest, &self.newest_rank), start, limit, &mut taken);
                page.extend(taken.iter().map(|n| (*n, 0)));
            }
            SortOrder::Name => {
                let before = |d: &Doc| match after {
                    After::Name { sort_name, id } => {
                        (d.sort_name(), id_text(&d.id, &mut Uuid::encode_buffer())) <= (sort_name.as_str(), id.as_str())
                    }
                    _ => false,
                };
                self.take(&set, by_name, from(&self.by_name, &before), limit, &mut taken);
                page.extend(taken.iter().map(|n| (*n, 0)));
            }
            SortOrder::Relevance => {
                for (score, docs) in search::scores(&words, &set) {
                    let before = |d: &Doc| match after {
                        After::Relevance { score: s, sort_name, id } => {
                            score > *s
                                || (score == *s
                                    && (d.sort_name(), id_text(&d.id, &mut Uuid::encode_buffer()))
                                        <= (sort_name.as_str(), id.as_str()))
                        }
                        _ => false,
                    };
                    if matches!(after, After::Relevance { score: s, .. } if score > *s) {
                        continue;
                    }
                    taken.clear();
                    self.take(&docs, by_name, from(&self.by_name, &before), limit - page.len(), &mut taken);
                    page.extend(taken.iter().map(|n| (*n, score)));
                    if page.len() >= limit {
                        break;
                    }
                }
            }
        }
        let [wilaya, category, field] = self.facets.counts(&set, &self.listed);
        Found {
            hits: page
                .into_iter()
                .map(|(n, score)| {
                    let doc = self.doc(n);
                    Hit {
                        id: doc.id.to_string(),
                        summary: doc.summary(self.facets.values(n)),
                        score,
                        sort_name: doc.sort_name().to_owned(),
                        created_at: doc.created_at,
                    }
                })
                .collect(),
            total: set.len() as i64,
            wilaya,
            category,
            field,
        }
    }
}
