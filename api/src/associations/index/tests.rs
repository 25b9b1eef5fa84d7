//! The index's pages, totals and facets against a plain recount over the same entries, before and
//! after writes: both ways of counting facets (the set, or what is outside it) and both ways of
//! finding a page (walking an order, or sorting a small set's ranks), through every cursor.

use chrono::{DateTime, NaiveDateTime};
use madani_shared::LocalizedText;
use madani_shared::associations::{AssociationStatus, AssociationSummary, Category, Field, SizeBand, SortOrder};
use madani_shared::ids::AssociationId;

use super::directory::{Directory, Entry, Found};
use crate::associations::repo::{After, Filters, IndexedRow};

const WORDS: [&str; 8] = ["amel", "amis", "nour", "noria", "sport", "sahel", "oran", "alger"];
const WILAYAS: [&str; 5] = ["06", "16", "31", "09", "42"];
const CATEGORIES: [&str; 3] = ["communal", "wilaya", "national"];
const FIELDS: [&str; 4] = ["youth", "sport", "culture", "health"];

fn at(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(1_700_000_000 + seconds, 0).expect("a date").naive_utc()
}

/// The `i`th association of generation `round` (a later round renames and moves it).
fn entry(i: usize, round: usize) -> Entry {
    let (a, b) = (WORDS[(i * 7 + round) % 8], WORDS[(i / 3 + 2 * round) % 8]);
    let name = format!("{a} {b} {i}");
    let id = format!("{i:08}-0000-4000-8000-00000000abcd");
    Entry {
        row: IndexedRow {
            name_ar: i.is_multiple_of(4).then(|| format!("جمعية {i}")),
            name_fr: Some(name.clone()),
            name_en: i.is_multiple_of(9).then(String::new),
            acronym: i.is_multiple_of(5).then(|| format!("A{i}")),
            logo: (i + round).is_multiple_of(6).then(|| format!("logos/{id}-f00d{round}.png")),
            id,
            status: match (i + round) % 3 {
                _ if round == 1 && i.is_multiple_of(74) => "suspended",
                0 => "verified",
                _ => "pending",
            }
            .into(),
            wilaya_code: WILAYAS[(i + round) % 5].into(),
            commune_id: i.is_multiple_of(3).then_some((i % 50) as i32),
            category: CATEGORIES[(i / 2 + round) % 3].into(),
            size_band: SizeBand::ALL[(i + round) % SizeBand::ALL.len()].as_str().into(),
            sort_name: name,
            // Ties, to reach the id's part of the orders.
            created_at: at((i / 4) as i64),
            updated_at: at(round as i64),
        },
        fields: FIELDS
            .iter()
            .enumerate()
            .filter(|(k, _)| (i + round * 3).is_multiple_of(k + 2))
            .map(|(_, f)| (*f).into())
            .collect(),
        terms: vec![(a.into(), 3), (b.into(), 3), (i.to_string(), 3), (WORDS[(i + 5) % 8].into(), 1)],
    }
}

/// The directory entry of `e`, as the database would give it.
fn summary(e: &Entry) -> AssociationSummary {
    let r = &e.row;
    let mut fields: Vec<Field> = e.fields.iter().filter_map(|f| Field::parse(f)).collect();
    fields.sort_by_key(|f| f.as_str());
    AssociationSummary {
        id: AssociationId::stored(&r.id),
        name: LocalizedText { ar: r.name_ar.clone(), fr: r.name_fr.clone(), en: r.name_en.clone() },
        acronym: r.acronym.clone(),
        category: Category::parse(&r.category).expect("a category"),
        fields,
        wilaya_code: r.wilaya_code.clone(),
        commune_id: r.commune_id,
        size: SizeBand::parse(&r.size_band).expect("a size"),
        status: if r.status == "verified" { AssociationStatus::Verified } else { AssociationStatus::Pending },
        logo_url: r.logo.as_deref().and_then(|key| crate::associations::rows::logo_url(&r.id, key)),
        created_at: crate::db::to_utc(r.created_at),
    }
}

/// Each facet's values with their counts: wilaya, category, field.
type Counts = [Vec<(String, i64)>; 3];

/// The entries listed, matching `f`, with the recounted facets.
fn recount<'a>(entries: &'a [Entry], f: &Filters) -> (Vec<&'a Entry>, Counts) {
    let found: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            let r = &e.row;
            (r.status == "verified" || (r.status == "pending" && !f.verified_only))
                && f.wilaya.as_ref().is_none_or(|w| *w == r.wilaya_code)
                && f.category.as_ref().is_none_or(|c| *c == r.category)
                && f.field.as_ref().is_none_or(|x| e.fields.contains(x))
                && f.size.as_ref().is_none_or(|s| *s == r.size_band)
                && f.commune.is_none_or(|c| r.commune_id == Some(c))
                && f.words.iter().all(|w| e.terms.iter().any(|(t, _)| t.starts_with(w.as_str())))
        })
        .collect();
    let count = |value: &dyn Fn(&Entry) -> Vec<String>| {
        let mut counts = std::collections::BTreeMap::<String, i64>::new();
        for e in &found {
            for v in value(e) {
                *counts.entry(v).or_default() += 1;
            }
        }
        counts.into_iter().collect::<Vec<_>>()
    };
    let facets = [
        count(&|e| vec![e.row.wilaya_code.clone()]),
        count(&|e| vec![e.row.category.clone()]),
        count(&|e| e.fields.clone()),
    ];
    (found, facets)
}

fn sorted(mut list: Vec<(String, i64)>) -> Vec<(String, i64)> {
    list.sort();
    list
}

/// Every page of `limit` through the cursors, joined.
fn all_pages(index: &Directory, f: &Filters, sort: SortOrder, limit: usize) -> Vec<String> {
    let (mut ids, mut after) = (Vec::new(), After::Start);
    loop {
        let page = index.search(f, sort, &after, limit);
        let Some(last) = page.hits.last() else { break };
        after = match sort {
            SortOrder::Name => After::Name { sort_name: last.sort_name.clone(), id: last.id.clone() },
            SortOrder::Newest => After::Newest { created_at: last.created_at, id: last.id.clone() },
            SortOrder::Relevance => {
                After::Relevance { score: last.score, sort_name: last.sort_name.clone(), id: last.id.clone() }
            }
        };
        let done = page.hits.len() < limit;
        ids.extend(page.hits.into_iter().map(|h| h.id));
        if done {
            break;
        }
    }
    ids
}

fn questions() -> Vec<Filters> {
    let mut list = Vec::new();
    for words in
        [vec![], vec!["a"], vec!["am"], vec!["nour"], vec!["s", "o"], vec!["1"], vec!["zz"], vec!["alger", "amel"]]
    {
        for (wilaya, category, field, verified_only) in [
            (None, None, None, false),
            (None, None, None, true),
            (Some("31"), None, None, false),
            (None, Some("wilaya"), Some("youth"), false),
            (Some("16"), None, Some("sport"), true),
        ] {
            list.push(Filters {
                words: words.iter().map(|w| (*w).to_owned()).collect(),
                wilaya: wilaya.map(str::to_owned),
                category: category.map(str::to_owned),
                field: field.map(str::to_owned),
                verified_only,
                ..Filters::default()
            });
        }
        // The filters kept beside the facets: size and commune, alone and with a facet.
        for (size, commune, wilaya) in
            [(Some("small"), None, None), (None, Some(3), None), (Some("tiny"), Some(6), Some("16"))]
        {
            list.push(Filters {
                words: words.iter().map(|w| (*w).to_owned()).collect(),
                size: size.map(str::to_owned),
                commune,
                wilaya: wilaya.map(str::to_owned),
                ..Filters::default()
            });
        }
    }
    list
}

fn compare(index: &Directory, entries: &[Entry], when: &str) {
    for f in questions() {
        let (found, facets) = recount(entries, &f);
        let whole: Found = index.search(&f, SortOrder::Name, &After::Start, 10_000);
        assert_eq!(whole.total, found.len() as i64, "{when}: {f:?}: total");
        for hit in &whole.hits {
            let entry = found.iter().find(|e| e.row.id == hit.id).expect("a hit that matches");
            assert_eq!(hit.summary, summary(entry), "{when}: {f:?}: what the entry shows");
            assert_eq!(hit.sort_name, entry.row.sort_name);
        }
        let got = [sorted(whole.wilaya), sorted(whole.category), sorted(whole.field)];
        assert_eq!(got, facets, "{when}: {f:?}: facets");
        let mut by_name: Vec<&Entry> = found.clone();
        by_name.sort_by(|a, b| (&a.row.sort_name, &a.row.id).cmp(&(&b.row.sort_name, &b.row.id)));
        let mut newest = found.clone();
        newest.sort_by(|a, b| (b.row.created_at, &b.row.id).cmp(&(a.row.created_at, &a.row.id)));
        for (sort, expected) in [(SortOrder::Name, by_name), (SortOrder::Newest, newest)] {
            let expected: Vec<String> = expected.iter().map(|e| e.row.id.clone()).collect();
            for limit in [1, 7, 10_000] {
                assert_eq!(all_pages(index, &f, sort, limit), expected, "{when}: {f:?}: {sort:?} by {limit}");
            }
        }
        // Relevance: the same documents, each once, whatever the page size.
        let one = all_pages(index, &f, SortOrder::Relevance, 10_000);
        assert_eq!(one.len(), found.len(), "{when}: {f:?}: relevance total");
        assert_eq!(all_pages(index, &f, SortOrder::Relevance, 3), one, "{when}: {f:?}: relevance by 3");
    }
}

#[test]
fn pages_totals_and_facets_agree_with_a_recount_after_writes() {
    let mut entries: Vec<Entry> = (0..600).map(|i| entry(i, 0)).collect();
    let mut index = Directory::default();
    for e in &entries {
        index.insert(e, false);
    }
    index.sort_orders();
    compare(&index, &entries, "built");

    // A few writes, each put in its place: renamed and moved, taken out, new.
    let changed: Vec<Entry> =
        (0..600).step_by(37).map(|i| entry(i, 1)).chain((600..615).map(|i| entry(i, 0))).collect();
    let gone: Vec<String> = (5..600).step_by(41).map(|i| entry(i, 0).row.id).collect();
    index.apply(gone.iter().map(String::as_str), &changed);
    entries.retain(|e| !gone.contains(&e.row.id) && !changed.iter().any(|c| c.row.id == e.row.id));
    entries.extend(changed);
    compare(&index, &entries, "after a few writes");

    // Many at once (an import): appended, then sorted.
    let changed: Vec<Entry> = (0..700).filter(|i| i % 2 == 0).map(|i| entry(i, 2)).collect();
    index.apply(std::iter::empty(), &changed);
    entries.retain(|e| !changed.iter().any(|c| c.row.id == e.row.id));
    entries.extend(changed);
    compare(&index, &entries, "after many writes");
}
