//! Circles over HTTP, on both backends: who creates them and who observes them (read only), the
//! directory (filters, order, paging; invite circles hidden from outsiders and anonymous visitors),
//! joining by each policy, requests and invitations, roles and the last moderator, and what a
//! removed member loses. Threads, posts and moderation are in `circle_threads.rs`.

use std::fmt::Debug;

use madani_shared::associations::{Field, Notification};
use madani_shared::auth::TokenResponse;
use madani_shared::circles::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CircleId, ThreadId, UserId};
use madani_shared::page::PageQuery;
use madani_shared::{Client, ClientError, ErrorCode};
use madani_tests::{TestApp, both_backends, fr, problem};

use crate::consultations::institution;

pub(crate) const NOT_FOUND: (u16, ErrorCode) = (404, ErrorCode::NotFound);

/// Souad administers Madani; Nadia manages a ministry (institution staff); Amina, Bilal, Chafia and
/// Driss are plain members.
pub(crate) struct Cast {
    pub admin: TokenResponse,
    pub nadia: TokenResponse,
    pub amina: TokenResponse,
    pub bilal: TokenResponse,
    pub chafia: TokenResponse,
    pub driss: TokenResponse,
}

pub(crate) async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin("souad@madani.test").await;
    let nadia = app.member("nadia@ministere.example").await;
    institution(app, &admin, &nadia, "Ministère de la Jeunesse").await;
    let amina = app.member("amina@example.org").await;
    let bilal = app.member("bilal@example.org").await;
    let chafia = app.member("chafia@example.org").await;
    let driss = app.member("driss@example.org").await;
    Cast { admin, nadia, amina, bilal, chafia, driss }
}

pub(crate) fn circle(name: &str, policy: JoinPolicy) -> NewCircle {
    NewCircle {
        name: fr(name),
        description: Default::default(),
        fields: vec![],
        wilaya: None,
        policy,
        observers_allowed: false,
    }
}

pub(crate) async fn create(app: &TestApp, who: &TokenResponse, body: &NewCircle) -> Circle {
    app.as_user(who).call::<CreateCircle>((), body).await.expect("create a circle")
}

pub(crate) async fn join(app: &TestApp, who: &TokenResponse, id: CircleId) -> Circle {
    app.as_user(who).call::<JoinCircleCall>(id, &JoinCircle::default()).await.expect("join a circle")
}

pub(crate) fn opening(title: &str, body: &str) -> NewThread {
    NewThread::new(title, body)
}

pub(crate) fn post(body: &str) -> NewPost {
    NewPost::new(body)
}

pub(crate) async fn start_thread(app: &TestApp, who: &TokenResponse, id: CircleId, body: &NewThread) -> CircleThread {
    app.as_user(who).call::<StartThread>(id, body).await.expect("start a thread").thread
}

/// The typed client as `who`, or anonymous.
pub(crate) fn reader(app: &TestApp, who: Option<&TokenResponse>) -> Client {
    who.map_or_else(|| app.client.clone(), |t| app.as_user(t))
}

pub(crate) async fn thread_ids(
    app: &TestApp,
    who: Option<&TokenResponse>,
    id: CircleId,
    q: Option<&str>,
) -> Vec<ThreadId> {
    let query = ThreadsQuery { q: q.map(Into::into), ..Default::default() };
    let page = reader(app, who).call::<ListThreads>(id, &query).await.expect("threads");
    page.items.into_iter().map(|t| t.id).collect()
}

/// `who`'s notifications of `kind`.
pub(crate) async fn notes(app: &TestApp, who: &TokenResponse, kind: &str) -> Vec<Notification> {
    let all = app.as_user(who).call::<ListMyNotifications>((), &()).await.expect("notifications");
    all.into_iter().filter(|n| n.kind == kind).collect()
}

/// The status and code of a refusal.
pub(crate) fn refused<T: Debug>(result: Result<T, ClientError>) -> (u16, ErrorCode) {
    let p = problem(result);
    (p.status, p.code)
}

/// A 422 naming `field` with `code`.
#[track_caller]
pub(crate) fn assert_invalid<T: Debug>(result: Result<T, ClientError>, field: &str, code: &str) {
    let p = problem(result);
    assert_eq!((p.status, p.field(field).map(|e| e.code.as_str())), (422, Some(code)), "{p:?}");
}

async fn listed(app: &TestApp, who: Option<&TokenResponse>, query: &CirclesQuery) -> Vec<CircleId> {
    let page = reader(app, who).call::<ListCircles>((), query).await.expect("circles");
    page.items.into_iter().map(|c| c.id).collect()
}

async fn members(app: &TestApp, who: &TokenResponse, id: CircleId) -> Vec<(UserId, CircleRole)> {
    let page = app.as_user(who).call::<ListCircleMembers>(id, &CircleMembersQuery::default()).await.expect("members");
    page.items.into_iter().map(|m| (m.user_id, m.role)).collect()
}

fn role(role: AssignableRole) -> ChangeCircleRole {
    ChangeCircleRole { role }
}

both_backends! {
    async fn staff_create_circles_and_observe_them_read_only(app) {
        let c = cast(&app).await;
        let omar = app.member("omar@wilaya-oran.example").await;
        institution(&app, &c.admin, &omar, "Direction de la jeunesse d'Oran").await;

        // A plain member creates no circle; institution staff do (201) and are its first moderator.
        let body = NewCircle { observers_allowed: true, ..circle("Jeunesse et engagement", JoinPolicy::Request) };
        let denied = refused(app.as_user(&c.amina).call::<CreateCircle>((), &body).await);
        assert_eq!(denied, (403, ErrorCode::NotInstitutionStaff));
        let request = app.http.post(app.url("/api/v1/circles")).bearer_auth(&c.nadia.access_token).json(&body);
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let made: Circle = response.json().await.unwrap();
        assert_eq!((made.standing, made.member_count, made.thread_count), (Some(CircleStanding::Moderator), 1, 0));
        let by_admin = create(&app, &c.admin, &circle("Cercle de l'observatoire", JoinPolicy::Open)).await;
        assert_eq!(by_admin.standing, Some(CircleStanding::Moderator));
        let unnamed = NewCircle { name: Default::default(), ..body.clone() };
        assert_invalid(app.as_user(&c.nadia).call::<CreateCircle>((), &unnamed).await, "name", "required");

        // Omar, staff of another institution, observes at once although the circle takes requests.
        let observe = JoinCircle { observer: true };
        let seen = app.as_user(&omar).call::<JoinCircleCall>(made.id, &observe).await.unwrap();
        assert_eq!((seen.standing, seen.member_count), (Some(CircleStanding::Observer), 2));
        assert!(members(&app, &c.nadia, made.id).await.contains(&(omar.user.id, CircleRole::Observer)));
        // A plain member cannot observe; a circle without observers takes none.
        let denied = refused(app.as_user(&c.amina).call::<JoinCircleCall>(made.id, &observe).await);
        assert_eq!(denied, (403, ErrorCode::NotInstitutionStaff));
        let closed = create(&app, &c.nadia, &circle("Sans observateurs", JoinPolicy::Open)).await;
        let denied = refused(app.as_user(&omar).call::<JoinCircleCall>(closed.id, &observe).await);
        assert_eq!(denied, (403, ErrorCode::ObserversNotAllowed));

        // The observer reads threads and posts, and writes nothing.
        let t = start_thread(&app, &c.nadia, made.id, &opening("Appel à projets", "Les dossiers sont ouverts.")).await;
        assert_eq!(thread_ids(&app, Some(&omar), made.id, None).await, [t.id]);
        assert_eq!(app.as_user(&omar).call::<ListPosts>(t.id, &PageQuery::default()).await.unwrap().items.len(), 1);
        let omar_client = app.as_user(&omar);
        let ro = (403, ErrorCode::CircleReadOnly);
        assert_eq!(refused(omar_client.call::<StartThread>(made.id, &opening("Question", "Une question")).await), ro);
        assert_eq!(refused(omar_client.call::<ReplyCall>(t.id, &post("Merci")).await), ro);

        // An administrator reads every circle but writes only where a member.
        assert_eq!(thread_ids(&app, Some(&c.admin), made.id, None).await, [t.id]);
        let admin = app.as_user(&c.admin);
        let not_member = (403, ErrorCode::NotCircleMember);
        assert_eq!(refused(admin.call::<StartThread>(made.id, &opening("Annonce", "Bonjour")).await), not_member);
        assert_eq!(refused(admin.call::<ReplyCall>(t.id, &post("Bonjour")).await), not_member);
        assert_eq!(app.as_user(&c.nadia).call::<GetThread>(t.id, &()).await.unwrap().thread.reply_count, 0);
    }

    async fn the_directory_filters_orders_and_hides_invite_circles(app) {
        let c = cast(&app).await;
        let youth = NewCircle {
            fields: vec![Field::Youth],
            wilaya: Some("16".into()),
            description: fr("Méthodes et partenariats entre associations"),
            ..circle("Jeunesse et engagement", JoinPolicy::Open)
        };
        let youth = create(&app, &c.nadia, &youth).await;
        let heritage = NewCircle {
            fields: vec![Field::Heritage],
            wilaya: Some("06".into()),
            ..circle("Patrimoine de Béjaïa", JoinPolicy::Request)
        };
        let heritage = create(&app, &c.nadia, &heritage).await;
        let secret = NewCircle { fields: vec![Field::Youth], ..circle("Cercle restreint", JoinPolicy::Invite) };
        let secret = create(&app, &c.nadia, &secret).await;

        // Latest activity first; the invite circle for its moderator and administrators only.
        let all = CirclesQuery::default();
        assert_eq!(listed(&app, None, &all).await, [heritage.id, youth.id]);
        assert_eq!(listed(&app, Some(&c.amina), &all).await, [heritage.id, youth.id]);
        assert_eq!(listed(&app, Some(&c.nadia), &all).await, [secret.id, heritage.id, youth.id]);
        assert_eq!(listed(&app, Some(&c.admin), &all).await, [secret.id, heritage.id, youth.id]);

        // Words match the start of folded words of the name or the description.
        let q = |text: &str| CirclesQuery { q: Some(text.into()), ..Default::default() };
        assert_eq!(listed(&app, None, &q("jeun")).await, [youth.id]);
        assert_eq!(listed(&app, None, &q("bejaia")).await, [heritage.id]);
        assert_eq!(listed(&app, None, &q("PATRI béja")).await, [heritage.id]);
        assert_eq!(listed(&app, None, &q("partenariat")).await, [youth.id], "the description counts");
        assert!(listed(&app, None, &q("oran")).await.is_empty());
        assert!(listed(&app, None, &q("jeunesse oran")).await.is_empty(), "every word must match");
        assert!(listed(&app, Some(&c.driss), &q("restreint")).await.is_empty(), "hidden from outsiders");
        assert_eq!(listed(&app, Some(&c.nadia), &q("restreint")).await, [secret.id]);
        let field = CirclesQuery { field: Some(Field::Youth), ..Default::default() };
        assert_eq!(listed(&app, None, &field).await, [youth.id]);
        assert_eq!(listed(&app, Some(&c.nadia), &field).await, [secret.id, youth.id]);
        let wilaya = CirclesQuery { wilaya: Some("06".into()), ..Default::default() };
        assert_eq!(listed(&app, None, &wilaya).await, [heritage.id]);

        // Mine: the circles one belongs to or asked to join.
        join(&app, &c.amina, heritage.id).await;
        let mine = CirclesQuery { mine: Some(true), ..Default::default() };
        let page = app.as_user(&c.amina).call::<ListCircles>((), &mine).await.unwrap();
        let standings: Vec<_> = page.items.iter().map(|x| (x.id, x.standing)).collect();
        assert_eq!(standings, [(heritage.id, Some(CircleStanding::Requested))]);
        assert!(listed(&app, Some(&c.bilal), &mine).await.is_empty());

        // Pages follow each other without repeating.
        let one = CirclesQuery { limit: Some(1), ..Default::default() };
        let first = app.client.call::<ListCircles>((), &one).await.unwrap();
        assert_eq!(first.items.iter().map(|x| x.id).collect::<Vec<_>>(), [heritage.id]);
        let next = CirclesQuery { limit: Some(1), cursor: first.next_cursor.clone(), ..Default::default() };
        assert!(next.cursor.is_some());
        assert_eq!(listed(&app, None, &next).await, [youth.id]);

        // A new thread brings its circle up.
        start_thread(&app, &c.nadia, youth.id, &opening("Rentrée", "Programme de l'année")).await;
        assert_eq!(listed(&app, None, &all).await, [youth.id, heritage.id]);
    }

    async fn an_invite_circle_is_hidden_from_all_but_its_people(app) {
        let c = cast(&app).await;
        let secret = create(&app, &c.nadia, &circle("Cercle restreint", JoinPolicy::Invite)).await;
        let t = start_thread(&app, &c.nadia, secret.id, &opening("Ordre du jour", "Points à traiter")).await;

        // Driss, and anonymous visitors, know nothing of it: neither its card, threads or posts, nor a way in.
        for who in [Some(&c.driss), None] {
            let client = reader(&app, who);
            assert_eq!(refused(client.call::<GetCircle>(secret.id, &()).await), NOT_FOUND);
            assert_eq!(refused(client.call::<ListThreads>(secret.id, &ThreadsQuery::default()).await), NOT_FOUND);
            assert_eq!(refused(client.call::<GetThread>(t.id, &()).await), NOT_FOUND);
            assert_eq!(refused(client.call::<ListPosts>(t.id, &PageQuery::default()).await), NOT_FOUND);
        }
        let driss = app.as_user(&c.driss);
        assert_eq!(refused(driss.call::<StartThread>(secret.id, &opening("Intrus", "Bonjour")).await), NOT_FOUND);
        assert_eq!(refused(driss.call::<ReplyCall>(t.id, &post("Bonjour")).await), NOT_FOUND);
        assert_eq!(refused(driss.call::<JoinCircleCall>(secret.id, &JoinCircle::default()).await), NOT_FOUND);
        // Administrators read it.
        assert_eq!(thread_ids(&app, Some(&c.admin), secret.id, None).await, [t.id]);

        // Nadia invites Driss (twice: nothing changes), who is told and then sees the circle.
        let nadia = app.as_user(&c.nadia);
        let invite = InviteToCircle { user_id: c.driss.user.id };
        let pending = nadia.call::<InviteToCircleCall>(secret.id, &invite).await.unwrap();
        assert_eq!((pending.user_id, pending.standing), (c.driss.user.id, CircleStanding::Invited));
        nadia.call::<InviteToCircleCall>(secret.id, &invite).await.unwrap();
        assert_eq!(nadia.call::<ListCirclePending>(secret.id, &()).await.unwrap().len(), 1);
        let told = notes(&app, &c.driss, "circle.invited").await;
        assert_eq!(told.iter().map(|n| n.circle_id).collect::<Vec<_>>(), [Some(secret.id)]);
        assert_eq!(driss.call::<GetCircle>(secret.id, &()).await.unwrap().standing, Some(CircleStanding::Invited));
        let mine = CirclesQuery { mine: Some(true), ..Default::default() };
        assert_eq!(listed(&app, Some(&c.driss), &mine).await, [secret.id]);
        // Unknown accounts are refused.
        let ghost = InviteToCircle { user_id: UserId(uuid::Uuid::now_v7()) };
        assert_invalid(nadia.call::<InviteToCircleCall>(secret.id, &ghost).await, "user_id", "unknown");

        // Joining accepts: he reads and writes; inviting him again is a conflict.
        let joined = join(&app, &c.driss, secret.id).await;
        assert_eq!((joined.standing, joined.member_count), (Some(CircleStanding::Member), 2));
        assert_eq!(thread_ids(&app, Some(&c.driss), secret.id, None).await, [t.id]);
        driss.call::<ReplyCall>(t.id, &post("Merci pour l'invitation")).await.unwrap();
        assert_eq!(refused(nadia.call::<InviteToCircleCall>(secret.id, &invite).await), (409, ErrorCode::Conflict));
        // A member does not invite.
        let bilal = InviteToCircle { user_id: c.bilal.user.id };
        let denied = refused(driss.call::<InviteToCircleCall>(secret.id, &bilal).await);
        assert_eq!(denied, (403, ErrorCode::NotCircleModerator));

        // Bilal declines his invitation: the circle is hidden from him again.
        nadia.call::<InviteToCircleCall>(secret.id, &bilal).await.unwrap();
        app.as_user(&c.bilal).call::<RemoveCircleMember>((secret.id, c.bilal.user.id), &()).await.unwrap();
        assert!(nadia.call::<ListCirclePending>(secret.id, &()).await.unwrap().is_empty());
        assert_eq!(refused(app.as_user(&c.bilal).call::<GetCircle>(secret.id, &()).await), NOT_FOUND);
        let denied = refused(app.as_user(&c.bilal).call::<JoinCircleCall>(secret.id, &JoinCircle::default()).await);
        assert_eq!(denied, NOT_FOUND);
    }

    async fn request_circles_wait_for_a_moderator(app) {
        let c = cast(&app).await;
        let r = create(&app, &c.nadia, &circle("Patrimoine de Béjaïa", JoinPolicy::Request)).await;
        let t = start_thread(&app, &c.nadia, r.id, &opening("Inventaire", "Les sites à documenter")).await;

        // Anyone sees its card; signing in is needed to join.
        assert_eq!(app.client.call::<GetCircle>(r.id, &()).await.unwrap().standing, None);
        assert_eq!(refused(app.client.call::<JoinCircleCall>(r.id, &JoinCircle::default()).await).0, 401);

        // Amina asks (twice: nothing changes); the moderator is told.
        let asked = join(&app, &c.amina, r.id).await;
        assert_eq!((asked.standing, asked.member_count), (Some(CircleStanding::Requested), 1));
        assert_eq!(join(&app, &c.amina, r.id).await.standing, Some(CircleStanding::Requested));
        let told = notes(&app, &c.nadia, "circle.requested").await;
        assert_eq!(told.iter().map(|n| n.circle_id).collect::<Vec<_>>(), [Some(r.id)]);
        // Until approved she reads and writes nothing.
        let amina = app.as_user(&c.amina);
        let not_member = (403, ErrorCode::NotCircleMember);
        assert_eq!(refused(amina.call::<ListThreads>(r.id, &ThreadsQuery::default()).await), not_member);
        assert_eq!(refused(amina.call::<GetThread>(t.id, &()).await), not_member);
        assert_eq!(refused(amina.call::<ListPosts>(t.id, &PageQuery::default()).await), not_member);
        assert_eq!(refused(amina.call::<StartThread>(r.id, &opening("Question", "Puis-je ?")).await), not_member);

        // Moderators only see and decide requests.
        let nadia = app.as_user(&c.nadia);
        let pending = nadia.call::<ListCirclePending>(r.id, &()).await.unwrap();
        let pending: Vec<_> = pending.iter().map(|p| (p.user_id, p.standing)).collect();
        assert_eq!(pending, [(c.amina.user.id, CircleStanding::Requested)]);
        let bilal = app.as_user(&c.bilal);
        let not_moderator = (403, ErrorCode::NotCircleModerator);
        assert_eq!(refused(bilal.call::<ListCirclePending>(r.id, &()).await), not_moderator);
        let approve = DecideCircleRequest { approve: true };
        let decided = bilal.call::<DecideCircleRequestCall>((r.id, c.amina.user.id), &approve).await;
        assert_eq!(refused(decided), not_moderator);
        // Someone who asked is approved, not invited.
        join(&app, &c.chafia, r.id).await;
        let invite = InviteToCircle { user_id: c.chafia.user.id };
        assert_eq!(refused(nadia.call::<InviteToCircleCall>(r.id, &invite).await), (409, ErrorCode::Conflict));

        // Approved, Amina is told, reads and writes.
        nadia.call::<DecideCircleRequestCall>((r.id, c.amina.user.id), &approve).await.unwrap();
        assert_eq!(notes(&app, &c.amina, "circle.request_approved").await[0].circle_id, Some(r.id));
        let now = amina.call::<GetCircle>(r.id, &()).await.unwrap();
        assert_eq!((now.standing, now.member_count), (Some(CircleStanding::Member), 2));
        assert_eq!(thread_ids(&app, Some(&c.amina), r.id, None).await, [t.id]);
        amina.call::<StartThread>(r.id, &opening("Question", "Puis-je ?")).await.unwrap();

        // Bilal is refused, and told; there is nothing left to decide about him.
        join(&app, &c.bilal, r.id).await;
        let refuse = DecideCircleRequest { approve: false };
        nadia.call::<DecideCircleRequestCall>((r.id, c.bilal.user.id), &refuse).await.unwrap();
        assert_eq!(notes(&app, &c.bilal, "circle.request_refused").await.len(), 1);
        assert_eq!(bilal.call::<GetCircle>(r.id, &()).await.unwrap().standing, None);
        assert_eq!(refused(nadia.call::<DecideCircleRequestCall>((r.id, c.bilal.user.id), &approve).await), NOT_FOUND);
        assert_eq!(refused(bilal.call::<ListThreads>(r.id, &ThreadsQuery::default()).await), not_member);

        // Chafia withdraws her request.
        app.as_user(&c.chafia).call::<RemoveCircleMember>((r.id, c.chafia.user.id), &()).await.unwrap();
        assert!(nadia.call::<ListCirclePending>(r.id, &()).await.unwrap().is_empty());
    }

    async fn roles_the_last_moderator_and_removal(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Éducation populaire", JoinPolicy::Open)).await;
        let joined = join(&app, &c.amina, open.id).await;
        assert_eq!((joined.standing, joined.member_count), (Some(CircleStanding::Member), 2), "open: at once");
        join(&app, &c.bilal, open.id).await;
        let (nadia, amina) = (app.as_user(&c.nadia), app.as_user(&c.amina));
        let last = (409, ErrorCode::LastModerator);

        // The only moderator neither leaves nor steps down.
        assert_eq!(refused(nadia.call::<RemoveCircleMember>((open.id, c.nadia.user.id), &()).await), last);
        let step_down = role(AssignableRole::Member);
        assert_eq!(refused(nadia.call::<ChangeCircleRoleCall>((open.id, c.nadia.user.id), &step_down).await), last);
        // Members change no roles and remove nobody.
        let not_moderator = (403, ErrorCode::NotCircleModerator);
        let promote = role(AssignableRole::Moderator);
        let changed = amina.call::<ChangeCircleRoleCall>((open.id, c.bilal.user.id), &promote).await;
        assert_eq!(refused(changed), not_moderator);
        assert_eq!(refused(amina.call::<RemoveCircleMember>((open.id, c.bilal.user.id), &()).await), not_moderator);
        // Nobody is made an observer; a non-member gets no role.
        let url = app.url(&format!("/api/v1/circles/{}/members/{}", open.id, c.amina.user.id));
        let observer = app.http.put(url).bearer_auth(&c.nadia.access_token).json(&serde_json::json!({"role": "observer"}));
        let refused_role: madani_shared::Problem = observer.send().await.unwrap().json().await.unwrap();
        assert_eq!(refused_role.errors.first().map(|e| (e.field.as_str(), e.code.as_str())), Some(("role", "invalid_value")));
        assert_eq!(refused(nadia.call::<ChangeCircleRoleCall>((open.id, c.driss.user.id), &promote).await), NOT_FOUND);

        // Amina becomes a moderator; Nadia may then leave, and Amina is the last one.
        let promoted = nadia.call::<ChangeCircleRoleCall>((open.id, c.amina.user.id), &promote).await.unwrap();
        assert_eq!(promoted.role, CircleRole::Moderator);
        nadia.call::<RemoveCircleMember>((open.id, c.nadia.user.id), &()).await.unwrap();
        let mut now = members(&app, &c.amina, open.id).await;
        now.sort_by_key(|&(_, r)| r);
        assert_eq!(now, [(c.amina.user.id, CircleRole::Moderator), (c.bilal.user.id, CircleRole::Member)]);
        // Members found by the start of a word of their name (as an @mention suggests them), a page
        // at a time; a name too long to be typed after `@` is refused.
        let named = |q: &str, limit: Option<u32>, cursor: Option<String>| CircleMembersQuery { q: Some(q.into()), limit, cursor };
        let found = amina.call::<ListCircleMembers>(open.id, &named("BIL", None, None)).await.unwrap();
        assert_eq!(found.items.iter().map(|m| m.user_id).collect::<Vec<_>>(), [c.bilal.user.id]);
        assert!(amina.call::<ListCircleMembers>(open.id, &named("ilal", None, None)).await.unwrap().items.is_empty());
        let first = amina.call::<ListCircleMembers>(open.id, &named("a", Some(1), None)).await.unwrap();
        assert_eq!(first.items.iter().map(|m| m.user_id).collect::<Vec<_>>(), [c.amina.user.id]);
        assert!(first.next_cursor.is_none(), "Bilal's name has no word starting with an a");
        let long = "a".repeat(41);
        let refused_query = problem(amina.call::<ListCircleMembers>(open.id, &named(&long, None, None)).await);
        assert_eq!((refused_query.status, refused_query.field("q").map(|e| e.code.as_str())), (422, Some("length")));
        assert_eq!(refused(amina.call::<ChangeCircleRoleCall>((open.id, c.amina.user.id), &step_down).await), last);

        // Amina removes Bilal: he writes no more.
        amina.call::<RemoveCircleMember>((open.id, c.bilal.user.id), &()).await.unwrap();
        let started = app.as_user(&c.bilal).call::<StartThread>(open.id, &opening("Retour", "Me revoilà")).await;
        assert_eq!(refused(started), (403, ErrorCode::NotCircleMember));
        assert_eq!(app.as_user(&c.amina).call::<GetCircle>(open.id, &()).await.unwrap().member_count, 1);

        // Removed from a request circle, Chafia loses reading too.
        let r = create(&app, &c.nadia, &circle("Bureau des jeunes", JoinPolicy::Request)).await;
        join(&app, &c.chafia, r.id).await;
        let approve = DecideCircleRequest { approve: true };
        nadia.call::<DecideCircleRequestCall>((r.id, c.chafia.user.id), &approve).await.unwrap();
        let t = start_thread(&app, &c.chafia, r.id, &opening("Mon sujet", "À discuter")).await;
        nadia.call::<RemoveCircleMember>((r.id, c.chafia.user.id), &()).await.unwrap();
        let chafia = app.as_user(&c.chafia);
        let not_member = (403, ErrorCode::NotCircleMember);
        assert_eq!(refused(chafia.call::<ListThreads>(r.id, &ThreadsQuery::default()).await), not_member);
        assert_eq!(refused(chafia.call::<GetThread>(t.id, &()).await), not_member);
        assert_eq!(refused(chafia.call::<ReplyCall>(t.id, &post("Encore moi")).await), not_member);
        assert_eq!(members(&app, &c.nadia, r.id).await, [(c.nadia.user.id, CircleRole::Moderator)]);
        let mine = CirclesQuery { mine: Some(true), ..Default::default() };
        assert!(listed(&app, Some(&c.chafia), &mine).await.is_empty());
    }
}
