//! An association as the directory's index keeps it (see [`super::directory`]): small, its texts
//! in one allocation.

use chrono::NaiveDateTime;
use madani_shared::LocalizedText;
use madani_shared::associations::{AssociationStatus, AssociationSummary, Category, Field, SizeBand};
use madani_shared::ids::AssociationId;
use uuid::Uuid;

use crate::associations::repo::IndexedRow;

/// An association as the index keeps it: its place in the orders, its filter values that are not
/// facets (those are in [`super::facets::Facets`], by number), and what a directory entry shows,
/// its texts in one allocation. About a hundred bytes and the texts themselves.
pub(super) struct Doc {
    /// Ids are UUIDs the server wrote, in their lowercase form: ordering them as numbers orders
    /// them as the database and the cursors do, as text.
    pub(super) id: Uuid,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
    pub(super) commune: Option<i32>,
    /// The size band, by its place in [`SizeBand::ALL`] (none for a value it does not know).
    pub(super) size: Option<u8>,
    pub(super) verified: bool,
    /// Which of the texts are absent, by bit (see [`Text`]).
    absent: u8,
    /// Where each text but the last ends in `text`.
    ends: [u32; TEXTS - 1],
    /// The texts, one after the other.
    text: Box<str>,
}

/// How many texts a [`Doc`] has.
const TEXTS: usize = 6;

/// The texts of a [`Doc`], in their order.
#[derive(Clone, Copy)]
enum Text {
    SortName,
    NameAr,
    NameFr,
    NameEn,
    Acronym,
    /// The logo's version (its address is built from it and the id).
    Logo,
}

/// The place of size band `value` in [`SizeBand::ALL`], if it is one.
pub(super) fn size_place(value: &str) -> Option<u8> {
    SizeBand::ALL.iter().position(|s| s.as_str() == value).map(|p| p as u8)
}

/// The id as the database and the cursors write it.
pub(super) fn id_text<'b>(id: &Uuid, buffer: &'b mut [u8]) -> &'b str {
    id.hyphenated().encode_lower(buffer)
}

impl Doc {
    pub(super) fn new(row: &IndexedRow, id: Uuid) -> Doc {
        let parts = [
            Some(row.sort_name.as_str()),
            row.name_ar.as_deref(),
            row.name_fr.as_deref(),
            row.name_en.as_deref(),
            row.acronym.as_deref(),
            row.logo.as_deref().and_then(crate::associations::rows::logo_version),
        ];
        let mut text = String::with_capacity(parts.iter().flatten().map(|p| p.len()).sum());
        let (mut ends, mut absent) = ([0; TEXTS - 1], 0);
        for (i, part) in parts.iter().enumerate() {
            match part {
                Some(p) => text.push_str(p),
                None => absent |= 1 << i,
            }
            if let Some(end) = ends.get_mut(i) {
                *end = text.len() as u32;
            }
        }
        Doc {
            id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            commune: row.commune_id,
            size: size_place(&row.size_band),
            verified: row.status == "verified",
            absent,
            ends,
            text: text.into_boxed_str(),
        }
    }

    fn text(&self, which: Text) -> Option<&str> {
        let i = which as usize;
        if self.absent & (1 << i) != 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.text.len(), |e| *e as usize);
        Some(&self.text[start..end])
    }

    pub(super) fn sort_name(&self) -> &str {
        self.text(Text::SortName).unwrap_or_default()
    }

    /// The directory entry, as the database path would write it (`facets`: the document's wilaya,
    /// category and fields).
    pub(super) fn summary(&self, (wilaya, category, fields): (&str, &str, Vec<&str>)) -> AssociationSummary {
        let text = |which| self.text(which).map(str::to_owned);
        AssociationSummary {
            id: AssociationId(self.id),
            name: LocalizedText { ar: text(Text::NameAr), fr: text(Text::NameFr), en: text(Text::NameEn) },
            acronym: text(Text::Acronym),
            category: Category::parse(category).unwrap_or(Category::Communal),
            fields: fields.into_iter().filter_map(Field::parse).collect(),
            wilaya_code: wilaya.to_owned(),
            commune_id: self.commune,
            size: self.size.map_or(SizeBand::Tiny, |s| SizeBand::ALL[s as usize]),
            status: if self.verified { AssociationStatus::Verified } else { AssociationStatus::Pending },
            logo_url: self
                .text(Text::Logo)
                .map(|version| crate::associations::rows::logo_url_of_version(&self.id.to_string(), version)),
            created_at: crate::db::to_utc(self.created_at),
        }
    }
}
