//! An inverted index over folded terms, held in memory: each term has a compressed bitmap of the
//! documents it appears in (one per weight), so that a search is set algebra on bitmaps rather than a
//! walk through database rows. It answers "which documents have a word starting with `w`", by how
//! well each matches; what a document is, and its filters, belong to the index of each domain (the
//! directory's in `associations::index`).
//!
//! A document's level for one query word is `2 × weight` of its best term starting with the word, plus
//! one when that term is the word itself: a whole word of the name (weight 3) gives 7, a prefix of
//! one 6, a whole word of the description (weight 1) 3, a prefix 2. A document's score is the sum of
//! its words' levels; the same rule the database's ranking used.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use roaring::{MultiOps, RoaringBitmap};

/// Prefixes of up to this many characters keep a bitmap of their own: a one- or two-letter prefix
/// covers thousands of terms, whose union would cost more than all the rest of a search.
const SHORT_PREFIX: usize = 2;

/// The documents having one term (or one short prefix), by weight, highest first. Most terms of a
/// large directory belong to one document (a number, a rare name): those keep it without a bitmap.
#[derive(Clone)]
enum Postings {
    One(u8, u32),
    Many(Vec<(u8, RoaringBitmap)>),
}

impl Default for Postings {
    fn default() -> Self {
        Postings::Many(Vec::new())
    }
}

impl Postings {
    fn add(&mut self, weight: u8, doc: u32) {
        match self {
            Postings::Many(list) if list.is_empty() => *self = Postings::One(weight, doc),
            Postings::One(w, d) if (*w, *d) == (weight, doc) => {}
            Postings::One(w, d) => {
                let first = (*w, RoaringBitmap::from_iter([*d]));
                *self = Postings::Many(vec![first]);
                self.add(weight, doc);
            }
            Postings::Many(list) => match list.iter_mut().find(|(w, _)| *w == weight) {
                Some((_, docs)) => {
                    docs.insert(doc);
                }
                None => {
                    list.push((weight, RoaringBitmap::from_iter([doc])));
                    list.sort_by_key(|(w, _)| std::cmp::Reverse(*w));
                }
            },
        }
    }

    /// Take `doc` out; whether nothing is left.
    fn remove(&mut self, weight: u8, doc: u32) -> bool {
        match self {
            Postings::One(w, d) => {
                if (*w, *d) == (weight, doc) {
                    *self = Postings::default();
                }
            }
            Postings::Many(list) => {
                if let Some((_, docs)) = list.iter_mut().find(|(w, _)| *w == weight) {
                    docs.remove(doc);
                }
                list.retain(|(_, docs)| !docs.is_empty());
            }
        }
        matches!(self, Postings::Many(list) if list.is_empty())
    }

    /// The documents by weight, highest first.
    fn by_weight(&self) -> Cow<'_, [(u8, RoaringBitmap)]> {
        match self {
            Postings::One(w, d) => Cow::Owned(vec![(*w, RoaringBitmap::from_iter([*d]))]),
            Postings::Many(list) => Cow::Borrowed(list),
        }
    }
}

/// Where the terms starting with `prefix` end: every string starting with it sorts from `prefix`
/// (included) to this (excluded), so a prefix search is a range of an ordered index (here, and in the
/// databases' term tables).
pub fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The documents matching one query word, split by level (highest first); the levels do not overlap.
pub type Levels = Vec<(u32, RoaringBitmap)>;

#[derive(Default)]
pub struct TermIndex {
    /// Term ids by term, in order (a prefix is a range).
    ids: BTreeMap<Arc<str>, u32>,
    /// Each term id's term and postings; a term nobody uses any more keeps its id, with no postings.
    terms: Vec<(Arc<str>, Postings)>,
    prefixes: HashMap<Box<str>, Postings>,
    /// Each document's terms, as `term id << 2 | weight` (weights are 0 to 3), to take it out again;
    /// by document number.
    doc_terms: Vec<Box<[u32]>>,
}

/// The prefixes of `term` that have postings of their own: its first one and two characters.
fn short_prefixes(term: &str) -> impl Iterator<Item = &str> {
    term.char_indices().skip(1).map(|(i, _)| &term[..i]).chain(std::iter::once(term)).take(SHORT_PREFIX)
}

impl TermIndex {
    /// Index `doc` under `terms` (folded words with their weights, 0 to 3), replacing what it had.
    pub fn set(&mut self, doc: u32, terms: &[(String, i32)]) {
        self.remove(doc);
        let mut packed = Vec::with_capacity(terms.len());
        for (term, weight) in terms {
            let weight = (*weight).clamp(0, 3) as u8;
            let id = match self.ids.get(term.as_str()) {
                Some(id) => *id,
                None => {
                    let id = self.terms.len() as u32;
                    let text: Arc<str> = term.as_str().into();
                    self.ids.insert(text.clone(), id);
                    self.terms.push((text, Postings::default()));
                    id
                }
            };
            self.terms[id as usize].1.add(weight, doc);
            for prefix in short_prefixes(term) {
                self.prefixes.entry(prefix.into()).or_default().add(weight, doc);
            }
            packed.push(id << 2 | u32::from(weight));
        }
        if !packed.is_empty() {
            if self.doc_terms.len() <= doc as usize {
                self.doc_terms.resize_with(doc as usize + 1, Box::default);
            }
            self.doc_terms[doc as usize] = packed.into_boxed_slice();
        }
    }

    /// Take `doc` out of the index.
    pub fn remove(&mut self, doc: u32) {
        let Some(packed) = self.doc_terms.get_mut(doc as usize).map(std::mem::take) else { return };
        for code in packed.iter() {
            let (id, weight) = ((code >> 2) as usize, (code & 3) as u8);
            let (text, postings) = &mut self.terms[id];
            postings.remove(weight, doc);
            for prefix in short_prefixes(text) {
                if let Some(p) = self.prefixes.get_mut(prefix)
                    && p.remove(weight, doc)
                {
                    self.prefixes.remove(prefix);
                }
            }
        }
    }

    /// The documents with a term starting with `word`, by level.
    pub fn levels(&self, word: &str) -> Levels {
        // By weight, highest first: the documents with a term starting with the word …
        let prefixed: Cow<'_, [(u8, RoaringBitmap)]> = if word.chars().count() <= SHORT_PREFIX {
            self.prefixes.get(word).map(Postings::by_weight).unwrap_or_default()
        } else {
            let upper = prefix_end(word);
            // Per weight: the bitmaps of the terms that have one, and the documents of those that do not.
            let mut by_weight: BTreeMap<u8, (Vec<&RoaringBitmap>, RoaringBitmap)> = BTreeMap::new();
            let range = self.ids.range::<str, _>((Bound::Included(word), Bound::Excluded(upper.as_str())));
            for (_, id) in range {
                match &self.terms[*id as usize].1 {
                    Postings::One(weight, doc) => {
                        by_weight.entry(*weight).or_default().1.insert(*doc);
                    }
                    Postings::Many(list) => {
                        for (weight, docs) in list {
                            by_weight.entry(*weight).or_default().0.push(docs);
                        }
                    }
                }
            }
            let union = |(w, (all, alone)): (u8, (Vec<&RoaringBitmap>, RoaringBitmap))| (w, all.union() | alone);
            Cow::Owned(by_weight.into_iter().rev().map(union).collect())
        };
        // … and those having the word itself.
        let exact = self.ids.get(word).map(|id| self.terms[*id as usize].1.by_weight()).unwrap_or_default();
        let mut candidates: Vec<(u32, &RoaringBitmap)> = prefixed
            .iter()
            .map(|(w, docs)| (2 * u32::from(*w), docs))
            .chain(exact.iter().map(|(w, docs)| (2 * u32::from(*w) + 1, docs)))
            .collect();
        candidates.sort_by_key(|(level, _)| std::cmp::Reverse(*level));
        let mut seen = RoaringBitmap::new();
        let mut levels = Levels::new();
        for (level, docs) in candidates {
            let fresh = docs - &seen;
            if !fresh.is_empty() {
                seen |= &fresh;
                levels.push((level, fresh));
            }
        }
        levels
    }

    /// How many distinct terms are indexed.
    pub fn term_count(&self) -> usize {
        self.ids.len()
    }
}

/// All the documents of some levels.
pub fn union(levels: &Levels) -> RoaringBitmap {
    levels.iter().map(|(_, docs)| docs).union()
}

/// The documents of `within` grouped by score (the sum of their levels over the words), highest
/// first. Every document of `within` must match every word.
pub fn scores(words: &[Levels], within: &RoaringBitmap) -> Vec<(i64, RoaringBitmap)> {
    let mut by_score: BTreeMap<u32, RoaringBitmap> = BTreeMap::from([(0, within.clone())]);
    for levels in words {
        let mut next: BTreeMap<u32, RoaringBitmap> = BTreeMap::new();
        for (score, docs) in &by_score {
            for (level, matching) in levels {
                let both = docs & matching;
                if !both.is_empty() {
                    *next.entry(score + level).or_default() |= both;
                }
            }
        }
        by_score = next;
    }
    by_score.into_iter().rev().map(|(s, docs)| (i64::from(s), docs)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[(&str, i32)]) -> Vec<(String, i32)> {
        list.iter().map(|(t, w)| ((*t).to_owned(), *w)).collect()
    }

    #[test]
    fn levels_rank_whole_words_of_the_name_first() {
        let mut index = TermIndex::default();
        index.set(1, &terms(&[("amel", 3), ("jeunes", 1)]));
        index.set(2, &terms(&[("ameliorer", 3)]));
        index.set(3, &terms(&[("amel", 1)]));
        index.set(4, &terms(&[("amelie", 1), ("sport", 3)]));
        let levels = index.levels("amel");
        let by_doc = |doc| levels.iter().find(|(_, d)| d.contains(doc)).map(|(l, _)| *l);
        assert_eq!((by_doc(1), by_doc(2), by_doc(3), by_doc(4)), (Some(7), Some(6), Some(3), Some(2)));
        // A short prefix has its own postings, with the same answer.
        let short = index.levels("am");
        assert_eq!(union(&short).len(), 4);
        assert_eq!(short.first().map(|(l, d)| (*l, d.len())), Some((6, 2)));
        assert!(index.levels("x").is_empty());
    }

    #[test]
    fn a_document_set_again_or_removed_leaves_no_trace() {
        let mut index = TermIndex::default();
        index.set(1, &terms(&[("amel", 3), ("alger", 1)]));
        index.set(2, &terms(&[("alger", 3)]));
        index.set(1, &terms(&[("oran", 3)]));
        assert_eq!(union(&index.levels("amel")).len(), 0);
        assert_eq!(union(&index.levels("al")).iter().collect::<Vec<_>>(), vec![2]);
        assert_eq!(union(&index.levels("o")).iter().collect::<Vec<_>>(), vec![1]);
        index.remove(2);
        index.remove(2);
        assert!(union(&index.levels("a")).is_empty());
        assert!(!index.prefixes.contains_key("al"), "an empty prefix is dropped");
    }

    #[test]
    fn a_term_of_one_document_then_of_several_then_of_one_again() {
        let mut index = TermIndex::default();
        index.set(1, &terms(&[("tizi", 3)]));
        assert!(matches!(index.terms[0].1, Postings::One(3, 1)));
        index.set(2, &terms(&[("tizi", 1), ("tizirt", 3)]));
        index.set(3, &terms(&[("tizi", 3)]));
        let level = |levels: &Levels, doc| levels.iter().find(|(_, d)| d.contains(doc)).map(|(l, _)| *l);
        let tizi = index.levels("tizi");
        assert_eq!((level(&tizi, 1), level(&tizi, 2), level(&tizi, 3)), (Some(7), Some(6), Some(7)));
        // A prefix gathers terms with a bitmap and terms without one.
        let tiz = index.levels("tiz");
        assert_eq!((level(&tiz, 1), level(&tiz, 2), level(&tiz, 3)), (Some(6), Some(6), Some(6)));
        index.remove(1);
        index.remove(3);
        assert_eq!(union(&index.levels("tizi")).iter().collect::<Vec<_>>(), vec![2]);
        index.remove(2);
        assert!(index.levels("ti").is_empty() && index.levels("tizi").is_empty());
        index.set(4, &terms(&[("tizi", 0)]));
        assert_eq!(index.levels("tizi"), vec![(1, RoaringBitmap::from_iter([4]))]);
    }

    #[test]
    fn scores_add_up_the_words_levels() {
        let mut index = TermIndex::default();
        index.set(1, &terms(&[("amel", 3), ("oran", 3)]));
        index.set(2, &terms(&[("amel", 1), ("oranais", 1)]));
        index.set(3, &terms(&[("amel", 3)]));
        let words = [index.levels("amel"), index.levels("oran")];
        let all = union(&words[0]) & union(&words[1]);
        let scored = scores(&words, &all);
        let flat: Vec<(i64, Vec<u32>)> = scored.into_iter().map(|(s, d)| (s, d.iter().collect())).collect();
        assert_eq!(flat, vec![(14, vec![1]), (5, vec![2])]);
    }
}
