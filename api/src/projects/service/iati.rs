//! The IATI 2.03 activity file of an association's public projects (`docs/iati.md` documents the
//! mapping): the same activities as XML, in the schema's element order, or as JSON.

use std::collections::HashMap;
use std::fmt::Write as _;

use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::projects::*;
use serde::Serialize;

use super::super::repo;
use super::super::rows::ProjectRow;
use super::indicators;
use super::projects::names;
use crate::db::{DbConn, to_utc};
use crate::error::ApiResult;

/// The DAC 5-digit sector of each field (IATI sector vocabulary 1).
pub fn dac_sector(field: Field) -> u32 {
    match field {
        Field::Education => 11220,
        Field::Health => 12220,
        Field::Environment => 41010,
        Field::Youth => 11231,
        Field::Women => 15170,
        Field::Childhood => 11240,
        Field::Elderly | Field::SocialSolidarity | Field::Disability => 16010,
        Field::Culture | Field::Heritage | Field::Sport => 16061,
        Field::Humanitarian => 72010,
        Field::HumanRights => 15160,
        Field::LocalDevelopment => 43040,
        Field::Agriculture => 31120,
        Field::ScienceTechnology => 43082,
        Field::Professional => 11330,
        Field::ConsumerProtection | Field::Religious => 15150,
    }
}

/// An organisation's identifier: no org-id list covers Algerian or Moroccan associations yet, so
/// Madani issues `<country>-MADANI-<association id>` (see `docs/iati.md`).
pub fn org_ref(country: &str, association_id: &str) -> String {
    format!("{country}-MADANI-{association_id}")
}

#[derive(Debug, Clone, Serialize)]
pub struct Org {
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<u8>,
    pub narrative: LocalizedText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sector {
    pub code: u32,
    pub percentage: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub period_start: chrono::NaiveDate,
    pub period_end: chrono::NaiveDate,
    pub currency: &'static str,
    pub value: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultEntry {
    #[serde(rename = "type")]
    pub kind: u8,
    pub title: LocalizedText,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IatiActivity {
    pub iati_identifier: String,
    pub last_updated: String,
    pub default_currency: &'static str,
    pub reporting_org: Org,
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub participating_orgs: Vec<Org>,
    pub activity_status: u8,
    /// (type, date): 1 planned start, 2 actual start, 3 planned end, 4 actual end.
    pub activity_dates: Vec<(u8, chrono::NaiveDate)>,
    pub recipient_country: &'static str,
    pub locations: Vec<LocalizedText>,
    pub sectors: Vec<Sector>,
    pub budget: Option<Budget>,
    pub results: Vec<ResultEntry>,
}

fn sectors(fields: &[Field]) -> Vec<Sector> {
    let mut codes: Vec<u32> = fields.iter().map(|f| dac_sector(*f)).collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Vec::new();
    }
    let n = codes.len() as u32;
    codes
        .iter()
        .enumerate()
        .map(|(i, &code)| Sector { code, percentage: 100 / n + u32::from(i == 0) * (100 % n) })
        .collect()
}

fn first_text(options: [&LocalizedText; 3]) -> LocalizedText {
    options.into_iter().find(|t| !t.is_empty()).cloned().unwrap_or_default()
}

/// The association's public projects as IATI activities.
pub fn activities(conn: &mut DbConn, association: &str) -> ApiResult<Vec<IatiActivity>> {
    let (lead, _) = crate::associations::access::load_visible(conn, association, None)?;
    let country_of_lead = "DZ";
    let lead_ref = org_ref(country_of_lead, &lead.id);
    let lead_name = LocalizedText { ar: lead.name_ar.clone(), fr: lead.name_fr.clone(), en: lead.name_en.clone() };
    let rows: Vec<ProjectRow> = repo::public_of(conn, association)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut all_indicators: HashMap<String, Vec<Indicator>> = HashMap::new();
    let indicator_rows = super::super::repo::indicators::of_projects(conn, &ids)?;
    let owners: HashMap<String, String> = indicator_rows.iter().map(|r| (r.id.clone(), r.project_id.clone())).collect();
    for i in indicators::of_projects(conn, &ids)? {
        if let Some(p) = owners.get(&i.id.to_string()) {
            all_indicators.entry(p.clone()).or_default().push(i);
        }
    }
    let wilaya_names: HashMap<String, LocalizedText> = repo::wilaya_names(conn)?
        .into_iter()
        .map(|(code, ar, fr, en)| (code, names((Some(ar), Some(fr), Some(en)))))
        .collect();
    let mut out = Vec::new();
    for row in rows {
        let mut participating = vec![Org {
            reference: Some(lead_ref.clone()),
            kind: 22,
            role: Some(PartnerRole::Implementing.iati_code()),
            narrative: lead_name.clone(),
        }];
        let partners = repo::partners(conn, &row.id)?;
        let a_ids: Vec<String> = partners.iter().filter_map(|p| p.association_id.clone()).collect();
        let i_ids: Vec<String> = partners.iter().filter_map(|p| p.institution_id.clone()).collect();
        let named: HashMap<String, LocalizedText> = repo::association_names(conn, &a_ids)?
            .into_iter()
            .chain(repo::institution_names(conn, &i_ids)?)
            .map(|(id, ar, fr, en)| (id, names((ar, fr, en))))
            .collect();
        for p in &partners {
            let role = PartnerRole::parse(&p.role).unwrap_or(PartnerRole::Implementing).iati_code();
            match (&p.association_id, &p.institution_id) {
                (Some(a), _) => participating.push(Org {
                    reference: Some(org_ref(country_of_lead, a)),
                    kind: 22,
                    role: Some(role),
                    narrative: named.get(a).cloned().unwrap_or_default(),
                }),
                (None, Some(i)) => participating.push(Org {
                    reference: None,
                    kind: 10,
                    role: Some(role),
                    narrative: named.get(i).cloned().unwrap_or_default(),
                }),
                _ => {}
            }
        }
        let planned_start = row.planned_start.unwrap_or_else(|| row.created_at.date());
        let mut dates = vec![(1, planned_start)];
        dates.extend(row.actual_start.map(|d| (2, d)));
        dates.extend(row.planned_end.map(|d| (3, d)));
        dates.extend(row.actual_end.map(|d| (4, d)));
        let budget = match (row.budget, row.planned_start, row.planned_end) {
            (Some(value), Some(start), Some(end)) if value > 0 => Some(Budget {
                period_start: start,
                period_end: end,
                currency: row.currency().as_str(),
                value: value as u64,
            }),
            _ => None,
        };
        let mut results: Vec<ResultEntry> = Vec::new();
        for indicator in all_indicators.remove(&row.id).unwrap_or_default() {
            let kind = indicator.result_kind.iati_code();
            match results.iter_mut().find(|r| r.kind == kind && r.title == indicator.result_title) {
                Some(r) => r.indicators.push(indicator),
                None => results.push(ResultEntry {
                    kind,
                    title: indicator.result_title.clone(),
                    indicators: vec![indicator],
                }),
            }
        }
        out.push(IatiActivity {
            iati_identifier: format!("{lead_ref}-{}", row.id),
            last_updated: to_utc(row.updated_at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            default_currency: row.currency().as_str(),
            reporting_org: Org {
                reference: Some(lead_ref.clone()),
                kind: 22,
                role: None,
                narrative: lead_name.clone(),
            },
            title: row.title(),
            description: first_text([&row.summary(), &row.description(), &row.title()]),
            participating_orgs: participating,
            activity_status: row.status().iati_code(),
            activity_dates: dates,
            recipient_country: row.country().as_str(),
            locations: row.wilayas().iter().filter_map(|w| wilaya_names.get(w).cloned()).collect(),
            sectors: sectors(&row.fields()),
            budget,
            results,
        });
    }
    Ok(out)
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn narratives(out: &mut String, indent: &str, text: &LocalizedText) {
    for (lang, t) in [("ar", &text.ar), ("fr", &text.fr), ("en", &text.en)] {
        if let Some(t) = t.as_deref().filter(|t| !t.trim().is_empty()) {
            let _ = writeln!(out, "{indent}<narrative xml:lang=\"{lang}\">{}</narrative>", esc(t));
        }
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

fn org(out: &mut String, name: &str, o: &Org) {
    let reference = o.reference.as_deref().map(|r| format!(" ref=\"{}\"", esc(r))).unwrap_or_default();
    let role = o.role.map(|r| format!(" role=\"{r}\"")).unwrap_or_default();
    let _ = writeln!(out, "    <{name}{reference} type=\"{}\"{role}>", o.kind);
    narratives(out, "      ", &o.narrative);
    let _ = writeln!(out, "    </{name}>");
}

/// The activities as an IATI 2.03 XML file.
pub fn xml(activities: &[IatiActivity], generated: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<iati-activities version=\"2.03\" generated-datetime=\"{generated}\">");
    for a in activities {
        let _ = writeln!(
            out,
            "  <iati-activity last-updated-datetime=\"{}\" xml:lang=\"fr\" default-currency=\"{}\" hierarchy=\"1\">",
            a.last_updated, a.default_currency
        );
        let _ = writeln!(out, "    <iati-identifier>{}</iati-identifier>", esc(&a.iati_identifier));
        org(&mut out, "reporting-org", &a.reporting_org);
        out.push_str("    <title>\n");
        narratives(&mut out, "      ", &a.title);
        out.push_str("    </title>\n    <description type=\"1\">\n");
        narratives(&mut out, "      ", &a.description);
        out.push_str("    </description>\n");
        for p in &a.participating_orgs {
            org(&mut out, "participating-org", p);
        }
        let _ = writeln!(out, "    <activity-status code=\"{}\"/>", a.activity_status);
        for (kind, date) in &a.activity_dates {
            let _ = writeln!(out, "    <activity-date type=\"{kind}\" iso-date=\"{date}\"/>");
        }
        let _ = writeln!(out, "    <recipient-country code=\"{}\" percentage=\"100\"/>", a.recipient_country);
        for l in &a.locations {
            out.push_str("    <location>\n      <name>\n");
            narratives(&mut out, "        ", l);
            out.push_str("      </name>\n    </location>\n");
        }
        for s in &a.sectors {
            let _ = writeln!(out, "    <sector vocabulary=\"1\" code=\"{}\" percentage=\"{}\"/>", s.code, s.percentage);
        }
        if let Some(b) = &a.budget {
            let _ = writeln!(
                out,
                "    <budget type=\"1\" status=\"1\">\n      <period-start iso-date=\"{}\"/>\n      <period-end iso-date=\"{}\"/>\n      <value currency=\"{}\" value-date=\"{}\">{}</value>\n    </budget>",
                b.period_start, b.period_end, b.currency, b.period_start, b.value
            );
        }
        for r in &a.results {
            let _ = writeln!(out, "    <result type=\"{}\" aggregation-status=\"0\">\n      <title>", r.kind);
            narratives(&mut out, "        ", &r.title);
            out.push_str("      </title>\n");
            for i in &r.indicators {
                let _ = writeln!(
                    out,
                    "      <indicator measure=\"{}\" ascending=\"{}\" aggregation-status=\"0\">\n        <title>",
                    i.measure.iati_code(),
                    u8::from(i.ascending)
                );
                narratives(&mut out, "          ", &i.title);
                out.push_str("        </title>\n");
                if let (Some(v), Some(on)) = (i.baseline_value, i.baseline_on) {
                    let _ = writeln!(
                        out,
                        "        <baseline year=\"{}\" iso-date=\"{on}\" value=\"{}\"/>",
                        chrono::Datelike::year(&on),
                        number(v)
                    );
                }
                for p in &i.periods {
                    let _ = writeln!(
                        out,
                        "        <period>\n          <period-start iso-date=\"{}\"/>\n          <period-end iso-date=\"{}\"/>",
                        p.start, p.end
                    );
                    if let Some(t) = p.target {
                        let _ = writeln!(out, "          <target value=\"{}\"/>", number(t));
                    }
                    if let Some(v) = p.actual {
                        let _ = writeln!(out, "          <actual value=\"{}\"/>", number(v));
                    }
                    // The breakdown by wilaya: one more actual per wilaya, with its dimension.
                    let mut by_wilaya: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
                    for x in i.actuals.iter().filter(|x| x.measured_on >= p.start && x.measured_on <= p.end) {
                        if let Some(w) = x.wilaya.as_deref() {
                            *by_wilaya.entry(w).or_default() += x.value;
                        }
                    }
                    if i.measure == Measure::Unit {
                        for (w, v) in by_wilaya {
                            let _ = writeln!(
                                out,
                                "          <actual value=\"{}\">\n            <dimension name=\"wilaya\" value=\"{w}\"/>\n          </actual>",
                                number(v)
                            );
                        }
                    }
                    out.push_str("        </period>\n");
                }
                out.push_str("      </indicator>\n");
            }
            out.push_str("    </result>\n");
        }
        out.push_str("  </iati-activity>\n");
    }
    out.push_str("</iati-activities>\n");
    out
}
