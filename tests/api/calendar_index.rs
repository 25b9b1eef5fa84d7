//! The network's calendar read without signing in, which each instance answers from its public
//! calendar in memory, on both backends: the same JSON as the database gives, the calendar's
//! filters, and every change (a new activity, a registration, a cancellation, the project's title,
//! the association's name, the project leaving the public) seen at once on the instance it was made
//! through, and within a second or two on a second instance on the same database.

use madani_shared::associations::{Field, UpdateAssociation};
use madani_shared::endpoints::*;
use madani_shared::ids::{ActivityId, AssociationId};
use madani_shared::projects::*;
use madani_tests::{TestApp, both_backends, fr};

use crate::projects::{activity, later, project, world};

/// The anonymous calendar as JSON, as it came.
async fn raw(app: &TestApp, q: &CalendarQuery) -> serde_json::Value {
    let r = app.http.get(app.url("/api/v1/calendar")).query(q).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    r.json().await.unwrap()
}

async fn anonymous(app: &TestApp, q: &CalendarQuery) -> Calendar {
    serde_json::from_value(raw(app, q).await).expect("a Calendar")
}

/// The anonymous calendar of `instance` once `seen` holds of it, or after 3 s (another instance
/// reads the version at most every second).
async fn eventually(instance: &TestApp, q: &CalendarQuery, seen: impl Fn(&Calendar) -> bool) -> Calendar {
    let started = std::time::Instant::now();
    loop {
        let calendar = anonymous(instance, q).await;
        if seen(&calendar) || started.elapsed() > std::time::Duration::from_secs(3) {
            return calendar;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn titles(c: &Calendar) -> Vec<String> {
    c.activities.iter().map(|a| a.title.fr.clone().unwrap_or_default()).collect()
}

fn find(c: &Calendar, id: ActivityId) -> &Activity {
    c.activities.iter().find(|a| a.id == id).expect("the activity is listed")
}

both_backends! {
    async fn the_public_calendar_in_memory_answers_as_the_database_and_follows_every_change(app) {
        let w = world(&app).await;
        let other = app.spawn_beside().await;
        let day = later(0).date();
        let q = CalendarQuery { from: Some(day), to: Some(day), ..Default::default() };
        // The first read builds the index: only the public project's activity.
        let seen = anonymous(&app, &q).await;
        assert_eq!(titles(&seen), ["Atelier Public"]);
        assert_eq!((seen.from, seen.to, seen.truncated), (day, day, false));
        // The same JSON, activity for activity, as the database path (a question about one project
        // is answered there), and as the other instance's index.
        let from_index = raw(&app, &q).await;
        let from_database = raw(&app, &CalendarQuery { project: Some(w.public.summary.id), ..q.clone() }).await;
        assert_eq!(from_index, from_database);
        assert_eq!(raw(&other, &q).await, from_index);

        // The filters.
        let only = |f: fn(&mut CalendarQuery)| {
            let mut q = q.clone();
            f(&mut q);
            q
        };
        assert_eq!(titles(&anonymous(&app, &only(|q| q.wilaya = Some("06".into()))).await), ["Atelier Public"]);
        assert!(anonymous(&app, &only(|q| q.wilaya = Some("16".into()))).await.activities.is_empty());
        assert_eq!(titles(&anonymous(&app, &only(|q| q.field = Some(Field::Education))).await), ["Atelier Public"]);
        assert!(anonymous(&app, &only(|q| q.field = Some(Field::Health))).await.activities.is_empty());
        let of = |id: AssociationId| CalendarQuery { association: Some(id), ..q.clone() };
        assert_eq!(titles(&anonymous(&app, &of(w.lead.id)).await), ["Atelier Public"]);
        assert!(anonymous(&app, &of(w.partner.id)).await.activities.is_empty());
        // A window that ends before the activity, or starts after it, does not list it.
        let before = day.pred_opt().unwrap();
        assert!(anonymous(&app, &CalendarQuery { from: Some(before), to: Some(before), ..q.clone() }).await.activities.is_empty());

        // A new activity with places, written through this instance: read at once here, and soon
        // through the other.
        let as_lead = app.as_user(&w.lead_owner);
        let forum = ActivityInput { capacity: Some(10), ..activity("Forum", true) };
        let forum = as_lead.call::<CreateActivity>(w.public.summary.id, &forum).await.unwrap();
        assert_eq!(titles(&anonymous(&app, &q).await), ["Atelier Public", "Forum"]);
        let seen = eventually(&other, &q, |c| c.activities.len() == 2).await;
        assert_eq!(titles(&seen), ["Atelier Public", "Forum"]);
        assert_eq!(find(&seen, forum.id).registration.as_ref().map(|r| r.registered), Some(0));
        // A registration changes the count; an activity that is not public stays out.
        app.as_user(&w.outsider).call::<RegisterForActivity>(forum.id, &()).await.unwrap();
        let hidden = as_lead.call::<CreateActivity>(w.public.summary.id, &activity("Réunion interne", false)).await.unwrap();
        let seen = anonymous(&app, &q).await;
        assert_eq!(find(&seen, forum.id).registration.as_ref().map(|r| r.registered), Some(1));
        assert!(!seen.activities.iter().any(|a| a.id == hidden.id));
        let registered = |c: &Calendar| find(c, forum.id).registration.as_ref().map(|r| r.registered) == Some(1);
        assert!(registered(&eventually(&other, &q, registered).await));
        // The project's new title and the association's new name.
        let renamed = project(w.lead.id, "Public renommé", ProjectVisibility::Public);
        as_lead.call::<UpdateProject>(w.public.summary.id, &renamed).await.unwrap();
        let name = UpdateAssociation { name: Some(fr("Nouveau nom")), ..Default::default() };
        as_lead.call::<UpdateAssociationEndpoint>(w.lead.id, &name).await.unwrap();
        let named = |c: &Calendar| {
            c.activities.iter().all(|a| {
                a.project_title.fr.as_deref() == Some("Public renommé")
                    && a.association_name.fr.as_deref() == Some("Nouveau nom")
            })
        };
        assert!(named(&anonymous(&app, &q).await));
        assert!(named(&eventually(&other, &q, named).await));
        // A cancellation is kept and marked; a changed time moves the activity out of the window.
        as_lead.call::<CancelActivity>(forum.id, &()).await.unwrap();
        assert!(find(&anonymous(&app, &q).await, forum.id).cancelled);
        assert!(find(&eventually(&other, &q, |c| find(c, forum.id).cancelled).await, forum.id).cancelled);
        let moved = ActivityInput {
            start: later(10) + chrono::TimeDelta::days(3),
            end: later(12) + chrono::TimeDelta::days(3),
            ..activity("Atelier Public", true)
        };
        as_lead.call::<UpdateActivity>(w.activities[0].id, &moved).await.unwrap();
        assert_eq!(titles(&anonymous(&app, &q).await), ["Forum"]);
        // Still the database's JSON after all that.
        eventually(&other, &q, |c| c.activities.len() == 1).await;
        let from_database = raw(&app, &CalendarQuery { project: Some(w.public.summary.id), ..q.clone() }).await;
        assert_eq!(raw(&app, &q).await, from_database);
        assert_eq!(raw(&other, &q).await, from_database);
        // The project leaves the public: its activities leave the public calendar.
        let network = project(w.lead.id, "Public renommé", ProjectVisibility::Network);
        as_lead.call::<UpdateProject>(w.public.summary.id, &network).await.unwrap();
        assert!(anonymous(&app, &q).await.activities.is_empty());
        assert!(eventually(&other, &q, |c| c.activities.is_empty()).await.activities.is_empty());
        // Every change was given a version as its transaction ended.
        assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM calendar_changes WHERE version = 0"), 0);
    }

    async fn a_change_written_outside_the_server_reaches_the_calendar_within_a_second(app) {
        let w = world(&app).await;
        let day = later(0).date();
        let q = CalendarQuery { from: Some(day), to: Some(day), ..Default::default() };
        assert_eq!(titles(&anonymous(&app, &q).await), ["Atelier Public"]);
        // A script's statement, outside any of the server's transactions: its trigger's note has no
        // version until a reader gives it one.
        app.sql(format!("UPDATE activities SET title_fr = 'Atelier du soir' WHERE id = '{}'", w.activities[0].id)).await;
        assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM calendar_changes WHERE version = 0"), 1);
        let seen = eventually(&app, &q, |c| titles(c) == ["Atelier du soir"]).await;
        assert_eq!(titles(&seen), ["Atelier du soir"]);
        assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM calendar_changes WHERE version = 0"), 0);
    }
}

/// Anonymous calendar reads are counted per address in batches: one instance refuses exactly at the
/// limit, and a second instance on the same database lets through less than one batch (20) more
/// before it refuses too.
#[tokio::test]
async fn anonymous_calendar_reads_are_limited_across_two_instances() {
    let limit = [("MADANI_CALENDAR_READS_PER_MINUTE", "30")];
    let Some(app) = TestApp::spawn_with(madani_tests::Backend::Postgres, &limit).await else { return };
    let other = app.spawn_beside_with(&limit).await;
    let status = |instance: &TestApp| {
        let request = instance.http.get(instance.url("/api/v1/calendar"));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    // One instance alone: exactly 30.
    let mut alone = Vec::new();
    for _ in 0..31 {
        alone.push(status(&app).await);
    }
    assert_eq!(alone.iter().filter(|s| **s == 200).count(), 30, "{alone:?}");
    assert_eq!(alone.last(), Some(&429));
    // The other instance reads the shared count on its first hit for this address: it lets
    // through at most the hits the first one had not added yet (fewer than a batch), then refuses.
    let mut beside = Vec::new();
    for _ in 0..25 {
        beside.push(status(&other).await);
    }
    let through = beside.iter().take_while(|s| **s == 200).count();
    assert!(through < 20, "{beside:?}");
    assert!(beside[through..].iter().all(|s| *s == 429), "{beside:?}");
    assert_eq!(status(&app).await, 429);
}
