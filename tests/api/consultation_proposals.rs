//! A consultation's proposals over HTTP, on both backends: supports and official answers,
//! threaded comments with tombstones, reports that hide an item at three, the moderators' queue,
//! decisions and blocks, and proposals routed to another institution with a deadline.

use chrono::TimeDelta;
use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_shared::consultations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CommentId, ProposalId};
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, TestApp, both_backends, fr, futures_join, problem};

use crate::consultations::{Setup, answer, consultation, institution, notices, save, setup};

fn comment(body: &str, parent: Option<CommentId>) -> CreateComment {
    CreateComment { body: body.into(), parent_id: parent }
}

fn report(reason: ReportReason) -> CreateReport {
    CreateReport { reason, details: None }
}

/// The open consultation of `s` and a proposal in it by `author`.
pub(crate) async fn proposed(
    app: &TestApp,
    s: &Setup,
    author: &TokenResponse,
) -> (madani_shared::ids::ConsultationId, Proposal) {
    let id = consultation(app, s, Audience::default(), TimeDelta::zero(), false).await;
    let p = app.as_user(author).call::<CreateProposalEndpoint>(id, &proposal("Un guichet unique")).await.unwrap();
    (id, p)
}

async fn listed(app: &TestApp, who: Option<&TokenResponse>, id: madani_shared::ids::ConsultationId) -> Vec<ProposalId> {
    let q = ListProposalsQuery::default();
    let page = match who {
        Some(t) => app.as_user(t).call::<ListProposals>(id, &q).await.unwrap(),
        None => app.client.call::<ListProposals>(id, &q).await.unwrap(),
    };
    page.items.iter().map(|p| p.id).collect()
}

async fn comments(app: &TestApp, who: Option<&TokenResponse>, p: ProposalId) -> Vec<Comment> {
    let q = PageQuery { limit: Some(100), cursor: None };
    match who {
        Some(t) => app.as_user(t).call::<ListComments>(p, &q).await.unwrap().items,
        None => app.client.call::<ListComments>(p, &q).await.unwrap().items,
    }
}

fn proposal(title: &str) -> CreateProposal {
    CreateProposal {
        title: title.into(),
        body: "Le texte de la proposition.".into(),
        association_id: None,
        wilaya_code: None,
    }
}

both_backends! {
    async fn supports_count_once_and_answers_are_drafted_then_published(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let fan = app.member("fan@example.org").await;
        let rival = app.member("staff@rival.example").await;
        institution(&app, &s.admin, &rival, "Ministère B").await;
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;

        let p = app.as_user(&author).call::<CreateProposalEndpoint>(id, &proposal("Un guichet unique")).await.unwrap();
        assert_eq!((p.state, p.support_count), (ProposalState::NotAnswered, 0));
        // Its author changes it in the first minutes; nobody else may.
        let change = UpdateProposal { title: Some("Un guichet unique en ligne".into()), body: None };
        let p2 = app.as_user(&author).call::<UpdateProposalEndpoint>(p.id, &change).await.unwrap();
        assert_eq!(p2.title, "Un guichet unique en ligne");
        assert_eq!(problem(app.as_user(&fan).call::<UpdateProposalEndpoint>(p.id, &change).await).code, ErrorCode::NotAuthor);

        // 50 supports of one member at once count once; withdrawing takes it back.
        let as_fan = app.as_user(&fan);
        let results = futures_join(50, || {
            let client = as_fan.clone();
            async move { client.call::<SupportProposal>(p.id, &()).await.map(|p| p.support_count) }
        })
        .await;
        assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
        let now = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!(now.support_count, 1);
        assert_eq!(as_fan.call::<WithdrawSupport>(p.id, &()).await.unwrap().support_count, 0);
        assert_eq!(as_fan.call::<SupportProposal>(p.id, &()).await.unwrap().support_count, 1);

        // Only organisers answer; a draft stays theirs; publishing puts the state in the
        // history and tells the author and the supporter.
        let answer = AnswerProposal { state: ProposalState::Accepted, custom_state: None, text: fr("Le guichet ouvrira en 2027."), publish: false };
        assert_eq!(problem(app.as_user(&rival).call::<AnswerProposalEndpoint>(p.id, &answer).await).code, ErrorCode::NotOrganiser);
        let drafted = app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &answer).await.unwrap();
        assert_eq!(drafted.answer.as_ref().map(|a| a.published_at.is_none()), Some(true));
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!((public.state, public.answer.is_none(), public.history.len()), (ProposalState::NotAnswered, true, 0));
        assert_eq!(problem(app.as_user(&author).call::<UpdateProposalEndpoint>(p.id, &change).await).code, ErrorCode::ProposalLocked);
        app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &AnswerProposal { publish: true, ..answer }).await.unwrap();
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!(public.state, ProposalState::Accepted);
        assert_eq!(public.history.iter().map(|e| e.state).collect::<Vec<_>>(), vec![ProposalState::Accepted]);
        assert_eq!(public.answer.unwrap().institution_name, Some(fr("Ministère A")));
        for who in [&author, &fan] {
            assert!(notices(&app, who, id, 1).await.contains(&"proposal.answered".to_owned()));
        }
    }

    async fn proposals_are_listed_in_a_stable_order_and_only_where_enabled(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let id = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;
        for n in 0..7 {
            app.as_user(&author).call::<CreateProposalEndpoint>(id, &proposal(&format!("Proposition {n}"))).await.unwrap();
        }
        let page = |sort, seed, cursor: Option<String>| ListProposalsQuery { sort: Some(sort), seed, state: None, limit: Some(4), cursor };
        let first = app.client.call::<ListProposals>(id, &page(ProposalSort::Random, Some(42), None)).await.unwrap();
        let again = app.client.call::<ListProposals>(id, &page(ProposalSort::Random, Some(42), None)).await.unwrap();
        assert_eq!(first.items.iter().map(|p| p.id).collect::<Vec<_>>(), again.items.iter().map(|p| p.id).collect::<Vec<_>>());
        let rest = app.client.call::<ListProposals>(id, &page(ProposalSort::Random, Some(42), first.next_cursor.clone())).await.unwrap();
        let mut all: Vec<_> = first.items.iter().chain(&rest.items).map(|p| p.id).collect();
        assert_eq!(all.len(), 7);
        assert!(rest.next_cursor.is_none());
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 7, "every proposal once across the pages");
        let newest = app.client.call::<ListProposals>(id, &page(ProposalSort::Newest, None, None)).await.unwrap();
        assert_eq!(newest.items[0].title, "Proposition 6");

        let off = UpdateConsultation { proposals_enabled: Some(false), ..Default::default() };
        app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &off).await.unwrap();
        let p = problem(app.as_user(&author).call::<CreateProposalEndpoint>(id, &proposal("Encore une")).await);
        assert_eq!(p.code, ErrorCode::ProposalsDisabled);
    }

    async fn comments_thread_three_deep_and_deleted_ones_stay_as_tombstones(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let fan = app.member("fan@example.org").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let (as_author, as_fan) = (app.as_user(&author), app.as_user(&fan));

        let c1 = as_fan.call::<CreateCommentEndpoint>(p.id, &comment("Et dans chaque daïra ?", None)).await.unwrap();
        assert_eq!((c1.depth, c1.author_name.as_deref()), (1, Some("fan")));
        let c2 = as_author.call::<CreateCommentEndpoint>(p.id, &comment("Oui, **aussi**.", Some(c1.id))).await.unwrap();
        let c3 = as_fan.call::<CreateCommentEndpoint>(p.id, &comment("Merci.", Some(c2.id))).await.unwrap();
        assert_eq!((c2.depth, c3.depth), (2, 3));
        assert!(c2.body_html.contains("<strong>aussi</strong>"), "{}", c2.body_html);
        let deep = problem(as_author.call::<CreateCommentEndpoint>(p.id, &comment("Encore", Some(c3.id))).await);
        assert_eq!((deep.status, deep.errors[0].field.as_str(), deep.errors[0].code.as_str()), (422, "parent_id", "too_deep"));
        // A comment of another proposal is no parent here.
        let other = as_author.call::<CreateProposalEndpoint>(id, &proposal("Une autre idée")).await.unwrap();
        let foreign = problem(as_fan.call::<CreateCommentEndpoint>(other.id, &comment("Hors sujet", Some(c1.id))).await);
        assert_eq!((foreign.errors[0].field.as_str(), foreign.errors[0].code.as_str()), ("parent_id", "unknown"));
        // The proposal's author hears of the comment, the comment's author of the reply.
        assert!(notices(&app, &author, id, 1).await.contains(&"proposal.commented".to_owned()));
        assert!(notices(&app, &fan, id, 1).await.contains(&"comment.replied".to_owned()));

        // Pages walk the thread oldest first.
        let first = app.client.call::<ListComments>(p.id, &PageQuery { limit: Some(2), cursor: None }).await.unwrap();
        let rest = app.client.call::<ListComments>(p.id, &PageQuery { limit: Some(2), cursor: first.next_cursor.clone() }).await.unwrap();
        let order: Vec<CommentId> = first.items.iter().chain(&rest.items).map(|c| c.id).collect();
        assert_eq!(order, vec![c1.id, c2.id, c3.id]);
        assert!(rest.next_cursor.is_none());
        assert_eq!(app.client.call::<GetProposal>(p.id, &()).await.unwrap().comment_count, 3);

        // Its author edits it in the first minutes; nobody else; not after.
        let edit = UpdateComment { body: "Et dans chaque commune ?".into() };
        assert_eq!(problem(as_author.call::<UpdateCommentEndpoint>(c1.id, &edit).await).code, ErrorCode::NotAuthor);
        let edited = as_fan.call::<UpdateCommentEndpoint>(c1.id, &edit).await.unwrap();
        assert_eq!((edited.body.as_str(), edited.edited_at.is_some()), ("Et dans chaque commune ?", true));
        app.sql(format!("UPDATE proposal_comments SET created_at = '2020-01-01 00:00:00' WHERE id = '{}'", c1.id)).await;
        assert_eq!(problem(as_fan.call::<UpdateCommentEndpoint>(c1.id, &edit).await).code, ErrorCode::CommentLocked);

        // Deleting leaves a tombstone: no text, no author, the replies in place. Others may not.
        assert_eq!(problem(as_author.call::<DeleteComment>(c1.id, &()).await).code, ErrorCode::NotAuthor);
        let gone = as_fan.call::<DeleteComment>(c1.id, &()).await.unwrap();
        assert!(gone.deleted && gone.body.is_empty() && gone.author_id.is_none());
        let thread = comments(&app, None, p.id).await;
        assert_eq!(thread.len(), 3);
        assert!(thread[0].deleted && thread[0].body.is_empty() && thread[0].author_name.is_none());
        assert!(!thread.iter().any(|c| c.body.contains("commune")), "the deleted text is nowhere");
        assert_eq!(thread[1].parent_id, Some(c1.id));
    }

    async fn three_reports_hide_an_item_until_a_moderator_decides(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let rival = app.member("staff@rival.example").await;
        institution(&app, &s.admin, &rival, "Ministère B").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let rude = app.member("rude@example.org").await;
        let c = app.as_user(&rude).call::<CreateCommentEndpoint>(p.id, &comment("Un texte injurieux", None)).await.unwrap();
        let spam = app.as_user(&rude).call::<CreateProposalEndpoint>(id, &proposal("Achetez nos montres")).await.unwrap();
        app.as_user(&author).call::<CreateCommentEndpoint>(spam.id, &comment("Livrées à Béjaïa ?", None)).await.unwrap();

        let mut reporters = Vec::new();
        for n in 0..3 {
            reporters.push(app.member(&format!("reporter{n}@example.org")).await);
        }
        app.as_user(&reporters[0]).call::<ReportComment>(c.id, &CreateReport { reason: ReportReason::Offensive, details: Some("Insulte".into()) }).await.unwrap();
        let twice = problem(app.as_user(&reporters[0]).call::<ReportComment>(c.id, &report(ReportReason::Spam)).await);
        assert_eq!((twice.status, twice.code), (409, ErrorCode::AlreadyReported));
        app.as_user(&reporters[1]).call::<ReportComment>(c.id, &report(ReportReason::Offensive)).await.unwrap();
        assert!(!comments(&app, None, p.id).await[0].hidden, "two reports hide nothing");
        app.as_user(&reporters[2]).call::<ReportComment>(c.id, &report(ReportReason::Other)).await.unwrap();
        assert!(comments(&app, Some(&reporters[0]), p.id).await[0].reported);

        // Hidden: a placeholder for everyone who does not moderate, the text for moderators.
        for who in [None, Some(&author), Some(&reporters[1])] {
            let thread = comments(&app, who, p.id).await;
            assert!(thread[0].hidden && thread[0].body.is_empty() && thread[0].author_id.is_none());
            assert!(!thread.iter().any(|c| c.body.contains("injurieux")));
        }
        assert_eq!(comments(&app, Some(&s.staff), p.id).await[0].body, "Un texte injurieux");

        // Moderators (the organisers' staff, not another institution's) see it queued.
        assert_eq!(problem(app.as_user(&rival).call::<ModerationQueue>(id, &ModerationQuery::default()).await).code, ErrorCode::NotOrganiser);
        let queue = app.as_user(&s.staff).call::<ModerationQueue>(id, &ModerationQuery::default()).await.unwrap();
        assert_eq!(queue.items.len(), 1);
        let item = &queue.items[0];
        assert_eq!((item.kind, item.pending_reports, item.hidden, item.reports.len()), (ModeratedKind::Comment, 3, true, 3));
        assert!(item.reports.iter().any(|r| r.details.as_deref() == Some("Insulte")));

        // A moderator hides the proposal too, with a reason its author is told; it leaves every
        // list a non-moderator gets, not the organisers'.
        let hide = ModerationDecision { kind: ModeratedKind::Proposal, id: spam.id.0, action: ModerationAction::Hide, reason: "Publicité".into() };
        assert_eq!(problem(app.as_user(&rival).call::<DecideModeration>(id, &hide).await).code, ErrorCode::NotOrganiser);
        assert!(app.as_user(&s.staff).call::<DecideModeration>(id, &hide).await.unwrap().hidden);
        assert!(!listed(&app, None, id).await.contains(&spam.id));
        assert!(!listed(&app, Some(&rude), id).await.contains(&spam.id));
        assert!(listed(&app, Some(&s.staff), id).await.contains(&spam.id));
        let placeholder = app.client.call::<GetProposal>(spam.id, &()).await.unwrap();
        assert!(placeholder.hidden && placeholder.title.is_empty() && placeholder.body.is_empty());
        assert!(placeholder.author_name.is_empty(), "a hidden proposal's placeholder does not name its author");
        // Its discussion is hidden with it, but from its author and the moderators.
        assert!(comments(&app, None, spam.id).await.is_empty());
        assert!(comments(&app, Some(&author), spam.id).await.is_empty());
        assert_eq!(comments(&app, Some(&rude), spam.id).await.len(), 1);
        assert_eq!(comments(&app, Some(&s.staff), spam.id).await.len(), 1);
        assert!(notices(&app, &rude, id, 1).await.contains(&"moderation.hidden".to_owned()));

        // Restoring the comment shows it again and empties the pending queue; a decision on an
        // item of another consultation is 404.
        let restore = ModerationDecision { kind: ModeratedKind::Comment, id: c.id.0, action: ModerationAction::Restore, reason: "Relu: acceptable".into() };
        let other = consultation(&app, &s, Audience::default(), TimeDelta::zero(), false).await;
        assert_eq!(problem(app.as_user(&s.staff).call::<DecideModeration>(other, &restore).await).status, 404);
        assert!(!app.as_user(&s.staff).call::<DecideModeration>(id, &restore).await.unwrap().hidden);
        assert_eq!(comments(&app, None, p.id).await[0].body, "Un texte injurieux");
        assert!(app.as_user(&s.staff).call::<ModerationQueue>(id, &ModerationQuery::default()).await.unwrap().items.is_empty());
        let hidden = ModerationQuery { status: Some(ModerationStatus::Hidden), ..Default::default() };
        let hidden = app.as_user(&s.staff).call::<ModerationQueue>(id, &hidden).await.unwrap();
        assert_eq!(hidden.items.iter().map(|i| (i.kind, i.hidden_reason.clone())).collect::<Vec<_>>(), vec![(ModeratedKind::Proposal, Some("Publicité".into()))]);

        // The next morning's summary tells the moderators how many reports wait (once).
        app.as_user(&reporters[0]).call::<ReportProposal>(p.id, &report(ReportReason::OffTopic)).await.unwrap();
        app.sql("UPDATE jobs SET run_at = '2000-01-01 00:00:00' WHERE kind = 'moderation_summary' AND done_at IS NULL".into()).await;
        let kinds = notices(&app, &s.staff, id, 1).await;
        assert_eq!(kinds.iter().filter(|k| *k == "moderation.summary").count(), 1, "{kinds:?}");
    }

    async fn blocked_people_read_but_do_not_take_part(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let troll = app.member("troll@example.org").await;
        let rival = app.member("staff@rival.example").await;
        institution(&app, &s.admin, &rival, "Ministère B").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let troll_id = troll.user.id;
        let why = BlockUser { reason: "Messages répétés".into() };

        assert_eq!(problem(app.as_user(&rival).call::<BlockFromConsultation>((id, troll_id), &why).await).code, ErrorCode::NotOrganiser);
        let moderator = problem(app.as_user(&s.staff).call::<BlockFromConsultation>((id, s.staff.user.id), &why).await);
        assert_eq!((moderator.status, moderator.errors[0].field.as_str()), (422, "user_id"));
        let block = app.as_user(&s.staff).call::<BlockFromConsultation>((id, troll_id), &why).await.unwrap();
        assert_eq!(block.reason, "Messages répétés");
        assert_eq!(app.as_user(&s.staff).call::<ListBlocks>(id, &()).await.unwrap().len(), 1);

        let as_troll = app.as_user(&troll);
        assert!(as_troll.call::<GetConsultation>(id, &()).await.unwrap().viewer.blocked);
        assert_eq!(problem(as_troll.call::<SupportProposal>(p.id, &()).await).code, ErrorCode::BlockedFromConsultation);
        assert_eq!(problem(as_troll.call::<CreateCommentEndpoint>(p.id, &comment("Encore moi", None)).await).code, ErrorCode::BlockedFromConsultation);
        assert_eq!(problem(as_troll.call::<CreateProposalEndpoint>(id, &proposal("Encore moi")).await).code, ErrorCode::BlockedFromConsultation);
        assert_eq!(as_troll.call::<ListComments>(p.id, &PageQuery::default()).await.unwrap().items.len(), 0, "reading stays open");

        app.as_user(&s.staff).call::<UnblockFromConsultation>((id, troll_id), &()).await.unwrap();
        assert_eq!(as_troll.call::<SupportProposal>(p.id, &()).await.unwrap().support_count, 1);
    }

    async fn a_routed_proposal_is_answered_by_the_institution_it_is_sent_to(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let youth = app.member("staff@youth.example").await;
        let other = app.member("staff@other.example").await;
        let youth_id = institution(&app, &s.admin, &youth, "Conseil de la jeunesse").await;
        institution(&app, &s.admin, &other, "Ministère C").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let today = chrono::Utc::now().date_naive();

        let late = RouteProposal { institution_id: youth_id, due_on: today - TimeDelta::days(1) };
        let past = problem(app.as_user(&s.staff).call::<RouteProposalEndpoint>(p.id, &late).await);
        assert_eq!((past.errors[0].field.as_str(), past.errors[0].code.as_str()), ("due_on", "in_past"));
        let nowhere = RouteProposal { institution_id: madani_shared::ids::InstitutionId(uuid::Uuid::new_v4()), due_on: today };
        let unknown = problem(app.as_user(&s.staff).call::<RouteProposalEndpoint>(p.id, &nowhere).await);
        assert_eq!((unknown.errors[0].field.as_str(), unknown.errors[0].code.as_str()), ("institution_id", "unknown"));
        let route = RouteProposal { institution_id: youth_id, due_on: today + TimeDelta::days(10) };
        assert_eq!(problem(app.as_user(&youth).call::<RouteProposalEndpoint>(p.id, &route).await).code, ErrorCode::NotOrganiser);
        let routed = app.as_user(&s.staff).call::<RouteProposalEndpoint>(p.id, &route).await.unwrap();
        let r = routed.routing.unwrap();
        assert_eq!((r.institution_name, r.due_on, r.answered_in_days, r.overdue_days), (fr("Conseil de la jeunesse"), route.due_on, None, None));
        assert!(notices(&app, &youth, id, 1).await.contains(&"proposal.routed".to_owned()));

        // Its staff answer it; another institution's may not.
        let answer = AnswerProposal { state: ProposalState::Evaluating, custom_state: None, text: fr("À l'étude au conseil."), publish: true };
        assert_eq!(problem(app.as_user(&other).call::<AnswerProposalEndpoint>(p.id, &answer).await).code, ErrorCode::NotAnswerer);
        app.as_user(&youth).call::<AnswerProposalEndpoint>(p.id, &answer).await.unwrap();
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!(public.answer.and_then(|a| a.institution_name), Some(fr("Conseil de la jeunesse")));
        assert_eq!(public.routing.map(|r| (r.answered_in_days, r.overdue_days)), Some((Some(0), None)));

        // Unanswered past its day, it shows how late it is.
        let waiting = app.as_user(&author).call::<CreateProposalEndpoint>(id, &proposal("Une autre")).await.unwrap();
        app.as_user(&s.staff).call::<RouteProposalEndpoint>(waiting.id, &route).await.unwrap();
        let due = today - TimeDelta::days(4);
        app.sql(format!("UPDATE proposals SET answer_due = '{due}' WHERE id = '{}'", waiting.id)).await;
        let overdue = app.client.call::<GetProposal>(waiting.id, &()).await.unwrap().routing.unwrap();
        assert_eq!(overdue.overdue_days, Some(4));
    }

    async fn supports_stop_at_the_limit_and_proposals_mark_their_threshold(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let fan = app.member("fan@example.org").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let limits = UpdateConsultation { support_limit: Some(2), support_threshold: Some(2), ..Default::default() };
        let c = app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &limits).await.unwrap();
        assert_eq!((c.support_limit, c.support_threshold), (Some(2), Some(2)));
        let mut ids = vec![p.id];
        for n in 0..2 {
            ids.push(app.as_user(&author).call::<CreateProposalEndpoint>(id, &proposal(&format!("Idée {n}"))).await.unwrap().id);
        }
        let as_fan = app.as_user(&fan);
        as_fan.call::<SupportProposal>(ids[0], &()).await.unwrap();
        as_fan.call::<SupportProposal>(ids[1], &()).await.unwrap();
        // Supporting one again is no new support; a third is refused until one is withdrawn.
        as_fan.call::<SupportProposal>(ids[1], &()).await.unwrap();
        let over = problem(as_fan.call::<SupportProposal>(ids[2], &()).await);
        assert_eq!((over.status, over.code), (409, ErrorCode::SupportLimitReached));
        assert_eq!(as_fan.call::<GetConsultation>(id, &()).await.unwrap().viewer.supports, 2);
        as_fan.call::<WithdrawSupport>(ids[1], &()).await.unwrap();
        as_fan.call::<SupportProposal>(ids[2], &()).await.unwrap();

        // Two supports reach the threshold of two.
        assert!(!app.client.call::<GetProposal>(ids[0], &()).await.unwrap().threshold_reached);
        let p = app.as_user(&author).call::<SupportProposal>(ids[0], &()).await.unwrap();
        assert_eq!((p.support_count, p.threshold_reached), (2, true));
        // 0 lifts the limit.
        let lift = UpdateConsultation { support_limit: Some(0), ..Default::default() };
        assert_eq!(app.as_user(&s.staff).call::<UpdateConsultationEndpoint>(id, &lift).await.unwrap().support_limit, None);
        as_fan.call::<SupportProposal>(ids[1], &()).await.unwrap();
    }

    async fn a_members_export_holds_their_part_in_consultations(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let other = app.member("other@example.org").await;
        let (id, p) = proposed(&app, &s, &author).await;
        let theirs = app.as_user(&other).call::<CreateProposalEndpoint>(id, &proposal("Une autre idée")).await.unwrap();
        app.as_user(&author).call::<SupportProposal>(theirs.id, &()).await.unwrap();
        let kept = app.as_user(&author).call::<CreateCommentEndpoint>(theirs.id, &comment("Bonne idée", None)).await.unwrap();
        let gone = app.as_user(&author).call::<CreateCommentEndpoint>(theirs.id, &comment("Oups", None)).await.unwrap();
        app.as_user(&author).call::<DeleteComment>(gone.id, &()).await.unwrap();
        app.as_user(&other).call::<ReportComment>(kept.id, &report(ReportReason::Spam)).await.unwrap();
        app.as_user(&author).call::<ReportProposal>(theirs.id, &report(ReportReason::OffTopic)).await.unwrap();
        let a = AssociationBuilder::new(&author).verified_by(&s.admin).expect_build(&app).await;
        app.as_user(&author).call::<SubmitAnswer>(id, &save(a.id, answer(true, 4.0, &["training"]))).await.unwrap();

        let mine = app.as_user(&author).call::<ExportMe>((), &()).await.unwrap().consultations;
        assert_eq!(mine.proposals.iter().map(|p| (p.id, p.title.as_str())).collect::<Vec<_>>(), vec![(p.id, "Un guichet unique")]);
        assert_eq!(mine.supports.iter().map(|s| s.proposal_id).collect::<Vec<_>>(), vec![theirs.id]);
        let mut said: Vec<(&str, bool)> = mine.comments.iter().map(|c| (c.body.as_str(), c.deleted_at.is_some())).collect();
        said.sort();
        assert_eq!(said, vec![("", true), ("Bonne idée", false)], "a deleted comment without its text");
        assert_eq!(mine.reports.iter().map(|r| (r.kind, r.id, r.reason)).collect::<Vec<_>>(), vec![(ModeratedKind::Proposal, theirs.id.0, ReportReason::OffTopic)]);
        assert_eq!(mine.answers.len(), 1);
        assert_eq!((mine.answers[0].association_id, mine.answers[0].status.as_str()), (Some(a.id), "submitted"));
        assert!(mine.answers[0].answers.iter().any(|a| a.question_id == "needs" && a.choices == vec!["training".to_owned()]));

        // Nothing of one member in another's.
        let others = app.as_user(&other).call::<ExportMe>((), &()).await.unwrap().consultations;
        assert_eq!(others.proposals.iter().map(|p| p.id).collect::<Vec<_>>(), vec![theirs.id]);
        assert!(others.supports.is_empty() && others.comments.is_empty() && others.answers.is_empty());
        assert_eq!(others.reports.iter().map(|r| (r.kind, r.id)).collect::<Vec<_>>(), vec![(ModeratedKind::Comment, kept.id.0)]);

        // A proposal for an association names it, in the list too.
        let for_a = CreateProposal { association_id: Some(a.id), ..proposal("Pour l'association") };
        let made = app.as_user(&author).call::<CreateProposalEndpoint>(id, &for_a).await.unwrap();
        let named = app.client.call::<ListProposals>(id, &ListProposalsQuery::default()).await.unwrap();
        let listed = named.items.iter().find(|p| p.id == made.id).unwrap();
        assert_eq!(listed.association_id, Some(a.id));
        assert!(listed.association_name.as_ref().is_some_and(|n| !n.is_empty()));
    }
}
