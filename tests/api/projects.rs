//! Projects over HTTP, on both backends: who sees a project (public, network, private) in lists,
//! pages, calendars, feeds and the IATI file; who edits and who posts updates; milestones and
//! progress; followers told of updates; the input rules.

use madani_shared::associations::{Association, Field, Notification};
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::ids::*;
use madani_shared::page::PageQuery;
use madani_shared::projects::*;
use madani_shared::{ErrorCode, LocalizedText};
use madani_tests::{AssociationBuilder, TestApp, both_backends, fr, problem};

pub(crate) fn project(lead: AssociationId, title: &str, visibility: ProjectVisibility) -> ProjectInput {
    ProjectInput {
        association_id: lead,
        title: fr(title),
        summary: fr("Un résumé."),
        description: fr("Une **description**."),
        status: ProjectStatus::Implementation,
        visibility,
        country: Country::Dz,
        wilayas: vec!["06".into()],
        communes: vec![158],
        fields: vec![Field::Education],
        budget: Some(2_500_000),
        currency: Currency::Dzd,
        funders: vec![Funder { name: "Ministère".into(), amount: Some(2_000_000) }],
        planned_start: chrono::NaiveDate::from_ymd_opt(2027, 1, 15),
        planned_end: chrono::NaiveDate::from_ymd_opt(2027, 12, 31),
        actual_start: None,
        actual_end: None,
        partners: Vec::new(),
    }
}

/// A day 100 days from now, at `hour`:00 on the wall clock.
pub(crate) fn later(hour: u32) -> chrono::NaiveDateTime {
    (chrono::Utc::now() + chrono::TimeDelta::days(100)).date_naive().and_hms_opt(hour, 0, 0).unwrap()
}

pub(crate) fn activity(title: &str, public: bool) -> ActivityInput {
    ActivityInput {
        title: fr(title),
        description: fr("Venez nombreux ; apportez vos idées, vos questions."),
        time_zone: None,
        all_day: false,
        start: later(10),
        end: later(12),
        commune_id: Some(158),
        address: Some("Maison de la culture".into()),
        online_url: None,
        public,
        capacity: None,
        waitlist: false,
    }
}

/// A lead association (owner, one member), a partner (owner, one member), an outsider with an
/// association of their own, and three projects of the lead: public, network and private, each
/// with a public activity; the partner is a partner of the network and private ones.
pub(crate) struct World {
    pub lead_owner: TokenResponse,
    pub lead_member: TokenResponse,
    pub partner_owner: TokenResponse,
    pub partner_member: TokenResponse,
    pub outsider: TokenResponse,
    pub lead: Association,
    pub partner: Association,
    pub public: Project,
    pub network: Project,
    pub private: Project,
    pub activities: [Activity; 3],
}

pub(crate) async fn world(app: &TestApp) -> World {
    let admin = app.admin("admin@madani.test").await;
    let lead_owner = app.member("lead@example.org").await;
    let lead_member = app.member("lead.member@example.org").await;
    let partner_owner = app.member("partner@example.org").await;
    let partner_member = app.member("partner.member@example.org").await;
    let outsider = app.member("outsider@example.org").await;
    let lead =
        AssociationBuilder::new(&lead_owner).members(&[&lead_member]).verified_by(&admin).expect_build(app).await;
    let partner =
        AssociationBuilder::new(&partner_owner).members(&[&partner_member]).verified_by(&admin).expect_build(app).await;
    AssociationBuilder::new(&outsider).verified_by(&admin).expect_build(app).await;
    let as_lead = app.as_user(&lead_owner);
    let with_partner = |mut p: ProjectInput| {
        p.partners = vec![PartnerInput {
            association_id: Some(partner.id),
            institution_id: None,
            role: PartnerRole::Implementing,
        }];
        p
    };
    let public =
        as_lead.call::<CreateProject>((), &project(lead.id, "Public", ProjectVisibility::Public)).await.unwrap();
    let network = as_lead
        .call::<CreateProject>((), &with_partner(project(lead.id, "Réseau", ProjectVisibility::Network)))
        .await
        .unwrap();
    let private = as_lead
        .call::<CreateProject>((), &with_partner(project(lead.id, "Privé", ProjectVisibility::Private)))
        .await
        .unwrap();
    let mut made = Vec::new();
    for p in [&public, &network, &private] {
        made.push(
            as_lead
                .call::<CreateActivity>(
                    p.summary.id,
                    &activity(&format!("Atelier {}", p.summary.title.fr.clone().unwrap()), true),
                )
                .await
                .unwrap(),
        );
    }
    let activities: [Activity; 3] = made.try_into().unwrap();
    World {
        lead_owner,
        lead_member,
        partner_owner,
        partner_member,
        outsider,
        lead,
        partner,
        public,
        network,
        private,
        activities,
    }
}

async fn titles(app: &TestApp, who: Option<&TokenResponse>) -> Vec<String> {
    let client = who.map_or(app.client.clone(), |t| app.as_user(t));
    let mut t: Vec<String> = client
        .call::<ListProjects>((), &ListProjectsQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.title.fr.unwrap_or_default())
        .collect();
    t.sort();
    t
}

async fn calendar_titles(app: &TestApp, who: Option<&TokenResponse>) -> Vec<String> {
    let client = who.map_or(app.client.clone(), |t| app.as_user(t));
    let day = later(0).date();
    let q = CalendarQuery { from: Some(day), to: Some(day), ..Default::default() };
    let mut t: Vec<String> = client
        .call::<GetCalendar>((), &q)
        .await
        .unwrap()
        .activities
        .into_iter()
        .map(|a| a.title.fr.unwrap_or_default())
        .collect();
    t.sort();
    t
}

both_backends! {
    async fn who_sees_a_project_depends_on_its_visibility_everywhere(app) {
        let w = world(&app).await;
        let all = vec!["Privé".to_owned(), "Public".into(), "Réseau".into()];
        // Lists.
        assert_eq!(titles(&app, None).await, vec!["Public"]);
        assert_eq!(titles(&app, Some(&w.outsider)).await, vec!["Public"]);
        assert_eq!(titles(&app, Some(&w.partner_member)).await, vec!["Public", "Réseau"]);
        assert_eq!(titles(&app, Some(&w.lead_member)).await, all);
        let of_lead = app.as_user(&w.outsider).call::<ListAssociationProjects>(w.lead.id, &ListProjectsQuery::default()).await.unwrap();
        assert_eq!(of_lead.items.len(), 1);
        // Pages: 404, as if they did not exist.
        for (who, id) in [(&w.outsider, w.network.summary.id), (&w.outsider, w.private.summary.id), (&w.partner_member, w.private.summary.id)] {
            assert_eq!(problem(app.as_user(who).call::<GetProject>(id, &()).await).code, ErrorCode::NotFound);
            assert_eq!(problem(app.as_user(who).call::<ListProjectActivities>(id, &()).await).code, ErrorCode::NotFound);
        }
        assert_eq!(problem(app.client.call::<GetActivity>(w.activities[1].id, &()).await).code, ErrorCode::NotFound);
        let seen = app.as_user(&w.partner_member).call::<GetProject>(w.network.summary.id, &()).await.unwrap();
        assert!(seen.viewer.member && !seen.viewer.editor && !seen.viewer.poster);
        // Calendars.
        assert_eq!(calendar_titles(&app, None).await, vec!["Atelier Public"]);
        assert_eq!(calendar_titles(&app, Some(&w.outsider)).await, vec!["Atelier Public"]);
        assert_eq!(calendar_titles(&app, Some(&w.partner_member)).await, vec!["Atelier Public", "Atelier Réseau"]);
        assert_eq!(calendar_titles(&app, Some(&w.lead_member)).await.len(), 3);
        // Feeds carry public projects' activities only.
        let feed = app.http.get(app.url("/api/v1/calendar.ics")).send().await.unwrap().text().await.unwrap();
        assert!(feed.contains(&format!("activity-{}@", w.activities[0].id)));
        assert!(!feed.contains(&w.activities[1].id.to_string()) && !feed.contains(&w.activities[2].id.to_string()));
        let r = app.http.get(app.url(&format!("/api/v1/projects/{}/calendar.ics", w.network.summary.id))).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);
        // The IATI file holds the public project only.
        let xml = app.http.get(app.url(&format!("/api/v1/associations/{}/projects/iati.xml", w.lead.id))).send().await.unwrap().text().await.unwrap();
        assert!(xml.contains(&w.public.summary.id.to_string()));
        assert!(!xml.contains(&w.network.summary.id.to_string()) && !xml.contains(&w.private.summary.id.to_string()));
    }

    async fn partners_post_updates_the_lead_edits_and_followers_are_told(app) {
        let w = world(&app).await;
        let id = w.network.summary.id;
        // A partner's officer posts, signed with the partner; they cannot edit.
        let body = NewProjectUpdate { body: "Les **ateliers** ont commencé.".into(), milestone_id: None };
        let posted = app.as_user(&w.partner_owner).call::<PostProjectUpdate>(id, &body).await.unwrap();
        assert_eq!(posted.association_id, w.partner.id);
        assert!(posted.body_html.contains("<strong>ateliers</strong>"));
        let mut edit = project(w.lead.id, "Réseau renommé", ProjectVisibility::Network);
        edit.partners = vec![PartnerInput { association_id: Some(w.partner.id), institution_id: None, role: PartnerRole::Implementing }];
        assert_eq!(problem(app.as_user(&w.partner_owner).call::<UpdateProject>(id, &edit).await).code, ErrorCode::NotOfficer);
        assert_eq!(problem(app.as_user(&w.partner_owner).call::<CreateMilestone>(id, &milestone("M", 1)).await).code, ErrorCode::NotOfficer);
        assert_eq!(problem(app.as_user(&w.partner_owner).call::<CancelActivity>(w.activities[1].id, &()).await).code, ErrorCode::NotOfficer);
        // A partner's plain member, or the lead's, posts nothing.
        assert_eq!(problem(app.as_user(&w.partner_member).call::<PostProjectUpdate>(id, &body).await).code, ErrorCode::NotProjectPartner);
        assert_eq!(problem(app.as_user(&w.lead_member).call::<PostProjectUpdate>(id, &body).await).code, ErrorCode::NotProjectPartner);
        // An outsider may not touch what they cannot see.
        assert_eq!(problem(app.as_user(&w.outsider).call::<PostProjectUpdate>(id, &body).await).code, ErrorCode::NotFound);
        assert_eq!(problem(app.as_user(&w.outsider).call::<FollowProject>(id, &()).await).code, ErrorCode::NotFound);
        // The lead edits; the lead itself cannot change.
        let edited = app.as_user(&w.lead_owner).call::<UpdateProject>(id, &edit).await.unwrap();
        assert_eq!(edited.summary.title, fr("Réseau renommé"));
        let mut moved = edit.clone();
        moved.association_id = w.partner.id;
        let p = problem(app.as_user(&w.lead_owner).call::<UpdateProject>(id, &moved).await);
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code.as_str()), ("association_id", "fixed"));
        // Followers (not the author) are told of an update, naming the project.
        let public = w.public.summary.id;
        let followed = app.as_user(&w.outsider).call::<FollowProject>(public, &()).await.unwrap();
        assert!(followed.viewer.following);
        assert_eq!(followed.follower_count, 1);
        app.as_user(&w.lead_owner).call::<PostProjectUpdate>(public, &body).await.unwrap();
        let told: Vec<Notification> = app.as_user(&w.outsider).call::<ListMyNotifications>((), &()).await.unwrap();
        let n = told.iter().find(|n| n.kind == "project.update").expect("a notification");
        assert_eq!(n.project_id, Some(public));
        assert_eq!(n.project_title, Some(fr("Public")));
        let updates = app.client.call::<ListProjectUpdates>(public, &PageQuery::default()).await.unwrap();
        assert_eq!(updates.items.len(), 1);
        let unfollowed = app.as_user(&w.outsider).call::<UnfollowProject>(public, &()).await.unwrap();
        assert!(!unfollowed.viewer.following);
    }

    async fn progress_comes_from_weighted_milestones(app) {
        let w = world(&app).await;
        let id = w.public.summary.id;
        let as_lead = app.as_user(&w.lead_owner);
        let first = as_lead.call::<CreateMilestone>(id, &milestone("Recrutement", 1)).await.unwrap();
        let mut late = milestone("Bilan", 3);
        late.due_on = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let second = as_lead.call::<CreateMilestone>(id, &late).await.unwrap();
        assert!(second.overdue && !first.overdue);
        assert_eq!(app.client.call::<GetProject>(id, &()).await.unwrap().summary.progress, 0);
        late.done_on = chrono::NaiveDate::from_ymd_opt(2020, 2, 1);
        let done = as_lead.call::<UpdateMilestone>((id, second.id), &late).await.unwrap();
        assert!(!done.overdue);
        let page = app.client.call::<GetProject>(id, &()).await.unwrap();
        assert_eq!(page.summary.progress, 75);
        assert_eq!(page.milestones.iter().map(|m| m.title.fr.clone().unwrap()).collect::<Vec<_>>(), vec!["Bilan", "Recrutement"]);
        let listed = app.client.call::<ListProjects>((), &ListProjectsQuery::default()).await.unwrap();
        assert_eq!(listed.items.iter().find(|p| p.id == id).unwrap().progress, 75);
        // An update tied to a milestone of another project is refused.
        let other = as_lead.call::<CreateMilestone>(w.network.summary.id, &milestone("Ailleurs", 1)).await.unwrap();
        let bad = NewProjectUpdate { body: "Fait.".into(), milestone_id: Some(other.id) };
        let p = problem(as_lead.call::<PostProjectUpdate>(id, &bad).await);
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code.as_str()), ("milestone_id", "unknown"));
        as_lead.call::<DeleteMilestone>((id, first.id), &()).await.unwrap();
        assert_eq!(problem(as_lead.call::<DeleteMilestone>((w.network.summary.id, second.id), &()).await).code, ErrorCode::NotFound);
        assert_eq!(app.client.call::<GetProject>(id, &()).await.unwrap().summary.progress, 100);
    }

    async fn bad_input_names_the_field(app) {
        let w = world(&app).await;
        let as_lead = app.as_user(&w.lead_owner);
        let field_of = |p: madani_shared::Problem| (p.errors[0].field.clone(), p.errors[0].code.clone());
        let mut p = project(w.lead.id, "X", ProjectVisibility::Public);
        p.planned_end = chrono::NaiveDate::from_ymd_opt(2026, 1, 1);
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)), ("planned_end".into(), "range".into()));
        let mut p = project(w.lead.id, "X", ProjectVisibility::Public);
        p.partners = vec![PartnerInput { association_id: Some(w.partner.id), institution_id: Some(InstitutionId(uuid::Uuid::nil())), role: PartnerRole::Funding }];
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)), ("partners[0]".into(), "invalid".into()));
        p.partners = vec![PartnerInput { association_id: Some(w.lead.id), institution_id: None, role: PartnerRole::Funding }];
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)), ("partners[0]".into(), "invalid".into()));
        p.partners = vec![PartnerInput { association_id: Some(AssociationId(uuid::Uuid::nil())), institution_id: None, role: PartnerRole::Funding }];
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)), ("partners".into(), "unknown".into()));
        let mut p = project(w.lead.id, "X", ProjectVisibility::Public);
        p.communes = vec![999_999];
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)), ("communes".into(), "unknown".into()));
        let mut p = project(w.lead.id, "X", ProjectVisibility::Public);
        p.title = LocalizedText::default();
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)).0, "title");
        p.title = fr("X");
        p.wilayas = vec!["99".into()];
        assert_eq!(field_of(problem(as_lead.call::<CreateProject>((), &p).await)).0, "wilayas");
        // Someone else's association cannot lead a project of mine.
        let p = project(w.partner.id, "X", ProjectVisibility::Public);
        assert_eq!(problem(as_lead.call::<CreateProject>((), &p).await).code, ErrorCode::NotOfficer);
        // An activity's end, place and address.
        let mut a = activity("A", true);
        a.end = a.start - chrono::TimeDelta::hours(1);
        assert_eq!(field_of(problem(as_lead.call::<CreateActivity>(w.public.summary.id, &a).await)), ("end".into(), "range".into()));
        a.end = a.start + chrono::TimeDelta::days(100);
        assert_eq!(field_of(problem(as_lead.call::<CreateActivity>(w.public.summary.id, &a).await)), ("end".into(), "range".into()));
        let mut a = activity("A", true);
        a.commune_id = Some(999_999);
        assert_eq!(field_of(problem(as_lead.call::<CreateActivity>(w.public.summary.id, &a).await)), ("commune_id".into(), "unknown".into()));
        let mut a = activity("A", true);
        a.online_url = Some("javascript:alert(1)".into());
        assert_eq!(field_of(problem(as_lead.call::<CreateActivity>(w.public.summary.id, &a).await)).0, "online_url");
        // A calendar spans at most 92 days: a longer window is cut, an inverted one is its first day.
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d);
        let q = CalendarQuery { from: day(1, 1), to: day(6, 1), ..Default::default() };
        let cut = app.client.call::<GetCalendar>((), &q).await.unwrap();
        assert_eq!((Some(cut.from), Some(cut.to)), (day(1, 1), day(4, 2)), "92 days, both ends included");
        let q = CalendarQuery { from: day(3, 1), to: day(2, 1), ..Default::default() };
        let inverted = app.client.call::<GetCalendar>((), &q).await.unwrap();
        assert_eq!((Some(inverted.from), Some(inverted.to)), (day(3, 1), day(3, 1)));
        let q = CalendarQuery { to: day(2, 10), ..Default::default() };
        let only_to = app.client.call::<GetCalendar>((), &q).await.unwrap();
        assert_eq!((Some(only_to.from), Some(only_to.to)), (day(2, 1), day(2, 10)));
        // Nothing half-written: the refused project is not listed.
        assert_eq!(titles(&app, Some(&w.lead_owner)).await.len(), 3);
    }
}

pub(crate) fn milestone(title: &str, weight: u32) -> MilestoneInput {
    MilestoneInput { title: fr(title), due_on: later(0).date(), weight, done_on: None }
}
