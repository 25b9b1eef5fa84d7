//! The members of the chosen association, as a list of checkboxes (with "select all"); after an
//! answer, who is enrolled now and who could not be.

use std::collections::HashMap;

use leptos::prelude::*;
use madani_shared::associations::Member;
use madani_shared::endpoints::ListMembers;
use madani_shared::ids::{AssociationId, UserId};
use madani_shared::page::PageQuery;

use super::rules::member_error_text;
use crate::components::list::all_pages;
use crate::components::loaded::{Loaded, fetched};
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

/// At most this many pages of members (100 each): an association's whole membership, within reason.
const PAGES: usize = 50;

/// The members of association `id`; the list loaded goes to `listed`.
#[component]
pub(super) fn MemberChecklist(
    id: AssociationId,
    listed: RwSignal<Vec<Member>>,
    selected: RwSignal<Vec<UserId>>,
    enrolled: RwSignal<HashMap<UserId, bool>>,
    invalid: RwSignal<Vec<(UserId, String)>>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let members = LocalResource::new(move || async move {
        let all = all_pages(
            |cursor| {
                let query = PageQuery { limit: Some(100), cursor };
                async move { session.call::<ListMembers>(id, &query).await }
            },
            PAGES,
        );
        let answer = fetched(all.await);
        listed.try_set(answer.clone().unwrap_or_default());
        answer
    });
    let all_ids = move || listed.with(|list| list.iter().map(|m| m.user_id).collect::<Vec<_>>());
    let all_selected = move || {
        let all = all_ids();
        !all.is_empty() && selected.with(|s| all.iter().all(|u| s.contains(u)))
    };
    let some_selected = move || selected.with(|s| !s.is_empty()) && !all_selected();
    let error_for =
        move |user: UserId| invalid.with(|list| list.iter().find(|(u, _)| *u == user).map(|(_, c)| c.clone()));
    let item = move |m: Member| {
        let user = m.user_id;
        let input_id = format!("enrol-member-{user}");
        let error_id = format!("enrol-member-{user}-error");
        let described = error_id.clone();
        let name = m.display_name.clone();
        view! {
            <li class="enrol-members__item" data-user=user.to_string()>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        id=input_id
                        value=user.to_string()
                        aria-invalid=move || error_for(user).is_some().then_some("true")
                        aria-describedby=move || error_for(user).map(|_| described.clone())
                        prop:checked=move || selected.with(|s| s.contains(&user))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                s.retain(|u| *u != user);
                                if on {
                                    s.push(user);
                                }
                            });
                        }
                    />
                    <span dir="auto">{m.display_name.clone()}</span>
                </label>
                {move || enrolled.with(|map| map.get(&user).copied()).map(|now| view! {
                    <span class=if now { "badge badge--success" } else { "badge badge--info" }>
                        {tr(if now { k::ENROL_STATUS_ENROLLED } else { k::ENROL_STATUS_ALREADY })}
                    </span>
                })}
                {move || error_for(user).map(|code| {
                    let name = name.clone();
                    view! { <p class="field__error" id=error_id.clone()>{move || member_error_text(locale.get(), &name, &code)}</p> }
                })}
            </li>
        }
    };
    view! {
        <Loaded resource=members lines=2 is_empty=Vec::is_empty empty_message=k::ENROL_NO_MEMBERS let:list>
            <label class="checkbox enrol-members__all">
                <input
                    type="checkbox"
                    id="enrol-select-all"
                    prop:checked=all_selected
                    prop:indeterminate=some_selected
                    on:change=move |ev| selected.set(if event_target_checked(&ev) { all_ids() } else { Vec::new() })
                />
                {tr(k::ENROL_SELECT_ALL)}
            </label>
            <ul class="enrol-members__list" id="enrol-member-list">{list.into_iter().map(item).collect_view()}</ul>
        </Loaded>
    }
}
