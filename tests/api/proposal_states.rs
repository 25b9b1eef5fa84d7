//! Institutions' own proposal states over HTTP, on both backends: defined by their managers, each
//! refining a base state, chosen by the answering institution only, shown on the proposal and in
//! its history, renamed everywhere at once, and kept while anything shows them.

use madani_shared::ErrorCode;
use madani_shared::LocalizedText;
use madani_shared::consultations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::ProposalStateKey;
use madani_shared::institutions::*;
use madani_tests::{both_backends, fr, problem};

use crate::consultation_proposals::proposed;
use crate::consultations::{institution, setup};

fn key(k: &str) -> ProposalStateKey {
    k.parse().unwrap()
}

fn state(base: ProposalState, label: &str) -> PutProposalState {
    PutProposalState { state: base, label: fr(label) }
}

fn answer(base: ProposalState, custom: Option<&str>) -> AnswerProposal {
    AnswerProposal { state: base, custom_state: custom.map(str::to_owned), text: fr("Réponse."), publish: true }
}

both_backends! {
    async fn institutions_define_states_that_answers_and_histories_show(app) {
        let s = setup(&app).await;
        let author = app.member("author@example.org").await;
        let colleague = app.member("colleague@ministry.example").await;
        let rival = app.member("staff@rival.example").await;
        let rival_id = institution(&app, &s.admin, &rival, "Ministère B").await;
        let add = AddStaffMember { email: colleague.user.email.clone(), role: InstitutionRole::Staff };
        app.as_user(&s.staff).call::<AddStaffMemberEndpoint>(s.institution, &add).await.unwrap();
        let wilaya = key("referred_to_wilaya");
        let referred = state(ProposalState::Evaluating, "Transmise à la wilaya");

        // Managers define them; staff and other institutions' managers may not.
        assert_eq!(problem(app.as_user(&colleague).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &referred).await).code, ErrorCode::NotInstitutionManager);
        assert_eq!(problem(app.as_user(&rival).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &referred).await).code, ErrorCode::NotInstitutionManager);
        let bad = problem(app.as_user(&s.staff).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &state(ProposalState::NotAnswered, "Rien")).await);
        assert_eq!((bad.errors[0].field.as_str(), bad.errors[0].code.as_str()), ("state", "not_answered"));
        let nameless = PutProposalState { state: ProposalState::Evaluating, label: LocalizedText::default() };
        assert_eq!(problem(app.as_user(&s.staff).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &nameless).await).errors[0].field, "label");
        let r = app.http.put(app.url(&format!("/api/v1/institutions/{}/proposal-states/accepted", s.institution))).bearer_auth(&s.staff.access_token).json(&referred).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "a base state's name is not a key");
        let defined = app.as_user(&s.staff).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &referred).await.unwrap();
        assert_eq!((defined.key.as_str(), defined.state), ("referred_to_wilaya", ProposalState::Evaluating));
        app.as_user(&rival).call::<PutProposalStateEndpoint>((rival_id, key("in_budget")), &state(ProposalState::Accepted, "Au budget")).await.unwrap();
        let listed = app.client.call::<ListProposalStates>(s.institution, &()).await.unwrap();
        assert_eq!(listed.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), vec!["referred_to_wilaya"]);

        // The answering institution's own states only, and one that refines the answer's state.
        let (_, p) = proposed(&app, &s, &author).await;
        let mismatch = problem(app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &answer(ProposalState::Accepted, Some("referred_to_wilaya"))).await);
        assert_eq!((mismatch.errors[0].field.as_str(), mismatch.errors[0].code.as_str()), ("custom_state", "state_mismatch"));
        let foreign = problem(app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &answer(ProposalState::Accepted, Some("in_budget"))).await);
        assert_eq!((foreign.errors[0].field.as_str(), foreign.errors[0].code.as_str()), ("custom_state", "unknown"));
        app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &answer(ProposalState::Evaluating, Some("referred_to_wilaya"))).await.unwrap();
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!(public.custom_state.as_ref().map(|c| c.label.clone()), Some(fr("Transmise à la wilaya")));
        assert_eq!(public.answer.as_ref().and_then(|a| a.custom_state.as_ref()).map(|c| c.key.as_str()), Some("referred_to_wilaya"));
        // The same base state without the institution's own is a change the history keeps.
        app.as_user(&s.staff).call::<AnswerProposalEndpoint>(p.id, &answer(ProposalState::Evaluating, None)).await.unwrap();
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert!(public.custom_state.is_none());
        let history: Vec<(ProposalState, Option<String>)> = public.history.iter().map(|e| (e.state, e.custom_state.as_ref().map(|c| c.key.clone()))).collect();
        assert_eq!(history, vec![(ProposalState::Evaluating, Some("referred_to_wilaya".into())), (ProposalState::Evaluating, None)]);

        // Renamed, it reads anew in the history; shown there, it cannot be removed.
        app.as_user(&s.staff).call::<PutProposalStateEndpoint>((s.institution, wilaya.clone()), &state(ProposalState::Evaluating, "Envoyée à la wilaya")).await.unwrap();
        let public = app.client.call::<GetProposal>(p.id, &()).await.unwrap();
        assert_eq!(public.history[0].custom_state.as_ref().map(|c| c.label.clone()), Some(fr("Envoyée à la wilaya")));
        assert_eq!(problem(app.as_user(&s.staff).call::<DeleteProposalState>((s.institution, wilaya.clone()), &()).await).code, ErrorCode::ProposalStateInUse);
        let unused = key("postponed");
        app.as_user(&s.staff).call::<PutProposalStateEndpoint>((s.institution, unused.clone()), &state(ProposalState::Rejected, "Reportée")).await.unwrap();
        assert_eq!(problem(app.as_user(&colleague).call::<DeleteProposalState>((s.institution, unused.clone()), &()).await).code, ErrorCode::NotInstitutionManager);
        app.as_user(&s.staff).call::<DeleteProposalState>((s.institution, unused.clone()), &()).await.unwrap();
        assert_eq!(problem(app.as_user(&s.staff).call::<DeleteProposalState>((s.institution, unused), &()).await).status, 404);
        assert_eq!(app.client.call::<ListProposalStates>(s.institution, &()).await.unwrap().len(), 1);
    }
}
