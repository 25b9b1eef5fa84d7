//! The shared calendar over HTTP, on both backends: iCalendar feeds read back with a real parser
//! (UIDs stable, times in UTC, SEQUENCE raised by changes, cancellations kept, ETags), the personal
//! feed's secret address, registrations racing for the last place, and the IATI file checked
//! against the 2.03 schema's order and rules.

use std::collections::HashMap;

use madani_shared::endpoints::*;
use madani_shared::projects::*;
use madani_shared::{ErrorCode, LocalizedText};
use madani_tests::{TestApp, both_backends, fr, futures_join, problem};

use crate::projects::{activity, later, world};

/// Every event of a feed, as (property name → value) with TEXT values unescaped; the feed must
/// parse, end its lines with CRLF and fold them at 75 octets.
fn events(feed: &str) -> Vec<HashMap<String, String>> {
    assert!(feed.ends_with("\r\n"));
    for line in feed.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        assert!(!line.contains('\n'), "a bare line feed");
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(feed.as_bytes()));
    let calendar = parser.next().expect("a calendar").expect("a valid calendar");
    assert!(parser.next().is_none());
    let props: HashMap<String, String> =
        calendar.properties.iter().map(|p| (p.name.clone(), p.value.clone().unwrap_or_default())).collect();
    assert_eq!(props.get("VERSION").map(String::as_str), Some("2.0"));
    assert!(props.contains_key("PRODID"));
    calendar
        .events
        .iter()
        .map(|e| {
            let map: HashMap<String, String> = e
                .properties
                .iter()
                .map(|p| {
                    let v = p.value.clone().unwrap_or_default();
                    let v = v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
                    let name = match &p.params {
                        Some(params) if params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]) => {
                            format!("{};DATE", p.name)
                        }
                        _ => p.name.clone(),
                    };
                    (name, v)
                })
                .collect();
            for required in ["UID", "DTSTAMP", "SUMMARY", "SEQUENCE", "STATUS"] {
                assert!(map.contains_key(required), "an event without {required}");
            }
            map
        })
        .collect()
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.http.get(app.url(path)).send().await.unwrap()
}

fn event<'a>(all: &'a [HashMap<String, String>], id: &str) -> &'a HashMap<String, String> {
    all.iter().find(|e| e["UID"].starts_with(&format!("activity-{id}@"))).expect("the activity's event")
}

both_backends! {
    async fn feeds_are_valid_icalendar_with_stable_uids_and_growing_sequences(app) {
        let w = world(&app).await;
        let a = &w.activities[0];
        let r = get(&app, "/api/v1/calendar.ics").await;
        assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let feed = r.text().await.unwrap();
        let all = events(&feed);
        let e = event(&all, &a.id.to_string());
        // 10:00 in Algiers is 09:00 UTC.
        assert_eq!(e["DTSTART"], later(9).format("%Y%m%dT%H%M%SZ").to_string());
        assert_eq!(e["DTEND"], later(11).format("%Y%m%dT%H%M%SZ").to_string());
        assert_eq!(a.starts_at.naive_utc(), later(9));
        assert_eq!(e["SEQUENCE"], "0");
        assert_eq!(e["STATUS"], "CONFIRMED");
        assert_eq!(e["LOCATION"], "Maison de la culture");
        let link = format!("/activities/{}", a.id);
        assert!(e["URL"].ends_with(&link));
        assert!(e["DESCRIPTION"].starts_with("Venez nombreux ; apportez vos idées, vos questions."));
        assert!(e["DESCRIPTION"].ends_with(&link), "the description ends with the link back");
        let uid = e["UID"].clone();
        // Unchanged: 304.
        let same = app.http.get(app.url("/api/v1/calendar.ics")).header("If-None-Match", &etag).send().await.unwrap();
        assert_eq!(same.status().as_u16(), 304);

        // A change keeps the UID and raises SEQUENCE; a long Arabic title folds and reads back whole.
        let long = "ورشة كتابة المشاريع الجمعوية، مع تمارين تطبيقية؛ ".repeat(4);
        let mut changed = activity("x", true);
        changed.title = LocalizedText { fr: Some(long.clone()), ..Default::default() };
        changed.start = later(14);
        changed.end = later(16);
        app.as_user(&w.lead_owner).call::<UpdateActivity>(a.id, &changed).await.unwrap();
        let r = app.http.get(app.url("/api/v1/calendar.ics")).header("If-None-Match", &etag).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "a change is a new ETag");
        let all = events(&r.text().await.unwrap());
        let e = event(&all, &a.id.to_string());
        assert_eq!(e["UID"], uid);
        assert_eq!(e["SEQUENCE"], "1");
        assert_eq!(e["SUMMARY"], long.trim(), "folded, it reads back whole (trimmed as stored)");
        assert_eq!(e["DTSTART"], later(13).format("%Y%m%dT%H%M%SZ").to_string());

        // Cancelled: kept, STATUS:CANCELLED, SEQUENCE raised again.
        let cancelled = app.as_user(&w.lead_owner).call::<CancelActivity>(a.id, &()).await.unwrap();
        assert!(cancelled.cancelled);
        assert_eq!(problem(app.as_user(&w.lead_owner).call::<CancelActivity>(a.id, &()).await).code, ErrorCode::ActivityCancelled);
        for path in ["/api/v1/calendar.ics".to_owned(), format!("/api/v1/projects/{}/calendar.ics", w.public.summary.id), format!("/api/v1/associations/{}/calendar.ics", w.lead.id)] {
            let all = events(&get(&app, &path).await.text().await.unwrap());
            let e = event(&all, &a.id.to_string());
            assert_eq!((e["STATUS"].as_str(), e["SEQUENCE"].as_str()), ("CANCELLED", "2"), "{path}");
        }

        // Filters: a wilaya without activities gives an empty, valid feed.
        assert!(events(&get(&app, "/api/v1/calendar.ics?wilaya=16").await.text().await.unwrap()).is_empty());
        assert_eq!(events(&get(&app, "/api/v1/calendar.ics?wilaya=06&field=education").await.text().await.unwrap()).len(), 1);

        // An all-day activity is a DATE, its end the day after its last.
        let mut day = activity("Journée portes ouvertes", true);
        day.all_day = true;
        day.end = day.start + chrono::TimeDelta::days(1);
        let d = app.as_user(&w.lead_owner).call::<CreateActivity>(w.public.summary.id, &day).await.unwrap();
        let all = events(&get(&app, "/api/v1/calendar.ics").await.text().await.unwrap());
        let e = event(&all, &d.id.to_string());
        assert_eq!(e["DTSTART;DATE"], later(0).format("%Y%m%d").to_string());
        assert_eq!(e["DTEND;DATE"], (later(0) + chrono::TimeDelta::days(2)).format("%Y%m%d").to_string());
        // A Moroccan time zone is honoured too (Africa/Casablanca).
        let mut ma = activity("Rabat", true);
        ma.time_zone = Some(TimeZone::Casablanca);
        let m = app.as_user(&w.lead_owner).call::<CreateActivity>(w.public.summary.id, &ma).await.unwrap();
        let offset = (m.start - m.starts_at.naive_utc()).num_hours();
        assert!(offset == 0 || offset == 1, "Casablanca is UTC+0 or UTC+1, got {offset}");
    }

    async fn the_personal_feed_lives_at_a_secret_address_until_replaced(app) {
        let w = world(&app).await;
        let me = app.as_user(&w.partner_member);
        assert!(me.call::<GetPersonalFeed>((), &()).await.unwrap().created_at.is_none());
        let first = me.call::<ResetPersonalFeed>((), &()).await.unwrap().url.expect("the address, once");
        assert!(me.call::<GetPersonalFeed>((), &()).await.unwrap().url.is_none(), "never shown again");
        let path = first.split_once("/api/").map(|(_, p)| format!("/api/{p}")).unwrap();
        let all = events(&get(&app, &path).await.text().await.unwrap());
        // The partner's member: the network project (a partner), not the public one they do not follow.
        let uids: Vec<&str> = all.iter().map(|e| e["UID"].as_str()).collect();
        assert!(uids.iter().any(|u| u.contains(&w.activities[1].id.to_string())));
        assert!(!uids.iter().any(|u| u.contains(&w.activities[0].id.to_string())));
        assert!(!uids.iter().any(|u| u.contains(&w.activities[2].id.to_string())), "private: the lead's only");
        // Following adds a project's activities.
        me.call::<FollowProject>(w.public.summary.id, &()).await.unwrap();
        assert_eq!(events(&get(&app, &path).await.text().await.unwrap()).len(), 2);
        // Replaced: the old address is gone.
        let second = me.call::<ResetPersonalFeed>((), &()).await.unwrap().url.unwrap();
        assert_ne!(first, second);
        assert_eq!(get(&app, &path).await.status().as_u16(), 404);
        let new_path = second.split_once("/api/").map(|(_, p)| format!("/api/{p}")).unwrap();
        assert_eq!(get(&app, &new_path).await.status().as_u16(), 200);
        assert_eq!(get(&app, "/api/v1/calendar/feeds/not-a-secret.ics").await.status().as_u16(), 404);
        // My calendar holds the same.
        let day = later(0).date();
        let mine = me.call::<GetMyCalendar>((), &CalendarQuery { from: Some(day), to: Some(day), ..Default::default() }).await.unwrap();
        assert_eq!(mine.activities.len(), 2);
        // A calendar's entries leave the descriptions to the activity's own page.
        assert!(mine.activities.iter().all(|a| a.description.is_empty() && a.description_html.is_empty()));
        let one = me.call::<GetActivity>(mine.activities[0].id, &()).await.unwrap();
        assert!(one.description_html.fr.as_deref().is_some_and(|d| d.contains("Venez nombreux")));
    }

    async fn the_last_place_goes_to_one_of_twenty_and_a_cancellation_promotes_the_first_waiting(app) {
        let w = world(&app).await;
        let mut input = activity("Formation", true);
        input.capacity = Some(3);
        input.waitlist = true;
        let a = app.as_user(&w.lead_owner).call::<CreateActivity>(w.public.summary.id, &input).await.unwrap();
        for early in [&w.lead_member, &w.partner_member] {
            let r = app.as_user(early).call::<RegisterForActivity>(a.id, &()).await.unwrap();
            assert_eq!(r.status, RegistrationStatus::Registered);
        }
        let mut people = Vec::new();
        for i in 0..20 {
            people.push(app.member(&format!("racer{i}@example.org")).await);
        }
        let clients: Vec<_> = people.iter().map(|p| app.as_user(p)).collect();
        let clients = std::sync::Arc::new(std::sync::Mutex::new(clients));
        let results = futures_join(20, || {
            let client = clients.lock().unwrap().pop().unwrap();
            let id = a.id;
            async move { client.call::<RegisterForActivity>(id, &()).await.unwrap() }
        })
        .await;
        let got = results.iter().filter(|r| r.status == RegistrationStatus::Registered).count();
        assert_eq!(got, 1, "exactly one gets the last place");
        let mut positions: Vec<u32> = results.iter().filter_map(|r| r.position).collect();
        positions.sort();
        assert_eq!(positions, (1..=19).collect::<Vec<_>>());
        let seen = app.client.call::<GetActivity>(a.id, &()).await.unwrap();
        assert_eq!(seen.registration.as_ref().map(|r| (r.registered, r.waitlisted)), Some((3, 19)));
        // Only the lead's officers read the list.
        assert_eq!(problem(app.as_user(&w.partner_owner).call::<ListRegistrants>(a.id, &()).await).code, ErrorCode::NotOfficer);
        let list = app.as_user(&w.lead_owner).call::<ListRegistrants>(a.id, &()).await.unwrap();
        let first_waiting = list.iter().find(|r| r.position == Some(1)).unwrap().user_id;
        // A registered person withdraws: the first on the waiting list gets the place and is told.
        app.as_user(&w.lead_member).call::<CancelRegistration>(a.id, &()).await.unwrap();
        let list = app.as_user(&w.lead_owner).call::<ListRegistrants>(a.id, &()).await.unwrap();
        let promoted = list.iter().find(|r| r.user_id == first_waiting).unwrap();
        assert_eq!(promoted.status, RegistrationStatus::Registered);
        assert_eq!(list.iter().filter(|r| r.status == RegistrationStatus::Registered).count(), 3);
        let who = people.iter().find(|p| p.user.id == first_waiting).unwrap();
        let told = app.as_user(who).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(told.iter().any(|n| n.kind == "activity.promoted"));
        // Withdrawing twice is 404; registering again joins the end of the list.
        assert_eq!(problem(app.as_user(&w.lead_member).call::<CancelRegistration>(a.id, &()).await).code, ErrorCode::NotFound);
        let again = app.as_user(&w.lead_member).call::<RegisterForActivity>(a.id, &()).await.unwrap();
        assert_eq!((again.status, again.position), (RegistrationStatus::Waitlisted, Some(19)));
        // Without a waiting list a full activity refuses; without places, no registration.
        let mut closed = activity("Complet", true);
        closed.capacity = Some(1);
        let c = app.as_user(&w.lead_owner).call::<CreateActivity>(w.public.summary.id, &closed).await.unwrap();
        app.as_user(&w.lead_member).call::<RegisterForActivity>(c.id, &()).await.unwrap();
        assert_eq!(problem(app.as_user(&w.outsider).call::<RegisterForActivity>(c.id, &()).await).code, ErrorCode::ActivityFull);
        assert_eq!(problem(app.as_user(&w.outsider).call::<RegisterForActivity>(w.activities[0].id, &()).await).code, ErrorCode::NoRegistration);
        // A project-only activity is not for outsiders.
        let mut inside = activity("Réunion interne", false);
        inside.capacity = Some(10);
        let i = app.as_user(&w.lead_owner).call::<CreateActivity>(w.public.summary.id, &inside).await.unwrap();
        assert_eq!(problem(app.as_user(&w.outsider).call::<RegisterForActivity>(i.id, &()).await).code, ErrorCode::NotFound);
        app.as_user(&w.lead_member).call::<RegisterForActivity>(i.id, &()).await.unwrap();
    }

    async fn the_iati_file_follows_the_203_schema(app) {
        let w = world(&app).await;
        let admin = app.admin("admin2@madani.test").await;
        let minister = app.member("minister@example.org").await;
        let ministry = crate::consultations::institution(&app, &admin, &minister, "Ministère de la Solidarité").await;
        let mut input = crate::projects::project(w.lead.id, "L'école & le quartier", ProjectVisibility::Public);
        input.title.ar = Some("مدرسة الحي".into());
        input.partners = vec![
            PartnerInput { association_id: None, institution_id: Some(ministry), role: PartnerRole::Funding },
            PartnerInput { association_id: Some(w.partner.id), institution_id: None, role: PartnerRole::Implementing },
        ];
        input.fields = vec![madani_shared::associations::Field::Education, madani_shared::associations::Field::Health];
        let p = app.as_user(&w.lead_owner).call::<CreateProject>((), &input).await.unwrap();
        let indicator = IndicatorInput {
            result_kind: ResultKind::Outcome,
            result_title: fr("La réussite scolaire progresse"),
            title: LocalizedText { fr: Some("Élèves admis".into()), ar: Some("التلاميذ الناجحون".into()), en: None },
            measure: Measure::Unit,
            unit: Some("élèves".into()),
            ascending: true,
            baseline_value: Some(40.0),
            baseline_on: chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
            periods: vec![
                IndicatorPeriod { start: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), end: chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(), target: Some(60.0) },
                IndicatorPeriod { start: chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(), end: chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(), target: Some(80.0) },
            ],
        };
        let i = app.as_user(&w.lead_owner).call::<CreateIndicator>(p.summary.id, &indicator).await.unwrap();
        for (value, wilaya) in [(30.0, Some("06")), (25.0, Some("16")), (5.0, None)] {
            let actual = ActualInput { value, measured_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), comment: None, wilaya: wilaya.map(str::to_owned) };
            app.as_user(&w.lead_owner).call::<ReportActual>((p.summary.id, i.id), &actual).await.unwrap();
        }
        let mut overlapping = indicator.clone();
        overlapping.periods[1].start = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        let bad = problem(app.as_user(&w.lead_owner).call::<CreateIndicator>(p.summary.id, &overlapping).await);
        assert_eq!((bad.errors[0].field.as_str(), bad.errors[0].code.as_str()), ("periods", "overlap"));
        let read = app.client.call::<ListIndicators>(p.summary.id, &()).await.unwrap();
        assert_eq!(read[0].periods[0].actual, Some(60.0));
        assert_eq!(read[0].periods[1].actual, None);

        let r = get(&app, &format!("/api/v1/associations/{}/projects/iati.xml", w.lead.id)).await;
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
        let xml = r.text().await.unwrap();
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!((root.tag_name().name(), root.attribute("version")), ("iati-activities", Some("2.03")));
        let activities: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(activities.len(), 2, "the two public projects");
        const ORDER: &[&str] = &[
            "iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
            "activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country",
            "recipient-region", "location", "sector", "tag", "country-budget-items", "humanitarian-scope",
            "policy-marker", "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type",
            "default-tied-status", "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
            "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
        ];
        const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
        for a in &activities {
            let names: Vec<&str> = a.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
            let ranks: Vec<usize> = names.iter().map(|n| ORDER.iter().position(|o| o == n).unwrap_or_else(|| panic!("unknown element {n}"))).collect();
            assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "schema order: {names:?}");
            for required in ["iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date"] {
                assert!(names.contains(&required), "{required} missing");
            }
            let identifier = a.children().find(|n| n.has_tag_name("iati-identifier")).unwrap().text().unwrap();
            let reference = a.children().find(|n| n.has_tag_name("reporting-org")).unwrap().attribute("ref").unwrap();
            assert!(identifier.starts_with(reference) && identifier != reference);
            assert!(!identifier.contains(['/', '&', '|', '?']));
            assert!(a.children().any(|n| n.has_tag_name("activity-date") && matches!(n.attribute("type"), Some("1" | "2"))));
            for n in a.descendants().filter(|n| n.has_tag_name("narrative")) {
                assert!(n.attribute((XML_NS, "lang")).is_some(), "a narrative without its language");
            }
        }
        let ours = activities.iter().find(|a| a.descendants().any(|n| n.text() == Some("L'école & le quartier"))).expect("the project");
        let langs: Vec<&str> = ours.children().find(|n| n.has_tag_name("title")).unwrap().children().filter(|n| n.is_element()).filter_map(|n| n.attribute((XML_NS, "lang"))).collect();
        assert_eq!(langs, vec!["ar", "fr"]);
        let roles: Vec<(Option<&str>, Option<&str>)> = ours.children().filter(|n| n.has_tag_name("participating-org")).map(|n| (n.attribute("role"), n.attribute("type"))).collect();
        assert_eq!(roles, vec![(Some("4"), Some("22")), (Some("1"), Some("10")), (Some("4"), Some("22"))]);
        let sectors: Vec<(&str, &str)> = ours.children().filter(|n| n.has_tag_name("sector")).map(|n| (n.attribute("code").unwrap(), n.attribute("percentage").unwrap())).collect();
        assert_eq!(sectors, vec![("11220", "50"), ("12220", "50")]);
        assert_eq!(ours.children().find(|n| n.has_tag_name("activity-status")).unwrap().attribute("code"), Some("2"));
        let result = ours.children().find(|n| n.has_tag_name("result")).expect("a result");
        assert_eq!(result.attribute("type"), Some("2"));
        let indicator = result.children().find(|n| n.has_tag_name("indicator")).unwrap();
        assert_eq!((indicator.attribute("measure"), indicator.attribute("ascending")), (Some("1"), Some("1")));
        let inner: Vec<&str> = indicator.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
        assert_eq!(inner, vec!["title", "baseline", "period", "period"]);
        let baseline = indicator.children().find(|n| n.has_tag_name("baseline")).unwrap();
        assert_eq!((baseline.attribute("year"), baseline.attribute("value")), (Some("2026"), Some("40")));
        let period = indicator.children().find(|n| n.has_tag_name("period")).unwrap();
        let parts: Vec<&str> = period.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
        assert_eq!(parts, vec!["period-start", "period-end", "target", "actual", "actual", "actual"]);
        let dims: Vec<(&str, &str)> = period.descendants().filter(|n| n.has_tag_name("dimension")).map(|n| (n.attribute("value").unwrap(), n.parent().unwrap().attribute("value").unwrap())).collect();
        assert_eq!(dims, vec![("06", "30"), ("16", "25")]);
        // The JSON form carries the same activities.
        let json: serde_json::Value = get(&app, &format!("/api/v1/associations/{}/projects/iati.json", w.lead.id)).await.json().await.unwrap();
        assert_eq!(json["activities"].as_array().unwrap().len(), 2);
        // Only officers of the lead report; a partner's officer may not.
        let actual = ActualInput { value: 1.0, measured_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), comment: None, wilaya: None };
        assert_eq!(problem(app.as_user(&w.partner_owner).call::<ReportActual>((p.summary.id, i.id), &actual).await).code, ErrorCode::NotOfficer);
        // The observatory's roll-up: staff of an institution only.
        assert_eq!(problem(app.as_user(&w.outsider).call::<IndicatorRollupEndpoint>((), &()).await).code, ErrorCode::NotInstitutionStaff);
        let rolled = app.as_user(&minister).call::<IndicatorRollupEndpoint>((), &()).await.unwrap();
        let in_16 = rolled.iter().find(|r| r.wilaya.as_deref() == Some("16") && r.field == Some(madani_shared::associations::Field::Education)).expect("wilaya 16");
        assert_eq!(in_16.actual, 30.0, "its own actual and the one without a wilaya");
    }
}
