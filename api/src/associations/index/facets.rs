//! The directory's facets (wilaya, category, field): for each value the documents having it (to
//! filter), and for each document its values by number (to count a match set's facets by visiting
//! its documents, rather than intersecting it with every value's documents, which costs the size of
//! the directory times the number of values whatever the question).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use roaring::RoaringBitmap;

/// Fields numbered from here on (there are 20 today) are counted by intersection, not by mask.
const MASKED: usize = 32;

/// One facet: its values, each numbered in the order first seen, with the documents having each. A
/// value nobody has any more keeps its number, with no documents.
#[derive(Default)]
pub(super) struct Facet {
    values: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u16>,
    docs: Vec<RoaringBitmap>,
}

impl Facet {
    /// The number of `value`, given one if it is new.
    fn number(&mut self, value: &str) -> u16 {
        if let Some(n) = self.numbers.get(value) {
            return *n;
        }
        let n = self.values.len() as u16;
        let value: Arc<str> = value.into();
        self.values.push(value.clone());
        self.numbers.insert(value, n);
        self.docs.push(RoaringBitmap::new());
        n
    }

    /// Put document `doc` in the documents of `value`; the value's number.
    fn insert(&mut self, value: &str, doc: u32) -> u16 {
        let n = self.number(value);
        self.docs[n as usize].insert(doc);
        n
    }

    /// The documents having `value`.
    pub(super) fn docs(&self, value: &str) -> Option<&RoaringBitmap> {
        self.numbers.get(value).map(|n| &self.docs[*n as usize])
    }

    /// Each value's number of documents.
    fn sizes(&self) -> Vec<i64> {
        self.docs.iter().map(|d| d.len() as i64).collect()
    }

    /// The values with a count above zero, with their counts.
    fn named(&self, counts: Vec<i64>) -> Vec<(String, i64)> {
        counts.into_iter().enumerate().filter(|(_, n)| *n > 0).map(|(i, n)| (self.values[i].to_string(), n)).collect()
    }
}

/// A document's values by number.
#[derive(Clone, Copy, Default)]
struct Codes {
    wilaya: u16,
    category: u16,
    fields: u32,
}

#[derive(Default)]
pub(super) struct Facets {
    pub(super) wilaya: Facet,
    pub(super) category: Facet,
    pub(super) field: Facet,
    /// Each document's values, by document number (a document taken out keeps stale ones: it is in
    /// no set any more).
    codes: Vec<Codes>,
}

impl Facets {
    /// Put document `doc` in the documents of its wilaya, category and fields.
    pub(super) fn insert(&mut self, doc: u32, wilaya: &str, category: &str, fields: &[String]) {
        let mut codes =
            Codes { wilaya: self.wilaya.insert(wilaya, doc), category: self.category.insert(category, doc), fields: 0 };
        for f in fields {
            let n = self.field.insert(f, doc) as usize;
            if n < MASKED {
                codes.fields |= 1 << n;
            }
        }
        if self.codes.len() <= doc as usize {
            self.codes.resize(doc as usize + 1, Codes::default());
        }
        self.codes[doc as usize] = codes;
    }

    /// Take document `doc` out of the documents of its values.
    pub(super) fn remove(&mut self, doc: u32) {
        let Some(codes) = self.codes.get(doc as usize).copied() else { return };
        self.wilaya.docs[codes.wilaya as usize].remove(doc);
        self.category.docs[codes.category as usize].remove(doc);
        for (n, docs) in self.field.docs.iter_mut().enumerate() {
            if n >= MASKED || codes.fields & (1 << n) != 0 {
                docs.remove(doc);
            }
        }
    }

    /// The wilaya, category and fields of document `doc` (which is in), the fields in the order of
    /// their names.
    pub(super) fn values(&self, doc: u32) -> (&str, &str, Vec<&str>) {
        let codes = self.codes[doc as usize];
        let mut fields: Vec<&str> = (0..self.field.values.len())
            .filter(|n| if *n < MASKED { codes.fields & (1 << n) != 0 } else { self.field.docs[*n].contains(doc) })
            .map(|n| &*self.field.values[n])
            .collect();
        fields.sort_unstable();
        (&self.wilaya.values[codes.wilaya as usize], &self.category.values[codes.category as usize], fields)
    }

    /// How many documents of `set` (a part of `listed`, the documents of every value) have each
    /// wilaya, category and field, the values with none left out. Visits the documents of `set` or,
    /// when it holds most of `listed`, those outside it (each value's size less their count): the
    /// cost is the smaller of the two.
    pub(super) fn counts(&self, set: &RoaringBitmap, listed: &RoaringBitmap) -> [Vec<(String, i64)>; 3] {
        let (mut wilaya, mut category, mut field);
        let (visit, step) = if set.len() * 2 <= listed.len() {
            wilaya = vec![0; self.wilaya.values.len()];
            category = vec![0; self.category.values.len()];
            field = vec![0; self.field.values.len()];
            (Cow::Borrowed(set), 1)
        } else {
            (wilaya, category, field) = (self.wilaya.sizes(), self.category.sizes(), self.field.sizes());
            (Cow::Owned(listed - set), -1)
        };
        for n in visit.iter() {
            let codes = self.codes[n as usize];
            wilaya[codes.wilaya as usize] += step;
            category[codes.category as usize] += step;
            let mut mask = codes.fields;
            while mask != 0 {
                field[mask.trailing_zeros() as usize] += step;
                mask &= mask - 1;
            }
        }
        for (n, docs) in self.field.docs.iter().enumerate().skip(MASKED) {
            field[n] = set.intersection_len(docs) as i64;
        }
        [self.wilaya.named(wilaya), self.category.named(category), self.field.named(field)]
    }
}
